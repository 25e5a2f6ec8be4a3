using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Activations;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Every step of a single sequence's inference in one method (B = 1, the online-forecast case, with the input added in
/// the cell): on one core (<see cref="RunWhole{TRec, TAct}"/>), or one core's half of the units when the sequence is
/// split across two cores (<see cref="RunHalf{TRec, TAct}"/>, see <c>LstmLayer.ForwardUnitHalf</c>). A half's step:
/// z [4n] = h_{t-1}[own]·U[own rows] (while the other core's half of h_{t-1} is on its way), + h_{t-1}[other]·U[other
/// rows] once it has come, then the gates, c_t and h_t of the half's n units, and h_t's half sent to the other core.
/// </summary>
/// <remarks>
/// The operands are checked and the width dispatched once a pass: per step, the general kernels' calls (the cell pass
/// and one or two products, each checking its spans and dispatching on width and input) cost about a fifth of a step
/// (an empty cell-pass call took 33 ns). The cell works a register of units at a time with the unit's four gates in
/// registers, where the general cell pass (made for many rows) writes a row's gates and reads them back. Both do the
/// same operations in the same order as <see cref="LstmCellKernel{TRec, TAct}"/> on every element, so these passes'
/// floats are those of the general kernels, for units that fill whole registers (the callers' condition).
/// </remarks>
internal static unsafe class SingleSequencePass
{
    /// <summary>
    /// Runs the pass for <paramref name="half"/> (packed already). x is [T, p] in processing order; c holds c_{t} at
    /// slot t &amp; 1 ([2, m]); h holds h_t at slot t (<paramref name="hiddenSequenceKept"/>, [T+1, m]) or t &amp; 1, with
    /// h_0 in slot 0 and c_0 in slot 0. Returns false when the other core gave up (the pool rethrows its exception).
    /// </summary>
    public static bool RunHalf<TRec, TAct>(UnitHalf half, HiddenExchange exchange, int firstTag, ReadOnlySpan<float> x,
        Span<float> c, Span<float> h, int steps, bool hiddenSequenceKept, VectorWidth width)
        where TRec : struct, IActivationOperator where TAct : struct, IActivationOperator
    {
        int m = half.Units, p = half.InputSize;
        Check(x, (long)steps * p, nameof(x));
        Check(c, 2L * m, nameof(c));
        Check(h, (hiddenSequenceKept ? steps + 1L : 2L) * m, nameof(h));
        fixed (int* rowOffsets = half.RowOffsets)
        {
            var pass = new HalfPass(half, exchange, firstTag, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(c),
                ref MemoryMarshal.GetReference(h), rowOffsets, steps, hiddenSequenceKept);
            return width switch
            {
                VectorWidth.V512 => RunHalf<TRec, TAct, Simd512, Vector512<float>>(ref pass),
                VectorWidth.V256 => RunHalf<TRec, TAct, Simd256, Vector256<float>>(ref pass),
                VectorWidth.V128 => RunHalf<TRec, TAct, Simd128, Vector128<float>>(ref pass),
                _ => RunHalf<TRec, TAct, SimdScalar, float>(ref pass),
            };
        }
    }

