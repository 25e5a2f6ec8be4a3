using System;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// One batch tile's state for <see cref="BatchMajorPass"/>, with the batch along the registers: each quantity is cut into
/// batch panels of 16, 32 or 48 rows (one to three registers), and a panel stores its rows of every unit or feature one
/// after the other, [units, panel rows].
/// </summary>
/// <remarks>
/// Layout (Bp = the tile's rows rounded up to 16, a panel of w rows starting at row s):
/// <code>
/// step operands, two [Bp, K] in turn: panel at K·s, [K, w] = x_tᵀ ([p, w], with the input fused) then h_{t-1}ᵀ ([m, w])
/// cell state [Bp, m]:                  panel at m·s, [m, w]
/// cell input [Bp, p'] (x_t for the cell): panel at p'·s, [p', w]
/// tile sums: 48 registers, one register tile's z [8, w] (or three pairs' [3, 8, 32]) for its cell
/// </code>
/// The rows past the tile's are zeros on entry, so they compute bounded values that nothing reads.
/// </remarks>
internal sealed class BatchMajorState
{
    /// <summary>Batch rows per register.</summary>
    public const int RowsPerVector = 16;

    private Memory<float> _operands = Memory<float>.Empty, _cell = Memory<float>.Empty, _cellInput = Memory<float>.Empty;

    /// <summary>Where the cell reads z: one register tile's (up to 8 x 3 registers), or three pairs' on a panel of two
    /// registers (3 x 8 x 2).</summary>
    public Memory<float> TileSums { get; } = AlignedMemory.Allocate(6 * BatchMajorWeights.PairWidth * RowsPerVector);

    /// <summary>The tile's rows rounded up to <see cref="RowsPerVector"/>.</summary>
    public int PaddedRows { get; private set; }

    /// <summary>Panels: first row and registers (1 to 3), in order.</summary>
    public (int Start, int Vectors)[] Panels { get; private set; } = Array.Empty<(int, int)>();

    /// <summary>The two step operands, [2, Bp, K].</summary>
    public Span<float> Operands => _operands.Span;

    /// <summary>c, [Bp, m].</summary>
    public Span<float> Cell => _cell.Span;

    /// <summary>x_t for the cell, [Bp, p'].</summary>
    public Span<float> CellInput => _cellInput.Span;

    /// <summary>Sizes the buffers for <paramref name="rows"/> batch rows, a product of depth <paramref name="depth"/>,
    /// <paramref name="units"/> units and <paramref name="cellInputRows"/> features read by the cell.</summary>
    public void Prepare(int rows, int depth, int units, int cellInputRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        int padded = (rows + RowsPerVector - 1) / RowsPerVector * RowsPerVector;
        if (padded != PaddedRows)
        {
            PaddedRows = padded;
            Panels = CutPanels(padded);
        }
        Grow(ref _operands, 2 * padded * depth);
        Grow(ref _cell, padded * units);
        Grow(ref _cellInput, padded * cellInputRows);
    }

    /// <summary>
    /// Panels of three registers where they fit, else of two: a register tile of one register's rows loads a vector and
    /// eight broadcasts for eight FMAs, more than the load ports issue; 32 rows are cut as one panel of two, 64 as two of
    /// two, not 48 and 16.
    /// </summary>
    internal static (int Start, int Vectors)[] CutPanels(int paddedRows)
    {
        int vectors = paddedRows / RowsPerVector;
        int threes = vectors switch { 1 or 2 => 0, _ when vectors % 3 == 1 => (vectors - 4) / 3, _ => vectors / 3 };
        int rest = vectors - 3 * threes; // 0, 1, 2 or 4
        var panels = new (int, int)[threes + (rest == 4 ? 2 : rest > 0 ? 1 : 0)];
        int i = 0, start = 0;
        for (; i < threes; i++, start += 3 * RowsPerVector)
            panels[i] = (start, 3);
        if (rest == 4)
        {
            panels[i++] = (start, 2);
            panels[i] = (start + 2 * RowsPerVector, 2);
        }
        else if (rest > 0)
        {
            panels[i] = (start, rest);
        }
        return panels;
    }

    private static void Grow(ref Memory<float> buffer, int length)
    {
        if (buffer.Length < length)
            buffer = AlignedMemory.Allocate(length);
    }
}
