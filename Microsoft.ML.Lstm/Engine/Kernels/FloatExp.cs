using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// exp(x) for float registers, in float arithmetic (Cephes' expf: x = n·ln2 + r with n = round(x·log2 e) and ln2 split
/// in two parts, a degree-6 polynomial for e^r, 2^n built in the exponent bits). The runtime's Vector*.Exp(float) widens to double for
/// correctly-rounded results, which makes it the bottleneck of the gate pass; this one is within 2 ulp.
/// Below -87.33 the result is 0 and above 88.37 it is +infinity, as for float exp (tiny subnormal results are flushed
/// to 0), so sigmoid and tanh reach their limits exactly.
/// </summary>
internal static class FloatExp
{
    /// <summary>The largest argument with a finite result.</summary>
    public const float Max = 88.3762626647949f;
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
    private const float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f;
    private const float P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    // The gate activations' exp (GateExp, GateExpOfNegated): ln2 as one float (its rounding error times |n| <= 128 stays
    // below 3e-7 of r) and a degree-5 polynomial with free linear term (Arm's optimized-routines expf), within about 4
    // ulp: two FMAs fewer than the exp above, for an error that sigmoid and tanh shrink to below 1e-7 absolute.
    private const float Ln2 = 0.693147180559945f;

    // Without a fused multiply-add (hardware intrinsics off, or a core without FMA) n·ln2 is rounded before the
    // subtraction, about 1e-6 of r; there the reduction keeps Cephes' two-part ln2, whose high part times n is exact.
    private static bool HasFusedMultiplyAdd =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
    private const float G1 = 0.99999940395f, G2 = 0.49999126792f, G3 = 0.16668395698f, G4 = 0.04189976677f, G5 = 0.00824739039f;

    /// <summary>exp(x) for the gate activations, x within [-87.33, 88.72] (+infinity above 88.37), within about 4 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GateExp(Vector128<float> x) => GateExp(x, Log2E, -1f, G1, G3, G5);

    /// <summary>exp(-x) for the gate activations, x within [-88.72, 87.33]: the negation folded into the reduction
    /// (r = x + n·ln2 is the reduced -x with its sign flipped, so the polynomial's odd terms change sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GateExpOfNegated(Vector128<float> x) => GateExp(x, -Log2E, 1f, -G1, -G3, -G5);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> GateExp(Vector128<float> x, float log2e, float sign, float g1, float g3, float g5)
    {
        Vector128<float> t = Vector128.MultiplyAddEstimate(x, Vector128.Create(log2e), Vector128.Create(RoundingShift));
        Vector128<float> n = t - Vector128.Create(RoundingShift);
        Vector128<float> r = HasFusedMultiplyAdd
            ? Vector128.MultiplyAddEstimate(n, Vector128.Create(sign * Ln2), x)
            : Vector128.MultiplyAddEstimate(n, Vector128.Create(sign * Ln2Lo), Vector128.MultiplyAddEstimate(n, Vector128.Create(sign * Ln2Hi), x));
        Vector128<float> r2 = r * r;
        Vector128<float> p23 = Vector128.MultiplyAddEstimate(Vector128.Create(g3), r, Vector128.Create(G2));
        Vector128<float> p45 = Vector128.MultiplyAddEstimate(Vector128.Create(g5), r, Vector128.Create(G4));
        Vector128<float> p = Vector128.MultiplyAddEstimate(Vector128.MultiplyAddEstimate(p45, r2, p23), r2, Vector128.MultiplyAddEstimate(r, Vector128.Create(g1), Vector128<float>.One));
        Vector128<float> scale = Vector128.ShiftLeft(t.AsInt32() + Vector128.Create(127), 23).AsSingle();
        return p * scale; // p > 0, so an infinite scale gives +infinity, never NaN
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> input)
    {
        Vector128<float> result = ExpInRange(Vector128.Min(Vector128.Max(input, Vector128.Create(Min)), Vector128.Create(Max)));
        result = Vector128.ConditionalSelect(Vector128.GreaterThan(input, Vector128.Create(Max)), Vector128.Create(float.PositiveInfinity), result);
        return Vector128.ConditionalSelect(Vector128.LessThan(input, Vector128.Create(Min)), Vector128<float>.Zero, result);
    }

