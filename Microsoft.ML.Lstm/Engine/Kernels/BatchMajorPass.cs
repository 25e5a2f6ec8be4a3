using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Activations;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Every step of one batch tile's inference with the batch along the registers (512 bits): per step and per pair of
/// units, a register tile of 16-48 batch rows x the pair's 8 gate columns sums [x_t, h_{t-1}]·[W; U] over K, and the
/// cell (bias, activations, c_t and h_t) runs on that tile's z from L1. Panels of 32 rows take three pairs at a time in
/// two tiles of 12 columns (<see cref="ThreePairs{TRec, TAct}"/>). h_t is written where the next step's product
/// reads it. The layer runs it or the row-major pass, whichever its timing finds faster (see
/// <c>LstmLayer.CanRunBatchMajorPass</c>).
/// </summary>
/// <remarks>
/// <para>
/// Why: the row-major pass (the GEMM's 6 x 4 tile writes z [B, 4m], the cell pass reads it) ran L's step product at
/// 72-77% of the peak in the pass. That tile reads and writes C once per K block, from L2 or L3 (z of 128 rows is
/// 512 KB beside a 1.3 MB [W; U]). Here a tile's operand is a pair of units' [K, 8] (10 KB at L), which stays in L1
/// while every batch panel of the step operand ([K, 16-48] each, 40-60 KB, from L2) passes over it, and z is never
/// stored beyond L1: the 3 x 8 tile's loop alone ran at 145 GFLOP/s, 94% of the 1-core peak, at L's shape.
/// </para>
/// <para>
/// Same floats as the row-major pass (<see cref="Gemm"/> then <see cref="LstmCellKernel{TRec, TAct}"/>): each z is one
/// chain over K in order from zero, as the GEMM's tiles sum it over their K blocks (each block goes on from C); x·W and
/// the bias are added (the bias by the tile, in registers, when x is in the product) and the activations applied in the
/// cell pass's order, at the same width.
/// </para>
/// Shapes: x is [T, B, p] in processing order (the tile's rows [b0, b0 + rows)); h0, c0, h and c are [rows, m]; the
/// tile's own layouts are in <see cref="BatchMajorState"/> and <see cref="BatchMajorWeights"/>.
/// </remarks>
internal static unsafe class BatchMajorPass
{
    /// <summary>Whether the pass runs here: it needs 32 registers of 512 bits (Vector512 need not be the preferred
    /// width; see <see cref="VectorWidths.Best"/>).</summary>
    public static bool IsSupported => Gemm.HasThirtyTwoVectorRegisters && System.Runtime.Intrinsics.X86.Avx512F.IsSupported;