    // NoInlining, every reference in a local: see LstmCellKernel.ForwardRows. AggressiveOptimization (here, in RunWhole
    // and in what they call per step: SmallRowsGemm.Rows, HiddenExchange, UnitHalf.Pack): the layer times the two
    // paths against each other from its 16th pass (MeasuredChoice), and tiered compilation left the split path's
    // chain unoptimized for 1-2.5 s of passes (200-290 µs a pass against 8-12), so the first probes chose one core
    // on every fresh layer. Compiled optimized at their first call, both paths run at full speed from the first probe
    // on, and the steady state did not move (one core, best of six alternated runs: 16.19-16.38 µs against 16.23-16.50).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static bool RunHalf<TRec, TAct, TS, TV>(ref HalfPass pass)
        where TRec : struct, IActivationOperator where TAct : struct, IActivationOperator
        where TS : struct, ISimd<TV> where TV : struct
    {
        UnitHalf half = pass.Half;
        HiddenExchange exchange = pass.Exchange;
        int m = half.Units, n = m / 2, p = half.InputSize, own = half.Half * n, other = n - own, steps = pass.Steps;
        int columns = 4 * n, otherHalf = 1 - half.Half, firstTag = pass.FirstTag;
        bool hasBias = !half.Bias.IsEmpty, kept = pass.HiddenSequenceKept;
        ref float u = ref MemoryMarshal.GetReference(half.Recurrent);
        ref float z = ref MemoryMarshal.GetReference(half.Z);
        ref float bias = ref MemoryMarshal.GetReference(half.Bias);
        ref float kernel = ref MemoryMarshal.GetReference(half.Kernel);
        Span<float> hidden = half.Hidden; // h_{t-1} whole, [m]
        ref float hPrev = ref MemoryMarshal.GetReference(hidden);
        ref float x = ref pass.X, c = ref pass.C, h = ref pass.H;
        var ownRows = new SmallRowsGemm.TabledRows(pass.RowOffsets + own);
        var otherRows = new SmallRowsGemm.TabledRows(pass.RowOffsets + other);
        MemoryMarshal.CreateReadOnlySpan(ref h, m).CopyTo(hidden); // h_0
        for (int s = 0; s < steps; s++)
        {
            // The own rows' sum first, then the other half's added to it: the floats of the one-core pass, which adds
            // the second half of U's rows to the first (commutative).
            SmallRowsGemm.Rows<TS, TV, SmallRowsGemm.TabledRows>(ref Unsafe.Add(ref hPrev, own), ref u, ownRows, ref z, columns, n, accumulate: false);
            if (s > 0 && !exchange.Receive(otherHalf, firstTag + s - 1, hidden.Slice(other, n)))
                return false;
            SmallRowsGemm.Rows<TS, TV, SmallRowsGemm.TabledRows>(ref Unsafe.Add(ref hPrev, other), ref u, otherRows, ref z, columns, n, accumulate: true);
            ref float hOut = ref Unsafe.Add(ref h, (kept ? s + 1 : (s + 1) & 1) * m + own);
            Cell<TRec, TAct, TS, TV>(ref z, ref bias, hasBias, ref Unsafe.Add(ref x, s * p), ref kernel, (nuint)p, (nuint)n,
                ref Unsafe.Add(ref c, (s & 1) * m + own), ref Unsafe.Add(ref c, ((s + 1) & 1) * m + own), ref hOut, ref Unsafe.Add(ref hPrev, own));
            if (s < steps - 1)
                exchange.Publish(half.Half, firstTag + s, MemoryMarshal.CreateReadOnlySpan(ref hOut, n));
        }
        return true;
    }

