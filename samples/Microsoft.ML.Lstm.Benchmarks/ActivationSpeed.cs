using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Benchmarks;

/// <summary>
/// <c>--activations</c>: nanoseconds per value of every activation at the kernel width, on a buffer that stays in L1,
/// and the exp the exp-based ones are built on (the library's FloatExp) against the runtime's Vector*.Exp, measured
/// in the same run so the ratio means the same on any machine.
/// </summary>
internal static class ActivationSpeed
{
    private const int Values = 4096; // 16 KB in, 16 KB out

    public static void Run()
    {
        float[] x = new float[Values], y = new float[Values];
        var random = new Random(1);
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)(random.NextDouble() * 8 - 4); // where gates and cells live
        VectorWidth width = VectorWidths.Best;
        Console.WriteLine($"Activations at {width}, {Values} values in L1 (best of 20 runs after 0.3 s of warm-up, so that tiered compilation is done):");
        Console.WriteLine();
        Console.WriteLine($"{"activation",-16} {"ns/value",9} {"Mvalues/s",10}");
        foreach (string name in Activation.Names)
        {
            Activation activation = Activation.FromName(name);
            double ns = Time(() => activation.Apply(x, y, width));
            Console.WriteLine($"{name,-16} {ns,9:F3} {1e3 / ns,10:F0}");
        }
        Console.WriteLine();
        double library = Time(() => ExpOf(x, y, library: true, width));
        double runtime = Time(() => ExpOf(x, y, library: false, width));
        Console.WriteLine($"exp alone: library (FloatExp) {library:F3} ns/value, runtime (Vector.Exp, through double) {runtime:F3} ns/value: {runtime / library:F1}x");
    }

    /// <summary>Best nanoseconds per value over 20 runs of about 5 ms each, after 0.3 s of warm-up.</summary>
    private static double Time(Action pass)
    {
        var warmUp = Stopwatch.StartNew();
        int passes = 0;
        while (warmUp.Elapsed.TotalSeconds < 0.3)
        {
            pass();
            passes++;
        }
        int perRun = Math.Max(1, (int)(passes * 0.005 / 0.3));
        double best = double.MaxValue;
        for (int run = 0; run < 20; run++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perRun; i++)
                pass();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / perRun / Values);
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ExpOf(float[] x, float[] y, bool library, VectorWidth width)
    {
        ref float source = ref x[0], destination = ref y[0];
        if (width == VectorWidth.V512)
        {
            for (nuint i = 0; i < (nuint)x.Length; i += (nuint)Vector512<float>.Count)
            {
                Vector512<float> v = Vector512.LoadUnsafe(ref source, i);
                (library ? FloatExp.Exp(v) : Vector512.Exp(v)).StoreUnsafe(ref destination, i);
            }
        }
        else
        {
            for (nuint i = 0; i < (nuint)x.Length; i += (nuint)Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref source, i);
                (library ? FloatExp.Exp(v) : Vector256.Exp(v)).StoreUnsafe(ref destination, i);
            }
        }
    }
}