    /// <summary>
    /// Runs <paramref name="steps"/> steps for the tile's rows: h and c receive h_T and c_T. <paramref name="weights"/>
    /// is packed; <paramref name="state"/> is sized here.
    /// </summary>
    public static void Run<TRec, TAct>(BatchMajorWeights weights, BatchMajorState state, ReadOnlySpan<float> x, int inputSize,
        int batch, int firstRow, int rows, int steps, bool hasBias, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0,
        Span<float> h, Span<float> c)
        where TRec : struct, IActivationOperator where TAct : struct, IActivationOperator
    {
        if (!IsSupported)
            throw new PlatformNotSupportedException("The batch-major pass needs AVX-512.");
        int m = weights.Units, depth = weights.Depth, cellRows = weights.CellInputRows, fused = depth - m;
        if (fused != 0 && fused != inputSize || cellRows != 0 && cellRows != inputSize)
            throw new ArgumentException($"The weights were packed for another input size than {inputSize}.", nameof(inputSize));
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (firstRow + rows > batch)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"Rows {firstRow}..{firstRow + rows - 1} are not all in a batch of {batch}.");
        SingleSequencePass.Check(x, (long)steps * batch * inputSize, nameof(x));
        SingleSequencePass.Check(h0, (long)rows * m, nameof(h0));
        SingleSequencePass.Check(c0, (long)rows * m, nameof(c0));
        SingleSequencePass.Check(h, (long)rows * m, nameof(h));
        SingleSequencePass.Check(c, (long)rows * m, nameof(c));
        state.Prepare(rows, depth, m, cellRows);
        var panels = state.Panels;
        int padded = state.PaddedRows;
        fixed (float* px = x, ph0 = h0, pc0 = c0, ph = h, pc = c)
        fixed (float* operands = state.Operands, cell = state.Cell, cellInput = state.CellInput, sums = state.TileSums.Span, pw = weights.Data)
        {
            ToPanels(ph0, m, rows, m, operands, depth, fused, panels);
            ToPanels(pc0, m, rows, m, cell, m, 0, panels);
            if (fused > 0 && steps > 0)
            {
                // x_0 here; the steps copy x_{s+1}'s rows only, so the other operand's padding rows are zeroed once.
                ToPanels(px + (long)firstRow * inputSize, inputSize, rows, inputSize, operands, depth, 0, panels);
                ZeroPadding(rows, inputSize, operands + padded * depth, depth, 0, panels);
            }
            int pairs = m / 2, blocks = (rows + 7) / 8; // x_{s+1} is copied in blocks of eight rows (BlockTranspose)
            for (int s = 0; s < steps; s++)
            {
                float* operand = operands + (s & 1) * padded * depth, next = operands + ((s + 1) & 1) * padded * depth;
                float* xt = px + ((long)s * batch + firstRow) * inputSize;
                // With the input in the product, x_{s+1} goes into the next step's operand eight rows every few pairs of
                // units while this step runs: copied at the step's start, the pass was 1-2.5% slower (harness A/B, L's shape).
                float* xNext = fused > 0 && s + 1 < steps ? xt + (long)batch * inputSize : null;
                if (cellRows > 0)
                    ToPanels(xt, inputSize, rows, inputSize, cellInput, cellRows, 0, panels);
                var pass = new StepPass(pw, weights.PairStride, depth, fused, cellRows, hasBias, sums);
                for (int pair = 0; pair < pairs; pair++)
                {
                    if (xNext != null)
                        CopyRows(xNext, inputSize, Math.Min(rows, 8 * (pair * blocks / pairs)), Math.Min(rows, 8 * ((pair + 1) * blocks / pairs)),
                            inputSize, next, depth, 0, panels);
                    foreach (var (start, vectors) in panels)
                    {
                        nint width = vectors * BatchMajorState.RowsPerVector;
                        float* o = operand + start * depth, nx = next + start * depth + (fused + 2 * pair) * width;
                        float* cl = cell + start * m + 2 * pair * width, xs = cellInput + start * cellRows;
                        switch (vectors)
                        {
                            case 3: Tile<TRec, TAct, Three>(ref pass, pair, o, cl, nx, xs); break;
                            case 2:
                                // Panels of two registers take the pairs three at a time (the last one or two alone).
                                if (pair >= pairs / 3 * 3)
                                    Tile<TRec, TAct, Two>(ref pass, pair, o, cl, nx, xs);
                                else if (pair % 3 == 0)
                                    ThreePairs<TRec, TAct>(ref pass, pair, o, cl, nx, xs);
                                break;
                            default: Tile<TRec, TAct, One>(ref pass, pair, o, cl, nx, xs); break;
                        }
                    }
                }
            }
            FromPanels(operands + (steps & 1) * padded * depth, depth, fused, panels, ph, m, rows, m);
            FromPanels(cell, m, 0, panels, pc, m, rows, m);
        }
    }

    /// <summary>What every tile of a step shares.</summary>
    private readonly struct StepPass(float* weights, int pairStride, int depth, int fused, int cellRows, bool hasBias, float* sums)
    {
        public readonly float* Weights = weights, Sums = sums;
        public readonly int PairStride = pairStride, Depth = depth, Fused = fused, CellRows = cellRows;
        public readonly bool HasBias = hasBias;
    }

    /// <summary>What the cell adds to a tile's z: x_t·W (p' rows) and the bias, read from the pair's block.</summary>
    private readonly struct CellTerms(float* input, float* weights, int inputRows, bool hasBias, nint rowStride)
    {
        public readonly float* Input = input, Weights = weights;
        public readonly int InputRows = inputRows;
        public readonly bool HasBias = hasBias;
        public readonly nint RowStride = rowStride;
    }

    private struct One { }
    private struct Two { }
    private struct Three { }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Vectors<TN>() => typeof(TN) == typeof(Three) ? 3 : typeof(TN) == typeof(Two) ? 2 : 1;

    /// <summary>
    /// One register tile: z [8, n·16] = the pair's [K, 8]ᵀ · the panel's [K, n·16], then the cell for
    /// the pair's two units. operand is the panel's [K, w]; cell its [m, w] at the pair's first unit; hidden the next
    /// step's operand at the pair's first h row; cellInput the panel's [p', w].
    /// </summary>
    /// <remarks>Three registers of rows (24 accumulators): eight broadcasts and three loads per 24 FMAs.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tile<TRec, TAct, TN>(ref StepPass pass, int pair, float* operand, float* cell, float* hidden, float* cellInput)
        where TRec : struct, IActivationOperator where TAct : struct, IActivationOperator where TN : struct
    {
        // The tests of TN below are constants to the JIT, which drops the registers a panel does not have (a local
        // holding the count was not folded, and left a compare and branch beside every FMA).
        nint rowStride = Vectors<TN>() * BatchMajorState.RowsPerVector;
        int depth = pass.Depth;
        float* weights = pass.Weights + (nint)pair * pass.PairStride, sums = pass.Sums;
        var cellTerms = new CellTerms(cellInput, weights + depth * BatchMajorWeights.PairWidth, pass.CellRows, pass.HasBias, rowStride);
        Vector512<float> i0a = default, i0b = default, i0c = default, i1a = default, i1b = default, i1c = default, f0a = default, f0b = default, f0c = default, f1a = default, f1b = default, f1c = default;
        Vector512<float> g0a = default, g0b = default, g0c = default, g1a = default, g1b = default, g1c = default, o0a = default, o0b = default, o0c = default, o1a = default, o1b = default, o1c = default;
        // One chain over all of K, as the GEMM's tiles sum each element of C (from C, block after block): the three K
        // blocks of L's depth, each ending in a mispredicted exit and 24 stores and load-adds, made the pass 2.5-5% slower.
        float* pw = weights, pa = operand;
        for (int k = 0; k < depth; k++, pw += BatchMajorWeights.PairWidth, pa += rowStride)
        {
            Vector512<float> xa = Vector512.Load(pa);
            Vector512<float> xb = typeof(TN) != typeof(One) ? Vector512.Load(pa + 16) : default;
            Vector512<float> xc = typeof(TN) == typeof(Three) ? Vector512.Load(pa + 32) : default;
            Vector512<float> b = Vector512.Create(pw[0]);
            i0a = Simd512.MultiplyAdd(xa, b, i0a);
            if (typeof(TN) != typeof(One)) i0b = Simd512.MultiplyAdd(xb, b, i0b);
            if (typeof(TN) == typeof(Three)) i0c = Simd512.MultiplyAdd(xc, b, i0c);
            b = Vector512.Create(pw[1]);
            i1a = Simd512.MultiplyAdd(xa, b, i1a);
            if (typeof(TN) != typeof(One)) i1b = Simd512.MultiplyAdd(xb, b, i1b);
            if (typeof(TN) == typeof(Three)) i1c = Simd512.MultiplyAdd(xc, b, i1c);
            b = Vector512.Create(pw[2]);
            f0a = Simd512.MultiplyAdd(xa, b, f0a);
            if (typeof(TN) != typeof(One)) f0b = Simd512.MultiplyAdd(xb, b, f0b);
            if (typeof(TN) == typeof(Three)) f0c = Simd512.MultiplyAdd(xc, b, f0c);
            b = Vector512.Create(pw[3]);
            f1a = Simd512.MultiplyAdd(xa, b, f1a);
            if (typeof(TN) != typeof(One)) f1b = Simd512.MultiplyAdd(xb, b, f1b);
            if (typeof(TN) == typeof(Three)) f1c = Simd512.MultiplyAdd(xc, b, f1c);
            b = Vector512.Create(pw[4]);
            g0a = Simd512.MultiplyAdd(xa, b, g0a);
            if (typeof(TN) != typeof(One)) g0b = Simd512.MultiplyAdd(xb, b, g0b);
            if (typeof(TN) == typeof(Three)) g0c = Simd512.MultiplyAdd(xc, b, g0c);
            b = Vector512.Create(pw[5]);
            g1a = Simd512.MultiplyAdd(xa, b, g1a);
            if (typeof(TN) != typeof(One)) g1b = Simd512.MultiplyAdd(xb, b, g1b);
            if (typeof(TN) == typeof(Three)) g1c = Simd512.MultiplyAdd(xc, b, g1c);
            b = Vector512.Create(pw[6]);
            o0a = Simd512.MultiplyAdd(xa, b, o0a);
            if (typeof(TN) != typeof(One)) o0b = Simd512.MultiplyAdd(xb, b, o0b);
            if (typeof(TN) == typeof(Three)) o0c = Simd512.MultiplyAdd(xc, b, o0c);
            b = Vector512.Create(pw[7]);
            o1a = Simd512.MultiplyAdd(xa, b, o1a);
            if (typeof(TN) != typeof(One)) o1b = Simd512.MultiplyAdd(xb, b, o1b);
            if (typeof(TN) == typeof(Three)) o1c = Simd512.MultiplyAdd(xc, b, o1c);
        }
        // With the input in the product, the cell's pre-activation is z + bias: added here, in registers, it is the same
        // float, and the cell's loops below need no slot or input arithmetic per register.
        bool complete = pass.CellRows == 0;
        if (complete && pass.HasBias)
        {
            float* bias = weights + depth * BatchMajorWeights.PairWidth;
            Vector512<float> b = Vector512.Create(bias[0]);
            i0a += b; if (typeof(TN) != typeof(One)) i0b += b; if (typeof(TN) == typeof(Three)) i0c += b;
            b = Vector512.Create(bias[1]);
            i1a += b; if (typeof(TN) != typeof(One)) i1b += b; if (typeof(TN) == typeof(Three)) i1c += b;
            b = Vector512.Create(bias[2]);
            f0a += b; if (typeof(TN) != typeof(One)) f0b += b; if (typeof(TN) == typeof(Three)) f0c += b;
            b = Vector512.Create(bias[3]);
            f1a += b; if (typeof(TN) != typeof(One)) f1b += b; if (typeof(TN) == typeof(Three)) f1c += b;
            b = Vector512.Create(bias[4]);
            g0a += b; if (typeof(TN) != typeof(One)) g0b += b; if (typeof(TN) == typeof(Three)) g0c += b;
            b = Vector512.Create(bias[5]);
            g1a += b; if (typeof(TN) != typeof(One)) g1b += b; if (typeof(TN) == typeof(Three)) g1c += b;
            b = Vector512.Create(bias[6]);
            o0a += b; if (typeof(TN) != typeof(One)) o0b += b; if (typeof(TN) == typeof(Three)) o0c += b;
            b = Vector512.Create(bias[7]);
            o1a += b; if (typeof(TN) != typeof(One)) o1b += b; if (typeof(TN) == typeof(Three)) o1c += b;
        }
        // z to L1, slot by slot [8, w]: the cell then runs in loops that keep
        // three registers' activations in flight, as the cell pass does. Activated in registers, the 24 live sums
        // spilled around every activation (433 stack moves in the tile) and the cell cost 1.5 times the cell pass's.
        i0a.Store(sums + 0 * rowStride);
        if (typeof(TN) != typeof(One)) i0b.Store(sums + 0 * rowStride + 16);
        if (typeof(TN) == typeof(Three)) i0c.Store(sums + 0 * rowStride + 32);
        i1a.Store(sums + 1 * rowStride);
        if (typeof(TN) != typeof(One)) i1b.Store(sums + 1 * rowStride + 16);
        if (typeof(TN) == typeof(Three)) i1c.Store(sums + 1 * rowStride + 32);
        f0a.Store(sums + 2 * rowStride);
        if (typeof(TN) != typeof(One)) f0b.Store(sums + 2 * rowStride + 16);
        if (typeof(TN) == typeof(Three)) f0c.Store(sums + 2 * rowStride + 32);
        f1a.Store(sums + 3 * rowStride);
        if (typeof(TN) != typeof(One)) f1b.Store(sums + 3 * rowStride + 16);
        if (typeof(TN) == typeof(Three)) f1c.Store(sums + 3 * rowStride + 32);
        g0a.Store(sums + 4 * rowStride);
        if (typeof(TN) != typeof(One)) g0b.Store(sums + 4 * rowStride + 16);
        if (typeof(TN) == typeof(Three)) g0c.Store(sums + 4 * rowStride + 32);
        g1a.Store(sums + 5 * rowStride);
        if (typeof(TN) != typeof(One)) g1b.Store(sums + 5 * rowStride + 16);
        if (typeof(TN) == typeof(Three)) g1c.Store(sums + 5 * rowStride + 32);
        o0a.Store(sums + 6 * rowStride);
        if (typeof(TN) != typeof(One)) o0b.Store(sums + 6 * rowStride + 16);
        if (typeof(TN) == typeof(Three)) o0c.Store(sums + 6 * rowStride + 32);
        o1a.Store(sums + 7 * rowStride);
        if (typeof(TN) != typeof(One)) o1b.Store(sums + 7 * rowStride + 16);
        if (typeof(TN) == typeof(Three)) o1c.Store(sums + 7 * rowStride + 32);
        Cell<TRec, TAct>(sums, ref cellTerms, Vectors<TN>(), complete, cell, hidden);
    }

    /// <summary>The cell of a register tile whose z is in L1 ([8, n] registers, slot by slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Cell<TRec, TAct>(float* sums, ref CellTerms cellTerms, int n, bool complete, float* cell, float* hidden)
        where TRec : struct, IActivationOperator where TAct : struct, IActivationOperator
    {
        if (complete)
        {
            Activate<TRec>(sums, ref cellTerms, n, 0, 4 * n, complete: true); // i and f of both units
            Activate<TAct>(sums, ref cellTerms, n, 4 * n, 6 * n, complete: true); // the candidate
            Activate<TRec>(sums, ref cellTerms, n, 6 * n, 8 * n, complete: true); // o
        }
        else
        {
            Activate<TRec>(sums, ref cellTerms, n, 0, 4 * n, complete: false);
            Activate<TAct>(sums, ref cellTerms, n, 4 * n, 6 * n, complete: false);
            Activate<TRec>(sums, ref cellTerms, n, 6 * n, 8 * n, complete: false);
        }
        UpdateState<TAct>(sums, n, cell, hidden);
    }

    /// <summary>The first of the two 2 x 12 tiles of three pairs: pair 0's eight columns, then pair 1's i and f.</summary>
    private struct FirstTwelve { }

    /// <summary>The second: pair 1's candidate and o, then pair 2's eight columns.</summary>
    private struct SecondTwelve { }

    /// <summary>
    /// Three pairs of units on a panel of two registers, as two 2 x 12 register tiles (24 accumulators: twelve
    /// broadcasts and two loads per 24 FMAs) and the three pairs' cells; <paramref name="cell"/> and
    /// <paramref name="hidden"/> are at the first pair's first unit, as for <see cref="Tile{TRec, TAct, TN}"/>.
    /// </summary>
    /// <remarks>
    /// Why: the 2 x 8 tile issues eight broadcasts and two loads per 16 FMAs, and ran 12% slower per FLOP than the 3 x 8
    /// one in L's pass, where a quarter of the rows are in panels of two registers (128 rows: 48, 48, 32). The 2 x 12
    /// tile spans a pair and a half, so the middle pair's z is completed by the second tile, and its cell follows that.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThreePairs<TRec, TAct>(ref StepPass pass, int pair, float* operand, float* cell, float* hidden, float* cellInput)
        where TRec : struct, IActivationOperator where TAct : struct, IActivationOperator
    {
        const int RowStride = 2 * BatchMajorState.RowsPerVector, PairSums = BatchMajorWeights.PairWidth * RowStride;
        int depth = pass.Depth;
        bool complete = pass.CellRows == 0, addBias = complete && pass.HasBias;
        float* weights = pass.Weights + (nint)pair * pass.PairStride, sums = pass.Sums;
        TileTwelve<FirstTwelve>(weights, weights + pass.PairStride, operand, depth, addBias, sums, sums + PairSums);
        TileTwelve<SecondTwelve>(weights + pass.PairStride, weights + 2 * pass.PairStride, operand, depth, addBias, sums + PairSums, sums + 2 * PairSums);
        for (int g = 0; g < 3; g++, weights += pass.PairStride, sums += PairSums, cell += 2 * RowStride, hidden += 2 * RowStride)
        {
            var cellTerms = new CellTerms(cellInput, weights + depth * BatchMajorWeights.PairWidth, pass.CellRows, pass.HasBias, RowStride);
            Cell<TRec, TAct>(sums, ref cellTerms, 2, complete, cell, hidden);
        }
    }

    /// <summary>
    /// z [12, 32] of a 2 x 12 tile: the columns are three quads of four gate columns, taken from the [K, 8] blocks of two
    /// pairs (<paramref name="first"/>, <paramref name="second"/>) and stored at the same slots of their z in L1
    /// (<paramref name="firstSums"/>, <paramref name="secondSums"/>; [8, 32] each, slot by slot). Each z is one chain
    /// over K, then the bias, as in <see cref="Tile{TRec, TAct, TN}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TileTwelve<TQ>(float* first, float* second, float* operand, int depth, bool addBias, float* firstSums, float* secondSums)
        where TQ : struct
    {
        const int RowStride = 2 * BatchMajorState.RowsPerVector;
        Vector512<float> z0a = default, z0b = default, z1a = default, z1b = default, z2a = default, z2b = default, z3a = default, z3b = default, z4a = default, z4b = default, z5a = default, z5b = default;
        Vector512<float> z6a = default, z6b = default, z7a = default, z7b = default, z8a = default, z8b = default, z9a = default, z9b = default, z10a = default, z10b = default, z11a = default, z11b = default;
        float* end = operand + (nint)depth * RowStride;
        for (float* pa = operand; pa < end; first += BatchMajorWeights.PairWidth, second += BatchMajorWeights.PairWidth, pa += RowStride)
        {
            // Constant offsets from first and second once inlined, so each broadcast reads memory directly (a value
            // chosen by a condition was loaded, then broadcast from a register: one more port-5 operation each).
            float* g0 = Quad<TQ>(first, second, 0, 1), g1 = Quad<TQ>(first, second, 1, 1), g2 = Quad<TQ>(first, second, 2, 1);
            Vector512<float> xa = Vector512.Load(pa), xb = Vector512.Load(pa + 16);
            Vector512<float> w = Vector512.Create(g0[0]);
            z0a = Simd512.MultiplyAdd(xa, w, z0a); z0b = Simd512.MultiplyAdd(xb, w, z0b);
            w = Vector512.Create(g0[1]);
            z1a = Simd512.MultiplyAdd(xa, w, z1a); z1b = Simd512.MultiplyAdd(xb, w, z1b);
            w = Vector512.Create(g0[2]);
            z2a = Simd512.MultiplyAdd(xa, w, z2a); z2b = Simd512.MultiplyAdd(xb, w, z2b);
            w = Vector512.Create(g0[3]);
            z3a = Simd512.MultiplyAdd(xa, w, z3a); z3b = Simd512.MultiplyAdd(xb, w, z3b);
            w = Vector512.Create(g1[0]);
            z4a = Simd512.MultiplyAdd(xa, w, z4a); z4b = Simd512.MultiplyAdd(xb, w, z4b);
            w = Vector512.Create(g1[1]);
            z5a = Simd512.MultiplyAdd(xa, w, z5a); z5b = Simd512.MultiplyAdd(xb, w, z5b);
            w = Vector512.Create(g1[2]);
            z6a = Simd512.MultiplyAdd(xa, w, z6a); z6b = Simd512.MultiplyAdd(xb, w, z6b);
            w = Vector512.Create(g1[3]);
            z7a = Simd512.MultiplyAdd(xa, w, z7a); z7b = Simd512.MultiplyAdd(xb, w, z7b);
            w = Vector512.Create(g2[0]);
            z8a = Simd512.MultiplyAdd(xa, w, z8a); z8b = Simd512.MultiplyAdd(xb, w, z8b);
            w = Vector512.Create(g2[1]);
            z9a = Simd512.MultiplyAdd(xa, w, z9a); z9b = Simd512.MultiplyAdd(xb, w, z9b);
            w = Vector512.Create(g2[2]);
            z10a = Simd512.MultiplyAdd(xa, w, z10a); z10b = Simd512.MultiplyAdd(xb, w, z10b);
            w = Vector512.Create(g2[3]);
            z11a = Simd512.MultiplyAdd(xa, w, z11a); z11b = Simd512.MultiplyAdd(xb, w, z11b);
        }
        if (addBias)
        {
            float* g0 = Quad<TQ>(first, second, 0, 1), g1 = Quad<TQ>(first, second, 1, 1), g2 = Quad<TQ>(first, second, 2, 1);
            Vector512<float> w = Vector512.Create(g0[0]); z0a += w; z0b += w;
            w = Vector512.Create(g0[1]); z1a += w; z1b += w;
            w = Vector512.Create(g0[2]); z2a += w; z2b += w;
            w = Vector512.Create(g0[3]); z3a += w; z3b += w;
            w = Vector512.Create(g1[0]); z4a += w; z4b += w;
            w = Vector512.Create(g1[1]); z5a += w; z5b += w;
            w = Vector512.Create(g1[2]); z6a += w; z6b += w;
            w = Vector512.Create(g1[3]); z7a += w; z7b += w;
            w = Vector512.Create(g2[0]); z8a += w; z8b += w;
            w = Vector512.Create(g2[1]); z9a += w; z9b += w;
            w = Vector512.Create(g2[2]); z10a += w; z10b += w;
            w = Vector512.Create(g2[3]); z11a += w; z11b += w;
        }
        float* s0 = Quad<TQ>(firstSums, secondSums, 0, RowStride), s1 = Quad<TQ>(firstSums, secondSums, 1, RowStride), s2 = Quad<TQ>(firstSums, secondSums, 2, RowStride);
        StoreQuad(s0, z0a, z0b, z1a, z1b, z2a, z2b, z3a, z3b);
        StoreQuad(s1, z4a, z4b, z5a, z5b, z6a, z6b, z7a, z7b);
        StoreQuad(s2, z8a, z8b, z9a, z9b, z10a, z10b, z11a, z11b);
    }

    /// <summary>A quad's four slots of z [4, 32] (two registers each) at <paramref name="sums"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreQuad(float* sums, Vector512<float> a0, Vector512<float> b0, Vector512<float> a1, Vector512<float> b1,
        Vector512<float> a2, Vector512<float> b2, Vector512<float> a3, Vector512<float> b3)
    {
        const int RowStride = 2 * BatchMajorState.RowsPerVector;
        a0.Store(sums); b0.Store(sums + 16);
        a1.Store(sums + RowStride); b1.Store(sums + RowStride + 16);
        a2.Store(sums + 2 * RowStride); b2.Store(sums + 2 * RowStride + 16);
        a3.Store(sums + 3 * RowStride); b3.Store(sums + 3 * RowStride + 16);
    }

    /// <summary>Quad q (0-2) of a 2 x 12 tile's columns within the two pairs' blocks, whose columns are <paramref name="step"/>
    /// floats apart (1 in the weights, a slot of z in L1): the first tile's quads are columns 0-3 and 4-7 of the first pair
    /// and 0-3 of the second, the second tile's columns 4-7 of the first and 0-3 and 4-7 of the second.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* Quad<TQ>(float* first, float* second, int q, int step) where TQ : struct =>
        typeof(TQ) == typeof(FirstTwelve)
            ? (q < 2 ? first + q * 4 * step : second)
            : (q == 0 ? first + 4 * step : second + (q - 1) * 4 * step);

    /// <summary>
    /// Registers [from, to) of a tile's z ([8, n] registers in L1, slot by slot): z (+ x·W) (+ bias), activated and stored
    /// in place, three registers in flight (see <see cref="ISimd{TVector}.BeginActivation{TOp}"/>); the order of
    /// operations is that of <see cref="LstmCellKernel{TRec, TAct}"/>. With <paramref name="complete"/> (a constant at each
    /// call), z already holds the pre-activation, bias included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Activate<TOp>(float* z, ref CellTerms terms, int n, int from, int to, bool complete) where TOp : struct, IActivationOperator
    {
        // Every range has at least two registers (n >= 1).
        Vector512<float> v = complete ? Vector512.Load(z + from * 16) : PreActivation(z, ref terms, n, from), begun = Simd512.BeginActivation<TOp>(v);
        Vector512<float> v1 = complete ? Vector512.Load(z + (from + 1) * 16) : PreActivation(z, ref terms, n, from + 1), begun1 = Simd512.BeginActivation<TOp>(v1);
        int r = from;
        for (; r + 2 < to; r++)
        {
            Vector512<float> v2 = complete ? Vector512.Load(z + (r + 2) * 16) : PreActivation(z, ref terms, n, r + 2), begun2 = Simd512.BeginActivation<TOp>(v2);
            Simd512.EndActivation<TOp>(begun, v).Store(z + r * 16);
            v = v1; begun = begun1;
            v1 = v2; begun1 = begun2;
        }
        Simd512.EndActivation<TOp>(begun, v).Store(z + r * 16);
        Simd512.EndActivation<TOp>(begun1, v1).Store(z + (r + 1) * 16);
    }

    /// <summary>Register r of the tile's z, plus x·W and the bias of its gate column (slot r / n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PreActivation(float* z, ref CellTerms terms, int n, int r)
    {
        int slot = r / n;
        Vector512<float> v = Vector512.Load(z + r * 16);
        float* w = terms.Weights + slot;
        float* x = terms.Input + (r - slot * n) * 16;
        for (int q = 0; q < terms.InputRows; q++, w += BatchMajorWeights.PairWidth, x += terms.RowStride)
            v = Simd512.MultiplyAdd(Vector512.Load(x), Vector512.Create(*w), v);
        if (terms.HasBias)
            v += Vector512.Create(*w);
        return v;
    }

    /// <summary>
    /// c = f*c_prev + i*g and h = o*a(c) for the pair's two units (2n registers: unit 0's n, then unit 1's, as they lie in
    /// the cell's and the next operand's rows), from the gates in z, three registers in flight as in
    /// <see cref="Activate{TOp}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateState<TAct>(float* z, int n, float* cell, float* hidden) where TAct : struct, IActivationOperator
    {
        int count = 2 * n;
        Vector512<float> c = CellState(z, n, cell, 0), begun = Simd512.BeginActivation<TAct>(c);
        Vector512<float> c1 = CellState(z, n, cell, 1), begun1 = Simd512.BeginActivation<TAct>(c1);
        int r = 0;
        for (; r + 2 < count; r++)
        {
            Vector512<float> c2 = CellState(z, n, cell, r + 2), begun2 = Simd512.BeginActivation<TAct>(c2);
            (Vector512.Load(z + (6 * n + r) * 16) * Simd512.EndActivation<TAct>(begun, c)).Store(hidden + r * 16);
            c = c1; begun = begun1;
            c1 = c2; begun1 = begun2;
        }
        (Vector512.Load(z + (6 * n + r) * 16) * Simd512.EndActivation<TAct>(begun, c)).Store(hidden + r * 16);
        (Vector512.Load(z + (6 * n + r + 1) * 16) * Simd512.EndActivation<TAct>(begun1, c1)).Store(hidden + (r + 1) * 16);
    }

    /// <summary>c = f*c_prev + i*g for register r of the pair's 2n (i at r, f at 2n + r, g at 4n + r in z), stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> CellState(float* z, int n, float* cell, int r)
    {
        Vector512<float> c = Simd512.MultiplyAdd(Vector512.Load(z + (2 * n + r) * 16), Vector512.Load(cell + r * 16),
            Vector512.Load(z + r * 16) * Vector512.Load(z + (4 * n + r) * 16));
        c.Store(cell + r * 16);
        return c;
    }

    /// <summary>
    /// Copies columns [0, cols) of <paramref name="rows"/> rows (row stride <paramref name="ld"/>) into rows
    /// [first, first + cols) of every panel of a [Bp, panelRows] buffer, zeros past the tile's rows.
    /// </summary>
    private static void ToPanels(float* source, int ld, int rows, int cols, float* panels, int panelRows, int first, (int Start, int Vectors)[] cut)
    {
        CopyRows(source, ld, 0, rows, cols, panels, panelRows, first, cut);
        ZeroPadding(rows, cols, panels, panelRows, first, cut);
    }

    /// <summary>The part of <see cref="ToPanels"/> for the tile's rows [from, to) only: blocks of eight rows (from a
    /// multiple of eight) and eight columns transposed in registers, the rest value by value.</summary>
    private static void CopyRows(float* source, int ld, int from, int to, int cols, float* panels, int panelRows, int first, (int Start, int Vectors)[] cut)
    {
        foreach (var (start, vectors) in cut)
        {
            int width = vectors * BatchMajorState.RowsPerVector;
            float* panel = panels + (nint)start * panelRows + (nint)first * width;
            int row = Math.Max(from, start), end = Math.Min(to, start + width);
            if (BlockTranspose.IsSupported && row % 8 == 0)
            {
                for (; row + 8 <= end; row += 8)
                {
                    int j = 0;
                    for (; j + 8 <= cols; j += 8)
                        BlockTranspose.Transpose8x8(source + (nint)row * ld + j, ld, panel + (nint)j * width + row - start, width);
                    for (int r = row; r < row + 8; r++)
                        for (int k = j; k < cols; k++)
                            panel[k * width + r - start] = source[(nint)r * ld + k];
                }
            }
            for (; row < end; row++)
                for (int j = 0; j < cols; j++)
                    panel[j * width + row - start] = source[(nint)row * ld + j];
        }
    }

    /// <summary>Zeros for the padding rows (from <paramref name="rows"/> on) in rows [first, first + cols) of the panels.</summary>
    private static void ZeroPadding(int rows, int cols, float* panels, int panelRows, int first, (int Start, int Vectors)[] cut)
    {
        foreach (var (start, vectors) in cut)
        {
            int width = vectors * BatchMajorState.RowsPerVector;
            float* panel = panels + (nint)start * panelRows + (nint)first * width;
            for (int b = Math.Max(rows - start, 0); b < width; b++)
                for (int j = 0; j < cols; j++)
                    panel[j * width + b] = 0f;
        }
    }

    /// <summary>The mirror of <see cref="ToPanels"/>: rows [first, first + cols) of the panels back into the tile's rows.</summary>
    private static void FromPanels(float* panels, int panelRows, int first, (int Start, int Vectors)[] cut, float* destination, int ld, int rows, int cols)
    {
        foreach (var (start, vectors) in cut)
        {
            int width = vectors * BatchMajorState.RowsPerVector;
            float* panel = panels + (nint)start * panelRows + (nint)first * width;
            for (int b = 0; b < width && start + b < rows; b++)
                for (int j = 0; j < cols; j++)
                    destination[(nint)(start + b) * ld + j] = panel[j * width + b];
        }
    }
}
