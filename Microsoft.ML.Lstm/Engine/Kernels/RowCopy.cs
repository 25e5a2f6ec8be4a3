using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Copies rows of a matrix into rows of another with a different row stride: a step's [x_t, h_{t-1}] gathered into the
/// step product's left operand, sequences to and from time-major order. The rows are short (1 to a few hundred values)
/// and many (one per sequence and step): a <see cref="Span{T}.CopyTo"/> per row cost about 20 ns of call and checks
/// each, 2.8% of M's forward pass (two copies per row and step), and with p = 1, 9 ns a value (14 µs of S's 370 µs
/// forward pass, when the rows still went through CopyTo). Here the operands are checked once per call and each row
/// is copied in registers, the rows shorter than a register value by value.
/// </summary>
internal static class RowCopy
{
    /// <summary>
    /// destination[r·destinationStride + j] = source[r·sourceStride + j] for r &lt; <paramref name="rows"/> and
    /// j &lt; <paramref name="width"/>. The two must not overlap.
    /// </summary>
    public static void Copy(ReadOnlySpan<float> source, int sourceStride, Span<float> destination, int destinationStride,
        int rows, int width, VectorWidth vectorWidth)
    {
        Gemm.CheckOperand(source, sourceStride, rows, width, nameof(source));
        Gemm.CheckOperand(destination, destinationStride, rows, width, nameof(destination));
        if (rows == 0 || width == 0)
            return;
        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        switch (vectorWidth)
        {
            case VectorWidth.V512: Copy<Simd512, Vector512<float>>(ref from, sourceStride, ref to, destinationStride, rows, width); break;
            case VectorWidth.V256: Copy<Simd256, Vector256<float>>(ref from, sourceStride, ref to, destinationStride, rows, width); break;
            case VectorWidth.V128: Copy<Simd128, Vector128<float>>(ref from, sourceStride, ref to, destinationStride, rows, width); break;
            default: Copy<SimdScalar, float>(ref from, sourceStride, ref to, destinationStride, rows, width); break;
        }
    }

    private static void Copy<TS, TV>(ref float source, nint sourceStride, ref float destination, nint destinationStride, int rows, int width)
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint w = (nuint)TS.Count, n = (nuint)width;
        for (int r = 0; r < rows; r++)
        {
            ref float from = ref Unsafe.Add(ref source, r * sourceStride);
            ref float to = ref Unsafe.Add(ref destination, r * destinationStride);
            nuint j = 0;
            for (; j + w <= n; j += w)
                TS.Store(TS.Load(ref from, j), ref to, j);
            if (j == n)
                continue;
            if (n >= w)
            {
                // The tail as one register ending at the row's end, over values already copied: same values, one store.
                TS.Store(TS.Load(ref from, n - w), ref to, n - w);
                continue;
            }
            for (; j < n; j++)
                Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j);
        }
    }
}