    /// <summary>
    /// Runs every step of the sequence on this core, the layer's own W [p, 4m], U [m, 4m] and bias [4m] (or none) read
    /// in place: z [4m] = h_{t-1}·U, as two sums over U's halves of rows when <paramref name="halvesOfRows"/> (the floats
    /// of a pass split across two cores), then the cell over the m units. z is [4m] scratch; x, c and h as for
    /// <see cref="RunHalf{TRec, TAct}"/>.
    /// </summary>
    public static void RunWhole<TRec, TAct>(ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias,
        Span<float> z, ReadOnlySpan<float> x, Span<float> c, Span<float> h, int units, int steps, bool hiddenSequenceKept,
        bool halvesOfRows, VectorWidth width)
        where TRec : struct, IActivationOperator where TAct : struct, IActivationOperator
    {
        int m = units, g4 = 4 * m;
        if (m <= 0 || kernel.Length % g4 != 0)
            throw new ArgumentException($"kernel has {kernel.Length} values, not a multiple of 4m = {g4}.", nameof(kernel));
        int p = kernel.Length / g4;
        Check(recurrent, (long)m * g4, nameof(recurrent));
        if (!bias.IsEmpty)
            Check(bias, g4, nameof(bias));
        Check(z, g4, nameof(z));
        Check(x, (long)steps * p, nameof(x));
        Check(c, 2L * m, nameof(c));
        Check(h, (hiddenSequenceKept ? steps + 1L : 2L) * m, nameof(h));
        var pass = new WholePass(ref MemoryMarshal.GetReference(kernel), ref MemoryMarshal.GetReference(recurrent),
            ref MemoryMarshal.GetReference(bias), !bias.IsEmpty, ref MemoryMarshal.GetReference(z), ref MemoryMarshal.GetReference(x),
            ref MemoryMarshal.GetReference(c), ref MemoryMarshal.GetReference(h), p, m, steps, hiddenSequenceKept, halvesOfRows);
        switch (width)
        {
            case VectorWidth.V512: RunWhole<TRec, TAct, Simd512, Vector512<float>>(ref pass); break;
            case VectorWidth.V256: RunWhole<TRec, TAct, Simd256, Vector256<float>>(ref pass); break;
            case VectorWidth.V128: RunWhole<TRec, TAct, Simd128, Vector128<float>>(ref pass); break;
            default: RunWhole<TRec, TAct, SimdScalar, float>(ref pass); break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)] // see RunHalf
    private static void RunWhole<TRec, TAct, TS, TV>(ref WholePass pass)
        where TRec : struct, IActivationOperator where TAct : struct, IActivationOperator
        where TS : struct, ISimd<TV> where TV : struct
    {
        int m = pass.Units, p = pass.Features, g4 = 4 * m, steps = pass.Steps, first = pass.HalvesOfRows ? m / 2 : m;
        bool hasBias = pass.HasBias, kept = pass.HiddenSequenceKept;
        ref float kernel = ref pass.Kernel, u = ref pass.Recurrent, bias = ref pass.Bias, z = ref pass.Z;
        ref float x = ref pass.X, c = ref pass.C, h = ref pass.H;
        var rows = new SmallRowsGemm.StridedRows(g4);
        for (int s = 0; s < steps; s++)
        {
            ref float hPrev = ref Unsafe.Add(ref h, (kept ? s : s & 1) * m);
            ref float hOut = ref Unsafe.Add(ref h, (kept ? s + 1 : (s + 1) & 1) * m);
            SmallRowsGemm.Rows<TS, TV, SmallRowsGemm.StridedRows>(ref hPrev, ref u, rows, ref z, g4, first, accumulate: false);
            if (first < m)
                SmallRowsGemm.Rows<TS, TV, SmallRowsGemm.StridedRows>(ref Unsafe.Add(ref hPrev, first), ref Unsafe.Add(ref u, first * g4),
                    rows, ref z, g4, m - first, accumulate: true);
            // h_t has no second place to go: it is stored twice, in the same place.
            Cell<TRec, TAct, TS, TV>(ref z, ref bias, hasBias, ref Unsafe.Add(ref x, s * p), ref kernel, (nuint)p, (nuint)m,
                ref Unsafe.Add(ref c, (s & 1) * m), ref Unsafe.Add(ref c, ((s + 1) & 1) * m), ref hOut, ref hOut);
        }
    }

