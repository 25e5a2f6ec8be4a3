using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// exp(x) for float registers, in float arithmetic (Cephes' expf: x = n·ln2 + r with n = round(x·log2 e) and ln2 split
/// in two parts, a degree-6 polynomial for e^r, 2^n built in the exponent bits or applied by VSCALEFPS). The runtime's
/// Vector*.Exp(float) widens to double for correctly-rounded results: about 4 times the cost at 512 bits (68 against
/// 17 cycles a register, measured), which made it the bottleneck of the gate pass and of the activations built on exp
/// (exponential, elu, selu, silu, softplus, mish, gelu). This one is within 2 ulp. Below -87.33 the result is 0 (the
/// subnormal results are flushed) and above ln(float.MaxValue) it is +infinity, as for float exp.
/// </summary>
internal static class FloatExp
{
    /// <summary>The largest argument with a finite result.</summary>
    public const float Max = 88.7228394f;
    /// <summary>The smallest argument with a normal result.</summary>
    public const float Min = -87.3365447505531f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    // Adding 1.5·2^23 rounds x·log2(e) to an integer n in the float's low mantissa bits: n itself is t - 1.5·2^23,
    // and the bits of t, shifted into the exponent field, are 2^n (the shift drops the constant's own bits). This
    // replaces a floor and a float-to-int conversion in the dependency chain. The polynomial is evaluated in Estrin's
    // order (pairs of terms, then r²) rather than Horner's: the same terms, half the dependent steps. The gate pass
    // runs a few thousand exps back to back, and the core can only keep so many unfinished ones in flight, so the
    // length of each one's chain, not the count of its instructions, sets the pace.
    private const float RoundingShift = 12582912f;
    private const int RoundingShiftBits = 0x4B400000; // the bits of 1.5·2^23: t's bits minus these are n
    private const float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f;
    private const float P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    // The gate activations' exps (GateExpOfNegated for sigmoid, GateExpOfMinusTwice for tanh): ln2 as one float (its
    // rounding error times |n| <= 128 stays below 3e-7 of r) and a degree-5 polynomial with free linear term (Arm's
    // optimized-routines expf), within about 4 ulp: two FMAs fewer than the exp above, for an error that sigmoid and
    // tanh shrink to below 1e-7 absolute. e^(a·x) for a = -1 or -2 is computed without forming a·x: n = round(a·x·log2 e),
    // s = x - n·ln2/a, and e^(a·s) is the polynomial in s with coefficients g_k·a^k, all exact since a is a power of two.
    // Where AVX-512 is available, 2^n is applied by VSCALEFPS, one instruction for the add, shift and multiply.
    private const float Ln2 = 0.693147180559945f;

    // Without a fused multiply-add (hardware intrinsics off, or a core without FMA) n·ln2 is rounded before the
    // subtraction, about 1e-6 of r; there the reduction keeps Cephes' two-part ln2, whose high part times n is exact.
    private static bool HasFusedMultiplyAdd =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
    private const float G1 = 0.99999940395f, G2 = 0.49999126792f, G3 = 0.16668395698f, G4 = 0.04189976677f, G5 = 0.00824739039f;

    // GateExpOfNegatedAnyInput: where VSCALEFPS applies 2^n, exp(a·x) needs no bound on x. Beyond the reduction's exact
    // range (|n| >= 2^22) n·ln2 no longer cancels x and s grows with |x|, and x = ±infinity makes s = ∞ - ∞ = NaN: with |s|
    // clamped to 1 the polynomial stays positive and finite, so 2^n (0 or +infinity) alone decides, and a NaN x still
    // gives NaN through n. Inside that range |s| <= ln2/2, so the floats are GateExp's. Sigmoid's min and max on x were two
    // instructions on each activation's dependency chain; VRANGEPS (the smaller magnitude, s's sign) is one.
    private const byte MinMagnitudeKeepSign = 0x02;

