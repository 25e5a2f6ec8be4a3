using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// C = op(A)·op(B) (+ C when accumulating), single precision, row-major with explicit row strides. Each element of C is
/// one chain of FMAs over K in order, starting from C when accumulating (each K block goes on from the last block's C), so
/// that the K blocks do not change the floats: the batch-major pass (<see cref="BatchMajorPass"/>) sums over all of K at
/// once and gives the same z. Two exceptions: the one-row kernel (<see cref="MicroKernel1"/>) has its own order, and a
/// product of a transposed A of several K blocks (the weight gradients) sums the two halves of its blocks apart and adds
/// them (<see cref="SplitsDepth"/>).
/// op(A) is [M, K], op(B) is [K, N], C is [M, N]. B is packed into column panels of two registers
/// (<see cref="PackedMatrix"/>); A is read in place, <see cref="RowPanel"/> rows at a time (Aᵀ is first copied into
/// row panels, one block at a time; see <see cref="PackTransposedBlock"/>). A register-blocked
/// micro-kernel keeps a 6 x 4-register tile of C (two adjacent panels) in registers across the K block where the core
/// has 32 vector registers, else a 6 x 2 tile. Large products are split over the worker pool by rows
/// (or by column panels when there are few rows; by halves of K first where those are summed apart); small ones stay
/// on the calling thread.
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>Rows of the micro-kernel's C tile.</summary>
    public const int RowPanel = 6;

    /// <summary>Largest depth of one K block: a block of A and a B panel of this depth stay in L2 and L1.</summary>
    /// <remarks>128 rather than 256: a pair of 512-bit B panels of depth 256 (64 KB) is twice L1, and the micro-kernel then
    /// streams it from L2 for every row panel. Storing and reloading C twice as often costs less: measured on the layer's
    /// step GEMMs ([128, 320]·[320, 1024] 77 -> 81% of peak) and on the M and L forward and training passes (2-4%).</remarks>
    public const int KBlock = 128;

    /// <summary>The depth of K blocks for a product of depth <paramref name="k"/>: as few blocks as
    /// <see cref="KBlock"/> allows, of equal depth (K = 320 is three blocks of 107, not 128, 128 and a short one of 64
    /// whose tiles spend as long loading and storing C as multiplying). The packing of B and the product agree on it.</summary>
    public static int KBlockFor(int k)
    {
        int blocks = Math.Max(1, (k + KBlock - 1) / KBlock);
        return (k + blocks - 1) / blocks;
    }

    /// <summary>Rows of A run against each B panel before the next panel (a multiple of <see cref="RowPanel"/>): a block
    /// of this many rows and <see cref="KBlock"/> depth stays in L2 while every panel passes over it.</summary>
    public const int RowBlock = 96;

    /// <summary>Chunks per thread of a split product: enough that a descheduled thread leaves little for others to wait on.</summary>
    public const int ChunksPerThread = 4;

    /// <summary>Multiply-adds below which a product is not worth splitting across threads.</summary>
    public const long ParallelThreshold = 1L << 20;

    /// <summary>C = op(A)·op(B) (+ C). Packs B into the context's scratch first.</summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate, GemmContext context)
    {
        if (m <= SmallRowsGemm.MaxRows && !transposeA)
        {
            // Matrix-vector regime: packing B would cost as much as the product.
            SmallRowsGemm.Multiply(a, lda, b, ldb, transposeB, c, ldc, m, n, k, accumulate, context.Width);
            return;
        }
        context.ScratchB.Pack(b, ldb, transposeB, k, n, context.Width);
        Multiply(a, lda, transposeA, context.ScratchB, c, ldc, m, accumulate, context);
    }

    /// <summary>C = op(A)·B (+ C) with B already packed; op(A) is [M, b.K].</summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int lda, bool transposeA, PackedMatrix b,
        Span<float> c, int ldc, int m, bool accumulate, GemmContext context)
    {
        int n = b.N, k = b.K;
        CheckPacked(m, nameof(m), b, context);
        CheckOperand(a, lda, transposeA ? k : m, transposeA ? m : k, nameof(a));
        if (!HasWork(c, ldc, m, n, k, accumulate))
            return;

        GemmJob job = context.Job;
        // Pinned for the whole call: worker threads read A and write C through the job.
        fixed (float* pa = a)
        fixed (float* pc = c)
        {
            job.Set(pa, a.Length, lda, transposeA, b, pc, c.Length, ldc, m, accumulate);
            Run(job, m, n, k, b, context);
        }
    }

    /// <summary>C = [A1ᵀ; A2ᵀ]·B (+ C): the stacked product below without a third operand.</summary>
    public static void MultiplyStackedTransposed(ReadOnlySpan<float> a1, int lda1, int m1, ReadOnlySpan<float> a2, int lda2, int m2,
        PackedMatrix b, Span<float> c, int ldc, bool accumulate, GemmContext context) =>
        MultiplyStackedTransposed(a1, lda1, m1, a2, lda2, m2, default, 1, 0, b, c, ldc, accumulate, context);

    /// <summary>
    /// C = [A1ᵀ; A2ᵀ; A3ᵀ]·B (+ C): op(A) is A1ᵀ ([m1, K]; A1 is [K, m1] with row stride <paramref name="lda1"/>) stacked
    /// over A2ᵀ ([m2, K]) and A3ᵀ ([m3, K], m3 may be 0), and C is [m1 + m2 + m3, N]. The layer's weight gradients
    /// [dW; dU; db] = [X, H, 1]ᵀ·dZ are one product this way (dW, dU and db are adjacent, as W, U and b are), with no
    /// copy of X and H side by side: the blocks of Aᵀ that the product packs anyway (<see cref="PackTransposedBlock"/>)
    /// take their rows from any operand. dW alone has p rows (16 in M's case: three row panels, two of them partial),
    /// and it ran at a third of the peak. db, the sums of dZ's columns, is the row of ones' product: one row more in the
    /// last row panel, where summing each row's dz at every step cost 3% of L's training step.
    /// </summary>
    public static void MultiplyStackedTransposed(ReadOnlySpan<float> a1, int lda1, int m1, ReadOnlySpan<float> a2, int lda2, int m2,
        ReadOnlySpan<float> a3, int lda3, int m3, PackedMatrix b, Span<float> c, int ldc, bool accumulate, GemmContext context)
    {
        int n = b.N, k = b.K, m = m1 + m2 + m3;
        CheckPacked(m1, nameof(m1), b, context);
        CheckPacked(m2, nameof(m2), b, context);
        CheckPacked(m3, nameof(m3), b, context);
        CheckOperand(a1, lda1, k, m1, nameof(a1));
        CheckOperand(a2, lda2, k, m2, nameof(a2));
        CheckOperand(a3, lda3, k, m3, nameof(a3));
        if (m1 == 0 || m2 == 0 || m < RowPanel)
        {
            // Fewer rows than a panel are read in place (nothing is packed to take them from either operand).
            CheckOperand(c, ldc, m, n, nameof(c));
            Multiply(a1, lda1, true, b, c, ldc, m1, accumulate, context);
            if (m2 > 0)
                Multiply(a2, lda2, true, b, c.Slice(m1 * ldc), ldc, m2, accumulate, context);
            if (m3 > 0)
                Multiply(a3, lda3, true, b, c.Slice((m1 + m2) * ldc), ldc, m3, accumulate, context);
            return;
        }
        if (!HasWork(c, ldc, m, n, k, accumulate))
            return;

        GemmJob job = context.Job;
        fixed (float* pa1 = a1)
        fixed (float* pa2 = a2)
        fixed (float* pa3 = a3)
        fixed (float* pc = c)
        {
            job.Set(pa1, a1.Length, lda1, true, b, pc, c.Length, ldc, m, accumulate);
            job.SetSecond(pa2, a2.Length, lda2, m1);
            if (m3 > 0)
                job.SetThird(pa3, a3.Length, lda3, m1 + m2);
            Run(job, m, n, k, b, context);
        }
    }

    private static void CheckPacked(int m, string name, PackedMatrix b, GemmContext context)
    {
        if (m < 0)
            throw new ArgumentOutOfRangeException(name, m, "The row count must not be negative.");
        if (b.Width != context.Width)
            throw new ArgumentException($"B was packed for {b.Width} but the context runs at {context.Width}.", nameof(b));
    }

    /// <summary>Checks C; false when the product has nothing to multiply (C is then cleared unless accumulating).</summary>
    private static bool HasWork(Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        CheckOperand(c, ldc, m, n, nameof(c));
        if (m == 0 || n == 0)
            return false;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++)
                    c.Slice(i * ldc, n).Clear();
            return false;
        }
        return true;
    }

    private static void Run(GemmJob job, int m, int n, int k, PackedMatrix b, GemmContext context)
    {
        int rowPanels = (m + RowPanel - 1) / RowPanel;
        int threads = (long)m * n * k >= ParallelThreshold ? context.MaxThreads : 1;
        job.SplitDepth = SplitsDepth(job.TransposeA, m, k);
        // Each half of K is a part of its own (one thread each on two cores); more threads split each half further.
        int partThreads = job.SplitDepth ? (threads + 1) / 2 : threads;
        job.SplitByRows = true;
        job.Chunks = 1;
        if (partThreads > 1)
        {
            // Each part reads all of the other operand: split by rows, every part streams all of B (K x N); by panels,
            // every part reads all of A (M x K) again. So the wider of the two is split, and by panels into one range
            // per thread, each reading A once. The weight gradients (M = m or p rows, N = 4m, K = T·B, B larger than
            // any cache) had eight row chunks each streaming all of dZ: on 2 threads, M's dU went 5.2 -> 4.0 ms.
            job.SplitByRows = b.Panels < 2 * partThreads || (rowPanels >= 2 * partThreads && m >= n);
            job.Chunks = job.SplitByRows ? Math.Min(rowPanels, ChunksPerThread * partThreads) : partThreads;
        }
        if (job.SplitDepth)
            job.PrepareSecondHalf(m, n);
        try
        {
            if (job.TotalChunks == 1)
                job.Execute(0, 0);
            else
                WorkerPool.Shared.Run(job, job.TotalChunks, threads);
            if (job.SplitDepth)
                job.AddSecondHalf();
        }
        finally
        {
            job.Clear();
        }
    }

    /// <summary>
    /// Whether a product sums the first and the second half of its K blocks apart and then adds the two (C = (C +) the
    /// first half's chain, then + the second half's chain, for every element, whatever the threads): products of a
    /// transposed A that is copied into row panels (the weight gradients, K = T·B) with two K blocks or more.
    /// </summary>
    /// <remarks>Split by column panels, each thread copied every block of Aᵀ for its own panels: on two cores the copies
    /// were 16-25% of the product, both threads reading the same rows of X and H from L3 at once. Split by halves of
    /// K, each thread copies only its own half's blocks and runs every column panel over each. The order of the sums
    /// is fixed by the shape, not by the threads, so one thread and two still give the same floats.</remarks>
    internal static bool SplitsDepth(bool transposeA, int m, int k) =>
        transposeA && m >= RowPanel && k > KBlockFor(k);

    /// <summary>Depths [start, end) of K that <paramref name="half"/> sums: all of K for 0, else the first (1) or second
    /// (2) half of its K blocks (the first half one block longer when their count is odd).</summary>
    internal static (int Start, int End) DepthRange(int half, int k)
    {
        if (half == 0)
            return (0, k);
        int kBlock = KBlockFor(k);
        int blocks = (k + kBlock - 1) / kBlock;
        int middle = (blocks + 1) / 2 * kBlock;
        return half == 1 ? (0, middle) : (middle, k);
    }

    /// <summary>Floats of the scratch that one thread packs a block of Aᵀ into (<see cref="PackTransposedBlock"/>).</summary>
    public const int TransposedBlockLength = (RowBlock + RowPanel - 1) / RowPanel * RowPanel * KBlock;

    /// <summary>Runs one part: rows [rowStart, rowEnd) against panels [panelStart, panelEnd) over the depths of
    /// <paramref name="half"/> (see <see cref="DepthRange"/>; the second half into <see cref="GemmJob.SecondHalfSums"/>),
    /// on the thread that owns scratch <paramref name="thread"/> of the job.</summary>
    internal static void RunRange(GemmJob job, int rowStart, int rowEnd, int panelStart, int panelEnd, int half, int thread)
    {
        switch (job.B!.Width)
        {
            case VectorWidth.V512: RunRange<Simd512, Vector512<float>>(job, rowStart, rowEnd, panelStart, panelEnd, half, thread); break;
            case VectorWidth.V256: RunRange<Simd256, Vector256<float>>(job, rowStart, rowEnd, panelStart, panelEnd, half, thread); break;
            case VectorWidth.V128: RunRange<Simd128, Vector128<float>>(job, rowStart, rowEnd, panelStart, panelEnd, half, thread); break;
            default: RunRange<SimdScalar, float>(job, rowStart, rowEnd, panelStart, panelEnd, half, thread); break;
        }
    }

    private static void RunRange<TS, TV>(GemmJob job, int rowStart, int rowEnd, int panelStart, int panelEnd, int half, int thread)
        where TS : struct, ISimd<TV> where TV : struct
    {
        PackedMatrix b = job.B!;
        int n = b.N, k = b.K, nr = b.PanelWidth;
        bool secondHalf = half == 2;
        Span<float> c = secondHalf ? job.SecondHalfSums : job.C;
        int ldc = secondHalf ? n : job.Ldc;
        (int kStart, int kEnd) = DepthRange(half, k);
        Span<float> tile = stackalloc float[RowPanel * 32];
        ref float bData = ref MemoryMarshal.GetReference(b.Data);
        ref float aData = ref MemoryMarshal.GetReference(job.A);
        ref float cData = ref MemoryMarshal.GetReference(c);
        bool fewRows = job.M < RowPanel;
        bool wide = TS.Count > 1 && HasThirtyTwoVectorRegisters;
        // A is read in place, element (i, p) of op(A) at i·rowStride + p·depthStride: the micro-kernels broadcast one
        // value per row and step of K from six row addresses, which costs the load ports what reading a packed panel
        // did, and the packing itself is gone (a copy of all of A per product: 14% of S's training step, whose
        // backward products have A = dZ or the layer's inputs, read once each).
        // Aᵀ (the weight gradients: A is the layer's inputs, [T·B, p + m]) is the exception. A row panel's six values
        // of one step of K are adjacent, but each step is the next row of A, so a 6 x 4 tile touched a new cache line
        // per step (128 per K block, most of them less than half used) beside its 32 KB B panel pair, and these
        // products ran at 64-69% of peak. Copied block by block into row panels (each block read once, then reused by
        // every column panel of this part), L's dU, [256, 25600]·[25600, 1024], went from 65-66% to 69.5-70% of the
        // 2-core peak (alternating runs); M's thin products (16 and 128 rows) did not move. Each half of K's blocks
        // goes to a thread of its own (SplitsDepth), so each block is copied once on two cores.
        bool packA = job.TransposeA && !fewRows;
        Span<float> aPanels = packA ? job.TransposedBlockScratch(thread) : default;
        nint rowStride = job.TransposeA ? 1 : job.Lda;
        nint depthStride = packA ? RowPanel : job.TransposeA ? job.Lda : 1;

        int kBlock = KBlockFor(k);
        for (int k0 = kStart; k0 < kEnd; k0 += kBlock)
        {
            int kb = Math.Min(kBlock, kEnd - k0);
            // The second half starts from zero; C's own values (when accumulating) go into the first.
            bool accumulate = (job.Accumulate && !secondHalf) || k0 > kStart;
            for (int i0 = rowStart; i0 < rowEnd; i0 += RowBlock)
            {
                int mb = Math.Min(RowBlock, rowEnd - i0);
                ref float aBlock = ref aData;
                nint panelStride = rowStride; // from a row panel's first value to the next one's: ip rows down in A
                if (packA)
                {
                    PackTransposedBlock(job, i0, mb, k0, kb, aPanels);
                    aBlock = ref MemoryMarshal.GetReference(aPanels);
                    panelStride = kb; // ip / RowPanel panels of [kb, RowPanel] on
                }
                else
                {
                    aBlock = ref Unsafe.Add(ref aData, i0 * rowStride + k0 * depthStride);
                }
                for (int j = panelStart; j < panelEnd; j++)
                {
                    ref float panel = ref Unsafe.Add(ref bData, b.PanelOffset(k0, kb, j));
                    int cols = Math.Min(nr, n - j * nr);
                    if (fewRows)
                    {
                        for (int r = 0; r < mb; r++)
                            MicroKernel1<TS, TV>(kb, ref Unsafe.Add(ref aBlock, r * rowStride), depthStride, ref panel,
                                ref Unsafe.Add(ref cData, (i0 + r) * ldc + j * nr), cols, accumulate, tile);
                    }
                    else if (wide && j + 1 < panelEnd && n - (j + 1) * nr >= nr)
                    {
                        for (int ip = 0; ip < mb; ip += RowPanel)
                        {
                            int rows = Math.Min(RowPanel, mb - ip);
                            ref float pa = ref Unsafe.Add(ref aBlock, ip * panelStride);
                            ref float pc = ref Unsafe.Add(ref cData, (i0 + ip) * ldc + j * nr);
                            // A short last panel (a batch tile of 32 rows ends with 2) costs what its rows need.
                            if (rows > 4)
                                MicroKernel6x4<TS, TV>(kb, ref pa, rowStride, depthStride, ref panel, ref pc, ldc, rows, accumulate);
                            else if (rows > 2)
                                MicroKernel4x4<TS, TV>(kb, ref pa, rowStride, depthStride, ref panel, ref pc, ldc, rows, accumulate);
                            else
                                MicroKernel2x4<TS, TV>(kb, ref pa, rowStride, depthStride, ref panel, ref pc, ldc, rows, accumulate);
                        }
                        j++;
                    }
                    else
                    {
                        for (int ip = 0; ip < mb; ip += RowPanel)
                            MicroKernel6<TS, TV>(kb, ref Unsafe.Add(ref aBlock, ip * panelStride), rowStride, depthStride, ref panel,
                                ref Unsafe.Add(ref cData, (i0 + ip) * ldc + j * nr), ldc,
                                Math.Min(RowPanel, mb - ip), cols, accumulate, tile);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Copies rows [i0, i0 + mb) and depths [k0, k0 + kb) of op(A) = Aᵀ into <paramref name="panels"/> as row panels:
    /// panel q is [kb, RowPanel], row i0 + q·RowPanel + r at depth k0 + p at q·RowPanel·kb + p·RowPanel + r. Rows before
    /// <see cref="GemmJob.FirstRows"/> come from A (value (i, p) at A[p·lda + i]), those from there to
    /// <see cref="GemmJob.ThirdRows"/> from the stacked second operand, the rest from the third. The rows of a short last
    /// panel past mb are left as they are: the micro-kernels never read them (see <see cref="PanelRow"/>).
    /// </summary>
    private static void PackTransposedBlock(GemmJob job, int i0, int mb, int k0, int kb, Span<float> panels)
    {
        if (panels.Length < (mb + RowPanel - 1) / RowPanel * RowPanel * kb)
            throw new ArgumentException("The scratch is too short for the block.", nameof(panels));
        ref float dst = ref MemoryMarshal.GetReference(panels);
        // The block's rows [0, second) from the first operand, [second, third) from the second, [third, mb) from the third.
        int second = Math.Clamp(job.FirstRows - i0, 0, mb), third = Math.Clamp(job.ThirdRows - i0, second, mb);
        if (second > 0)
            PackTransposedRows(ref Unsafe.Add(ref MemoryMarshal.GetReference(job.A), i0 + (nint)k0 * job.Lda), job.Lda, 0, second, kb, ref dst);
        if (second < third)
        {
            int from = i0 + second - job.FirstRows; // the first row's index in the second operand
            PackTransposedRows(ref Unsafe.Add(ref MemoryMarshal.GetReference(job.A2), from + (nint)k0 * job.Lda2), job.Lda2, second,
                third - second, kb, ref dst);
        }
        if (third < mb)
        {
            int from = i0 + third - job.ThirdRows;
            PackTransposedRows(ref Unsafe.Add(ref MemoryMarshal.GetReference(job.A3), from + (nint)k0 * job.Lda3), job.Lda3, third,
                mb - third, kb, ref dst);
        }
    }

    /// <summary>Copies <paramref name="count"/> rows of Aᵀ (value (i, p) at <paramref name="a"/>[p·lda + i]) to panel rows
    /// [first, first + count) of a block of depth <paramref name="kb"/>: whole panels six values at a time, a partial
    /// one at either end value by value.</summary>
    private static void PackTransposedRows(ref float a, nint lda, int first, int count, int kb, ref float dst)
    {
        int lead = Math.Min(count, (RowPanel - first % RowPanel) % RowPanel);
        int whole = (count - lead) / RowPanel, tail = count - lead - whole * RowPanel;
        int wholeStart = (first + lead) / RowPanel, tailRow = first + lead + whole * RowPanel;
        nint panelLength = RowPanel * kb;
        for (int p = 0; p < kb; p++)
        {
            ref float source = ref Unsafe.Add(ref a, p * lda);
            ref float step = ref Unsafe.Add(ref dst, p * RowPanel);
            for (int i = 0; i < lead; i++)
            {
                int row = first + i;
                Unsafe.Add(ref step, row / RowPanel * panelLength + row % RowPanel) = Unsafe.Add(ref source, i);
            }
            for (int q = 0; q < whole; q++)
            {
                // Six values: one 4-wide copy and two single ones.
                ref float from = ref Unsafe.Add(ref source, lead + q * RowPanel);
                ref float to = ref Unsafe.Add(ref step, (wholeStart + q) * panelLength);
                Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref to), Unsafe.ReadUnaligned<Vector128<float>>(ref Unsafe.As<float, byte>(ref from)));
                Unsafe.Add(ref to, 4) = Unsafe.Add(ref from, 4);
                Unsafe.Add(ref to, 5) = Unsafe.Add(ref from, 5);
            }
            for (int i = 0; i < tail; i++)
            {
                int row = tailRow + i;
                Unsafe.Add(ref step, row / RowPanel * panelLength + row % RowPanel) = Unsafe.Add(ref source, count - tail + i);
            }
        }
    }

    /// <summary>The address of row <paramref name="row"/> of a panel of <paramref name="rows"/> rows; rows past the last
    /// read the last one again (their sums are never stored), so that a short panel reads nothing outside A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float PanelRow(ref float pa, nint rowStride, int row, int rows) =>
        ref Unsafe.Add(ref pa, rowStride * Math.Min(row, rows - 1));

    /// <summary>A 6 x 2-register tile of C: 12 accumulators, two B loads and six broadcasts per step of K.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel6<TS, TV>(int kb, ref float pa, nint rowStride, nint depthStride, ref float pb, ref float c,
        int ldc, int rows, int cols, bool accumulate, Span<float> tile)
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint w = (nuint)TS.Count;
        ref float pa1 = ref PanelRow(ref pa, rowStride, 1, rows), pa2 = ref PanelRow(ref pa, rowStride, 2, rows);
        ref float pa3 = ref PanelRow(ref pa, rowStride, 3, rows), pa4 = ref PanelRow(ref pa, rowStride, 4, rows);
        ref float pa5 = ref PanelRow(ref pa, rowStride, 5, rows);
        nint o = 0;
        TV c00 = TS.Zero, c01 = TS.Zero, c10 = TS.Zero, c11 = TS.Zero, c20 = TS.Zero, c21 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c40 = TS.Zero, c41 = TS.Zero, c50 = TS.Zero, c51 = TS.Zero;
        int nr = 2 * (int)w;
        ref float t = ref MemoryMarshal.GetReference(tile);
        if (accumulate)
        {
            // Partial columns: C's present values through the tile, the rest zero (their sums are never stored).
            ref float source = ref c;
            nuint ld = (nuint)ldc;
            if (cols < nr)
            {
                LoadPartial(tile, nr, ref c, ldc, rows, cols);
                source = ref t;
                ld = (nuint)nr;
            }
            LoadRow<TS, TV>(ref source, w, out c00, out c01);
            if (rows > 1) LoadRow<TS, TV>(ref Unsafe.Add(ref source, ld), w, out c10, out c11);
            if (rows > 2) LoadRow<TS, TV>(ref Unsafe.Add(ref source, 2 * ld), w, out c20, out c21);
            if (rows > 3) LoadRow<TS, TV>(ref Unsafe.Add(ref source, 3 * ld), w, out c30, out c31);
            if (rows > 4) LoadRow<TS, TV>(ref Unsafe.Add(ref source, 4 * ld), w, out c40, out c41);
            if (rows > 5) LoadRow<TS, TV>(ref Unsafe.Add(ref source, 5 * ld), w, out c50, out c51);
        }
        // Two steps of K per iteration: one step is 20 vector instructions for 12 FMAs (6 cycles at two FMAs a cycle),
        // and the loop's own 4 would push the core past the 4 it issues per cycle. Each accumulator still sums over K
        // in order, so the result is the same as one step at a time.
        int p = 0;
        for (; p + 1 < kb; p += 2)
        {
            nint o1 = o + depthStride;
            TV b0 = TS.Load(ref pb, 0);
            TV b1 = TS.Load(ref pb, w);
            TV a0 = TS.Broadcast(Unsafe.Add(ref pa, o));
            c00 = TS.MultiplyAdd(a0, b0, c00); c01 = TS.MultiplyAdd(a0, b1, c01);
            TV a1 = TS.Broadcast(Unsafe.Add(ref pa1, o));
            c10 = TS.MultiplyAdd(a1, b0, c10); c11 = TS.MultiplyAdd(a1, b1, c11);
            TV a2 = TS.Broadcast(Unsafe.Add(ref pa2, o));
            c20 = TS.MultiplyAdd(a2, b0, c20); c21 = TS.MultiplyAdd(a2, b1, c21);
            TV a3 = TS.Broadcast(Unsafe.Add(ref pa3, o));
            c30 = TS.MultiplyAdd(a3, b0, c30); c31 = TS.MultiplyAdd(a3, b1, c31);
            TV a4 = TS.Broadcast(Unsafe.Add(ref pa4, o));
            c40 = TS.MultiplyAdd(a4, b0, c40); c41 = TS.MultiplyAdd(a4, b1, c41);
            TV a5 = TS.Broadcast(Unsafe.Add(ref pa5, o));
            c50 = TS.MultiplyAdd(a5, b0, c50); c51 = TS.MultiplyAdd(a5, b1, c51);
            b0 = TS.Load(ref pb, 2 * w);
            b1 = TS.Load(ref pb, 3 * w);
            a0 = TS.Broadcast(Unsafe.Add(ref pa, o1));
            c00 = TS.MultiplyAdd(a0, b0, c00); c01 = TS.MultiplyAdd(a0, b1, c01);
            a1 = TS.Broadcast(Unsafe.Add(ref pa1, o1));
            c10 = TS.MultiplyAdd(a1, b0, c10); c11 = TS.MultiplyAdd(a1, b1, c11);
            a2 = TS.Broadcast(Unsafe.Add(ref pa2, o1));
            c20 = TS.MultiplyAdd(a2, b0, c20); c21 = TS.MultiplyAdd(a2, b1, c21);
            a3 = TS.Broadcast(Unsafe.Add(ref pa3, o1));
            c30 = TS.MultiplyAdd(a3, b0, c30); c31 = TS.MultiplyAdd(a3, b1, c31);
            a4 = TS.Broadcast(Unsafe.Add(ref pa4, o1));
            c40 = TS.MultiplyAdd(a4, b0, c40); c41 = TS.MultiplyAdd(a4, b1, c41);
            a5 = TS.Broadcast(Unsafe.Add(ref pa5, o1));
            c50 = TS.MultiplyAdd(a5, b0, c50); c51 = TS.MultiplyAdd(a5, b1, c51);
            o = o1 + depthStride;
            pb = ref Unsafe.Add(ref pb, 4 * w);
        }
        if (p < kb)
        {
            TV b0 = TS.Load(ref pb, 0);
            TV b1 = TS.Load(ref pb, w);
            TV a0 = TS.Broadcast(Unsafe.Add(ref pa, o));
            c00 = TS.MultiplyAdd(a0, b0, c00); c01 = TS.MultiplyAdd(a0, b1, c01);
            TV a1 = TS.Broadcast(Unsafe.Add(ref pa1, o));
            c10 = TS.MultiplyAdd(a1, b0, c10); c11 = TS.MultiplyAdd(a1, b1, c11);
            TV a2 = TS.Broadcast(Unsafe.Add(ref pa2, o));
            c20 = TS.MultiplyAdd(a2, b0, c20); c21 = TS.MultiplyAdd(a2, b1, c21);
            TV a3 = TS.Broadcast(Unsafe.Add(ref pa3, o));
            c30 = TS.MultiplyAdd(a3, b0, c30); c31 = TS.MultiplyAdd(a3, b1, c31);
            TV a4 = TS.Broadcast(Unsafe.Add(ref pa4, o));
            c40 = TS.MultiplyAdd(a4, b0, c40); c41 = TS.MultiplyAdd(a4, b1, c41);
            TV a5 = TS.Broadcast(Unsafe.Add(ref pa5, o));
            c50 = TS.MultiplyAdd(a5, b0, c50); c51 = TS.MultiplyAdd(a5, b1, c51);
        }
        if (cols == nr)
        {
            // Whole columns: each present row is two register stores (the last panel of a batch often has fewer
            // than six rows, and the element-by-element path below made that panel cost as much as a full one).
            StoreRow<TS, TV>(ref c, w, c00, c01);
            if (rows > 1) StoreRow<TS, TV>(ref Unsafe.Add(ref c, ldc), w, c10, c11);
            if (rows > 2) StoreRow<TS, TV>(ref Unsafe.Add(ref c, 2 * ldc), w, c20, c21);
            if (rows > 3) StoreRow<TS, TV>(ref Unsafe.Add(ref c, 3 * ldc), w, c30, c31);
            if (rows > 4) StoreRow<TS, TV>(ref Unsafe.Add(ref c, 4 * ldc), w, c40, c41);
            if (rows > 5) StoreRow<TS, TV>(ref Unsafe.Add(ref c, 5 * ldc), w, c50, c51);
            return;
        }
        TS.Store(c00, ref t, 0); TS.Store(c01, ref t, w);
        TS.Store(c10, ref t, 2 * w); TS.Store(c11, ref t, 3 * w);
        TS.Store(c20, ref t, 4 * w); TS.Store(c21, ref t, 5 * w);
        TS.Store(c30, ref t, 6 * w); TS.Store(c31, ref t, 7 * w);
        TS.Store(c40, ref t, 8 * w); TS.Store(c41, ref t, 9 * w);
        TS.Store(c50, ref t, 10 * w); TS.Store(c51, ref t, 11 * w);
        StorePartial(tile, nr, ref c, ldc, rows, cols, accumulate: false);
    }

    /// <summary>Whether the core has 32 vector registers (AVX-512's EVEX encoding, or Arm64), so that a 6 x 4-register
    /// tile (24 accumulators, 4 B registers and a broadcast) fits without spilling.</summary>
    internal static readonly bool HasThirtyTwoVectorRegisters =
        System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>A 6 x 4-register tile of C over two adjacent whole panels, for a panel of 5 or 6 rows: 24 accumulators,
    /// four B loads and six broadcasts per step of K (34 vector instructions for 24 FMAs, against 20 for 12 in the 6 x 2
    /// tile), so the core's issue width is no longer the limit. Each accumulator starts from C (when accumulating) and
    /// sums over K in order, as in the 6 x 2 tile. C's vectors are all read before the loop under one test of
    /// <paramref name="accumulate"/>: with a test per row and each row's read and store in turn, S's and M's forward
    /// passes were 1.3-3.6% slower on 1 and 2 cores (in-process A/B), though the loop over K is the same instructions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel6x4<TS, TV>(int kb, ref float pa, nint rowStride, nint depthStride, ref float pb, ref float c,
        int ldc, int rows, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint w = (nuint)TS.Count;
        ref float pa1 = ref Unsafe.Add(ref pa, rowStride), pa2 = ref Unsafe.Add(ref pa, 2 * rowStride);
        ref float pa3 = ref Unsafe.Add(ref pa, 3 * rowStride), pa4 = ref Unsafe.Add(ref pa, 4 * rowStride);
        ref float pa5 = ref PanelRow(ref pa, rowStride, 5, rows);
        nint o = 0;
        nuint next = (nuint)kb * 2 * w;
        nuint w2 = 2 * w, w3 = 3 * w, l = (nuint)ldc;
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        TV c40 = TS.Zero, c41 = TS.Zero, c42 = TS.Zero, c43 = TS.Zero;
        TV c50 = TS.Zero, c51 = TS.Zero, c52 = TS.Zero, c53 = TS.Zero;
        if (accumulate)
        {
            c00 = TS.Load(ref c, 0); c01 = TS.Load(ref c, w); c02 = TS.Load(ref c, w2); c03 = TS.Load(ref c, w3);
            c10 = TS.Load(ref c, l); c11 = TS.Load(ref c, l + w); c12 = TS.Load(ref c, l + w2); c13 = TS.Load(ref c, l + w3);
            c20 = TS.Load(ref c, 2 * l); c21 = TS.Load(ref c, 2 * l + w); c22 = TS.Load(ref c, 2 * l + w2); c23 = TS.Load(ref c, 2 * l + w3);
            c30 = TS.Load(ref c, 3 * l); c31 = TS.Load(ref c, 3 * l + w); c32 = TS.Load(ref c, 3 * l + w2); c33 = TS.Load(ref c, 3 * l + w3);
            c40 = TS.Load(ref c, 4 * l); c41 = TS.Load(ref c, 4 * l + w); c42 = TS.Load(ref c, 4 * l + w2); c43 = TS.Load(ref c, 4 * l + w3);
            if (rows > 5)
            {
                c50 = TS.Load(ref c, 5 * l); c51 = TS.Load(ref c, 5 * l + w); c52 = TS.Load(ref c, 5 * l + w2); c53 = TS.Load(ref c, 5 * l + w3);
            }
        }
        for (int p = 0; p < kb; p++)
        {
            TV b0 = TS.Load(ref pb, 0);
            TV b1 = TS.Load(ref pb, w);
            TV b2 = TS.Load(ref pb, next);
            TV b3 = TS.Load(ref pb, next + w);
            TV a = TS.Broadcast(Unsafe.Add(ref pa, o));
            c00 = TS.MultiplyAdd(a, b0, c00); c01 = TS.MultiplyAdd(a, b1, c01); c02 = TS.MultiplyAdd(a, b2, c02); c03 = TS.MultiplyAdd(a, b3, c03);
            a = TS.Broadcast(Unsafe.Add(ref pa1, o));
            c10 = TS.MultiplyAdd(a, b0, c10); c11 = TS.MultiplyAdd(a, b1, c11); c12 = TS.MultiplyAdd(a, b2, c12); c13 = TS.MultiplyAdd(a, b3, c13);
            a = TS.Broadcast(Unsafe.Add(ref pa2, o));
            c20 = TS.MultiplyAdd(a, b0, c20); c21 = TS.MultiplyAdd(a, b1, c21); c22 = TS.MultiplyAdd(a, b2, c22); c23 = TS.MultiplyAdd(a, b3, c23);
            a = TS.Broadcast(Unsafe.Add(ref pa3, o));
            c30 = TS.MultiplyAdd(a, b0, c30); c31 = TS.MultiplyAdd(a, b1, c31); c32 = TS.MultiplyAdd(a, b2, c32); c33 = TS.MultiplyAdd(a, b3, c33);
            a = TS.Broadcast(Unsafe.Add(ref pa4, o));
            c40 = TS.MultiplyAdd(a, b0, c40); c41 = TS.MultiplyAdd(a, b1, c41); c42 = TS.MultiplyAdd(a, b2, c42); c43 = TS.MultiplyAdd(a, b3, c43);
            a = TS.Broadcast(Unsafe.Add(ref pa5, o));
            c50 = TS.MultiplyAdd(a, b0, c50); c51 = TS.MultiplyAdd(a, b1, c51); c52 = TS.MultiplyAdd(a, b2, c52); c53 = TS.MultiplyAdd(a, b3, c53);
            o += depthStride;
            pb = ref Unsafe.Add(ref pb, 2 * w);
        }
        TS.Store(c00, ref c, 0); TS.Store(c01, ref c, w); TS.Store(c02, ref c, w2); TS.Store(c03, ref c, w3);
        TS.Store(c10, ref c, l); TS.Store(c11, ref c, l + w); TS.Store(c12, ref c, l + w2); TS.Store(c13, ref c, l + w3);
        TS.Store(c20, ref c, 2 * l); TS.Store(c21, ref c, 2 * l + w); TS.Store(c22, ref c, 2 * l + w2); TS.Store(c23, ref c, 2 * l + w3);
        TS.Store(c30, ref c, 3 * l); TS.Store(c31, ref c, 3 * l + w); TS.Store(c32, ref c, 3 * l + w2); TS.Store(c33, ref c, 3 * l + w3);
        TS.Store(c40, ref c, 4 * l); TS.Store(c41, ref c, 4 * l + w); TS.Store(c42, ref c, 4 * l + w2); TS.Store(c43, ref c, 4 * l + w3);
        if (rows > 5)
        {
            TS.Store(c50, ref c, 5 * l); TS.Store(c51, ref c, 5 * l + w); TS.Store(c52, ref c, 5 * l + w2); TS.Store(c53, ref c, 5 * l + w3);
        }
    }

    /// <summary>The 6 x 4-register tile's form for a panel of 3 or 4 rows.</summary>
    /// <remarks>A method of its own, as the 6 x 4 tile (which the JIT declines to inline): inlined into
    /// <see cref="RunRange{TS, TV}"/>, its loop kept its row pointers and its counter on the stack (nine more operations
    /// per step of K), and a batch tile's last 4 rows of 64 took 1.7 times the 6 x 4 tile's time per FLOP (M's forward
    /// pass on 2 cores: 0.980 as a method of its own, in-process A/B).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MicroKernel4x4<TS, TV>(int kb, ref float pa, nint rowStride, nint depthStride, ref float pb, ref float c,
        int ldc, int rows, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint w = (nuint)TS.Count;
        ref float pa1 = ref PanelRow(ref pa, rowStride, 1, rows), pa2 = ref PanelRow(ref pa, rowStride, 2, rows);
        ref float pa3 = ref PanelRow(ref pa, rowStride, 3, rows);
        nint o = 0;
        nuint next = (nuint)kb * 2 * w;
        ref float c2 = ref Unsafe.Add(ref c, 2 * w);
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        TV c20 = TS.Zero, c21 = TS.Zero, c22 = TS.Zero, c23 = TS.Zero;
        TV c30 = TS.Zero, c31 = TS.Zero, c32 = TS.Zero, c33 = TS.Zero;
        if (accumulate)
        {
            LoadRow<TS, TV>(ref c, w, out c00, out c01); LoadRow<TS, TV>(ref c2, w, out c02, out c03);
            LoadRow<TS, TV>(ref Unsafe.Add(ref c, ldc), w, out c10, out c11); LoadRow<TS, TV>(ref Unsafe.Add(ref c2, ldc), w, out c12, out c13);
            LoadRow<TS, TV>(ref Unsafe.Add(ref c, 2 * ldc), w, out c20, out c21); LoadRow<TS, TV>(ref Unsafe.Add(ref c2, 2 * ldc), w, out c22, out c23);
            if (rows > 3) { LoadRow<TS, TV>(ref Unsafe.Add(ref c, 3 * ldc), w, out c30, out c31); LoadRow<TS, TV>(ref Unsafe.Add(ref c2, 3 * ldc), w, out c32, out c33); }
        }
        for (int p = 0; p < kb; p++)
        {
            TV b0 = TS.Load(ref pb, 0);
            TV b1 = TS.Load(ref pb, w);
            TV b2 = TS.Load(ref pb, next);
            TV b3 = TS.Load(ref pb, next + w);
            TV a = TS.Broadcast(Unsafe.Add(ref pa, o));
            c00 = TS.MultiplyAdd(a, b0, c00); c01 = TS.MultiplyAdd(a, b1, c01); c02 = TS.MultiplyAdd(a, b2, c02); c03 = TS.MultiplyAdd(a, b3, c03);
            a = TS.Broadcast(Unsafe.Add(ref pa1, o));
            c10 = TS.MultiplyAdd(a, b0, c10); c11 = TS.MultiplyAdd(a, b1, c11); c12 = TS.MultiplyAdd(a, b2, c12); c13 = TS.MultiplyAdd(a, b3, c13);
            a = TS.Broadcast(Unsafe.Add(ref pa2, o));
            c20 = TS.MultiplyAdd(a, b0, c20); c21 = TS.MultiplyAdd(a, b1, c21); c22 = TS.MultiplyAdd(a, b2, c22); c23 = TS.MultiplyAdd(a, b3, c23);
            a = TS.Broadcast(Unsafe.Add(ref pa3, o));
            c30 = TS.MultiplyAdd(a, b0, c30); c31 = TS.MultiplyAdd(a, b1, c31); c32 = TS.MultiplyAdd(a, b2, c32); c33 = TS.MultiplyAdd(a, b3, c33);
            o += depthStride;
            pb = ref Unsafe.Add(ref pb, 2 * w);
        }
        StoreRow<TS, TV>(ref c, w, c00, c01); StoreRow<TS, TV>(ref c2, w, c02, c03);
        StoreRow<TS, TV>(ref Unsafe.Add(ref c, ldc), w, c10, c11); StoreRow<TS, TV>(ref Unsafe.Add(ref c2, ldc), w, c12, c13);
        StoreRow<TS, TV>(ref Unsafe.Add(ref c, 2 * ldc), w, c20, c21); StoreRow<TS, TV>(ref Unsafe.Add(ref c2, 2 * ldc), w, c22, c23);
        if (rows > 3) { StoreRow<TS, TV>(ref Unsafe.Add(ref c, 3 * ldc), w, c30, c31); StoreRow<TS, TV>(ref Unsafe.Add(ref c2, 3 * ldc), w, c32, c33); }
    }

    /// <summary>The 6 x 4-register tile's form for a panel of 1 or 2 rows; a method of its own, as the 4 x 4 form.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MicroKernel2x4<TS, TV>(int kb, ref float pa, nint rowStride, nint depthStride, ref float pb, ref float c,
        int ldc, int rows, bool accumulate)
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint w = (nuint)TS.Count;
        ref float pa1 = ref PanelRow(ref pa, rowStride, 1, rows);
        nint o = 0;
        nuint next = (nuint)kb * 2 * w;
        ref float c2 = ref Unsafe.Add(ref c, 2 * w);
        TV c00 = TS.Zero, c01 = TS.Zero, c02 = TS.Zero, c03 = TS.Zero;
        TV c10 = TS.Zero, c11 = TS.Zero, c12 = TS.Zero, c13 = TS.Zero;
        if (accumulate)
        {
            LoadRow<TS, TV>(ref c, w, out c00, out c01); LoadRow<TS, TV>(ref c2, w, out c02, out c03);
            if (rows > 1) { LoadRow<TS, TV>(ref Unsafe.Add(ref c, ldc), w, out c10, out c11); LoadRow<TS, TV>(ref Unsafe.Add(ref c2, ldc), w, out c12, out c13); }
        }
        for (int p = 0; p < kb; p++)
        {
            TV b0 = TS.Load(ref pb, 0);
            TV b1 = TS.Load(ref pb, w);
            TV b2 = TS.Load(ref pb, next);
            TV b3 = TS.Load(ref pb, next + w);
            TV a = TS.Broadcast(Unsafe.Add(ref pa, o));
            c00 = TS.MultiplyAdd(a, b0, c00); c01 = TS.MultiplyAdd(a, b1, c01); c02 = TS.MultiplyAdd(a, b2, c02); c03 = TS.MultiplyAdd(a, b3, c03);
            a = TS.Broadcast(Unsafe.Add(ref pa1, o));
            c10 = TS.MultiplyAdd(a, b0, c10); c11 = TS.MultiplyAdd(a, b1, c11); c12 = TS.MultiplyAdd(a, b2, c12); c13 = TS.MultiplyAdd(a, b3, c13);
            o += depthStride;
            pb = ref Unsafe.Add(ref pb, 2 * w);
        }
        StoreRow<TS, TV>(ref c, w, c00, c01); StoreRow<TS, TV>(ref c2, w, c02, c03);
        if (rows > 1) { StoreRow<TS, TV>(ref Unsafe.Add(ref c, ldc), w, c10, c11); StoreRow<TS, TV>(ref Unsafe.Add(ref c2, ldc), w, c12, c13); }
    }

    /// <summary>One row of C against a panel, for products with fewer rows than a panel (the matrix-vector case):
    /// even and odd steps of K go to separate accumulators so that four FMA chains run in parallel, and C (when
    /// accumulating) is added to their sum at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernel1<TS, TV>(int kb, ref float pa, nint depthStride, ref float pb, ref float c, int cols, bool accumulate,
        Span<float> tile)
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint w = (nuint)TS.Count;
        TV e0 = TS.Zero, e1 = TS.Zero, o0 = TS.Zero, o1 = TS.Zero;
        int p = 0;
        nint o = 0;
        for (; p + 1 < kb; p += 2)
        {
            TV ae = TS.Broadcast(Unsafe.Add(ref pa, o));
            TV ao = TS.Broadcast(Unsafe.Add(ref pa, o + depthStride));
            e0 = TS.MultiplyAdd(ae, TS.Load(ref pb, 0), e0);
            e1 = TS.MultiplyAdd(ae, TS.Load(ref pb, w), e1);
            o0 = TS.MultiplyAdd(ao, TS.Load(ref pb, 2 * w), o0);
            o1 = TS.MultiplyAdd(ao, TS.Load(ref pb, 3 * w), o1);
            o += 2 * depthStride;
            pb = ref Unsafe.Add(ref pb, 4 * w);
        }
        if (p < kb)
        {
            TV ae = TS.Broadcast(Unsafe.Add(ref pa, o));
            e0 = TS.MultiplyAdd(ae, TS.Load(ref pb, 0), e0);
            e1 = TS.MultiplyAdd(ae, TS.Load(ref pb, w), e1);
        }
        e0 = TS.Add(e0, o0);
        e1 = TS.Add(e1, o1);
        int nr = 2 * (int)w;
        if (cols == nr)
        {
            if (accumulate)
            {
                e0 = TS.Add(e0, TS.Load(ref c, 0));
                e1 = TS.Add(e1, TS.Load(ref c, w));
            }
            StoreRow<TS, TV>(ref c, w, e0, e1);
            return;
        }
        ref float t = ref MemoryMarshal.GetReference(tile);
        TS.Store(e0, ref t, 0);
        TS.Store(e1, ref t, w);
        StorePartial(tile, nr, ref c, 0, 1, cols, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadRow<TS, TV>(ref float c, nuint w, out TV v0, out TV v1)
        where TS : struct, ISimd<TV> where TV : struct
    {
        v0 = TS.Load(ref c, 0);
        v1 = TS.Load(ref c, w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TS, TV>(ref float c, nuint w, TV v0, TV v1)
        where TS : struct, ISimd<TV> where TV : struct
    {
        TS.Store(v0, ref c, 0);
        TS.Store(v1, ref c, w);
    }

    /// <summary>Rows [0, rows) and columns [0, cols) of C into the tile (row stride <paramref name="nr"/>), zeros beyond.</summary>
    private static void LoadPartial(Span<float> tile, int nr, ref float c, int ldc, int rows, int cols)
    {
        tile.Slice(0, RowPanel * nr).Clear();
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref c, r * ldc);
            for (int j = 0; j < cols; j++)
                tile[r * nr + j] = Unsafe.Add(ref row, j);
        }
    }

    private static void StorePartial(Span<float> tile, int nr, ref float c, int ldc, int rows, int cols, bool accumulate)
    {
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref c, r * ldc);
            for (int j = 0; j < cols; j++)
            {
                float v = tile[r * nr + j];
                Unsafe.Add(ref row, j) = accumulate ? Unsafe.Add(ref row, j) + v : v;
            }
        }
    }

    /// <summary>Checks that a [rows, cols] matrix with row stride <paramref name="ld"/> fits in <paramref name="span"/>.</summary>
    internal static void CheckOperand(ReadOnlySpan<float> span, int ld, int rows, int cols, string name)
    {
        if (rows < 0 || cols < 0)
            throw new ArgumentOutOfRangeException(name, $"Matrix {name} has a negative dimension ({rows} x {cols}).");
        if (rows == 0 || cols == 0)
            return;
        if (ld < cols)
            throw new ArgumentOutOfRangeException(name, ld, $"The row stride of {name} ({ld}) is smaller than its column count ({cols}).");
        long needed = (long)(rows - 1) * ld + cols;
        if (span.Length < needed)
            throw new ArgumentException($"Matrix {name} of {rows} x {cols} with row stride {ld} needs {needed} values but the span has {span.Length}.", name);
    }
}
