using Microsoft.ML.Lstm.Engine.Kernels;
using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace Microsoft.ML.Lstm.Benchmarks;

/// <summary>The machine's measured FMA peak on 1 and 2 threads, the reference for "% of peak".</summary>
internal sealed record PeakResult(int Lanes, double OneThreadGflops, double TwoThreadGflops)
{
    /// <summary>The peak for <paramref name="threads"/> threads: the 1- or 2-thread measurement (more threads use the 2-thread one).</summary>
    public double For(int threads) => threads <= 1 ? OneThreadGflops : TwoThreadGflops;
}

/// <summary>
/// A register-only loop of fused multiply-adds on 16 independent accumulators (no loads, no stores): what the FMA
/// units can do at most on this machine, now, with whatever else is running on it. Vector512 when accelerated, else
/// Vector256. GFLOP/s = 2 · 16 · lanes · iterations / seconds, per thread, summed over the threads.
/// </summary>
internal static class PeakFlops
{
    private const int Accumulators = 16;

    public static int Lanes => VectorWidths.Best == VectorWidth.V512 ? Vector512<float>.Count : Vector256<float>.Count;

    /// <summary>Measures 1 and 2 threads, <paramref name="repeats"/> runs of about <paramref name="secondsPerRun"/> each; keeps the best.</summary>
    public static PeakResult Measure(double secondsPerRun = 0.25, int repeats = 3)
    {
        long iterations = Calibrate(secondsPerRun);
        double one = 0, two = 0;
        for (int r = 0; r < repeats; r++)
        {
            one = Math.Max(one, RunThreads(1, iterations));
            two = Math.Max(two, RunThreads(2, iterations));
        }
        return new PeakResult(Lanes, one, two);
    }

    /// <summary>Iterations of the loop that last about <paramref name="seconds"/> on one thread at the peak (calibrated once).</summary>
    public static long IterationsFor(double seconds)
    {
        if (s_iterationsPerSecond == 0)
            s_iterationsPerSecond = Calibrate(1.0);
        return Math.Max(1, (long)(s_iterationsPerSecond * seconds));
    }

    private static long s_iterationsPerSecond;

    /// <summary>GFLOP/s of one thread's run of <paramref name="iterations"/>, timed by that thread.</summary>
    public static double TimedRun(long iterations)
    {
        long start = Stopwatch.GetTimestamp();
        Sink = Kernel(iterations);
        return 2.0 * Accumulators * Lanes * iterations / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
    }

    private static long Calibrate(double seconds)
    {
        long iterations = 1 << 16;
        Kernel(iterations); // compiled fully optimized up front (AggressiveOptimization), this just touches it
        while (true)
        {
            var watch = Stopwatch.StartNew();
            Kernel(iterations);
            double elapsed = watch.Elapsed.TotalSeconds;
            if (elapsed >= 0.02)
                return Math.Max(1, (long)(iterations * seconds / elapsed));
            iterations *= 4;
        }
    }