    /// <summary>The gates, c_t and h_t of the half's n units (z [4n] gate by gate, x [p], W [p, 4n], bias [4n] or none),
    /// two registers of units at a time while there are two; h_t goes to h and to hNext.</summary>
    /// <remarks>Every reference a parameter: in a struct, the JIT reloaded them after every store (see LstmCellKernel.ForwardRows).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Cell<TRec, TAct, TS, TV>(ref float z, ref float bias, bool hasBias, ref float x, ref float kernel, nuint p, nuint n,
        ref float cPrev, ref float c, ref float h, ref float hNext)
        where TRec : struct, IActivationOperator where TAct : struct, IActivationOperator
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint w = (nuint)TS.Count, g4 = 4 * n, j = 0;
        // Two registers of units side by side: one register's four activations then its cell state's left the divider
        // idle while the cell state's waited for them.
        for (; j + 2 * w <= n; j += 2 * w)
        {
            nuint j1 = j + w;
            TV i0 = Gate<TRec, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, j);
            TV i1 = Gate<TRec, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, j1);
            TV f0 = Gate<TRec, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, n + j);
            TV f1 = Gate<TRec, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, n + j1);
            TV g0 = Gate<TAct, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, 2 * n + j);
            TV g1 = Gate<TAct, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, 2 * n + j1);
            TV o0 = Gate<TRec, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, 3 * n + j);
            TV o1 = Gate<TRec, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, 3 * n + j1);
            State<TAct, TS, TV>(ref cPrev, ref c, ref h, ref hNext, j, i0, f0, g0, o0);
            State<TAct, TS, TV>(ref cPrev, ref c, ref h, ref hNext, j1, i1, f1, g1, o1);
        }
        for (; j + w <= n; j += w)
            State<TAct, TS, TV>(ref cPrev, ref c, ref h, ref hNext, j,
                Gate<TRec, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, j),
                Gate<TRec, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, n + j),
                Gate<TAct, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, 2 * n + j),
                Gate<TRec, TS, TV>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, 3 * n + j));
        for (; j < n; j++)
            State<TAct, SimdScalar, float>(ref cPrev, ref c, ref h, ref hNext, j,
                Gate<TRec, SimdScalar, float>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, j),
                Gate<TRec, SimdScalar, float>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, n + j),
                Gate<TAct, SimdScalar, float>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, 2 * n + j),
                Gate<TRec, SimdScalar, float>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, 3 * n + j));
    }

    /// <summary>TOp(z[k] + x·W[:, k] + bias[k]) for the register at column k: LstmCellKernel's PreActivation (the
    /// products of x in feature order, then the bias) and activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Gate<TOp, TS, TV>(ref float z, ref float bias, bool hasBias, ref float x, ref float kernel, nuint p, nuint g4, nuint k)
        where TOp : struct, IActivationOperator where TS : struct, ISimd<TV> where TV : struct
    {
        TV v = TS.Load(ref z, k);
        for (nuint q = 0; q < p; q++)
            v = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref x, q)), TS.Load(ref kernel, q * g4 + k), v);
        if (hasBias)
            v = TS.Add(v, TS.Load(ref bias, k));
        return TS.Activate<TOp>(v);
    }

    /// <summary>c = f*c_prev + i*g and h = o*a(c) for the units at j (LstmCellKernel's CellState and StoreOutputs), h
    /// stored as the layer's output and as the next step's h_{t-1}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void State<TAct, TS, TV>(ref float cPrev, ref float c, ref float h, ref float hNext, nuint j, TV i, TV f, TV g, TV o)
        where TAct : struct, IActivationOperator where TS : struct, ISimd<TV> where TV : struct
    {
        TV cell = TS.MultiplyAdd(f, TS.Load(ref cPrev, j), TS.Multiply(i, g));
        TS.Store(cell, ref c, j);
        TV hidden = TS.Multiply(o, TS.Activate<TAct>(cell));
        TS.Store(hidden, ref h, j);
        TS.Store(hidden, ref hNext, j);
    }

    /// <summary>Throws, naming <paramref name="name"/>, when <paramref name="span"/> has fewer than <paramref name="needed"/> values
    /// (also for <see cref="BatchMajorPass"/>).</summary>
    internal static void Check(ReadOnlySpan<float> span, long needed, string name)
    {
        if (span.Length < needed)
            throw new ArgumentException($"{name} has {span.Length} values; the pass needs {needed}.", name);
    }

    /// <summary>A half's pass's operands, for the width-specialized loop.</summary>
    private ref struct HalfPass
    {
        public readonly UnitHalf Half;
        public readonly HiddenExchange Exchange;
        public readonly int FirstTag, Steps;
        public readonly bool HiddenSequenceKept;
        public readonly int* RowOffsets;
        public ref float X, C, H;

        public HalfPass(UnitHalf half, HiddenExchange exchange, int firstTag, ref float x, ref float c, ref float h, int* rowOffsets,
            int steps, bool hiddenSequenceKept)
        {
            Half = half; Exchange = exchange; FirstTag = firstTag; X = ref x; C = ref c; H = ref h; RowOffsets = rowOffsets;
            Steps = steps; HiddenSequenceKept = hiddenSequenceKept;
        }
    }

    /// <summary>A whole pass's operands, for the width-specialized loop.</summary>
    private ref struct WholePass
    {
        public ref float Kernel, Recurrent, Bias, Z, X, C, H;
        public readonly bool HasBias, HiddenSequenceKept, HalvesOfRows;
        public readonly int Features, Units, Steps;

        public WholePass(ref float kernel, ref float recurrent, ref float bias, bool hasBias, ref float z, ref float x, ref float c,
            ref float h, int features, int units, int steps, bool hiddenSequenceKept, bool halvesOfRows)
        {
            Kernel = ref kernel; Recurrent = ref recurrent; Bias = ref bias; HasBias = hasBias; Z = ref z; X = ref x; C = ref c;
            H = ref h; Features = features; Units = units; Steps = steps; HiddenSequenceKept = hiddenSequenceKept;
            HalvesOfRows = halvesOfRows;
        }
    }
}
