using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// C = A·op(B) (+ C) for fewer rows than a micro-kernel panel (B = 1 is the online-forecast case): the matrix-vector
/// regime, where packing B would cost as much as the product. B is read in place:
/// op(B) = B streams B's rows with eight register accumulators per column block; op(B) = Bᵀ is one dot product per
/// output, along B's contiguous rows.
/// </summary>
internal static unsafe class SmallRowsGemm
{
    /// <summary>Rows up to which this path is used.</summary>
    public const int MaxRows = Gemm.RowPanel - 1;

    /// <summary>A is [m, k] (row stride lda); B is [k, n] or, with <paramref name="transposeB"/>, [n, k] (row stride ldb).</summary>
    public static void Multiply(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate, VectorWidth width)
    {
        Gemm.CheckOperand(a, lda, m, k, nameof(a));
        Gemm.CheckOperand(b, ldb, transposeB ? n : k, transposeB ? k : n, nameof(b));
        Gemm.CheckOperand(c, ldc, m, n, nameof(c));
        if (m > MaxRows)
            throw new ArgumentOutOfRangeException(nameof(m), m, $"This path is for at most {MaxRows} rows.");
        switch (width)
        {
            case VectorWidth.V512: Run<Simd512, Vector512<float>>(a, lda, b, ldb, transposeB, c, ldc, m, n, k, accumulate); break;
            case VectorWidth.V256: Run<Simd256, Vector256<float>>(a, lda, b, ldb, transposeB, c, ldc, m, n, k, accumulate); break;
            case VectorWidth.V128: Run<Simd128, Vector128<float>>(a, lda, b, ldb, transposeB, c, ldc, m, n, k, accumulate); break;
            default: Run<SimdScalar, float>(a, lda, b, ldb, transposeB, c, ldc, m, n, k, accumulate); break;
        }
    }

    /// <summary>
    /// c[0..n) (+)= Σ_p a[p]·B[rowOffsets[p] .. + n): one row of A times a B whose rows are wherever
    /// <paramref name="rowOffsets"/> says (in floats from b's start, each row n floats), as a cache-set layout puts them
    /// (<see cref="UnitHalf"/>). A row's products are added in the order of p, as <see cref="Multiply"/> adds them.
    /// </summary>
    public static void MultiplyTabled(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<int> rowOffsets, Span<float> c,
        bool accumulate, VectorWidth width)
    {
        int k = a.Length, n = c.Length;
        if (rowOffsets.Length != k)
            throw new ArgumentException($"rowOffsets has {rowOffsets.Length} rows; a has {k}.", nameof(rowOffsets));
        // The split single-sequence pass calls the kernel itself (SingleSequencePass.RunHalf), its table checked once
        // where UnitHalf builds it: checked per call, the offsets cost a tenth of a step. Here, off that path, they are.
        if (!AllRowsInside(rowOffsets, n, b.Length))
            throw new ArgumentException($"A row of {n} floats at one of the offsets lies outside b's {b.Length} floats.", nameof(rowOffsets));
        fixed (int* offsets = rowOffsets)
        {
            var rows = new TabledRows(offsets);
            ref float ar = ref MemoryMarshal.GetReference(a);
            ref float br = ref MemoryMarshal.GetReference(b);
            ref float cr = ref MemoryMarshal.GetReference(c);
            switch (width)
            {
                case VectorWidth.V512: Rows<Simd512, Vector512<float>, TabledRows>(ref ar, ref br, rows, ref cr, n, k, accumulate); break;
                case VectorWidth.V256: Rows<Simd256, Vector256<float>, TabledRows>(ref ar, ref br, rows, ref cr, n, k, accumulate); break;
                case VectorWidth.V128: Rows<Simd128, Vector128<float>, TabledRows>(ref ar, ref br, rows, ref cr, n, k, accumulate); break;
                default: Rows<SimdScalar, float, TabledRows>(ref ar, ref br, rows, ref cr, n, k, accumulate); break;
            }
        }
    }

