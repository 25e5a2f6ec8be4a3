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
            PackPanels(b, ldb, 0, Panels, default);
            return;
        }
        int nr = PanelWidth, paddedN = Panels * nr;
        Span<float> data = _data.Span;
        int kBlock = Gemm.KBlockFor(k);
        for (int k0 = 0; k0 < k; k0 += kBlock)
        {
            int kb = Math.Min(kBlock, k - k0);
            for (int j = 0; j < Panels; j++)
            {
                Span<float> panel = data.Slice(k0 * paddedN + j * kb * nr, kb * nr);
                int j0 = j * nr;
                int cols = Math.Min(nr, n - j0);
                for (int p = 0; p < kb; p++)
                {
                    Span<float> row = panel.Slice(p * nr, nr);
                    for (int jj = 0; jj < cols; jj++)
                        row[jj] = b[(j0 + jj) * ldb + k0 + p];
                    row.Slice(cols).Clear();
                }
            }
        }
    }

    /// <summary>Sets the shape, [<paramref name="k"/>, <paramref name="n"/>] cut for <paramref name="width"/>, and makes
    /// room for it; <see cref="PackPanels"/> then fills the panels, possibly from several threads.</summary>
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
    /// Packs panels [<paramref name="firstPanel"/>, <paramref name="endPanel"/>) of B = <paramref name="b"/> ([K, N], row
    /// stride <paramref name="ldb"/>, not transposed) after <see cref="Prepare"/>. Unless <paramref name="columnSums"/> is
    /// empty, also adds the sum of each of those columns over the K rows, in row order, to columnSums[column]: the
    /// bias gradient of a layer is the column sums of the dZ it packs, and this way dZ is read once.
    /// </summary>
    public void PackPanels(ReadOnlySpan<float> b, int ldb, int firstPanel, int endPanel, Span<float> columnSums)
    {
        int k = K, n = N, nr = PanelWidth, paddedN = Panels * nr;
        Gemm.CheckOperand(b, ldb, k, n, nameof(b));
        if ((uint)firstPanel > (uint)endPanel || endPanel > Panels)
            throw new ArgumentOutOfRangeException(nameof(endPanel), endPanel, $"Panels {firstPanel}..{endPanel} are not within 0..{Panels}.");
        bool sums = !columnSums.IsEmpty;
        if (sums && columnSums.Length < n)
            throw new ArgumentException($"{nameof(columnSums)} has {columnSums.Length} values; B has {n} columns.", nameof(columnSums));
        Span<float> data = _data.Span;
        int kBlock = Gemm.KBlockFor(k);
        for (int k0 = 0; k0 < k; k0 += kBlock)
        {
            int kb = Math.Min(kBlock, k - k0);
            for (int j = firstPanel; j < endPanel; j++)
            {
                Span<float> panel = data.Slice(k0 * paddedN + j * kb * nr, kb * nr);
                int j0 = j * nr;
                int cols = Math.Min(nr, n - j0);
                if (cols == nr && Vector256.IsHardwareAccelerated && (nr == 8 || nr == 16 || nr == 32))
                {
                    // The column sums stay in registers down the panel: summed through memory, each row waited for the
                    // store of the row before. Each column is still summed in row order.
                    ref float source = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), k0 * ldb + j0);
                    ref float destination = ref MemoryMarshal.GetReference(panel);
                    ref float sum = ref sums ? ref MemoryMarshal.GetReference(columnSums.Slice(j0, nr)) : ref destination;
                    Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                    if (sums)
                    {
                        s0 = Vector256.LoadUnsafe(ref sum);
                        if (nr > 8) s1 = Vector256.LoadUnsafe(ref sum, 8);
                        if (nr > 16) { s2 = Vector256.LoadUnsafe(ref sum, 16); s3 = Vector256.LoadUnsafe(ref sum, 24); }
                    }
                    for (int p = 0; p < kb; p++)
                    {
                        Vector256<float> v0 = Vector256.LoadUnsafe(ref source);
                        v0.StoreUnsafe(ref destination);
                        s0 += v0;
                        if (nr > 8)
                        {
                            Vector256<float> v1 = Vector256.LoadUnsafe(ref source, 8);
                            v1.StoreUnsafe(ref destination, 8);
                            s1 += v1;
                        }
                        if (nr > 16)
                        {
                            Vector256<float> v2 = Vector256.LoadUnsafe(ref source, 16), v3 = Vector256.LoadUnsafe(ref source, 24);
                            v2.StoreUnsafe(ref destination, 16);
                            v3.StoreUnsafe(ref destination, 24);
                            s2 += v2;
                            s3 += v3;
                        }
                        source = ref Unsafe.Add(ref source, ldb);
                        destination = ref Unsafe.Add(ref destination, nr);
                    }
                    if (sums)
                    {
                        s0.StoreUnsafe(ref sum);
                        if (nr > 8) s1.StoreUnsafe(ref sum, 8);
                        if (nr > 16) { s2.StoreUnsafe(ref sum, 16); s3.StoreUnsafe(ref sum, 24); }
                    }
                    continue;
                }
                if (cols == nr && nr % 4 == 0)
                {
                    // A whole panel row is a few registers: copied in place, since a CopyTo call per 64 bytes made
                    // packing a large dZ (backward, T·B rows) cost as much as a GEMM over it.
                    ref float source = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), k0 * ldb + j0);
                    ref float destination = ref MemoryMarshal.GetReference(panel);
                    ref float sum = ref sums ? ref MemoryMarshal.GetReference(columnSums.Slice(j0, nr)) : ref destination;
                    for (int p = 0; p < kb; p++)
                    {
                        for (nuint q = 0; q < (nuint)nr; q += 4)
                        {
                            Vector128<float> value = Vector128.LoadUnsafe(ref source, q);
                            value.StoreUnsafe(ref destination, q);
                            if (sums)
                                (Vector128.LoadUnsafe(ref sum, q) + value).StoreUnsafe(ref sum, q);
                        }
                        source = ref Unsafe.Add(ref source, ldb);
                        destination = ref Unsafe.Add(ref destination, nr);
                    }
                    continue;
                }
                for (int p = 0; p < kb; p++)
                {
                    Span<float> row = panel.Slice(p * nr, nr);
                    b.Slice((k0 + p) * ldb + j0, cols).CopyTo(row);
                    row.Slice(cols).Clear();
                    if (sums)
                        for (int jj = 0; jj < cols; jj++)
                            columnSums[j0 + jj] += row[jj];
                }
            }
        }
    }

    /// <summary>Offset of panel <paramref name="j"/> of the K block starting at <paramref name="k0"/>.</summary>
    internal int PanelOffset(int k0, int kb, int j) => k0 * Panels * PanelWidth + j * kb * PanelWidth;
}
