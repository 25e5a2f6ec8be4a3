using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// The right-hand operand of a GEMM, op(B) of shape [K, N], packed into the order the micro-kernel reads it:
/// K is cut into blocks of equal depth, at most <see cref="Gemm.KBlock"/> (<see cref="Gemm.KBlockFor"/>); inside a block, N into panels of NR = 2 registers;
/// a panel stores its kb x NR values row after row, zero-padded past column N. Packing once and reusing the result
/// across calls (the recurrent kernel across all time steps) is the point of this type.
/// </summary>
internal sealed class PackedMatrix
{
    private Memory<float> _data = Memory<float>.Empty; // cache-line aligned (AlignedMemory)

    /// <summary>Rows of op(B): the inner dimension of the product.</summary>
    public int K { get; private set; }

    /// <summary>Columns of op(B).</summary>
    public int N { get; private set; }

    /// <summary>The register width the panels were cut for.</summary>
    public VectorWidth Width { get; private set; } = VectorWidth.Scalar;

    /// <summary>Columns per panel: two registers.</summary>
    public int PanelWidth => 2 * (int)Width;

    /// <summary>Number of panels across N.</summary>
    public int Panels => (N + PanelWidth - 1) / PanelWidth;

    /// <summary>The packed values. Reallocated only when a larger matrix is packed.</summary>
    internal Span<float> Data => _data.Span;

    /// <summary>Packs op(B): B itself ([k, n], row stride <paramref name="ldb"/>) or, with <paramref name="transpose"/>, Bᵀ
    /// where B is [n, k].</summary>
    public void Pack(ReadOnlySpan<float> b, int ldb, bool transpose, int k, int n, VectorWidth width)
    {
        Gemm.CheckOperand(b, ldb, transpose ? n : k, transpose ? k : n, nameof(b));
        Prepare(k, n, width);
        if (!transpose)
        {
            PackRows(b, ldb, 0, k);
            return;
        }
        // Column by column of the panel: each reads a contiguous stretch of one row of B and writes down the panel
        // (kb·NR floats, in L1). Row by row, the NR values of a panel row came from NR rows of B a row stride apart,
        // which map onto a few sets of L1 when the stride is a multiple of 1 or 2 KB (U is [m, 4m]): every read
        // missed L1, 4 ns a value, and packing Uᵀ was 1.5% of M's training step on each core.
        int nr = PanelWidth, paddedN = Panels * nr;
        ref float data = ref MemoryMarshal.GetReference(_data.Span);
        ref float source = ref MemoryMarshal.GetReference(b);
        int kBlock = Gemm.KBlockFor(k);
        for (int k0 = 0; k0 < k; k0 += kBlock)
        {
            int kb = Math.Min(kBlock, k - k0);
            for (int j = 0; j < Panels; j++)
            {
                ref float panel = ref Unsafe.Add(ref data, k0 * paddedN + j * kb * nr);
                int j0 = j * nr, cols = Math.Min(nr, n - j0);
                for (int jj = 0; jj < nr; jj++)
                {
                    ref float column = ref Unsafe.Add(ref panel, jj);
                    if (jj < cols)
                    {
                        ref float from = ref Unsafe.Add(ref source, (nint)(j0 + jj) * ldb + k0);
                        for (int p = 0; p < kb; p++)
                            Unsafe.Add(ref column, (nint)p * nr) = Unsafe.Add(ref from, p);
                    }
                    else
                    {
                        for (int p = 0; p < kb; p++)
                            Unsafe.Add(ref column, (nint)p * nr) = 0f; // past column N
                    }
                }
            }
        }
    }

    /// <summary>Sets the shape, [<paramref name="k"/>, <paramref name="n"/>] cut for <paramref name="width"/>, and makes
    /// room for it; <see cref="PackRows"/> then fills the panels, possibly from several threads.</summary>
    public void Prepare(int k, int n, VectorWidth width)
    {
        if (k < 0 || n < 0)
            throw new ArgumentOutOfRangeException(k < 0 ? nameof(k) : nameof(n), k < 0 ? k : n, "Dimensions must not be negative.");
        K = k;
        N = n;
        Width = width;
        int size = k * Panels * PanelWidth;
        if (_data.Length < size)
            _data = AlignedMemory.Allocate(size);
    }

    /// <summary>
    /// Packs rows [<paramref name="firstRow"/>, firstRow + <paramref name="count"/>) of B ([K, N], not transposed) into
    /// every panel, after <see cref="Prepare"/>; <paramref name="rows"/> holds those rows only, row stride
    /// <paramref name="ldb"/>. The backward pass packs each step's dZ this way while it is still in cache, instead of
    /// reading all T·B rows back from memory afterwards. Threads may pack disjoint rows at once.
    /// </summary>
    public void PackRows(ReadOnlySpan<float> rows, int ldb, int firstRow, int count)
    {
        int k = K, n = N, nr = PanelWidth, paddedN = Panels * nr;
        if (firstRow < 0 || count < 0 || firstRow > k - count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Rows {firstRow}..{firstRow + count} are not within 0..{k}.");
        Gemm.CheckOperand(rows, ldb, count, n, nameof(rows));
        int kBlock = Gemm.KBlockFor(k), wholePanels = n / nr;
        ref float data = ref MemoryMarshal.GetReference(_data.Span);
        for (int r = 0; r < count; r++)
        {
            int row = firstRow + r, k0 = row / kBlock * kBlock, kb = Math.Min(kBlock, k - k0);
            nuint panelStride = (nuint)(kb * nr);
            ref float source = ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), r * ldb);
            ref float destination = ref Unsafe.Add(ref data, k0 * paddedN + (row - k0) * nr);
            int j = 0;
            if (nr % 8 == 0 && Vector256.IsHardwareAccelerated)
            {
                // A panel's row is two registers of the packing's width: copied a few 32-byte registers at a time.
                for (; j < wholePanels; j++)
                {
                    for (nuint q = 0; q < (nuint)nr; q += 8)
                        Vector256.LoadUnsafe(ref source, q).StoreUnsafe(ref destination, q);
                    source = ref Unsafe.Add(ref source, nr);
                    destination = ref Unsafe.Add(ref destination, panelStride);
                }
            }
            for (; j < Panels; j++)
            {
                int cols = Math.Min(nr, n - j * nr);
                for (int q = 0; q < cols; q++)
                    Unsafe.Add(ref destination, q) = Unsafe.Add(ref source, q);
                for (int q = cols; q < nr; q++)
                    Unsafe.Add(ref destination, q) = 0f;
                source = ref Unsafe.Add(ref source, nr);
                destination = ref Unsafe.Add(ref destination, panelStride);
            }
        }
    }

    /// <summary>Offset of panel <paramref name="j"/> of the K block starting at <paramref name="k0"/>.</summary>
    internal int PanelOffset(int k0, int kb, int j) => k0 * Panels * PanelWidth + j * kb * PanelWidth;
}