    // GateExpOfMinusTwiceAnyInput, for tanh: e = 2^y with y = -2x·log2(e), split by VREDUCEPS into floor(y), which VSCALEFPS
    // applies, and f = y - floor(y) in [0, 1), for which a degree-5 polynomial with p(0) = 1 gives 2^f (minimax relative
    // error 8.2e-8, build/reference/exp2-minimax.py). Two instructions reach f where the reduction above takes three, and
    // no bound on x is needed: y = ±infinity reduces to 0 and scales to 0 or +infinity, and NaN stays NaN. y is rounded to
    // a float, an error of up to |y|·7.3e-8 in the exponent (with log2 e's own rounding), which tanh turns into less than
    // 4e-8 absolute; the sigmoid activation keeps the reduction above, where the same error, |x|·7.3e-8 relative, would
    // exceed 1e-6 in its tail below x = -11. The LSTM cell's gate sigmoid takes this one (CellGateExpOfNegated): a gate
    // needs absolute precision only, which stays as it was.
    private const float E1 = 0.693151295f, E2 = 0.240164444f, E3 = 0.0557999127f, E4 = 0.00901703071f, E5 = 0.00186713005f;
    private const byte FloorFraction = 0x09; // VREDUCEPS: y - floor(y) (rounding toward -infinity, no precision exception)

    /// <summary>Whether <see cref="GateExpOfNegatedAnyInput(Vector128{float})"/> and <see cref="GateExpOfMinusTwiceAnyInput(Vector128{float})"/>
    /// run at 128 and 256 bits (AVX-512 DQ and VL).</summary>
    public static bool HasAnyInputGateExp => System.Runtime.Intrinsics.X86.Avx512DQ.VL.IsSupported;

    /// <summary>Whether <see cref="GateExpOfNegatedAnyInput(Vector512{float})"/> and <see cref="GateExpOfMinusTwiceAnyInput(Vector512{float})"/>
    /// run at 512 bits (AVX-512 DQ).</summary>
    public static bool HasAnyInputGateExp512 => System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported;

    /// <summary>exp(-x) for sigmoid, x within [-89, 87.33], within about 4 ulp; +infinity for x below -88.38 (sigmoid is then 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GateExpOfNegated(Vector128<float> x) => GateExp(x, -1f);

    /// <summary>exp(-2x) for tanh, |x| at most 43 (tanh bounds it by 9), within about 4 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GateExpOfMinusTwice(Vector128<float> x) => GateExp(x, -2f);

    /// <summary>exp(-x) for sigmoid, for any x, where <see cref="HasAnyInputGateExp"/>: the floats of
    /// <see cref="GateExpOfNegated(Vector128{float})"/> where that one applies, 0 or +infinity beyond, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GateExpOfNegatedAnyInput(Vector128<float> x) => GateExp(x, -1f, anyInput: true);

    /// <summary>exp(-2x) for tanh, for any x, where <see cref="HasAnyInputGateExp"/>: within 2.1e-7 relative for |y| = |2x·log2 e| &lt; 1,
    /// beyond that plus ln 2·|y|·7.3e-8 from y's rounding; 0 or +infinity where exp(-2x) is, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GateExpOfMinusTwiceAnyInput(Vector128<float> x) => Exp2AnyInput(x * Vector128.Create(-2f * Log2E));

    /// <summary>exp(-x) for the sigmoid of an LSTM gate, for any x, where <see cref="HasAnyInputGateExp"/>: tanh's reduction, so that
    /// 1 / (1 + e) is within 1.1e-7 absolute of sigmoid(x), as with the other (relative precision is lost below x = -11); 0 or
    /// +infinity where exp(-x) is, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> CellGateExpOfNegated(Vector128<float> x) => Exp2AnyInput(x * Vector128.Create(-Log2E));

