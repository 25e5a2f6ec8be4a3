using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Lstm.Benchmarks;

/// <summary>
/// A minimal Adam (Keras update rule and defaults) used ONLY by this benchmark's training step, as a stand-in until
/// the library's <c>Microsoft.ML.Lstm.Engine.Training.AdamOptimizer</c> is on main. Same call shape as the library's:
/// <c>Step(parameters, gradients, learningRate)</c>. One fused <see cref="Vector{T}"/> pass over the three arrays,
/// so its cost is close to what a real optimizer adds to a step. Not part of the library; do not use elsewhere.
/// </summary>
internal sealed class BaselineAdam
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-7f;
    private float[] _m = Array.Empty<float>();
    private float[] _v = Array.Empty<float>();
    private long _iteration;

    /// <summary>One Adam update: m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= lr·√(1-β2^t)/(1-β1^t) · m / (√v + ε).</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        if (parameters.Length != gradients.Length)
            throw new ArgumentException("The gradients must have one value per parameter.", nameof(gradients));
        if (_m.Length != parameters.Length)
        {
            _m = new float[parameters.Length];
            _v = new float[parameters.Length];
            _iteration = 0;
        }
        _iteration++;
        float step = (float)(learningRate * Math.Sqrt(1 - Math.Pow(Beta2, _iteration)) / (1 - Math.Pow(Beta1, _iteration)));
        Update(parameters, gradients, _m, _v, step);
    }

    private static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float step)
    {
        int n = p.Length, i = 0;
        ref float pr = ref MemoryMarshal.GetReference(p);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        if (Vector.IsHardwareAccelerated)
        {
            var b1 = new Vector<float>(Beta1);
            var c1 = new Vector<float>(1 - Beta1);
            var b2 = new Vector<float>(Beta2);
            var c2 = new Vector<float>(1 - Beta2);
            var eps = new Vector<float>(Epsilon);
            var lr = new Vector<float>(step);
            int w = Vector<float>.Count;
            for (; i <= n - w; i += w)
            {
                Vector<float> gi = LoadAt(ref gr, i);
                Vector<float> mi = b1 * LoadAt(ref mr, i) + c1 * gi;
                Vector<float> vi = b2 * LoadAt(ref vr, i) + c2 * gi * gi;
                StoreAt(mi, ref mr, i);
                StoreAt(vi, ref vr, i);
                StoreAt(LoadAt(ref pr, i) - lr * mi / (Vector.SquareRoot(vi) + eps), ref pr, i);
            }
        }
        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref gr, i);
            float mi = Unsafe.Add(ref mr, i) = Beta1 * Unsafe.Add(ref mr, i) + (1 - Beta1) * gi;
            float vi = Unsafe.Add(ref vr, i) = Beta2 * Unsafe.Add(ref vr, i) + (1 - Beta2) * gi * gi;
            Unsafe.Add(ref pr, i) -= step * mi / (MathF.Sqrt(vi) + Epsilon);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> LoadAt(ref float source, int index) =>
        Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, index)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreAt(Vector<float> value, ref float destination, int index) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref destination, index)), value);
}
