using System;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// What one core owns when a single sequence's forward pass is split by units across two cores: its half of the
/// units' columns of W, U and b, packed by that core, and the step's scratch. Half <c>j</c> of m units holds units
/// [j·m/2, (j+1)·m/2), so its gate columns are i, f, g, o of those units side by side: [., 2m], in the order the cell
/// kernel reads for m/2 units.
/// </summary>
/// <remarks>
/// U's half is laid out for L1, whose set a line goes to is picked by address bits 6-11, the line's place within its
/// 4 KB page. With rows that divide a page, every page keeps its last row slot for rows streamed from L2 at each step
/// and the other slots for rows that stay in L1 across steps: 7 pages of those fill 7 of the 8 ways of the sets they
/// map to and never compete with the streamed rows (at m = 64, 49 of the 64 rows of 512 B). The eighth way is for the
/// step's scratch, which sits in those same slots of a page of its own. Packed contiguously, the streamed rows evict
/// the rest and every row comes from L2 at every step.
/// </remarks>
internal sealed class UnitHalf
{
    private const int PageFloats = 4096 / sizeof(float);
    private const int ResidentWays = 7;

    private readonly int _p, _m, _columns;
    private readonly int[] _rowOffsets;
    private readonly Memory<float> _memory;
    private readonly int _recurrentLength, _scratchAt;

    /// <summary>Half <paramref name="half"/> (0 or 1) of a layer of <paramref name="units"/> units (a multiple of 32)
    /// over <paramref name="inputSize"/> features.</summary>
    public UnitHalf(int inputSize, int units, int half)
    {
        if (units % 32 != 0)
            throw new ArgumentOutOfRangeException(nameof(units), units, "Halves of the units start on cache lines only for a multiple of 32 units.");
        if (half is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(half), half, "A layer has halves 0 and 1.");
        _p = inputSize;
        _m = units;
        _columns = 2 * units;
        Half = half;
        _rowOffsets = GC.AllocateArray<int>(units, pinned: true);
        _recurrentLength = Layout(_rowOffsets, _columns);
        _scratchAt = (_recurrentLength + PageFloats - 1) / PageFloats * PageFloats;
        int scratch = 3 * _columns + _m + _p * _columns; // z, gates, bias, h, W
        _memory = AlignedMemory.Allocate(_scratchAt + scratch, 4096);
        if (!SmallRowsGemm.AllRowsInside(_rowOffsets, _columns, _recurrentLength))
            throw new InvalidOperationException($"The layout of {units} rows of {_columns} floats places a row outside its {_recurrentLength} floats.");
    }

    /// <summary>0 for the first m/2 units, 1 for the others.</summary>
    public int Half { get; }

    /// <summary>Rows of U in the order of h's elements: where each starts in <see cref="Recurrent"/>.</summary>
    public ReadOnlySpan<int> RowOffsets => _rowOffsets;

    /// <summary>The half's columns of U, [m, 2m], rows where <see cref="RowOffsets"/> says.</summary>
    public ReadOnlySpan<float> Recurrent => _memory.Span.Slice(0, _recurrentLength);

    /// <summary>The step's gate pre-activations h·U for the half's units, [2m].</summary>
    public Span<float> Z => _memory.Span.Slice(_scratchAt, _columns);

    /// <summary>The gate activations of the inference cell pass, [2m].</summary>
    public Span<float> Gates => _memory.Span.Slice(_scratchAt + _columns, _columns);

    /// <summary>The half's columns of b, [2m] (empty without a bias).</summary>
    public Span<float> Bias => HasBias ? _memory.Span.Slice(_scratchAt + 2 * _columns, _columns) : Span<float>.Empty;

    /// <summary>h_{t-1} whole, [m]: this half's units written by this core, the others received from the other.</summary>
    public Span<float> Hidden => _memory.Span.Slice(_scratchAt + 3 * _columns, _m);

    /// <summary>The half's columns of W, [p, 2m].</summary>
    public Span<float> Kernel => _memory.Span.Slice(_scratchAt + 3 * _columns + _m, _p * _columns);

    private bool HasBias { get; set; }

    /// <summary>Copies this half's columns of the layer's W [p, 4m], U [m, 4m] and b [4m] (or none).</summary>
    public void Pack(ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias)
    {
        HasBias = !bias.IsEmpty;
        Span<float> packed = _memory.Span;
        for (int k = 0; k < _m; k++)
            CopyColumns(recurrent.Slice(k * 4 * _m, 4 * _m), packed.Slice(_rowOffsets[k], _columns));
        Span<float> w = Kernel;
        for (int r = 0; r < _p; r++)
            CopyColumns(kernel.Slice(r * 4 * _m, 4 * _m), w.Slice(r * _columns, _columns));
        if (HasBias)
            CopyColumns(bias, Bias);
    }

    /// <summary>Gate g's columns of this half's units: [g·m + Half·m/2, +m/2) of a row of 4m. Copied 16 floats at a
    /// time (m/2 is a multiple of 16): a CopyTo per gate, 256 calls of 128 bytes at m = 64, cost 2.5 µs a pass.</summary>
    private void CopyColumns(ReadOnlySpan<float> row, Span<float> destination)
    {
        int half = _m / 2;
        ReadOnlySpan<Block16> from = MemoryMarshal.Cast<float, Block16>(row);
        Span<Block16> to = MemoryMarshal.Cast<float, Block16>(destination);
        int blocks = half / 16; // a gate's blocks in the half; a row has 2·blocks of them per gate
        for (int g = 0; g < 4; g++)
            for (int b = 0; b < blocks; b++)
                to[g * blocks + b] = from[(2 * g + Half) * blocks + b];
    }

    /// <summary>16 floats, copied as one value.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    private struct Block16
    {
        private float _first;
    }

    /// <summary>
    /// Places rows of <paramref name="columns"/> floats and returns the floats the layout spans. Rows that divide a page
    /// into slots go to the first slots of pages (they stay in L1) and the rest to the last slot of successive pages,
    /// as long as at least half the rows stay; otherwise rows are contiguous.
    /// </summary>
    internal static int Layout(Span<int> rowOffsets, int columns)
    {
        int rows = rowOffsets.Length;
        int slots = PageFloats % columns == 0 ? PageFloats / columns : 0;
        int resident = slots >= 2 ? Math.Min(rows, ResidentWays * (slots - 1)) : 0;
        if (resident < rows / 2 || resident == rows)
        {
            for (int k = 0; k < rows; k++)
                rowOffsets[k] = k * columns;
            return rows * columns;
        }
        int streamed = 0, pages = (resident + slots - 2) / (slots - 1);
        for (int k = 0; k < rows; k++)
        {
            if (k < resident)
                rowOffsets[k] = k / (slots - 1) * PageFloats + k % (slots - 1) * columns;
            else
                rowOffsets[k] = streamed++ * PageFloats + (slots - 1) * columns;
        }
        pages = Math.Max(pages, streamed);
        return pages * PageFloats;
    }
}