    /// <summary>2^y for any y: floor(y) through VSCALEFPS, 2^f for f = y - floor(y) (VREDUCEPS) by the degree-5 polynomial.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Exp2AnyInput(Vector128<float> y)
    {
        Vector128<float> f = System.Runtime.Intrinsics.X86.Avx512DQ.VL.Reduce(y, FloorFraction);
        Vector128<float> f2 = f * f;
        Vector128<float> p23 = Vector128.MultiplyAddEstimate(f, Vector128.Create(E3), Vector128.Create(E2));
        Vector128<float> p45 = Vector128.MultiplyAddEstimate(f, Vector128.Create(E5), Vector128.Create(E4));
        Vector128<float> p = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(p45, f2, p23), f2,
            Vector128.MultiplyAddEstimate(f, Vector128.Create(E1), Vector128<float>.One));
        return System.Runtime.Intrinsics.X86.Avx512F.VL.Scale(p, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> GateExp(Vector128<float> x, float a, bool anyInput = false)
    {
        Vector128<float> t = Vector128.MultiplyAddEstimate(x, Vector128.Create(a * Log2E), Vector128.Create(RoundingShift));
        Vector128<float> n = t - Vector128.Create(RoundingShift);
        Vector128<float> s = HasFusedMultiplyAdd
            ? Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2 / a), x)
            : Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Lo / a), Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Hi / a), x));
        if (anyInput)
            s = System.Runtime.Intrinsics.X86.Avx512DQ.VL.Range(s, Vector128<float>.One, MinMagnitudeKeepSign);
        Vector128<float> s2 = s * s;
        Vector128<float> p23 = Vector128.MultiplyAddEstimate(s, Vector128.Create(G3 * a * a * a), Vector128.Create(G2 * a * a));
        Vector128<float> p45 = Vector128.MultiplyAddEstimate(s, Vector128.Create(G5 * a * a * a * a * a), Vector128.Create(G4 * a * a * a * a));
        Vector128<float> p = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(p45, s2, p23), s2,
            Vector128.MultiplyAddEstimate(s, Vector128.Create(G1 * a), Vector128<float>.One));
        return System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported
            ? System.Runtime.Intrinsics.X86.Avx512F.VL.Scale(p, n)
            : p * Vector128.ShiftLeft(t.AsInt32() + Vector128.Create(127), 23).AsSingle(); // p > 0: an infinite scale gives +infinity, never NaN
    }

    /// <summary>exp(x) for any x: +infinity above <see cref="Max"/>, 0 below <see cref="Min"/>, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> input)
    {
        Vector128<float> result = ExpInRange(Vector128.Min(Vector128.Max(input, Vector128.Create(Min)), Vector128.Create(Max)));
        result = Vector128.ConditionalSelect(Vector128.GreaterThan(input, Vector128.Create(Max)), Vector128.Create(float.PositiveInfinity), result);
        return Vector128.ConditionalSelect(Vector128.LessThan(input, Vector128.Create(Min)), Vector128<float>.Zero, result);
    }

    /// <summary>exp(x) for x within [<see cref="Min"/>, <see cref="Max"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpInRange(Vector128<float> x)
    {
        Vector128<float> t = Vector128.MultiplyAddEstimate(x, Vector128.Create(Log2E), Vector128.Create(RoundingShift));
        Vector128<float> n = t - Vector128.Create(RoundingShift);
        Vector128<float> r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Hi), x);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Lo), r);
        Vector128<float> r2 = r * r;
        Vector128<float> p01 = Vector128.MultiplyAddEstimate(Vector128.Create(P0), r, Vector128.Create(P1));
        Vector128<float> p23 = Vector128.MultiplyAddEstimate(Vector128.Create(P2), r, Vector128.Create(P3));
        Vector128<float> p45 = Vector128.MultiplyAddEstimate(Vector128.Create(P4), r, Vector128.Create(P5));
        Vector128<float> p = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(p01, r2, p23), r2, p45);
        p = Vector128.MultiplyAddEstimate(p, r2, r + Vector128<float>.One);
        if (System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported)
            return System.Runtime.Intrinsics.X86.Avx512F.VL.Scale(p, n);
        // 2^n as 2^h · 2^(n-h), h = n/2: n reaches 128 just below ln(float.MaxValue), one past the largest exponent.
        Vector128<int> ni = t.AsInt32() - Vector128.Create(RoundingShiftBits);
        Vector128<int> h = Vector128.ShiftRightArithmetic(ni, 1);
        return p * Vector128.ShiftLeft(h + Vector128.Create(127), 23).AsSingle() * Vector128.ShiftLeft(ni - h + Vector128.Create(127), 23).AsSingle();
    }

    /// <summary>exp(-x) for sigmoid, x within [-89, 87.33], within about 4 ulp; +infinity for x below -88.38 (sigmoid is then 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GateExpOfNegated(Vector256<float> x) => GateExp(x, -1f);

    /// <summary>exp(-2x) for tanh, |x| at most 43 (tanh bounds it by 9), within about 4 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GateExpOfMinusTwice(Vector256<float> x) => GateExp(x, -2f);

    /// <summary>exp(-x) for sigmoid, for any x, where <see cref="HasAnyInputGateExp"/>: the floats of
    /// <see cref="GateExpOfNegated(Vector256{float})"/> where that one applies, 0 or +infinity beyond, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GateExpOfNegatedAnyInput(Vector256<float> x) => GateExp(x, -1f, anyInput: true);

    /// <summary>exp(-2x) for tanh, for any x, where <see cref="HasAnyInputGateExp"/>: within 2.1e-7 relative for |y| = |2x·log2 e| &lt; 1,
    /// beyond that plus ln 2·|y|·7.3e-8 from y's rounding; 0 or +infinity where exp(-2x) is, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GateExpOfMinusTwiceAnyInput(Vector256<float> x) => Exp2AnyInput(x * Vector256.Create(-2f * Log2E));

    /// <summary>exp(-x) for the sigmoid of an LSTM gate, for any x, where <see cref="HasAnyInputGateExp"/>: tanh's reduction, so that
    /// 1 / (1 + e) is within 1.1e-7 absolute of sigmoid(x), as with the other (relative precision is lost below x = -11); 0 or
    /// +infinity where exp(-x) is, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> CellGateExpOfNegated(Vector256<float> x) => Exp2AnyInput(x * Vector256.Create(-Log2E));

    /// <summary>2^y for any y: floor(y) through VSCALEFPS, 2^f for f = y - floor(y) (VREDUCEPS) by the degree-5 polynomial.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp2AnyInput(Vector256<float> y)
    {
        Vector256<float> f = System.Runtime.Intrinsics.X86.Avx512DQ.VL.Reduce(y, FloorFraction);
        Vector256<float> f2 = f * f;
        Vector256<float> p23 = Vector256.MultiplyAddEstimate(f, Vector256.Create(E3), Vector256.Create(E2));
        Vector256<float> p45 = Vector256.MultiplyAddEstimate(f, Vector256.Create(E5), Vector256.Create(E4));
        Vector256<float> p = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(p45, f2, p23), f2,
            Vector256.MultiplyAddEstimate(f, Vector256.Create(E1), Vector256<float>.One));
        return System.Runtime.Intrinsics.X86.Avx512F.VL.Scale(p, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> GateExp(Vector256<float> x, float a, bool anyInput = false)
    {
        Vector256<float> t = Vector256.MultiplyAddEstimate(x, Vector256.Create(a * Log2E), Vector256.Create(RoundingShift));
        Vector256<float> n = t - Vector256.Create(RoundingShift);
        Vector256<float> s = HasFusedMultiplyAdd
            ? Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2 / a), x)
            : Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Lo / a), Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Hi / a), x));
        if (anyInput)
            s = System.Runtime.Intrinsics.X86.Avx512DQ.VL.Range(s, Vector256<float>.One, MinMagnitudeKeepSign);
        Vector256<float> s2 = s * s;
        Vector256<float> p23 = Vector256.MultiplyAddEstimate(s, Vector256.Create(G3 * a * a * a), Vector256.Create(G2 * a * a));
        Vector256<float> p45 = Vector256.MultiplyAddEstimate(s, Vector256.Create(G5 * a * a * a * a * a), Vector256.Create(G4 * a * a * a * a));
        Vector256<float> p = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(p45, s2, p23), s2,
            Vector256.MultiplyAddEstimate(s, Vector256.Create(G1 * a), Vector256<float>.One));
        return System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported
            ? System.Runtime.Intrinsics.X86.Avx512F.VL.Scale(p, n)
            : p * Vector256.ShiftLeft(t.AsInt32() + Vector256.Create(127), 23).AsSingle(); // p > 0: an infinite scale gives +infinity, never NaN
    }

    /// <summary>exp(x) for any x: +infinity above <see cref="Max"/>, 0 below <see cref="Min"/>, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> input)
    {
        Vector256<float> result = ExpInRange(Vector256.Min(Vector256.Max(input, Vector256.Create(Min)), Vector256.Create(Max)));
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(input, Vector256.Create(Max)), Vector256.Create(float.PositiveInfinity), result);
        return Vector256.ConditionalSelect(Vector256.LessThan(input, Vector256.Create(Min)), Vector256<float>.Zero, result);
    }

    /// <summary>exp(x) for x within [<see cref="Min"/>, <see cref="Max"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpInRange(Vector256<float> x)
    {
        Vector256<float> t = Vector256.MultiplyAddEstimate(x, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        Vector256<float> n = t - Vector256.Create(RoundingShift);
        Vector256<float> r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Lo), r);
        Vector256<float> r2 = r * r;
        Vector256<float> p01 = Vector256.MultiplyAddEstimate(Vector256.Create(P0), r, Vector256.Create(P1));
        Vector256<float> p23 = Vector256.MultiplyAddEstimate(Vector256.Create(P2), r, Vector256.Create(P3));
        Vector256<float> p45 = Vector256.MultiplyAddEstimate(Vector256.Create(P4), r, Vector256.Create(P5));
        Vector256<float> p = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(p01, r2, p23), r2, p45);
        p = Vector256.MultiplyAddEstimate(p, r2, r + Vector256<float>.One);
        if (System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported)
            return System.Runtime.Intrinsics.X86.Avx512F.VL.Scale(p, n);
        // 2^n as 2^h · 2^(n-h), h = n/2: n reaches 128 just below ln(float.MaxValue), one past the largest exponent.
        Vector256<int> ni = t.AsInt32() - Vector256.Create(RoundingShiftBits);
        Vector256<int> h = Vector256.ShiftRightArithmetic(ni, 1);
        return p * Vector256.ShiftLeft(h + Vector256.Create(127), 23).AsSingle() * Vector256.ShiftLeft(ni - h + Vector256.Create(127), 23).AsSingle();
    }

    /// <summary>exp(-x) for sigmoid, x within [-89, 87.33], within about 4 ulp; +infinity for x below -88.38 (sigmoid is then 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GateExpOfNegated(Vector512<float> x) => GateExp(x, -1f);

    /// <summary>exp(-2x) for tanh, |x| at most 43 (tanh bounds it by 9), within about 4 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GateExpOfMinusTwice(Vector512<float> x) => GateExp(x, -2f);

    /// <summary>exp(-x) for sigmoid, for any x, where <see cref="HasAnyInputGateExp512"/>: the floats of
    /// <see cref="GateExpOfNegated(Vector512{float})"/> where that one applies, 0 or +infinity beyond, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GateExpOfNegatedAnyInput(Vector512<float> x) => GateExp(x, -1f, anyInput: true);

    /// <summary>exp(-2x) for tanh, for any x, where <see cref="HasAnyInputGateExp512"/>: within 2.1e-7 relative for |y| = |2x·log2 e| &lt; 1,
    /// beyond that plus ln 2·|y|·7.3e-8 from y's rounding; 0 or +infinity where exp(-2x) is, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GateExpOfMinusTwiceAnyInput(Vector512<float> x) => Exp2AnyInput(x * Vector512.Create(-2f * Log2E));

    /// <summary>exp(-x) for the sigmoid of an LSTM gate, for any x, where <see cref="HasAnyInputGateExp512"/>: tanh's reduction, so that
    /// 1 / (1 + e) is within 1.1e-7 absolute of sigmoid(x), as with the other (relative precision is lost below x = -11); 0 or
    /// +infinity where exp(-x) is, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> CellGateExpOfNegated(Vector512<float> x) => Exp2AnyInput(x * Vector512.Create(-Log2E));

    /// <summary>2^y for any y: floor(y) through VSCALEFPS, 2^f for f = y - floor(y) (VREDUCEPS) by the degree-5 polynomial.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp2AnyInput(Vector512<float> y)
    {
        Vector512<float> f = System.Runtime.Intrinsics.X86.Avx512DQ.Reduce(y, FloorFraction);
        Vector512<float> f2 = f * f;
        Vector512<float> p23 = Vector512.MultiplyAddEstimate(f, Vector512.Create(E3), Vector512.Create(E2));
        Vector512<float> p45 = Vector512.MultiplyAddEstimate(f, Vector512.Create(E5), Vector512.Create(E4));
        Vector512<float> p = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(p45, f2, p23), f2,
            Vector512.MultiplyAddEstimate(f, Vector512.Create(E1), Vector512<float>.One));
        return System.Runtime.Intrinsics.X86.Avx512F.Scale(p, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> GateExp(Vector512<float> x, float a, bool anyInput = false)
    {
        Vector512<float> t = Vector512.MultiplyAddEstimate(x, Vector512.Create(a * Log2E), Vector512.Create(RoundingShift));
        Vector512<float> n = t - Vector512.Create(RoundingShift);
        Vector512<float> s = HasFusedMultiplyAdd
            ? Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2 / a), x)
            : Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Lo / a), Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Hi / a), x));
        if (anyInput)
            s = System.Runtime.Intrinsics.X86.Avx512DQ.Range(s, Vector512<float>.One, MinMagnitudeKeepSign);
        Vector512<float> s2 = s * s;
        Vector512<float> p23 = Vector512.MultiplyAddEstimate(s, Vector512.Create(G3 * a * a * a), Vector512.Create(G2 * a * a));
        Vector512<float> p45 = Vector512.MultiplyAddEstimate(s, Vector512.Create(G5 * a * a * a * a * a), Vector512.Create(G4 * a * a * a * a));
        Vector512<float> p = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(p45, s2, p23), s2,
            Vector512.MultiplyAddEstimate(s, Vector512.Create(G1 * a), Vector512<float>.One));
        return System.Runtime.Intrinsics.X86.Avx512F.IsSupported
            ? System.Runtime.Intrinsics.X86.Avx512F.Scale(p, n)
            : p * Vector512.ShiftLeft(t.AsInt32() + Vector512.Create(127), 23).AsSingle(); // p > 0: an infinite scale gives +infinity, never NaN
    }

    /// <summary>exp(x) for any x: +infinity above <see cref="Max"/>, 0 below <see cref="Min"/>, NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> input)
    {
        Vector512<float> result = ExpInRange(Vector512.Min(Vector512.Max(input, Vector512.Create(Min)), Vector512.Create(Max)));
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(input, Vector512.Create(Max)), Vector512.Create(float.PositiveInfinity), result);
        return Vector512.ConditionalSelect(Vector512.LessThan(input, Vector512.Create(Min)), Vector512<float>.Zero, result);
    }

    /// <summary>exp(x) for x within [<see cref="Min"/>, <see cref="Max"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpInRange(Vector512<float> x)
    {
        Vector512<float> t = Vector512.MultiplyAddEstimate(x, Vector512.Create(Log2E), Vector512.Create(RoundingShift));
        Vector512<float> n = t - Vector512.Create(RoundingShift);
        Vector512<float> r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Lo), r);
        Vector512<float> r2 = r * r;
        Vector512<float> p01 = Vector512.MultiplyAddEstimate(Vector512.Create(P0), r, Vector512.Create(P1));
        Vector512<float> p23 = Vector512.MultiplyAddEstimate(Vector512.Create(P2), r, Vector512.Create(P3));
        Vector512<float> p45 = Vector512.MultiplyAddEstimate(Vector512.Create(P4), r, Vector512.Create(P5));
        Vector512<float> p = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(p01, r2, p23), r2, p45);
        p = Vector512.MultiplyAddEstimate(p, r2, r + Vector512<float>.One);
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
            return System.Runtime.Intrinsics.X86.Avx512F.Scale(p, n);
        // 2^n as 2^h · 2^(n-h), h = n/2: n reaches 128 just below ln(float.MaxValue), one past the largest exponent.
        Vector512<int> ni = t.AsInt32() - Vector512.Create(RoundingShiftBits);
        Vector512<int> h = Vector512.ShiftRightArithmetic(ni, 1);
        return p * Vector512.ShiftLeft(h + Vector512.Create(127), 23).AsSingle() * Vector512.ShiftLeft(ni - h + Vector512.Create(127), 23).AsSingle();
    }
}
