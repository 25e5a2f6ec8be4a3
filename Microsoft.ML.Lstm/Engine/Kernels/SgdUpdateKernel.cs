using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Keras SGD updates, one fused pass per element. The operation order follows Keras' <c>update_step</c> so that
/// float32 rounding is the same. Lengths are checked by the caller (<see cref="Training.Optimizer"/>).
/// </summary>
internal static class SgdUpdateKernel
{
    /// <summary>Without momentum: p -= g lr.</summary>
    public static void Plain(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, VectorWidth width)
    {
        ref float ps = ref MemoryMarshal.GetReference(parameters);
        ref float gs = ref MemoryMarshal.GetReference(gradients);
        int n = parameters.Length, i = 0;
        switch (width)
        {
            case VectorWidth.V512:
                for (; i <= n - 16; i += 16)
                    (Vector512.LoadUnsafe(ref ps, (nuint)i) - Vector512.LoadUnsafe(ref gs, (nuint)i) * learningRate).StoreUnsafe(ref ps, (nuint)i);
                break;
            case VectorWidth.V256:
                for (; i <= n - 8; i += 8)
                    (Vector256.LoadUnsafe(ref ps, (nuint)i) - Vector256.LoadUnsafe(ref gs, (nuint)i) * learningRate).StoreUnsafe(ref ps, (nuint)i);
                break;
            case VectorWidth.V128:
                for (; i <= n - 4; i += 4)
                    (Vector128.LoadUnsafe(ref ps, (nuint)i) - Vector128.LoadUnsafe(ref gs, (nuint)i) * learningRate).StoreUnsafe(ref ps, (nuint)i);
                break;
        }
        for (; i < n; i++)
            Unsafe.Add(ref ps, i) -= Unsafe.Add(ref gs, i) * learningRate;
    }

    /// <summary>
    /// With momentum: m = m momentum - g lr; then p += m, or with Nesterov p += m momentum - g lr (the look-ahead
    /// written in terms of the updated m).
    /// </summary>
    public static void Momentum(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity,
        float learningRate, float momentum, bool nesterov, VectorWidth width)
    {
        ref float ps = ref MemoryMarshal.GetReference(parameters);
        ref float gs = ref MemoryMarshal.GetReference(gradients);
        ref float ms = ref MemoryMarshal.GetReference(velocity);
        int n = parameters.Length, i = 0;
        switch (width)
        {
            case VectorWidth.V512:
                for (; i <= n - 16; i += 16)
                {
                    Vector512<float> glr = Vector512.LoadUnsafe(ref gs, (nuint)i) * learningRate;
                    Vector512<float> m = Vector512.LoadUnsafe(ref ms, (nuint)i) * momentum - glr;
                    m.StoreUnsafe(ref ms, (nuint)i);
                    (Vector512.LoadUnsafe(ref ps, (nuint)i) + (nesterov ? m * momentum - glr : m)).StoreUnsafe(ref ps, (nuint)i);
                }
                break;
            case VectorWidth.V256:
                for (; i <= n - 8; i += 8)
                {
                    Vector256<float> glr = Vector256.LoadUnsafe(ref gs, (nuint)i) * learningRate;
                    Vector256<float> m = Vector256.LoadUnsafe(ref ms, (nuint)i) * momentum - glr;
                    m.StoreUnsafe(ref ms, (nuint)i);
                    (Vector256.LoadUnsafe(ref ps, (nuint)i) + (nesterov ? m * momentum - glr : m)).StoreUnsafe(ref ps, (nuint)i);
                }
                break;
            case VectorWidth.V128:
                for (; i <= n - 4; i += 4)
                {
                    Vector128<float> glr = Vector128.LoadUnsafe(ref gs, (nuint)i) * learningRate;
                    Vector128<float> m = Vector128.LoadUnsafe(ref ms, (nuint)i) * momentum - glr;
                    m.StoreUnsafe(ref ms, (nuint)i);
                    (Vector128.LoadUnsafe(ref ps, (nuint)i) + (nesterov ? m * momentum - glr : m)).StoreUnsafe(ref ps, (nuint)i);
                }
                break;
        }
        for (; i < n; i++)
        {
            float glr = Unsafe.Add(ref gs, i) * learningRate;
            float m = Unsafe.Add(ref ms, i) * momentum - glr;
            Unsafe.Add(ref ms, i) = m;
            Unsafe.Add(ref ps, i) += nesterov ? m * momentum - glr : m;
        }
    }
}
