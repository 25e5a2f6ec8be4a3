using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// The one loop that runs an activation operator over spans at a chosen width; the tail that does not fill
/// a register goes through the scalar form.
/// </summary>
internal static class ActivationDriver
{
    public static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> y, VectorWidth width) where TOp : struct, IActivationOperator
    {
        if (y.Length != x.Length)
            throw new ArgumentException($"y has length {y.Length} but x has length {x.Length}; they must be equal.", nameof(y));
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        switch (width)
        {
            case VectorWidth.V512:
                for (; i <= n - 16; i += 16)
                    TOp.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
                break;
            case VectorWidth.V256:
                for (; i <= n - 8; i += 8)
                    TOp.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
                break;
            case VectorWidth.V128:
                for (; i <= n - 4; i += 4)
                    TOp.Invoke(Vector128.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
                break;
        }
        for (; i < n; i++)
            Unsafe.Add(ref ys, i) = TOp.Invoke(Unsafe.Add(ref xs, i));
    }

    public static void Derivative<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dydx, VectorWidth width)
        where TOp : struct, IActivationOperator
    {
        if (y.Length != x.Length)
            throw new ArgumentException($"y has length {y.Length} but x has length {x.Length}; they must be equal.", nameof(y));
        if (dydx.Length != x.Length)
            throw new ArgumentException($"dydx has length {dydx.Length} but x has length {x.Length}; they must be equal.", nameof(dydx));
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float ds = ref MemoryMarshal.GetReference(dydx);
        int n = x.Length, i = 0;
        switch (width)
        {
            case VectorWidth.V512:
                for (; i <= n - 16; i += 16)
                    TOp.Derivative(Vector512.LoadUnsafe(ref xs, (nuint)i), Vector512.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
                break;
            case VectorWidth.V256:
                for (; i <= n - 8; i += 8)
                    TOp.Derivative(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
                break;
            case VectorWidth.V128:
                for (; i <= n - 4; i += 4)
                    TOp.Derivative(Vector128.LoadUnsafe(ref xs, (nuint)i), Vector128.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
                break;
        }
        for (; i < n; i++)
            Unsafe.Add(ref ds, i) = TOp.Derivative(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
    }
}