    /// <summary>Whether every row of <paramref name="n"/> floats at <paramref name="rowOffsets"/> lies within <paramref name="length"/> floats.</summary>
    internal static bool AllRowsInside(ReadOnlySpan<int> rowOffsets, int n, int length)
    {
        foreach (int offset in rowOffsets)
            if (offset < 0 || offset > length - n)
                return false;
        return true;
    }

    /// <summary>Where row p of B starts, in floats from B's start.</summary>
    internal interface IRowAddressing
    {
        nint Offset(int p);
    }

    /// <summary>Rows <c>stride</c> floats apart.</summary>
    internal readonly struct StridedRows(int stride) : IRowAddressing
    {
        public nint Offset(int p) => (nint)p * stride;
    }

    /// <summary>Rows at the offsets of a pinned table.</summary>
    internal readonly struct TabledRows(int* offsets) : IRowAddressing
    {
        public nint Offset(int p) => offsets[p];
    }

    private static void Run<TS, TV>(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float cr = ref MemoryMarshal.GetReference(c);
        for (int i = 0; i < m; i++)
        {
            ref float arow = ref Unsafe.Add(ref ar, i * lda);
            ref float crow = ref Unsafe.Add(ref cr, i * ldc);
            if (transposeB)
                Dots<TS, TV>(ref arow, ref br, ldb, ref crow, n, k, accumulate);
            else
                Rows<TS, TV, StridedRows>(ref arow, ref br, new StridedRows(ldb), ref crow, n, k, accumulate);
        }
    }

