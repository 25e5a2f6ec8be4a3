using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// A layer's parameters packed for <see cref="BatchMajorPass"/>: by pairs of units, the two units' four gates side by
/// side, so that one register tile of the step product holds every gate of its units and the cell can follow in
/// registers.
/// </summary>
/// <remarks>
/// Layout, per pair of units g (units u0 = 2g and u1 = 2g + 1), <see cref="PairStride"/> floats from the previous pair:
/// <code>
/// [K, 8]   the step product's right operand, row k = (i_u0, i_u1, f_u0, f_u1, c_u0, c_u1, o_u0, o_u1) of [W; U]'s row k
///          when the input is fused into the product (K = p + m), else of U's row k (K = m)
/// [p', 8]  W's rows in the same order when the cell adds x·W itself (p' = p), else nothing (p' = 0)
/// [1, 8]   the bias in the same order (zeros without a bias)
/// </code>
/// A pair's [K, 8] (10 KB at K = 320) stays in L1 while the product runs every batch panel against it.
/// </remarks>
internal sealed class BatchMajorWeights
{
    private Memory<float> _data = Memory<float>.Empty; // cache-line aligned (AlignedMemory)

    /// <summary>Columns per pair of units: two units' four gates.</summary>
    public const int PairWidth = 8;

    /// <summary>Units m (even).</summary>
    public int Units { get; private set; }

    /// <summary>Depth of the step product: p + m with the input fused, else m.</summary>
    public int Depth { get; private set; }

    /// <summary>Rows of W the cell multiplies by x itself (p, or 0 with the input fused).</summary>
    public int CellInputRows { get; private set; }

    /// <summary>Floats from one pair of units to the next.</summary>
    public int PairStride => (Depth + CellInputRows + 1) * PairWidth;

    /// <summary>The packed values.</summary>
    internal Span<float> Data => _data.Span.Slice(0, Units / 2 * PairStride);

    /// <summary>
    /// Packs a layer's parameters: W [p, 4m], U [m, 4m] and, with <paramref name="hasBias"/>, the bias [4m], one after
    /// the other as the layer keeps them. With <paramref name="inputFused"/> the product's operand is [W; U], else U, and W
    /// goes to the cell's rows.
    /// </summary>
    public void Pack(ReadOnlySpan<float> parameters, int inputSize, int units, bool hasBias, bool inputFused)
    {
        if (units <= 0 || units % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(units), units, "The batch-major pass packs units in pairs: m must be even and positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        int g4 = 4 * units, needed = (inputSize + units + (hasBias ? 1 : 0)) * g4;
        if (parameters.Length < needed)
            throw new ArgumentException($"{nameof(parameters)} has {parameters.Length} values; W, U{(hasBias ? " and the bias" : "")} need {needed}.", nameof(parameters));
        Units = units;
        Depth = inputFused ? inputSize + units : units;
        CellInputRows = inputFused ? 0 : inputSize;
        int length = units / 2 * PairStride;
        if (_data.Length < length)
            _data = AlignedMemory.Allocate(length);
        Span<float> data = _data.Span;
        int productFirstRow = inputFused ? 0 : inputSize; // the product's rows start at W (fused) or at U
        // Row by row, four pairs at a time. Pair by pair, each pair's pass read all of [W; U] (1.3 MB at L) for 8 of
        // every 4m values: 620 µs a pack at L against 195 now, on the calling thread before the tiles start.
        for (int k = 0; k < Depth; k++)
            PackRow(parameters.Slice((productFirstRow + k) * g4, g4), units, data, k);
        for (int q = 0; q < CellInputRows; q++)
            PackRow(parameters.Slice(q * g4, g4), units, data, Depth + q);
        int biasRow = Depth + CellInputRows;
        if (hasBias)
            PackRow(parameters.Slice((inputSize + units) * g4, g4), units, data, biasRow);
        else
            for (int pair = 0; pair < units / 2; pair++)
                data.Slice(pair * PairStride + biasRow * PairWidth, PairWidth).Clear();
    }

    /// <summary>Row <paramref name="blockRow"/> of every pair's block: (i, f, c, o) of the pair's two units from one row
    /// [4m] in Keras' gate order. A pair's two values of a gate are adjacent in the row, so four pairs' are a register of
    /// four 64-bit values per gate, and a 4 x 4 transpose of those gives the four pairs' rows (bits moved, never
    /// converted).</summary>
    private unsafe void PackRow(ReadOnlySpan<float> row, int units, Span<float> data, int blockRow)
    {
        int pairs = units / 2, pair = 0;
        if (row.Length < 4 * units || data.Length < pairs * PairStride)
            throw new ArgumentException("The row or the packed data is too short.", nameof(row));
        fixed (float* source = row, packed = data)
        {
            float* destination = packed + blockRow * PairWidth;
            if (Avx.IsSupported)
            {
                double* i = (double*)source, f = (double*)(source + units), c = (double*)(source + 2 * units), o = (double*)(source + 3 * units);
                for (; pair + 4 <= pairs; pair += 4)
                {
                    Vector256<double> gi = Avx.LoadVector256(i + pair), gf = Avx.LoadVector256(f + pair);
                    Vector256<double> gc = Avx.LoadVector256(c + pair), go = Avx.LoadVector256(o + pair);
                    Vector256<double> if02 = Avx.UnpackLow(gi, gf), if13 = Avx.UnpackHigh(gi, gf);
                    Vector256<double> co02 = Avx.UnpackLow(gc, go), co13 = Avx.UnpackHigh(gc, go);
                    Avx.Store((double*)(destination + pair * PairStride), Avx.Permute2x128(if02, co02, 0x20));
                    Avx.Store((double*)(destination + (pair + 1) * PairStride), Avx.Permute2x128(if13, co13, 0x20));
                    Avx.Store((double*)(destination + (pair + 2) * PairStride), Avx.Permute2x128(if02, co02, 0x31));
                    Avx.Store((double*)(destination + (pair + 3) * PairStride), Avx.Permute2x128(if13, co13, 0x31));
                }
            }
            for (; pair < pairs; pair++)
            {
                float* to = destination + pair * PairStride;
                for (int gate = 0; gate < 4; gate++)
                {
                    to[2 * gate] = source[gate * units + 2 * pair];
                    to[2 * gate + 1] = source[gate * units + 2 * pair + 1];
                }
            }
        }
    }
}