    /// <summary>exp(x) for x already within [-87.33, 88.37] (no clamping, no limits: the gate activations bound their
    /// arguments more tightly themselves and skip that work). From there up to 88.72 the result is +infinity (2^n overflows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ExpInRange(Vector128<float> x)
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
        Vector128<int> scale = Vector128.ShiftLeft(t.AsInt32() + Vector128.Create(127), 23);
        return p * scale.AsSingle();
    }

    /// <summary>exp(x) for the gate activations, x within [-87.33, 88.72] (+infinity above 88.37), within about 4 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GateExp(Vector256<float> x) => GateExp(x, Log2E, -1f, G1, G3, G5);

    /// <summary>exp(-x) for the gate activations, x within [-88.72, 87.33]: the negation folded into the reduction
    /// (r = x + n·ln2 is the reduced -x with its sign flipped, so the polynomial's odd terms change sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GateExpOfNegated(Vector256<float> x) => GateExp(x, -Log2E, 1f, -G1, -G3, -G5);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> GateExp(Vector256<float> x, float log2e, float sign, float g1, float g3, float g5)
    {
        Vector256<float> t = Vector256.MultiplyAddEstimate(x, Vector256.Create(log2e), Vector256.Create(RoundingShift));
        Vector256<float> n = t - Vector256.Create(RoundingShift);
        Vector256<float> r = HasFusedMultiplyAdd
            ? Vector256.MultiplyAddEstimate(n, Vector256.Create(sign * Ln2), x)
            : Vector256.MultiplyAddEstimate(n, Vector256.Create(sign * Ln2Lo), Vector256.MultiplyAddEstimate(n, Vector256.Create(sign * Ln2Hi), x));
        Vector256<float> r2 = r * r;
        Vector256<float> p23 = Vector256.MultiplyAddEstimate(Vector256.Create(g3), r, Vector256.Create(G2));
        Vector256<float> p45 = Vector256.MultiplyAddEstimate(Vector256.Create(g5), r, Vector256.Create(G4));
        Vector256<float> p = Vector256.MultiplyAddEstimate(Vector256.MultiplyAddEstimate(p45, r2, p23), r2, Vector256.MultiplyAddEstimate(r, Vector256.Create(g1), Vector256<float>.One));
        Vector256<float> scale = Vector256.ShiftLeft(t.AsInt32() + Vector256.Create(127), 23).AsSingle();
        return p * scale; // p > 0, so an infinite scale gives +infinity, never NaN
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> input)
    {
        Vector256<float> result = ExpInRange(Vector256.Min(Vector256.Max(input, Vector256.Create(Min)), Vector256.Create(Max)));
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(input, Vector256.Create(Max)), Vector256.Create(float.PositiveInfinity), result);
        return Vector256.ConditionalSelect(Vector256.LessThan(input, Vector256.Create(Min)), Vector256<float>.Zero, result);
    }

    /// <summary>exp(x) for x already within [-87.33, 88.37] (no clamping, no limits: the gate activations bound their
    /// arguments more tightly themselves and skip that work). From there up to 88.72 the result is +infinity (2^n overflows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ExpInRange(Vector256<float> x)
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
        Vector256<int> scale = Vector256.ShiftLeft(t.AsInt32() + Vector256.Create(127), 23);
        return p * scale.AsSingle();
    }

    /// <summary>exp(x) for the gate activations, x within [-87.33, 88.72] (+infinity above 88.37), within about 4 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GateExp(Vector512<float> x) => GateExp(x, Log2E, -1f, G1, G3, G5);

    /// <summary>exp(-x) for the gate activations, x within [-88.72, 87.33]: the negation folded into the reduction
    /// (r = x + n·ln2 is the reduced -x with its sign flipped, so the polynomial's odd terms change sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GateExpOfNegated(Vector512<float> x) => GateExp(x, -Log2E, 1f, -G1, -G3, -G5);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> GateExp(Vector512<float> x, float log2e, float sign, float g1, float g3, float g5)
    {
        Vector512<float> t = Vector512.MultiplyAddEstimate(x, Vector512.Create(log2e), Vector512.Create(RoundingShift));
        Vector512<float> n = t - Vector512.Create(RoundingShift);
        Vector512<float> r = HasFusedMultiplyAdd
            ? Vector512.MultiplyAddEstimate(n, Vector512.Create(sign * Ln2), x)
            : Vector512.MultiplyAddEstimate(n, Vector512.Create(sign * Ln2Lo), Vector512.MultiplyAddEstimate(n, Vector512.Create(sign * Ln2Hi), x));
        Vector512<float> r2 = r * r;
        Vector512<float> p23 = Vector512.MultiplyAddEstimate(Vector512.Create(g3), r, Vector512.Create(G2));
        Vector512<float> p45 = Vector512.MultiplyAddEstimate(Vector512.Create(g5), r, Vector512.Create(G4));
        Vector512<float> p = Vector512.MultiplyAddEstimate(Vector512.MultiplyAddEstimate(p45, r2, p23), r2, Vector512.MultiplyAddEstimate(r, Vector512.Create(g1), Vector512<float>.One));
        Vector512<float> scale = Vector512.ShiftLeft(t.AsInt32() + Vector512.Create(127), 23).AsSingle();
        return p * scale; // p > 0, so an infinite scale gives +infinity, never NaN
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> input)
    {
        Vector512<float> result = ExpInRange(Vector512.Min(Vector512.Max(input, Vector512.Create(Min)), Vector512.Create(Max)));
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(input, Vector512.Create(Max)), Vector512.Create(float.PositiveInfinity), result);
        return Vector512.ConditionalSelect(Vector512.LessThan(input, Vector512.Create(Min)), Vector512<float>.Zero, result);
    }

    /// <summary>exp(x) for x already within [-87.33, 88.37] (no clamping, no limits: the gate activations bound their
    /// arguments more tightly themselves and skip that work). From there up to 88.72 the result is +infinity (2^n overflows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ExpInRange(Vector512<float> x)
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
        Vector512<int> scale = Vector512.ShiftLeft(t.AsInt32() + Vector512.Create(127), 23);
        return p * scale.AsSingle();
    }
}
