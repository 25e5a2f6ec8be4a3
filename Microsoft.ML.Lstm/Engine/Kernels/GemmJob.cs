using System;
using System.Numerics.Tensors;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// The operands of the GEMM in flight, shared with the worker threads. Spans cannot be stored in a class, so
/// the caller's spans are pinned for the duration of the call and kept as raw memory.
/// </summary>
internal sealed unsafe class GemmJob : IParallelWork
{
    private float* _a, _a2, _a3, _c;
    private int _aLength, _a2Length, _a3Length, _cLength;
    private readonly Memory<float>[] _transposedBlocks;
    private Memory<float> _secondHalfSums;

    /// <summary>A job that runs on up to <paramref name="maxThreads"/> threads (one scratch each).</summary>
    public GemmJob(int maxThreads) => _transposedBlocks = new Memory<float>[maxThreads];

    public PackedMatrix? B { get; private set; }
    public int Lda { get; private set; }

    /// <summary>Rows of op(A) that come from <see cref="A"/>: all of them, unless a second operand is stacked under it
    /// (<see cref="SetSecond"/>).</summary>
    public int FirstRows { get; private set; }

    /// <summary>Row stride of the second operand, when there is one.</summary>
    public int Lda2 { get; private set; }

    /// <summary>The first row of op(A) that comes from the third operand (<see cref="SetThird"/>): <see cref="M"/> when
    /// there is none.</summary>
    public int ThirdRows { get; private set; }

    /// <summary>Row stride of the third operand, when there is one.</summary>
    public int Lda3 { get; private set; }
    public bool TransposeA { get; private set; }
    public int Ldc { get; private set; }
    public int M { get; private set; }
    public bool Accumulate { get; private set; }
    public bool SplitByRows { get; set; }

    /// <summary>Slices of each half of K (or of all of K) the work is cut into (more than threads, so a late thread
    /// leaves its share to the others).</summary>
    public int Chunks { get; set; }

    /// <summary>Whether the product sums the two halves of its K blocks apart, the second into
    /// <see cref="SecondHalfSums"/>, which <see cref="AddSecondHalf"/> then adds to C (see <see cref="Gemm.SplitsDepth"/>).</summary>
    public bool SplitDepth { get; set; }

    /// <summary>Chunks in all: <see cref="Chunks"/> for each half of K when <see cref="SplitDepth"/>.</summary>
    public int TotalChunks => SplitDepth ? 2 * Chunks : Chunks;

    /// <summary>The second half of K's sums, [M, N] with row stride N, while <see cref="SplitDepth"/>.</summary>
    public Span<float> SecondHalfSums => _secondHalfSums.Span;

    public ReadOnlySpan<float> A => new(_a, _aLength);

    /// <summary>The second operand of a stacked op(A) (rows <see cref="FirstRows"/> and on), or empty.</summary>
    public ReadOnlySpan<float> A2 => new(_a2, _a2Length);

    /// <summary>The third operand of a stacked op(A) (rows <see cref="ThirdRows"/> and on), or empty.</summary>
    public ReadOnlySpan<float> A3 => new(_a3, _a3Length);
    public Span<float> C => new(_c, _cLength);

    /// <summary>Takes the operands; <paramref name="a"/> and <paramref name="c"/> must stay pinned until <see cref="Clear"/>.</summary>
    public void Set(float* a, int aLength, int lda, bool transposeA, PackedMatrix b, float* c, int cLength, int ldc, int m, bool accumulate)
    {
        _a = a;
        _c = c;
        _aLength = aLength;
        _cLength = cLength;
        Lda = lda;
        TransposeA = transposeA;
        B = b;
        Ldc = ldc;
        M = m;
        FirstRows = m;
        ThirdRows = m;
        Accumulate = accumulate;
        _a2 = null;
        _a2Length = 0;
        Lda2 = 0;
        _a3 = null;
        _a3Length = 0;
        Lda3 = 0;
    }

    /// <summary>Stacks a second transposed operand under the first: op(A) rows [<paramref name="firstRows"/>, M) are
    /// rows of <paramref name="a2"/>ᵀ. Pinned as the first, until <see cref="Clear"/>.</summary>
    public void SetSecond(float* a2, int a2Length, int lda2, int firstRows)
    {
        _a2 = a2;
        _a2Length = a2Length;
        Lda2 = lda2;
        FirstRows = firstRows;
    }

    /// <summary>Stacks a third transposed operand under the second: op(A) rows [<paramref name="thirdRows"/>, M) are rows
    /// of <paramref name="a3"/>ᵀ. Pinned as the first, until <see cref="Clear"/>.</summary>
    public void SetThird(float* a3, int a3Length, int lda3, int thirdRows)
    {
        _a3 = a3;
        _a3Length = a3Length;
        Lda3 = lda3;
        ThirdRows = thirdRows;
    }

    /// <summary>Where thread <paramref name="thread"/> packs blocks of Aᵀ: made on its first transposed product, then reused.</summary>
    public Span<float> TransposedBlockScratch(int thread)
    {
        if (_transposedBlocks[thread].IsEmpty)
            _transposedBlocks[thread] = AlignedMemory.Allocate(Gemm.TransposedBlockLength);
        return _transposedBlocks[thread].Span;
    }

    /// <summary>Makes room for the second half of K's sums of an [<paramref name="m"/>, <paramref name="n"/>] product:
    /// grown when a product needs more, then reused.</summary>
    public void PrepareSecondHalf(int m, int n)
    {
        if (_secondHalfSums.Length < m * n)
            _secondHalfSums = AlignedMemory.Allocate(m * n);
    }

    /// <summary>C += the second half of K's sums, row by row: each element's two half sums added once, in that order.</summary>
    public void AddSecondHalf()
    {
        int n = B!.N;
        Span<float> c = C, sums = SecondHalfSums;
        for (int i = 0; i < M; i++)
        {
            Span<float> row = c.Slice(i * Ldc, n);
            TensorPrimitives.Add(row, sums.Slice(i * n, n), row);
        }
    }

    public void Clear()
    {
        _a = null;
        _a2 = null;
        _a2Length = 0;
        _a3 = null;
        _a3Length = 0;
        _c = null;
        B = null;
    }

    public void Execute(int chunk, int thread)
    {
        int rowPanels = (M + Gemm.RowPanel - 1) / Gemm.RowPanel;
        int panels = B!.Panels;
        // Chunks [0, Chunks) take all of K or its first half, [Chunks, 2·Chunks) its second half.
        int half = SplitDepth ? chunk / Chunks + 1 : 0;
        chunk %= Chunks;
        if (SplitByRows)
        {
            (int start, int end) = Split(rowPanels, chunk);
            Gemm.RunRange(this, start * Gemm.RowPanel, Math.Min(M, end * Gemm.RowPanel), 0, panels, half, thread);
        }
        else
        {
            (int start, int end) = Split(panels, chunk);
            Gemm.RunRange(this, 0, M, start, end, half, thread);
        }
    }

    private (int Start, int End) Split(int total, int chunk)
    {
        int per = total / Chunks, extra = total % Chunks;
        int start = chunk * per + Math.Min(chunk, extra);
        return (start, start + per + (chunk < extra ? 1 : 0));
    }
}
