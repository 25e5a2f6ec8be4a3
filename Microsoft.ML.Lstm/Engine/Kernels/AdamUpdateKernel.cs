using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Keras Adam / AdamW update, one fused pass per element (decay, both moments and the parameter together, so
/// each array is read and written once). Operation order follows Keras so that float32 rounding is the same:
/// <code>
/// p = p - p wd lr                       (AdamW only: decoupled weight decay, applied before the step as Keras does)
/// m = m + (g - m) (1 - beta1)
/// v = v + (g^2 - v) (1 - beta2)
/// p = p - (m alpha) / (sqrt(v) + epsilon)   alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t)
/// </code>
/// Lengths are checked by the caller (<see cref="Training.Optimizer"/>).
/// </summary>
internal static class AdamUpdateKernel
{
    /// <param name="parameters">p, updated in place.</param>
    /// <param name="gradients">g.</param>
    /// <param name="firstMoment">m, updated in place.</param>
    /// <param name="secondMoment">v, updated in place.</param>
    /// <param name="alpha">The bias-corrected step size for this iteration.</param>
    /// <param name="oneMinusBeta1">1 - beta1, rounded once from double as Keras' Python float is.</param>
    /// <param name="oneMinusBeta2">1 - beta2, likewise.</param>
    /// <param name="epsilon">Added to sqrt(v) (Keras' "epsilon hat").</param>
    /// <param name="learningRate">lr, for the weight decay only (the step itself uses <paramref name="alpha"/>).</param>
    /// <param name="weightDecay">wd, the AdamW decay per unit of learning rate; applied as (p wd) lr, as Keras does.</param>
    /// <param name="decoupledDecay">Whether to apply weight decay (AdamW) at all.</param>
    /// <param name="width">The register width.</param>
    public static void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment,
        float alpha, float oneMinusBeta1, float oneMinusBeta2, float epsilon, float learningRate, float weightDecay,
        bool decoupledDecay, VectorWidth width)
    {
        ref float ps = ref MemoryMarshal.GetReference(parameters);
        ref float gs = ref MemoryMarshal.GetReference(gradients);
        ref float ms = ref MemoryMarshal.GetReference(firstMoment);
        ref float vs = ref MemoryMarshal.GetReference(secondMoment);
        int n = parameters.Length, i = 0;
        switch (width)
        {
            case VectorWidth.V512:
                for (; i <= n - 16; i += 16)
                {
                    Vector512<float> p = Vector512.LoadUnsafe(ref ps, (nuint)i);
                    Vector512<float> g = Vector512.LoadUnsafe(ref gs, (nuint)i);
                    Vector512<float> m = Vector512.LoadUnsafe(ref ms, (nuint)i);
                    Vector512<float> v = Vector512.LoadUnsafe(ref vs, (nuint)i);
                    if (decoupledDecay)
                        p -= p * weightDecay * learningRate;
                    m += (g - m) * oneMinusBeta1;
                    v += (g * g - v) * oneMinusBeta2;
                    p -= m * alpha / (Vector512.Sqrt(v) + Vector512.Create(epsilon));
                    p.StoreUnsafe(ref ps, (nuint)i);
                    m.StoreUnsafe(ref ms, (nuint)i);
                    v.StoreUnsafe(ref vs, (nuint)i);
                }
                break;
            case VectorWidth.V256:
                for (; i <= n - 8; i += 8)
                {
                    Vector256<float> p = Vector256.LoadUnsafe(ref ps, (nuint)i);
                    Vector256<float> g = Vector256.LoadUnsafe(ref gs, (nuint)i);
                    Vector256<float> m = Vector256.LoadUnsafe(ref ms, (nuint)i);
                    Vector256<float> v = Vector256.LoadUnsafe(ref vs, (nuint)i);
                    if (decoupledDecay)
                        p -= p * weightDecay * learningRate;
                    m += (g - m) * oneMinusBeta1;
                    v += (g * g - v) * oneMinusBeta2;
                    p -= m * alpha / (Vector256.Sqrt(v) + Vector256.Create(epsilon));
                    p.StoreUnsafe(ref ps, (nuint)i);
                    m.StoreUnsafe(ref ms, (nuint)i);
                    v.StoreUnsafe(ref vs, (nuint)i);
                }
                break;
            case VectorWidth.V128:
                for (; i <= n - 4; i += 4)
                {
                    Vector128<float> p = Vector128.LoadUnsafe(ref ps, (nuint)i);
                    Vector128<float> g = Vector128.LoadUnsafe(ref gs, (nuint)i);
                    Vector128<float> m = Vector128.LoadUnsafe(ref ms, (nuint)i);
                    Vector128<float> v = Vector128.LoadUnsafe(ref vs, (nuint)i);
                    if (decoupledDecay)
                        p -= p * weightDecay * learningRate;
                    m += (g - m) * oneMinusBeta1;
                    v += (g * g - v) * oneMinusBeta2;
                    p -= m * alpha / (Vector128.Sqrt(v) + Vector128.Create(epsilon));
                    p.StoreUnsafe(ref ps, (nuint)i);
                    m.StoreUnsafe(ref ms, (nuint)i);
                    v.StoreUnsafe(ref vs, (nuint)i);
                }
                break;
        }
        for (; i < n; i++)
        {
            float p = Unsafe.Add(ref ps, i), g = Unsafe.Add(ref gs, i), m = Unsafe.Add(ref ms, i), v = Unsafe.Add(ref vs, i);
            if (decoupledDecay)
                p -= p * weightDecay * learningRate;
            m += (g - m) * oneMinusBeta1;
            v += (g * g - v) * oneMinusBeta2;
            p -= m * alpha / (MathF.Sqrt(v) + epsilon);
            Unsafe.Add(ref ps, i) = p;
            Unsafe.Add(ref ms, i) = m;
            Unsafe.Add(ref vs, i) = v;
        }
    }
}
