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
    // NoInlining: profile-guided devirtualization would otherwise inline this whole kernel (every width) into the
    // layer's step loop, where the inliner's budget runs out and leaves some vector helpers as real calls per register.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Forward(int batch, int units, Span<float> z, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, ReadOnlySpan<float> kernel,
        ReadOnlySpan<float> cPrev, Span<float> gates, Span<float> c, Span<float> cellActivation, Span<float> h, VectorWidth width)
    {
        int m = units, g4 = 4 * units, n = batch * units, p = kernel.Length / g4;
        CheckLength(z, batch * g4, nameof(z));
        bool hasBias = !bias.IsEmpty;
        if (hasBias)
            CheckLength(bias, g4, nameof(bias));
        if (kernel.Length != p * g4)
            throw new ArgumentException($"{nameof(kernel)} has {kernel.Length} values, not a multiple of 4m = {g4}.", nameof(kernel));
        CheckLength(x, batch * p, nameof(x));
        CheckLength(gates, batch * g4, nameof(gates));
        CheckLength(cPrev, n, nameof(cPrev));
        CheckLength(c, n, nameof(c));
        CheckLength(cellActivation, n, nameof(cellActivation));
        CheckLength(h, n, nameof(h));
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float xr = ref MemoryMarshal.GetReference(x);
        var input = new StepInput(ref MemoryMarshal.GetReference(kernel), (nuint)p, (nuint)g4);
        ref float gr = ref MemoryMarshal.GetReference(gates);
        ref float cpr = ref MemoryMarshal.GetReference(cPrev);
        ref float cr = ref MemoryMarshal.GetReference(c);
        ref float ar = ref MemoryMarshal.GetReference(cellActivation);
        ref float hr = ref MemoryMarshal.GetReference(h);
        for (int b = 0; b < batch; b++)
        {
            var row = new Row(ref Unsafe.Add(ref zr, b * g4), ref Unsafe.Add(ref gr, b * g4), ref Unsafe.Add(ref cpr, b * m),
                ref Unsafe.Add(ref cr, b * m), ref Unsafe.Add(ref ar, b * m), ref Unsafe.Add(ref hr, b * m), (nuint)m);
            input.X = ref Unsafe.Add(ref xr, b * p);
            switch (width)
            {
                case VectorWidth.V512: ForwardRow<Simd512, Vector512<float>>(ref row, ref br, hasBias, ref input); break;
                case VectorWidth.V256: ForwardRow<Simd256, Vector256<float>>(ref row, ref br, hasBias, ref input); break;
                case VectorWidth.V128: ForwardRow<Simd128, Vector128<float>>(ref row, ref br, hasBias, ref input); break;
                default: ForwardRow<SimdScalar, float>(ref row, ref br, hasBias, ref input); break;
            }
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

    /// <summary>One batch row: the gates from z (+ x·W + bias, written back to z for the backward pass), then c, a(c) and h.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardRow<TS, TV>(ref Row r, ref float bias, bool hasBias, ref StepInput input)
        where TS : struct, ISimd<TV> where TV : struct
    {
        nuint m = r.Units;
        ActivateGates<TS, TV, TRec>(ref r, ref bias, hasBias, ref input, 0, 2 * m); // i, f
        ActivateGates<TS, TV, TAct>(ref r, ref bias, hasBias, ref input, 2 * m, 3 * m); // candidate g
        ActivateGates<TS, TV, TRec>(ref r, ref bias, hasBias, ref input, 3 * m, 4 * m); // o
        UpdateState<TS, TV>(ref r);
    }

    /// <summary>z[k] += x·W[:, k] + bias[k], gates[k] = TOp(z[k]) for k in [from, to), in whole registers, then the scalar twin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ActivateGates<TS, TV, TOp>(ref Row r, ref float bias, bool hasBias, ref StepInput input, nuint from, nuint to)
        where TS : struct, ISimd<TV> where TV : struct where TOp : struct, IActivationOperator
    {
        nuint w = (nuint)TS.Count, k = from, p = input.Features, g4 = input.Gates4;
        bool update = hasBias || p > 0;
        for (; k + w <= to; k += w)
        {
            TV z = TS.Load(ref r.Z, k);
            for (nuint q = 0; q < p; q++)
                z = TS.MultiplyAdd(TS.Broadcast(Unsafe.Add(ref input.X, q)), TS.Load(ref input.Kernel, q * g4 + k), z);
            if (hasBias)
                z = TS.Add(z, TS.Load(ref bias, k));
            if (update)
                TS.Store(z, ref r.Z, k);
            TS.Store(TS.Activate<TOp>(z), ref r.Gates, k);
        }
        for (; k < to; k++)
        {
            float z = Unsafe.Add(ref r.Z, k);
            for (nuint q = 0; q < p; q++)
                z = SimdScalar.MultiplyAdd(Unsafe.Add(ref input.X, q), Unsafe.Add(ref input.Kernel, q * g4 + k), z);
            if (hasBias)
                z += Unsafe.Add(ref bias, k);
            if (update)
                Unsafe.Add(ref r.Z, k) = z;
            Unsafe.Add(ref r.Gates, k) = SimdScalar.Activate<TOp>(z);
        }
    }

    /// <summary>c = f*c_prev + i*g, a(c) and h = o*a(c) for every unit of the row, from the gates just written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateState<TS, TV>(ref Row r) where TS : struct, ISimd<TV> where TV : struct
    {
        nuint m = r.Units, m2 = 2 * m, m3 = 3 * m, w = (nuint)TS.Count, u = 0;
        for (; u + w <= m; u += w)
        {
            TV c = TS.MultiplyAdd(TS.Load(ref r.Gates, m + u), TS.Load(ref r.CPrev, u), TS.Multiply(TS.Load(ref r.Gates, u), TS.Load(ref r.Gates, m2 + u)));
            TV ac = TS.Activate<TAct>(c);
            TS.Store(c, ref r.C, u);
            TS.Store(ac, ref r.CellActivation, u);
            TS.Store(TS.Multiply(TS.Load(ref r.Gates, m3 + u), ac), ref r.H, u);
        }
        for (; u < m; u++)
        {
            float c = Unsafe.Add(ref r.Gates, m + u) * Unsafe.Add(ref r.CPrev, u) + Unsafe.Add(ref r.Gates, u) * Unsafe.Add(ref r.Gates, m2 + u);
            float ac = SimdScalar.Activate<TAct>(c);
            Unsafe.Add(ref r.C, u) = c;
            Unsafe.Add(ref r.CellActivation, u) = ac;
            Unsafe.Add(ref r.H, u) = Unsafe.Add(ref r.Gates, m3 + u) * ac;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BackwardRange<TS, TV>(ref BackRow r, int from, int m) where TS : struct, ISimd<TV> where TV : struct
    {
        int w = TS.Count, j = from;
        nuint m1 = r.Units, m2 = 2 * r.Units, m3 = 3 * r.Units;
        for (; j <= m - w; j += w)
        {
            nuint u = (nuint)j;
            TV i = TS.Load(ref r.Gates, u), f = TS.Load(ref r.Gates, m1 + u);
            TV g = TS.Load(ref r.Gates, m2 + u), o = TS.Load(ref r.Gates, m3 + u);
            TV dh = TS.Load(ref r.Dh, u);
            TV ac = TS.Load(ref r.CellActivation, u);
            // h = o*a(c): dL/do = dh*a(c); dL/dc gains dh*o*a'(c) on top of what flows back from step t+1.
            TV dzo = TS.Multiply(TS.Multiply(dh, ac), TS.Derivative<TRec>(TS.Load(ref r.Z, m3 + u), o));
            TV dc = TS.MultiplyAdd(TS.Multiply(dh, o), TS.Derivative<TAct>(TS.Load(ref r.C, u), ac), TS.Load(ref r.Dc, u));
            // c = f*c_prev + i*g.
            TV dzi = TS.Multiply(TS.Multiply(dc, g), TS.Derivative<TRec>(TS.Load(ref r.Z, u), i));
            TV dzf = TS.Multiply(TS.Multiply(dc, TS.Load(ref r.CPrev, u)), TS.Derivative<TRec>(TS.Load(ref r.Z, m1 + u), f));
            TV dzg = TS.Multiply(TS.Multiply(dc, i), TS.Derivative<TAct>(TS.Load(ref r.Z, m2 + u), g));
            TS.Store(dzi, ref r.Dz, u);
            TS.Store(dzf, ref r.Dz, m1 + u);
            TS.Store(dzg, ref r.Dz, m2 + u);
            TS.Store(dzo, ref r.Dz, m3 + u);
            TS.Store(TS.Multiply(dc, f), ref r.Dc, u);
        }
        return j;
    }

    private static void CheckLength(ReadOnlySpan<float> span, int needed, string name)
    {
        if (span.Length < needed)
            throw new ArgumentException($"{name} has {span.Length} values but the step needs {needed}.", name);
    }

    private ref struct Row
    {
        public ref float Z, Gates, CPrev, C, CellActivation, H;
        public nuint Units;

        public Row(ref float z, ref float gates, ref float cPrev, ref float c, ref float cellActivation, ref float h, nuint units)
        {
            Z = ref z; Gates = ref gates; CPrev = ref cPrev; C = ref c; CellActivation = ref cellActivation; H = ref h; Units = units;
        }
    }

    /// <summary>The step's input for the projection done in the gate pass: the row's x [p] and W [p, 4m]; p = 0 when z already has x·W.</summary>
    private ref struct StepInput
    {
        public ref float X;
        public ref float Kernel;
        public nuint Features, Gates4;

        public StepInput(ref float kernel, nuint features, nuint gates4)
        {
            Kernel = ref kernel; Features = features; Gates4 = gates4;
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
