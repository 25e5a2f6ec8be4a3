using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// A fixed set of background threads that help the caller run the chunks of one job at a time. Kernels hand off
/// work per time step, so the hand-off must be cheaper than the thread pool's: workers spin briefly before they
/// sleep, a run allocates nothing, and chunks are claimed one at a time from a shared counter, so a worker the OS has
/// descheduled never stalls the step: the caller takes the chunks it has not claimed. Which thread runs a chunk never
/// changes results: every chunk writes its own fixed slice.
/// </summary>
internal sealed class WorkerPool
{
    // Pauses (one CPU pause instruction each, some 10-50 ns) a worker spends waiting for a job before it sleeps, and
    // the caller spends waiting for the last chunk before it starts yielding its core: a few milliseconds either way.
    // Thread.SpinWait and SpinWait.SpinOnce are too coarse for per-step jobs: SpinWait(1) alone takes about 300 ns
    // on our machines, and SpinOnce backs off exponentially, so a job of a microsecond waited several.
    private const int PausesBeforeSleep = 150_000;
    private const int PausesBeforeYield = 100_000;

    private static readonly Lazy<WorkerPool> s_shared = new(() => new WorkerPool(Math.Clamp(Environment.ProcessorCount - 1, 0, 63)));

    private readonly object _runGate = new();
    private readonly object _sleepGate = new();
    private IParallelWork? _work;
    // The claim ticket: job generation (high 32 bits), chunk count (bits 16-31), next chunk (bits 0-15). One word, so a
    // claim is only ever granted for the job it was read for, however late the worker that makes it.
    private long _ticket;
    private int _remaining;
    private int _threads;
    private int _generation;
    private int _sleepers;
    private ExceptionDispatchInfo? _failure;

    /// <summary>The pool shared by every kernel: one worker per core beyond the caller's.</summary>
    public static WorkerPool Shared => s_shared.Value;

    public WorkerPool(int workerCount)
    {
        WorkerCount = workerCount;
        for (int w = 1; w <= workerCount; w++)
        {
            int thread = w;
            new Thread(() => WorkerLoop(thread)) { IsBackground = true, Name = $"Lstm worker {thread}" }.Start();
        }
    }

    /// <summary>Threads besides the caller's.</summary>
    public int WorkerCount { get; }

    /// <summary>Runs chunks 0..chunks-1 of <paramref name="work"/> on at most <paramref name="threads"/> threads (the
    /// caller's included) and returns when all are done. If the pool is busy with another caller's job, the caller runs
    /// every chunk itself instead of waiting.</summary>
    public void Run(IParallelWork work, int chunks, int threads)
    {
        if (chunks > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(chunks), chunks, $"At most {ushort.MaxValue} chunks per job.");
        // A job started from inside a chunk of this thread's own job runs inline: re-entering would overwrite the job in flight.
        if (chunks <= 1 || threads <= 1 || WorkerCount == 0 || Monitor.IsEntered(_runGate) || !Monitor.TryEnter(_runGate))
        {
            for (int i = 0; i < chunks; i++)
                work.Execute(i, 0);
            return;
        }
        try
        {
            _work = work;
            _threads = threads;
            _failure = null;
            Volatile.Write(ref _remaining, chunks);
            // Ticket first, then the generation workers watch, so a worker that wakes for this job finds its ticket.
            int generation = _generation + 1; // only the caller holding _runGate writes it
            Interlocked.Exchange(ref _ticket, ((long)generation << 32) | ((long)chunks << 16));
            Volatile.Write(ref _generation, generation);
            lock (_sleepGate)
            {
                if (_sleepers > 0)
                    Monitor.PulseAll(_sleepGate);
            }
            RunChunks(generation, 0);
            for (int pauses = 0; Volatile.Read(ref _remaining) != 0 && pauses < PausesBeforeYield; pauses++)
                Pause();
            var spin = new SpinWait();
            while (Volatile.Read(ref _remaining) != 0)
                spin.SpinOnce(sleep1Threshold: -1);
            _work = null;
            _failure?.Throw();
        }
        finally
        {
            Monitor.Exit(_runGate);
        }
    }

    private void RunChunks(int generation, int thread)
    {
        while (true)
        {
            long ticket = Volatile.Read(ref _ticket);
            int chunk = (int)(ticket & 0xFFFF), chunks = (int)((ticket >> 16) & 0xFFFF);
            if ((int)(ticket >> 32) != generation || chunk >= chunks)
                return;
            if (Interlocked.CompareExchange(ref _ticket, ticket + 1, ticket) != ticket)
                continue;
            // The job cannot finish while this chunk is unfinished, so _work is still this generation's.
            try
            {
                _work!.Execute(chunk, thread);
            }
            catch (Exception ex)
            {
                _failure = ExceptionDispatchInfo.Capture(ex);
            }
            Interlocked.Decrement(ref _remaining);
        }
    }

    /// <summary>One spin-wait hint to the CPU: short, and kind to a sibling hyperthread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pause()
    {
        if (X86Base.IsSupported)
            X86Base.Pause();
        else if (ArmBase.IsSupported)
            ArmBase.Yield();
        else
            Thread.SpinWait(1);
    }

    private void WorkerLoop(int thread)
    {
        int seen = 0;
        while (true)
        {
            for (int pauses = 0; Volatile.Read(ref _generation) == seen && pauses < PausesBeforeSleep; pauses++)
                Pause();
            if (Volatile.Read(ref _generation) == seen)
            {
                lock (_sleepGate)
                {
                    _sleepers++;
                    while (Volatile.Read(ref _generation) == seen)
                        Monitor.Wait(_sleepGate);
                    _sleepers--;
                }
            }
            seen = Volatile.Read(ref _generation);
            if (thread < Volatile.Read(ref _threads))
                RunChunks(seen, thread);
        }
    }
}
