using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>One part of a job split across threads. Implemented by long-lived objects so that a run allocates nothing.</summary>
internal interface IParallelWork
{
    void Execute(int part);
}

/// <summary>
/// A fixed set of background threads that run the parts of one job at a time, the caller running part 0.
/// Kernels hand off work per time step, so the hand-off must be cheaper than the thread pool's: workers spin
/// briefly before they sleep, and a run allocates nothing. Which part runs where never changes results: every part
/// writes its own fixed slice, so outputs are identical whatever the timing.
/// </summary>
internal sealed class WorkerPool
{
    private const int SpinIterationsBeforeSleep = 20_000;

    private static readonly Lazy<WorkerPool> s_shared = new(() => new WorkerPool(Math.Clamp(Environment.ProcessorCount - 1, 0, 63)));

    private readonly object _runGate = new();
    private readonly object _sleepGate = new();
    private IParallelWork? _work;
    private int _parts;
    private int _generation;
    private int _remaining;
    private int _sleepers;
    private ExceptionDispatchInfo? _failure;

    /// <summary>The pool shared by every kernel: one worker per core beyond the caller's.</summary>
    public static WorkerPool Shared => s_shared.Value;

    public WorkerPool(int workerCount)
    {
        WorkerCount = workerCount;
        for (int w = 1; w <= workerCount; w++)
        {
            int part = w;
            var thread = new Thread(() => WorkerLoop(part)) { IsBackground = true, Name = $"Lstm worker {part}" };
            thread.Start();
        }
    }

    /// <summary>Threads besides the caller's.</summary>
    public int WorkerCount { get; }

    /// <summary>Runs parts 0..parts-1 of <paramref name="work"/> and returns when all are done. If the pool is busy
    /// with another caller's job, runs every part on the calling thread instead of waiting.</summary>
    public void Run(IParallelWork work, int parts)
    {
        if (parts > WorkerCount + 1)
            throw new ArgumentOutOfRangeException(nameof(parts), parts, $"At most {WorkerCount + 1} parts can run at once.");
        if (parts <= 1 || !Monitor.TryEnter(_runGate))
        {
            for (int i = 0; i < parts; i++)
                work.Execute(i);
            return;
        }
        try
        {
            _work = work;
            _parts = parts;
            _failure = null;
            Volatile.Write(ref _remaining, parts - 1);
            Interlocked.Increment(ref _generation);
            lock (_sleepGate)
            {
                if (_sleepers > 0)
                    Monitor.PulseAll(_sleepGate);
            }
            try
            {
                work.Execute(0);
            }
            finally
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref _remaining) != 0)
                    spin.SpinOnce(sleep1Threshold: -1);
                _work = null;
            }
            _failure?.Throw();
        }
        finally
        {
            Monitor.Exit(_runGate);
        }
    }

    private void WorkerLoop(int part)
    {
        int seen = 0;
        while (true)
        {
            int spins = 0;
            while (Volatile.Read(ref _generation) == seen && spins < SpinIterationsBeforeSleep)
            {
                Thread.SpinWait(8);
                spins++;
            }
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
            if (part < _parts)
            {
                try
                {
                    _work!.Execute(part);
                }
                catch (Exception ex)
                {
                    _failure = ExceptionDispatchInfo.Capture(ex);
                }
                Interlocked.Decrement(ref _remaining);
            }
        }
    }
}
