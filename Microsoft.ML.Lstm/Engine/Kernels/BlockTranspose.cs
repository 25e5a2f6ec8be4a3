using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Transposes 8 x 8 blocks of floats in registers (AVX): eight row loads, 24 shuffles, eight column stores; and whole
/// matrices in such blocks (<see cref="Transpose"/>).
/// </summary>
/// <remarks>
/// Why: the batch-major pass copies each step's input rows [rows, p] into its panels' columns [p, w]. Value by value,
/// each of a row's p stores went to another cache line, about 4 cycles a value: 2.2% of L's forward pass (a timing-only
/// ablation that skipped the copy). A block moves 64 values in about 24 cycles of shuffles.
/// </remarks>
internal static unsafe class BlockTranspose
{
    /// <summary>Whether <see cref="Transpose8x8"/> runs here.</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>
    /// destination[j·destinationStride + r] = source[r·sourceStride + j] for r, j &lt; 8 (strides in floats).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose8x8(float* source, nint sourceStride, float* destination, nint destinationStride)
    {
        // Rows r0..r7, then pairs of rows interleaved, then quads of rows, then the 128-bit halves swapped into columns
        // (the _MM_TRANSPOSE8_PS pattern).
        Vector256<float> r0 = Avx.LoadVector256(source), r1 = Avx.LoadVector256(source + sourceStride);
        Vector256<float> r2 = Avx.LoadVector256(source + 2 * sourceStride), r3 = Avx.LoadVector256(source + 3 * sourceStride);
        Vector256<float> r4 = Avx.LoadVector256(source + 4 * sourceStride), r5 = Avx.LoadVector256(source + 5 * sourceStride);
        Vector256<float> r6 = Avx.LoadVector256(source + 6 * sourceStride), r7 = Avx.LoadVector256(source + 7 * sourceStride);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> q0 = Avx.Shuffle(t0, t2, 0x44), q1 = Avx.Shuffle(t0, t2, 0xEE), q2 = Avx.Shuffle(t1, t3, 0x44), q3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> q4 = Avx.Shuffle(t4, t6, 0x44), q5 = Avx.Shuffle(t4, t6, 0xEE), q6 = Avx.Shuffle(t5, t7, 0x44), q7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(destination, Avx.Permute2x128(q0, q4, 0x20));
        Avx.Store(destination + destinationStride, Avx.Permute2x128(q1, q5, 0x20));
        Avx.Store(destination + 2 * destinationStride, Avx.Permute2x128(q2, q6, 0x20));
        Avx.Store(destination + 3 * destinationStride, Avx.Permute2x128(q3, q7, 0x20));
        Avx.Store(destination + 4 * destinationStride, Avx.Permute2x128(q0, q4, 0x31));
        Avx.Store(destination + 5 * destinationStride, Avx.Permute2x128(q1, q5, 0x31));
        Avx.Store(destination + 6 * destinationStride, Avx.Permute2x128(q2, q6, 0x31));
        Avx.Store(destination + 7 * destinationStride, Avx.Permute2x128(q3, q7, 0x31));
    }

    /// <summary>
    /// destination[j·destinationStride + r] = source[r·sourceStride + j] for r &lt; <paramref name="rows"/> and
    /// j &lt; <paramref name="columns"/>: blocks of 8 x 8 in registers where AVX runs, the edges value by value.
    /// The two must not overlap.
    /// </summary>
    /// <remarks>
    /// Why: a layer's univariate input [B, T, 1] goes to processing order [T, B, 1] at every forward pass, a transpose.
    /// As a row copy of one value per sequence and step (<see cref="RowCopy"/>) it took 3-6 ns a value, 7 µs of each
    /// 32-row tile's 0.32 ms in S's forward pass on two cores; in blocks, 0.3-0.6 ns a value.
    /// </remarks>
    public static void Transpose(ReadOnlySpan<float> source, int sourceStride, Span<float> destination, int destinationStride,
        int rows, int columns)
    {
        Gemm.CheckOperand(source, sourceStride, rows, columns, nameof(source));
        Gemm.CheckOperand(destination, destinationStride, columns, rows, nameof(destination));
        if (rows == 0 || columns == 0)
            return;
        fixed (float* from = source, to = destination)
        {
            int r = 0;
            if (IsSupported)
            {
                for (; r + 8 <= rows; r += 8)
                {
                    int j = 0;
                    for (; j + 8 <= columns; j += 8)
                        Transpose8x8(from + (nint)r * sourceStride + j, sourceStride, to + (nint)j * destinationStride + r, destinationStride);
                    for (; j < columns; j++) // the last columns of these eight rows
                        for (int q = r; q < r + 8; q++)
                            to[(nint)j * destinationStride + q] = from[(nint)q * sourceStride + j];
                }
            }
            for (; r < rows; r++) // the last rows
                for (int j = 0; j < columns; j++)
                    to[(nint)j * destinationStride + r] = from[(nint)r * sourceStride + j];
        }
    }
}
