using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// Keras <c>gelu</c> with its default <c>approximate=False</c>: f(x) = x Phi(x) = x (1 + erf(x / sqrt 2)) / 2, where Phi
/// is the standard normal cumulative distribution; f'(x) = Phi(x) + x phi(x), with phi the normal density.
/// </summary>
/// <remarks>
/// <para>
/// The tanh approximation (<c>approximate=True</c>) is a different function and is not what the name means.
/// </para>
/// <para>
/// .NET has no float erf, so the vector forms compute the normal tail Q(|x|) = Phi(-|x|) as
/// exp(-x^2/2) R(|x|), with R a polynomial fitted in (|x| - 4) / (|x| + 4) (<see cref="ActivationMath"/>), then
/// Phi(x) = 1 - Q for x &gt; 0 and Q otherwise. Like TensorFlow's erfc-based gelu, and unlike 1 + erf(x / sqrt 2),
/// this keeps the relative precision of the tiny negative outputs (gelu(-5) = -1.43e-6): about 2e-7 relative down to
/// x = -13, where the output becomes subnormal. The scalar twin evaluates erfc in double.
/// The derivative recomputes Phi from x rather than dividing y by x: it shares the exp with phi, and stays exact at
/// x = 0 and for tiny x.
/// </para>
/// </remarks>
public readonly struct GeluOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x)
    {
        double xd = x;
        return (float)(xd * ActivationMath.NormalCdf(xd));
    }

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        Vector128<float> u = ActivationMath.NormalTailArgument(x);
        // x Q(|x|), multiplied by the exponential last so that a subnormal result is rounded only once.
        Vector128<float> t = x * ActivationMath.NormalTailRatio(u) * ActivationMath.GaussianKernel(u);
        return Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x - t, t);
    }

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> u = ActivationMath.NormalTailArgument(x);
        // x Q(|x|), multiplied by the exponential last so that a subnormal result is rounded only once.
        Vector256<float> t = x * ActivationMath.NormalTailRatio(u) * ActivationMath.GaussianKernel(u);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x - t, t);
    }

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        Vector512<float> u = ActivationMath.NormalTailArgument(x);
        // x Q(|x|), multiplied by the exponential last so that a subnormal result is rounded only once.
        Vector512<float> t = x * ActivationMath.NormalTailRatio(u) * ActivationMath.GaussianKernel(u);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x - t, t);
    }

    /// <inheritdoc/>
    public static float Derivative(float x, float y)
    {
        double xd = x;
        return (float)(ActivationMath.NormalCdf(xd) + xd * Math.Exp(-0.5 * xd * xd) * ActivationMath.InvSqrt2Pi);
    }

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y)
    {
        Vector128<float> u = ActivationMath.NormalTailArgument(x);
        Vector128<float> g = ActivationMath.GaussianKernel(u);
        Vector128<float> q = ActivationMath.NormalTailRatio(u) * g;
        Vector128<float> cdf = Vector128.ConditionalSelect(
            Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128<float>.One - q, q);
        return Vector128.FusedMultiplyAdd(x, g * Vector128.Create((float)ActivationMath.InvSqrt2Pi), cdf);
    }

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> u = ActivationMath.NormalTailArgument(x);
        Vector256<float> g = ActivationMath.GaussianKernel(u);
        Vector256<float> q = ActivationMath.NormalTailRatio(u) * g;
        Vector256<float> cdf = Vector256.ConditionalSelect(
            Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One - q, q);
        return Vector256.FusedMultiplyAdd(x, g * Vector256.Create((float)ActivationMath.InvSqrt2Pi), cdf);
    }

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> u = ActivationMath.NormalTailArgument(x);
        Vector512<float> g = ActivationMath.GaussianKernel(u);
        Vector512<float> q = ActivationMath.NormalTailRatio(u) * g;
        Vector512<float> cdf = Vector512.ConditionalSelect(
            Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One - q, q);
        return Vector512.FusedMultiplyAdd(x, g * Vector512.Create((float)ActivationMath.InvSqrt2Pi), cdf);
    }
}
