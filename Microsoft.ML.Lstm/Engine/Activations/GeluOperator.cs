using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>gelu</c> with its default <c>approximate=False</c>: f(x) = x Phi(x) = x/2 (1 + erf(x / sqrt 2));
/// f'(x) = Phi(x) + x phi(x). .NET has no erf, so <see cref="Erf(float)"/> uses Abramowitz and Stegun 7.1.26
/// (absolute error below 1.5e-7, under float's resolution of Phi near 1).</summary>
public readonly struct GeluOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => x * Phi(x);

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => Phi(x) + x * PhiDensity(x);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => Gelu<Simd128, Vector128<float>>(x);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => Gelu<Simd256, Vector256<float>>(x);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => Gelu<Simd512, Vector512<float>>(x);

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Derive<Simd128, Vector128<float>>(x);

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Derive<Simd256, Vector256<float>>(x);

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Derive<Simd512, Vector512<float>>(x);

    private const float InvSqrt2 = 0.70710678f;
    private const float InvSqrt2Pi = 0.39894228f;
    private const float P = 0.3275911f, A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;

    /// <summary>erf(x) by Abramowitz and Stegun 7.1.26: 1 - poly(t) exp(-x^2), t = 1 / (1 + P|x|), sign restored.</summary>
    internal static float Erf(float x)
    {
        float ax = MathF.Abs(x);
        float t = 1f / (1f + P * ax);
        float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
        return MathF.CopySign(1f - poly * MathF.Exp(-ax * ax), x);
    }

    private static float Phi(float x) => 0.5f * (1f + Erf(x * InvSqrt2));

    private static float PhiDensity(float x) => InvSqrt2Pi * MathF.Exp(-0.5f * x * x);

    private static TV Cdf<TS, TV>(TV x) where TS : struct, ISimd<TV> where TV : struct
    {
        TV one = TS.Broadcast(1f);
        TV u = TS.Multiply(x, TS.Broadcast(InvSqrt2));
        TV au = TS.Abs(u);
        TV t = TS.Divide(one, TS.MultiplyAdd(TS.Broadcast(P), au, one));
        TV poly = TS.MultiplyAdd(TS.Broadcast(A5), t, TS.Broadcast(A4));
        poly = TS.MultiplyAdd(poly, t, TS.Broadcast(A3));
        poly = TS.MultiplyAdd(poly, t, TS.Broadcast(A2));
        poly = TS.MultiplyAdd(poly, t, TS.Broadcast(A1));
        poly = TS.Multiply(poly, t);
        TV erf = TS.CopySign(TS.Subtract(one, TS.Multiply(poly, TS.Exp(TS.Negate(TS.Multiply(au, au))))), u);
        return TS.Multiply(TS.Broadcast(0.5f), TS.Add(one, erf));
    }

    private static TV Gelu<TS, TV>(TV x) where TS : struct, ISimd<TV> where TV : struct => TS.Multiply(x, Cdf<TS, TV>(x));

    private static TV Derive<TS, TV>(TV x) where TS : struct, ISimd<TV> where TV : struct
    {
        TV density = TS.Multiply(TS.Broadcast(InvSqrt2Pi), TS.Exp(TS.Multiply(TS.Broadcast(-0.5f), TS.Multiply(x, x))));
        return TS.MultiplyAdd(x, density, Cdf<TS, TV>(x));
    }
}