    /// <summary>c[0..n) (+)= Σ_p a[p]·B[p, 0..n): blocks of 8 registers stay in registers across all of K.</summary>
    // Optimized from the first call: the single-sequence passes, timed against each other early (see SingleSequencePass.RunHalf).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Rows<TS, TV, TR>(ref float a, ref float b, TR rows, ref float c, int n, int k, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct where TR : struct, IRowAddressing
    {
        int w = TS.Count, j = 0;
        nuint uw = (nuint)w;
        if (w > 1 && Gemm.HasThirtyTwoVectorRegisters)
        {
            for (; j + 16 * w <= n; j += 16 * w)
                SixteenRegisters<TS, TV, TR>(ref a, ref Unsafe.Add(ref b, j), rows, ref Unsafe.Add(ref c, j), k, accumulate);
        }
        for (; j + 8 * w <= n; j += 8 * w)
        {
            TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero, c4 = TS.Zero, c5 = TS.Zero, c6 = TS.Zero, c7 = TS.Zero;
            ref float bj = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
            {
                ref float bp = ref Unsafe.Add(ref bj, rows.Offset(p));
                TV av = TS.Broadcast(Unsafe.Add(ref a, p));
                c0 = TS.MultiplyAdd(av, TS.Load(ref bp, 0), c0);
                c1 = TS.MultiplyAdd(av, TS.Load(ref bp, uw), c1);
                c2 = TS.MultiplyAdd(av, TS.Load(ref bp, 2 * uw), c2);
                c3 = TS.MultiplyAdd(av, TS.Load(ref bp, 3 * uw), c3);
                c4 = TS.MultiplyAdd(av, TS.Load(ref bp, 4 * uw), c4);
                c5 = TS.MultiplyAdd(av, TS.Load(ref bp, 5 * uw), c5);
                c6 = TS.MultiplyAdd(av, TS.Load(ref bp, 6 * uw), c6);
                c7 = TS.MultiplyAdd(av, TS.Load(ref bp, 7 * uw), c7);
            }
            ref float cp = ref Unsafe.Add(ref c, j);
            Store<TS, TV>(ref cp, 0, c0, accumulate); Store<TS, TV>(ref cp, uw, c1, accumulate);
            Store<TS, TV>(ref cp, 2 * uw, c2, accumulate); Store<TS, TV>(ref cp, 3 * uw, c3, accumulate);
            Store<TS, TV>(ref cp, 4 * uw, c4, accumulate); Store<TS, TV>(ref cp, 5 * uw, c5, accumulate);
            Store<TS, TV>(ref cp, 6 * uw, c6, accumulate); Store<TS, TV>(ref cp, 7 * uw, c7, accumulate);
        }
        // A block of 4 registers for what is left: one register at a time would chain every FMA of a column on the one before.
        for (; j + 4 * w <= n; j += 4 * w)
        {
            TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero;
            ref float bj = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
            {
                ref float bp = ref Unsafe.Add(ref bj, rows.Offset(p));
                TV av = TS.Broadcast(Unsafe.Add(ref a, p));
                c0 = TS.MultiplyAdd(av, TS.Load(ref bp, 0), c0);
                c1 = TS.MultiplyAdd(av, TS.Load(ref bp, uw), c1);
                c2 = TS.MultiplyAdd(av, TS.Load(ref bp, 2 * uw), c2);
                c3 = TS.MultiplyAdd(av, TS.Load(ref bp, 3 * uw), c3);
            }
            ref float cp = ref Unsafe.Add(ref c, j);
            Store<TS, TV>(ref cp, 0, c0, accumulate); Store<TS, TV>(ref cp, uw, c1, accumulate);
            Store<TS, TV>(ref cp, 2 * uw, c2, accumulate); Store<TS, TV>(ref cp, 3 * uw, c3, accumulate);
        }
        for (; j + w <= n; j += w)
        {
            TV acc = TS.Zero;
            ref float bj = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
                acc = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref a, p)), TS.Load(ref Unsafe.Add(ref bj, rows.Offset(p)), 0), acc);
            Store<TS, TV>(ref Unsafe.Add(ref c, j), 0, acc, accumulate);
        }
        for (; j < n; j++)
        {
            float acc = 0;
            for (int p = 0; p < k; p++)
                acc += Unsafe.Add(ref a, p) * Unsafe.Add(ref b, rows.Offset(p) + j);
            Unsafe.Add(ref c, j) = accumulate ? Unsafe.Add(ref c, j) + acc : acc;
        }
    }

    /// <summary>c[0..16w) (+)= Σ_p a[p]·B[p, 0..16w): with 32 registers, a whole 1 KB row of U at 512 bits (m = 64) per
    /// step, so B is streamed once, row after row, instead of in two half-row passes that each skip half of every row.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // see Rows
    private static void SixteenRegisters<TS, TV, TR>(ref float a, ref float b, TR rows, ref float c, int k, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct where TR : struct, IRowAddressing
    {
        nuint uw = (nuint)TS.Count;
        TV c0 = TS.Zero, c1 = TS.Zero, c2 = TS.Zero, c3 = TS.Zero, c4 = TS.Zero, c5 = TS.Zero, c6 = TS.Zero, c7 = TS.Zero;
        TV c8 = TS.Zero, c9 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero, c14 = TS.Zero, c15 = TS.Zero;
        for (int p = 0; p < k; p++)
        {
            ref float bp = ref Unsafe.Add(ref b, rows.Offset(p));
            TV av = TS.Broadcast(Unsafe.Add(ref a, p));
            c0 = TS.MultiplyAdd(av, TS.Load(ref bp, 0), c0);
            c1 = TS.MultiplyAdd(av, TS.Load(ref bp, uw), c1);
            c2 = TS.MultiplyAdd(av, TS.Load(ref bp, 2 * uw), c2);
            c3 = TS.MultiplyAdd(av, TS.Load(ref bp, 3 * uw), c3);
            c4 = TS.MultiplyAdd(av, TS.Load(ref bp, 4 * uw), c4);
            c5 = TS.MultiplyAdd(av, TS.Load(ref bp, 5 * uw), c5);
            c6 = TS.MultiplyAdd(av, TS.Load(ref bp, 6 * uw), c6);
            c7 = TS.MultiplyAdd(av, TS.Load(ref bp, 7 * uw), c7);
            c8 = TS.MultiplyAdd(av, TS.Load(ref bp, 8 * uw), c8);
            c9 = TS.MultiplyAdd(av, TS.Load(ref bp, 9 * uw), c9);
            c10 = TS.MultiplyAdd(av, TS.Load(ref bp, 10 * uw), c10);
            c11 = TS.MultiplyAdd(av, TS.Load(ref bp, 11 * uw), c11);
            c12 = TS.MultiplyAdd(av, TS.Load(ref bp, 12 * uw), c12);
            c13 = TS.MultiplyAdd(av, TS.Load(ref bp, 13 * uw), c13);
            c14 = TS.MultiplyAdd(av, TS.Load(ref bp, 14 * uw), c14);
            c15 = TS.MultiplyAdd(av, TS.Load(ref bp, 15 * uw), c15);
        }
        Store<TS, TV>(ref c, 0, c0, accumulate); Store<TS, TV>(ref c, uw, c1, accumulate);
        Store<TS, TV>(ref c, 2 * uw, c2, accumulate); Store<TS, TV>(ref c, 3 * uw, c3, accumulate);
        Store<TS, TV>(ref c, 4 * uw, c4, accumulate); Store<TS, TV>(ref c, 5 * uw, c5, accumulate);
        Store<TS, TV>(ref c, 6 * uw, c6, accumulate); Store<TS, TV>(ref c, 7 * uw, c7, accumulate);
        Store<TS, TV>(ref c, 8 * uw, c8, accumulate); Store<TS, TV>(ref c, 9 * uw, c9, accumulate);
        Store<TS, TV>(ref c, 10 * uw, c10, accumulate); Store<TS, TV>(ref c, 11 * uw, c11, accumulate);
        Store<TS, TV>(ref c, 12 * uw, c12, accumulate); Store<TS, TV>(ref c, 13 * uw, c13, accumulate);
        Store<TS, TV>(ref c, 14 * uw, c14, accumulate); Store<TS, TV>(ref c, 15 * uw, c15, accumulate);
    }

    /// <summary>c[j] (+)= a·B[j, 0..k) for each j: four independent accumulator chains per dot product.</summary>
    private static void Dots<TS, TV>(ref float a, ref float b, int ldb, ref float c, int n, int k, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct
    {
        int w = TS.Count;
        nuint uw = (nuint)w;
        for (int j = 0; j < n; j++)
        {
            ref float brow = ref Unsafe.Add(ref b, j * ldb);
            TV s0 = TS.Zero, s1 = TS.Zero, s2 = TS.Zero, s3 = TS.Zero;
            int p = 0;
            for (; p + 4 * w <= k; p += 4 * w)
            {
                nuint up = (nuint)p;
                s0 = TS.MultiplyAdd(TS.Load(ref a, up), TS.Load(ref brow, up), s0);
                s1 = TS.MultiplyAdd(TS.Load(ref a, up + uw), TS.Load(ref brow, up + uw), s1);
                s2 = TS.MultiplyAdd(TS.Load(ref a, up + 2 * uw), TS.Load(ref brow, up + 2 * uw), s2);
                s3 = TS.MultiplyAdd(TS.Load(ref a, up + 3 * uw), TS.Load(ref brow, up + 3 * uw), s3);
            }
            for (; p + w <= k; p += w)
                s0 = TS.MultiplyAdd(TS.Load(ref a, (nuint)p), TS.Load(ref brow, (nuint)p), s0);
            float sum = TS.Sum(TS.Add(TS.Add(s0, s1), TS.Add(s2, s3)));
            for (; p < k; p++)
                sum += Unsafe.Add(ref a, p) * Unsafe.Add(ref brow, p);
            Unsafe.Add(ref c, j) = accumulate ? Unsafe.Add(ref c, j) + sum : sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TS, TV>(ref float c, nuint offset, TV value, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct =>
        TS.Store(accumulate ? TS.Add(value, TS.Load(ref c, offset)) : value, ref c, offset);
}
