using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// The one loop that runs a loss operator over spans at a chosen width: a single pass that sums the per-element
/// losses and writes the gradient of their mean. The tail that does not fill a register goes through the scalar form.
/// </summary>
internal static class LossDriver
{
    /// <summary>
    /// Returns mean(l(p, t)) and writes gradient = dl/dp / n. Lengths are checked by the caller
    /// (<see cref="Training.Loss"/>), which owns the parameter names of the public API.
    /// </summary>
    public static float Mean<TOp>(TOp op, ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, VectorWidth width)
        where TOp : struct, ILossOperator
    {
        ref float ps = ref MemoryMarshal.GetReference(prediction);
        ref float ts = ref MemoryMarshal.GetReference(target);
        ref float gs = ref MemoryMarshal.GetReference(gradient);
        int n = prediction.Length, i = 0;
        // Multiplying by 1/n (rather than dividing) matches what autodiff of reduce_mean produces.
        float scale = 1f / n;
        float sum = 0f;
        switch (width)
        {
            case VectorWidth.V512:
            {
                Vector512<float> acc = Vector512<float>.Zero, s = Vector512.Create(scale);
                for (; i <= n - 16; i += 16)
                {
                    acc += op.Invoke(Vector512.LoadUnsafe(ref ps, (nuint)i), Vector512.LoadUnsafe(ref ts, (nuint)i), out Vector512<float> g);
                    (g * s).StoreUnsafe(ref gs, (nuint)i);
                }
                sum = Vector512.Sum(acc);
                break;
            }
            case VectorWidth.V256:
            {
                Vector256<float> acc = Vector256<float>.Zero, s = Vector256.Create(scale);
                for (; i <= n - 8; i += 8)
                {
                    acc += op.Invoke(Vector256.LoadUnsafe(ref ps, (nuint)i), Vector256.LoadUnsafe(ref ts, (nuint)i), out Vector256<float> g);
                    (g * s).StoreUnsafe(ref gs, (nuint)i);
                }
                sum = Vector256.Sum(acc);
                break;
            }
            case VectorWidth.V128:
            {
                Vector128<float> acc = Vector128<float>.Zero, s = Vector128.Create(scale);
                for (; i <= n - 4; i += 4)
                {
                    acc += op.Invoke(Vector128.LoadUnsafe(ref ps, (nuint)i), Vector128.LoadUnsafe(ref ts, (nuint)i), out Vector128<float> g);
                    (g * s).StoreUnsafe(ref gs, (nuint)i);
                }
                sum = Vector128.Sum(acc);
                break;
            }
        }
        for (; i < n; i++)
        {
            sum += op.Invoke(Unsafe.Add(ref ps, i), Unsafe.Add(ref ts, i), out float g);
            Unsafe.Add(ref gs, i) = g * scale;
        }
        return sum * scale;
    }
}