    /// <summary>Runs the loop on <paramref name="threads"/> threads started together; returns the summed GFLOP/s.</summary>
    private static double RunThreads(int threads, long iterations)
    {
        var gflops = new double[threads];
        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                gflops[index] = TimedRun(iterations);
            }) { IsBackground = true, Name = $"FMA peak {t}" };
            workers[t].Start();
        }
        foreach (Thread worker in workers)
            worker.Join();
        double sum = 0;
        foreach (double g in gflops)
            sum += g;
        return sum;
    }

    /// <summary>Keeps the loop's result alive so the JIT cannot drop it.</summary>
    public static float Sink;

    private static float Kernel(long iterations) =>
        VectorWidths.Best == VectorWidth.V512 ? Fma512(iterations, 0.9999f, 1e-4f) : Fma256(iterations, 0.9999f, 1e-4f);

    // acc = acc·a + b converges to b/(1-a) = 1: values stay normal (no denormals, no overflow) for any iteration count.
    // The accumulators start apart so that the JIT cannot merge any two of them.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma512(long iterations, float a, float b)
    {
        Vector512<float> va = Vector512.Create(a), vb = Vector512.Create(b);
        Vector512<float> c0 = Vector512.Create(0.00f), c1 = Vector512.Create(0.01f), c2 = Vector512.Create(0.02f), c3 = Vector512.Create(0.03f);
        Vector512<float> c4 = Vector512.Create(0.04f), c5 = Vector512.Create(0.05f), c6 = Vector512.Create(0.06f), c7 = Vector512.Create(0.07f);
        Vector512<float> c8 = Vector512.Create(0.08f), c9 = Vector512.Create(0.09f), c10 = Vector512.Create(0.10f), c11 = Vector512.Create(0.11f);
        Vector512<float> c12 = Vector512.Create(0.12f), c13 = Vector512.Create(0.13f), c14 = Vector512.Create(0.14f), c15 = Vector512.Create(0.15f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, va, vb); c1 = Vector512.FusedMultiplyAdd(c1, va, vb);
            c2 = Vector512.FusedMultiplyAdd(c2, va, vb); c3 = Vector512.FusedMultiplyAdd(c3, va, vb);
            c4 = Vector512.FusedMultiplyAdd(c4, va, vb); c5 = Vector512.FusedMultiplyAdd(c5, va, vb);
            c6 = Vector512.FusedMultiplyAdd(c6, va, vb); c7 = Vector512.FusedMultiplyAdd(c7, va, vb);
            c8 = Vector512.FusedMultiplyAdd(c8, va, vb); c9 = Vector512.FusedMultiplyAdd(c9, va, vb);
            c10 = Vector512.FusedMultiplyAdd(c10, va, vb); c11 = Vector512.FusedMultiplyAdd(c11, va, vb);
            c12 = Vector512.FusedMultiplyAdd(c12, va, vb); c13 = Vector512.FusedMultiplyAdd(c13, va, vb);
            c14 = Vector512.FusedMultiplyAdd(c14, va, vb); c15 = Vector512.FusedMultiplyAdd(c15, va, vb);
        }
        Vector512<float> sum = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)) + ((c12 + c13) + (c14 + c15));
        return Vector512.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma256(long iterations, float a, float b)
    {
        Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b);
        Vector256<float> c0 = Vector256.Create(0.00f), c1 = Vector256.Create(0.01f), c2 = Vector256.Create(0.02f), c3 = Vector256.Create(0.03f);
        Vector256<float> c4 = Vector256.Create(0.04f), c5 = Vector256.Create(0.05f), c6 = Vector256.Create(0.06f), c7 = Vector256.Create(0.07f);
        Vector256<float> c8 = Vector256.Create(0.08f), c9 = Vector256.Create(0.09f), c10 = Vector256.Create(0.10f), c11 = Vector256.Create(0.11f);
        Vector256<float> c12 = Vector256.Create(0.12f), c13 = Vector256.Create(0.13f), c14 = Vector256.Create(0.14f), c15 = Vector256.Create(0.15f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, va, vb); c1 = Vector256.FusedMultiplyAdd(c1, va, vb);
            c2 = Vector256.FusedMultiplyAdd(c2, va, vb); c3 = Vector256.FusedMultiplyAdd(c3, va, vb);
            c4 = Vector256.FusedMultiplyAdd(c4, va, vb); c5 = Vector256.FusedMultiplyAdd(c5, va, vb);
            c6 = Vector256.FusedMultiplyAdd(c6, va, vb); c7 = Vector256.FusedMultiplyAdd(c7, va, vb);
            c8 = Vector256.FusedMultiplyAdd(c8, va, vb); c9 = Vector256.FusedMultiplyAdd(c9, va, vb);
            c10 = Vector256.FusedMultiplyAdd(c10, va, vb); c11 = Vector256.FusedMultiplyAdd(c11, va, vb);
            c12 = Vector256.FusedMultiplyAdd(c12, va, vb); c13 = Vector256.FusedMultiplyAdd(c13, va, vb);
            c14 = Vector256.FusedMultiplyAdd(c14, va, vb); c15 = Vector256.FusedMultiplyAdd(c15, va, vb);
        }
        Vector256<float> sum = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)) + ((c12 + c13) + (c14 + c15));
        return Vector256.Sum(sum);
    }
}

/// <summary>
/// The peak measured again right after each timed sample of a workload, on the threads that ran it (the caller and the
/// engine's pool worker), for about as long as the sample. On a shared host, neighbours take the cores for stretches
/// of milliseconds to minutes, so a figure divided by a peak measured at another moment moves with them; a sample
/// divided by the peak next to it does much less, and the median of those ratios is what the "%adj" column shows.
/// Run through the pool so that its worker, which spins for a while after each job, runs the loop instead of
/// competing with it.
/// </summary>
internal sealed class AdjacentPeak : IParallelWork
{
    private readonly double[] _gflops = new double[2];
    private long _iterations;

    /// <summary>The summed GFLOP/s of <paramref name="threads"/> threads (at most 2) running the loop for about <paramref name="seconds"/>.</summary>
    public double Measure(int threads, double seconds)
    {
        _iterations = PeakFlops.IterationsFor(seconds);
        if (threads <= 1)
            return PeakFlops.TimedRun(_iterations);
        Array.Clear(_gflops);
        WorkerPool.Shared.Run(this, 2, 2);
        return _gflops[0] + _gflops[1];
    }

    /// <inheritdoc/>
    public void Execute(int chunk, int thread) => _gflops[chunk] = PeakFlops.TimedRun(_iterations);
}
