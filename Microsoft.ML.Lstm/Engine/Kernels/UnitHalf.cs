using System;
using System.Runtime.CompilerServices;
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
        // The other half's rows first: the rows that stream from L2 at every step are then this core's own, which it
        // multiplies while the other core's half of h is on its way, not after it has come.
        _recurrentLength = Layout(_rowOffsets, _columns, firstRow: half == 0 ? units / 2 : 0);
        _scratchAt = (_recurrentLength + PageFloats - 1) / PageFloats * PageFloats;
        int scratch = 2 * _columns + _m + _p * _columns; // z, bias, h, W
        _memory = AlignedMemory.Allocate(_scratchAt + scratch, 4096);
        if (!SmallRowsGemm.AllRowsInside(_rowOffsets, _columns, _recurrentLength))
            throw new InvalidOperationException($"The layout of {units} rows of {_columns} floats places a row outside its {_recurrentLength} floats.");
    }

    /// <summary>0 for the first m/2 units, 1 for the others.</summary>
    public int Half { get; }

    /// <summary>The layer's units m (the half has m/2).</summary>
    public int Units => _m;

    /// <summary>The layer's input features p.</summary>
    public int InputSize => _p;

    /// <summary>Rows of U in the order of h's elements: where each starts in <see cref="Recurrent"/>.</summary>
    public ReadOnlySpan<int> RowOffsets => _rowOffsets;

    /// <summary>The half's columns of U, [m, 2m], rows where <see cref="RowOffsets"/> says.</summary>
    public ReadOnlySpan<float> Recurrent => _memory.Span.Slice(0, _recurrentLength);

    /// <summary>The step's gate pre-activations h·U for the half's units, [2m].</summary>
    public Span<float> Z => _memory.Span.Slice(_scratchAt, _columns);

    /// <summary>The half's columns of b, [2m] (empty without a bias).</summary>
    public Span<float> Bias => HasBias ? _memory.Span.Slice(_scratchAt + _columns, _columns) : Span<float>.Empty;

    /// <summary>h_{t-1} whole, [m]: this half's units written by this core, the others received from the other.</summary>
    public Span<float> Hidden => _memory.Span.Slice(_scratchAt + 2 * _columns, _m);

    /// <summary>The half's columns of W, [p, 2m].</summary>
    public Span<float> Kernel => _memory.Span.Slice(_scratchAt + 2 * _columns + _m, _p * _columns);

    private bool HasBias { get; set; }

    /// <summary>Copies this half's columns of the layer's W [p, 4m], U [m, 4m] and b [4m] (or none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run at every split pass, timed early: see SingleSequencePass.RunHalf
    public void Pack(ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias)
    {
        int row = 4 * _m;
        if (kernel.Length != _p * row || recurrent.Length != _m * row || !(bias.IsEmpty || bias.Length == row))
            throw new ArgumentException($"W, U and b have {kernel.Length}, {recurrent.Length} and {bias.Length} floats; a layer of {_m} units over {_p} features has {_p * row}, {_m * row} and {row} (or no bias).");
        HasBias = !bias.IsEmpty;
        Span<float> packed = _memory.Span;
        ref float u = ref MemoryMarshal.GetReference(recurrent);
        ref float to = ref MemoryMarshal.GetReference(packed);
        for (int k = 0; k < _m; k++)
            CopyColumns(ref Unsafe.Add(ref u, k * row), ref Unsafe.Add(ref to, _rowOffsets[k]));
        ref float w = ref MemoryMarshal.GetReference(kernel);
        ref float packedW = ref MemoryMarshal.GetReference(Kernel);
        for (int r = 0; r < _p; r++)
            CopyColumns(ref Unsafe.Add(ref w, r * row), ref Unsafe.Add(ref packedW, r * _columns));
        if (HasBias)
            CopyColumns(ref MemoryMarshal.GetReference(bias), ref MemoryMarshal.GetReference(Bias));
    }

    /// <summary>Gate g's columns of this half's units: [g·m + Half·m/2, +m/2) of a row of 4m (checked by the caller).
    /// Copied 16 floats at a time (m/2 is a multiple of 16) without bounds checks: a CopyTo per gate, 256 calls of 128
    /// bytes at m = 64, cost 2.5 µs a pass, and indexed spans of blocks 1.1 µs, where reading the half's 32 KB of U
    /// from L2 takes 0.75.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a method with loops is otherwise called, once per row
    private void CopyColumns(ref float row, ref float destination)
    {
        int blocks = _m / 32; // a gate's blocks in the half; a row has 2·blocks of them per gate
        ref Block16 from = ref Unsafe.As<float, Block16>(ref row);
        ref Block16 to = ref Unsafe.As<float, Block16>(ref destination);
        for (int g = 0; g < 4; g++)
            for (int b = 0; b < blocks; b++)
                Unsafe.Add(ref to, g * blocks + b) = Unsafe.Add(ref from, (2 * g + Half) * blocks + b);
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
    /// as long as at least half the rows stay; otherwise rows are contiguous. Rows are placed from
    /// <paramref name="firstRow"/> on, wrapping around, so the rows that stream are the last ones before it.
    /// </summary>
    internal static int Layout(Span<int> rowOffsets, int columns, int firstRow = 0)
    {
        int rows = rowOffsets.Length;
        if (firstRow < 0 || firstRow >= Math.Max(rows, 1))
            throw new ArgumentOutOfRangeException(nameof(firstRow), firstRow, $"There are {rows} rows.");
        int slots = PageFloats % columns == 0 ? PageFloats / columns : 0;
        int resident = slots >= 2 ? Math.Min(rows, ResidentWays * (slots - 1)) : 0;
        bool contiguous = slots < 2 || resident < rows / 2 || resident == rows;
        for (int k = 0; k < rows; k++)
        {
            int place = (k - firstRow + rows) % rows; // the row's turn
            if (contiguous)
                rowOffsets[k] = place * columns;
            else if (place < resident)
                rowOffsets[k] = place / (slots - 1) * PageFloats + place % (slots - 1) * columns;
            else
                rowOffsets[k] = (place - resident) * PageFloats + (slots - 1) * columns;
        }
        if (contiguous)
            return rows * columns;
        int residentPages = (resident + slots - 2) / (slots - 1);
        return Math.Max(residentPages, rows - resident) * PageFloats;
    }
}
