using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Activations;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>The cell kernel for recurrent activation <typeparamref name="TRec"/> and activation <typeparamref name="TAct"/>.</summary>
internal sealed class LstmCellKernel<TRec, TAct> : ILstmCellKernel
    where TRec : struct, IActivationOperator
    where TAct : struct, IActivationOperator
{
    /// <inheritdoc/>
    public bool BackwardReadsPreActivations { get; } = !DerivativeFromOutput<TRec>() || !DerivativeFromOutput<TAct>();

    private static bool DerivativeFromOutput<TOp>() where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) || typeof(TOp) == typeof(TanhOperator)
        || typeof(TOp) == typeof(ExponentialOperator) || typeof(TOp) == typeof(LinearOperator);

    // NoInlining: profile-guided devirtualization would otherwise inline this whole kernel (every width) into the
    // layer's step loop, where the inliner's budget runs out and leaves some vector helpers as real calls per register.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Forward(int batch, int units, Span<float> z, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, ReadOnlySpan<float> kernel,
        ReadOnlySpan<float> cPrev, Span<float> gates, Span<float> c, Span<float> cellActivation, Span<float> h, VectorWidth width,
        bool keepForBackward = true, int hiddenStride = 0)
    {
        int m = units, g4 = 4 * units, n = batch * units, p = kernel.Length / g4;
        if (hiddenStride == 0)
            hiddenStride = m;
        else if (hiddenStride < m)
            throw new ArgumentOutOfRangeException(nameof(hiddenStride), hiddenStride, $"h's rows are {m} units long; their stride cannot be shorter.");
        CheckLength(z, batch * g4, nameof(z));
        bool hasBias = !bias.IsEmpty;
        if (hasBias)
            CheckLength(bias, g4, nameof(bias));
        if (kernel.Length != p * g4)
            throw new ArgumentException($"{nameof(kernel)} has {kernel.Length} values, not a multiple of 4m = {g4}.", nameof(kernel));
        CheckLength(x, batch * p, nameof(x));
        CheckLength(gates, keepForBackward ? batch * g4 : g4, nameof(gates));
        CheckLength(cPrev, n, nameof(cPrev));
        CheckLength(c, n, nameof(c));
        if (keepForBackward)
            CheckLength(cellActivation, n, nameof(cellActivation));
        CheckLength(h, batch == 0 ? 0 : (batch - 1) * hiddenStride + m, nameof(h));
        var step = new Step(ref MemoryMarshal.GetReference(z), ref MemoryMarshal.GetReference(bias), hasBias,
            ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(kernel), ref MemoryMarshal.GetReference(gates),
            ref MemoryMarshal.GetReference(cPrev), ref MemoryMarshal.GetReference(c), ref MemoryMarshal.GetReference(cellActivation),
            ref MemoryMarshal.GetReference(h), (nuint)hiddenStride, (nuint)batch, (nuint)m, (nuint)p);
        // The input term is fixed for the call; a loop per kind keeps the gate loops free of its branches.
        InputKind kind = p == 0 ? (hasBias ? InputKind.Bias : InputKind.None) : p == 1 && hasBias ? InputKind.OneFeatureAndBias : InputKind.Any;
        if (keepForBackward)
            ForwardRows<KeepForBackward>(ref step, kind, width);
        else
            ForwardRows<InferenceOnly>(ref step, kind, width);
    }

    /// <inheritdoc/>
    public bool ForwardUnitHalf(UnitHalf half, HiddenExchange exchange, int firstTag, ReadOnlySpan<float> x, Span<float> c, Span<float> h,
        int steps, bool hiddenSequenceKept, VectorWidth width) =>
        SingleSequencePass.RunHalf<TRec, TAct>(half, exchange, firstTag, x, c, h, steps, hiddenSequenceKept, width);

    /// <inheritdoc/>
    public void ForwardSingleSequence(ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias, Span<float> z,
        ReadOnlySpan<float> x, Span<float> c, Span<float> h, int units, int steps, bool hiddenSequenceKept, bool halvesOfRows, VectorWidth width) =>
        SingleSequencePass.RunWhole<TRec, TAct>(kernel, recurrent, bias, z, x, c, h, units, steps, hiddenSequenceKept, halvesOfRows, width);

    /// <inheritdoc/>
    public void ForwardBatchMajor(BatchMajorWeights weights, BatchMajorState state, ReadOnlySpan<float> x, int inputSize, int batch,
        int firstRow, int rows, int steps, bool hasBias, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0, Span<float> h, Span<float> c) =>
        BatchMajorPass.Run<TRec, TAct>(weights, state, x, inputSize, batch, firstRow, rows, steps, hasBias, h0, c0, h, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardRows<TKeep>(ref Step step, InputKind kind, VectorWidth width) where TKeep : struct
    {
        switch (width)
        {
            case VectorWidth.V512: ForwardRows<Simd512, Vector512<float>, TKeep>(ref step, kind); break;
            case VectorWidth.V256: ForwardRows<Simd256, Vector256<float>, TKeep>(ref step, kind); break;
            case VectorWidth.V128: ForwardRows<Simd128, Vector128<float>, TKeep>(ref step, kind); break;
            default: ForwardRows<SimdScalar, float, TKeep>(ref step, kind); break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Backward(int batch, int units, ReadOnlySpan<float> dh, Span<float> dc,
        ReadOnlySpan<float> z, ReadOnlySpan<float> gates, ReadOnlySpan<float> c, ReadOnlySpan<float> cellActivation,
        ReadOnlySpan<float> cPrev, Span<float> dz, VectorWidth width)
    {
        int m = units, g4 = 4 * units, n = batch * units;
        CheckLength(dh, n, nameof(dh));
        CheckLength(dc, n, nameof(dc));
        CheckLength(z, batch * g4, nameof(z));
        CheckLength(gates, batch * g4, nameof(gates));
        CheckLength(c, n, nameof(c));
        CheckLength(cellActivation, n, nameof(cellActivation));
        CheckLength(cPrev, n, nameof(cPrev));
        CheckLength(dz, batch * g4, nameof(dz));
        for (int b = 0; b < batch; b++)
        {
            var row = new BackRow(
                ref Unsafe.Add(ref MemoryMarshal.GetReference(dh), b * m), ref Unsafe.Add(ref MemoryMarshal.GetReference(dc), b * m),
                ref Unsafe.Add(ref MemoryMarshal.GetReference(z), b * g4), ref Unsafe.Add(ref MemoryMarshal.GetReference(gates), b * g4),
                ref Unsafe.Add(ref MemoryMarshal.GetReference(c), b * m), ref Unsafe.Add(ref MemoryMarshal.GetReference(cellActivation), b * m),
                ref Unsafe.Add(ref MemoryMarshal.GetReference(cPrev), b * m), ref Unsafe.Add(ref MemoryMarshal.GetReference(dz), b * g4), (nuint)m);
            int j = width switch
            {
                VectorWidth.V512 => BackwardRange<Simd512, Vector512<float>>(ref row, 0, m),
                VectorWidth.V256 => BackwardRange<Simd256, Vector256<float>>(ref row, 0, m),
                VectorWidth.V128 => BackwardRange<Simd128, Vector128<float>>(ref row, 0, m),
                _ => 0,
            };
            BackwardRange<SimdScalar, float>(ref row, j, m);
        }
    }

    // Keras: i = ra(z_i), f = ra(z_f), g = a(z_c), o = ra(z_o); c = f*c_prev + i*g; h = o*a(c).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardRows<TS, TV, TKeep>(ref Step step, InputKind kind) where TS : struct, ISimd<TV> where TV : struct where TKeep : struct
    {
        switch (kind)
        {
            case InputKind.None: ForwardRows<TS, TV, NoInput, TKeep>(ref step); break;
            case InputKind.Bias: ForwardRows<TS, TV, BiasInput, TKeep>(ref step); break;
            case InputKind.OneFeatureAndBias: ForwardRows<TS, TV, OneFeatureAndBiasInput, TKeep>(ref step); break;
            default: ForwardRows<TS, TV, AnyInput, TKeep>(ref step); break;
        }
    }

    /// <summary>Row by row: the gates from z (+ x·W + bias, written back to z for the backward pass), then c, a(c) and h.</summary>
    /// <remarks>One call for all rows, its loops inlined and every reference in a local: called per row and per gate
    /// block, the calls cost a fifth of the pass at m = 64; in one large method with the references in a struct, the
    /// JIT reloaded them from the stack after every store, on the ports the vector math uses.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardRows<TS, TV, TIn, TKeep>(ref Step step)
        where TS : struct, ISimd<TV> where TV : struct where TIn : struct where TKeep : struct
    {
        bool keep = typeof(TKeep) == typeof(KeepForBackward);
        ref float bias = ref step.Bias;
        ref float kernel = ref step.Kernel;
        bool hasBias = step.HasBias;
        nuint m = step.Units, p = step.Features, g4 = 4 * m, batch = step.Batch, hStride = step.HiddenStride;
        for (nuint b = 0; b < batch; b++)
        {
            ref float z = ref Unsafe.Add(ref step.Z, b * g4);
            ref float gates = ref Unsafe.Add(ref step.Gates, keep ? b * g4 : 0); // inference: one row's place, in L1
            ref float x = ref Unsafe.Add(ref step.X, b * p);
            ActivateGates<TS, TV, TRec, TIn, TKeep>(ref z, ref gates, ref bias, hasBias, ref x, ref kernel, p, g4, 0, 2 * m); // i, f
            ActivateGates<TS, TV, TAct, TIn, TKeep>(ref z, ref gates, ref bias, hasBias, ref x, ref kernel, p, g4, 2 * m, 3 * m); // candidate g
            ActivateGates<TS, TV, TRec, TIn, TKeep>(ref z, ref gates, ref bias, hasBias, ref x, ref kernel, p, g4, 3 * m, g4); // o
            UpdateState<TS, TV, TKeep>(ref gates, ref Unsafe.Add(ref step.CPrev, b * m), ref Unsafe.Add(ref step.C, b * m),
                ref Unsafe.Add(ref step.CellActivation, keep ? b * m : 0), ref Unsafe.Add(ref step.H, b * hStride), m);
        }
    }

    /// <summary>z[k] += x·W[:, k] + bias[k], gates[k] = TOp(z[k]) for k in [from, to), in whole registers, then the scalar twin.
    /// Software-pipelined: registers k + 1 and k + 2 have begun their activations when register k ends (see
    /// ISimd.BeginActivation; three in flight were 7% faster than two at m = 128).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ActivateGates<TS, TV, TOp, TIn, TKeep>(ref float z, ref float gates, ref float bias, bool hasBias,
        ref float x, ref float kernel, nuint p, nuint g4, nuint from, nuint to)
        where TS : struct, ISimd<TV> where TV : struct where TOp : struct, IActivationOperator where TIn : struct where TKeep : struct
    {
        nuint w = (nuint)TS.Count, k = from;
        if (w > 1 && k + 2 * w <= to)
        {
            // Three registers in flight: k ends while k + 1 waits and k + 2 begins.
            TV v = PreActivation<TS, TV, TIn, TKeep>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, k);
            TV begun = TS.BeginActivation<TOp>(v);
            TV v1 = PreActivation<TS, TV, TIn, TKeep>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, k + w);
            TV begun1 = TS.BeginActivation<TOp>(v1);
            for (; k + 3 * w <= to; k += w)
            {
                TV v2 = PreActivation<TS, TV, TIn, TKeep>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, k + 2 * w);
                TV begun2 = TS.BeginActivation<TOp>(v2);
                TS.Store(TS.EndActivation<TOp>(begun, v), ref gates, k);
                v = v1; begun = begun1;
                v1 = v2; begun1 = begun2;
            }
            TS.Store(TS.EndActivation<TOp>(begun, v), ref gates, k);
            TS.Store(TS.EndActivation<TOp>(begun1, v1), ref gates, k + w);
            k += 2 * w;
        }
        if (w > 1 && k + w <= to)
        {
            // A single register left (the range had one).
            TV v = PreActivation<TS, TV, TIn, TKeep>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, k);
            TS.Store(TS.Activate<TOp>(v), ref gates, k);
            k += w;
        }
        for (; k < to; k++)
        {
            float v = PreActivation<SimdScalar, float, TIn, TKeep>(ref z, ref bias, hasBias, ref x, ref kernel, p, g4, k);
            Unsafe.Add(ref gates, k) = SimdScalar.Activate<TOp>(v);
        }
    }

    /// <summary>z[k..k+w) + x·W[:, k..k+w) + bias[k..k+w), written back to z when anything was added and a backward
    /// pass may follow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV PreActivation<TS, TV, TIn, TKeep>(ref float z, ref float bias, bool hasBias, ref float x, ref float kernel, nuint p, nuint g4, nuint k)
        where TS : struct, ISimd<TV> where TV : struct where TIn : struct where TKeep : struct
    {
        TV v = TS.Load(ref z, k);
        if (typeof(TIn) == typeof(NoInput))
            return v;
        if (typeof(TIn) == typeof(BiasInput))
        {
            v = TS.Add(v, TS.Load(ref bias, k));
        }
        else if (typeof(TIn) == typeof(OneFeatureAndBiasInput))
        {
            v = TS.MultiplyAdd(TS.Broadcast(x), TS.Load(ref kernel, k), v);
            v = TS.Add(v, TS.Load(ref bias, k));
        }
        else
        {
            for (nuint q = 0; q < p; q++)
                v = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref x, q)), TS.Load(ref kernel, q * g4 + k), v);
            if (hasBias)
                v = TS.Add(v, TS.Load(ref bias, k));
        }
        if (typeof(TKeep) == typeof(KeepForBackward))
            TS.Store(v, ref z, k);
        return v;
    }

    /// <summary>c = f*c_prev + i*g, a(c) and h = o*a(c) for every unit of the row, from the gates just written;
    /// software-pipelined as <see cref="ActivateGates"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateState<TS, TV, TKeep>(ref float gates, ref float cPrev, ref float cell, ref float cellActivation, ref float h, nuint m)
        where TS : struct, ISimd<TV> where TV : struct where TKeep : struct
    {
        nuint m3 = 3 * m, w = (nuint)TS.Count, u = 0;
        if (w > 1 && u + 2 * w <= m)
        {
            // Three registers in flight, as in ActivateGates.
            TV c = CellState<TS, TV>(ref gates, ref cPrev, ref cell, m, u);
            TV begun = TS.BeginActivation<TAct>(c);
            TV c1 = CellState<TS, TV>(ref gates, ref cPrev, ref cell, m, u + w);
            TV begun1 = TS.BeginActivation<TAct>(c1);
            for (; u + 3 * w <= m; u += w)
            {
                TV c2 = CellState<TS, TV>(ref gates, ref cPrev, ref cell, m, u + 2 * w);
                TV begun2 = TS.BeginActivation<TAct>(c2);
                StoreOutputs<TS, TV, TKeep>(ref gates, ref cellActivation, ref h, m3, u, TS.EndActivation<TAct>(begun, c));
                c = c1; begun = begun1;
                c1 = c2; begun1 = begun2;
            }
            StoreOutputs<TS, TV, TKeep>(ref gates, ref cellActivation, ref h, m3, u, TS.EndActivation<TAct>(begun, c));
            StoreOutputs<TS, TV, TKeep>(ref gates, ref cellActivation, ref h, m3, u + w, TS.EndActivation<TAct>(begun1, c1));
            u += 2 * w;
        }
        if (w > 1 && u + w <= m)
        {
            // A single register left (the row had one).
            TV c = CellState<TS, TV>(ref gates, ref cPrev, ref cell, m, u);
            StoreOutputs<TS, TV, TKeep>(ref gates, ref cellActivation, ref h, m3, u, TS.Activate<TAct>(c));
            u += w;
        }
        for (; u < m; u++)
        {
            float c = CellState<SimdScalar, float>(ref gates, ref cPrev, ref cell, m, u);
            float ac = SimdScalar.Activate<TAct>(c);
            if (typeof(TKeep) == typeof(KeepForBackward))
                Unsafe.Add(ref cellActivation, u) = ac;
            Unsafe.Add(ref h, u) = Unsafe.Add(ref gates, m3 + u) * ac;
        }
    }

    /// <summary>a(c) (kept for a backward pass) and h = o*a(c) for units [u, u+w).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOutputs<TS, TV, TKeep>(ref float gates, ref float cellActivation, ref float h, nuint m3, nuint u, TV ac)
        where TS : struct, ISimd<TV> where TV : struct where TKeep : struct
    {
        if (typeof(TKeep) == typeof(KeepForBackward))
            TS.Store(ac, ref cellActivation, u);
        TS.Store(TS.Multiply(TS.Load(ref gates, m3 + u), ac), ref h, u);
    }

    /// <summary>c[u..u+w) = f*c_prev + i*g, stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CellState<TS, TV>(ref float gates, ref float cPrev, ref float cell, nuint m, nuint u) where TS : struct, ISimd<TV> where TV : struct
    {
        TV c = TS.MultiplyAdd(TS.Load(ref gates, m + u), TS.Load(ref cPrev, u), TS.Multiply(TS.Load(ref gates, u), TS.Load(ref gates, 2 * m + u)));
        TS.Store(c, ref cell, u);
        return c;
    }

    /// <summary>What the gate pass adds to z before the activations.</summary>
    private enum InputKind { None, Bias, OneFeatureAndBias, Any }

    /// <summary>Forward with what the backward pass reads (z with its input terms, every row's gates, a(c)) stored.</summary>
    private struct KeepForBackward { }

    /// <summary>Forward for inference: only c and h are stored.</summary>
    private struct InferenceOnly { }

    private struct NoInput { }
    private struct BiasInput { }
    private struct OneFeatureAndBiasInput { }
    private struct AnyInput { }

    /// <summary>dz and dc for units [from, m) of one row, in whole registers; returns where the registers stopped.</summary>
    /// <remarks>Not inlined, the row's references in locals: see <see cref="ForwardRows{TS, TV, TIn}"/>.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int BackwardRange<TS, TV>(ref BackRow r, int from, int m) where TS : struct, ISimd<TV> where TV : struct
    {
        ref float dhRow = ref r.Dh, dcRow = ref r.Dc, z = ref r.Z, gates = ref r.Gates, cell = ref r.C;
        ref float cellActivation = ref r.CellActivation, cPrev = ref r.CPrev, dzRow = ref r.Dz;
        int w = TS.Count, j = from;
        nuint m1 = r.Units, m2 = 2 * r.Units, m3 = 3 * r.Units;
        for (; j <= m - w; j += w)
        {
            nuint u = (nuint)j;
            TV i = TS.Load(ref gates, u), f = TS.Load(ref gates, m1 + u);
            TV g = TS.Load(ref gates, m2 + u), o = TS.Load(ref gates, m3 + u);
            TV dh = TS.Load(ref dhRow, u);
            TV ac = TS.Load(ref cellActivation, u);
            // h = o*a(c): dL/do = dh*a(c); dL/dc gains dh*o*a'(c) on top of what flows back from step t+1.
            TV dzo = TS.Multiply(TS.Multiply(dh, ac), TS.Derivative<TRec>(TS.Load(ref z, m3 + u), o));
            TV dc = TS.MultiplyAdd(TS.Multiply(dh, o), TS.Derivative<TAct>(TS.Load(ref cell, u), ac), TS.Load(ref dcRow, u));
            // c = f*c_prev + i*g.
            TV dzi = TS.Multiply(TS.Multiply(dc, g), TS.Derivative<TRec>(TS.Load(ref z, u), i));
            TV dzf = TS.Multiply(TS.Multiply(dc, TS.Load(ref cPrev, u)), TS.Derivative<TRec>(TS.Load(ref z, m1 + u), f));
            TV dzg = TS.Multiply(TS.Multiply(dc, i), TS.Derivative<TAct>(TS.Load(ref z, m2 + u), g));
            TS.Store(dzi, ref dzRow, u);
            TS.Store(dzf, ref dzRow, m1 + u);
            TS.Store(dzg, ref dzRow, m2 + u);
            TS.Store(dzo, ref dzRow, m3 + u);
            TS.Store(TS.Multiply(dc, f), ref dcRow, u);
        }
        return j;
    }

    private static void CheckLength(ReadOnlySpan<float> span, int needed, string name)
    {
        if (span.Length < needed)
            throw new ArgumentException($"{name} has {span.Length} values but the step needs {needed}.", name);
    }

    /// <summary>One forward step's operands (see <see cref="ILstmCellKernel.Forward"/>), for the row loop.</summary>
    private ref struct Step
    {
        public ref float Z, Bias, X, Kernel, Gates, CPrev, C, CellActivation, H;
        public bool HasBias;
        public nuint HiddenStride, Batch, Units, Features;

        public Step(ref float z, ref float bias, bool hasBias, ref float x, ref float kernel, ref float gates, ref float cPrev,
            ref float c, ref float cellActivation, ref float h, nuint hiddenStride, nuint batch, nuint units, nuint features)
        {
            Z = ref z; Bias = ref bias; HasBias = hasBias; X = ref x; Kernel = ref kernel; Gates = ref gates; CPrev = ref cPrev;
            C = ref c; CellActivation = ref cellActivation; H = ref h; HiddenStride = hiddenStride; Batch = batch; Units = units; Features = features;
        }
    }

    private ref struct BackRow
    {
        public ref float Dh, Dc, Z, Gates, C, CellActivation, CPrev, Dz;
        public nuint Units;

        public BackRow(ref float dh, ref float dc, ref float z, ref float gates, ref float c, ref float cellActivation,
            ref float cPrev, ref float dz, nuint units)
        {
            Dh = ref dh; Dc = ref dc; Z = ref z; Gates = ref gates; C = ref c; CellActivation = ref cellActivation;
            CPrev = ref cPrev; Dz = ref dz; Units = units;
        }
    }
}
