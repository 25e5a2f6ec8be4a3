using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>mish</c>: f(x) = x tanh(softplus(x)); f'(x) = tanh(softplus(x)) + x sech^2(softplus(x)) sigmoid(x).</summary>
/// <remarks>
/// With e = exp(x) and n = e (e + 2): tanh(log(1 + e)) = n / (n + 2), and the second term of the derivative is
/// 4 x e (1 + e) / (n + 2)^2. One exp and one division, no cancellation for either sign of x. Both are evaluated at
/// min(x, 20): beyond it n / (n + 2) is 1 in float and the second term is below 1e-15, while e^2 stays finite.
/// </remarks>
public readonly struct MishOperator : IActivationOperator
{
    private const float Clamp = 20f;

    /// <inheritdoc/>
    public static float Invoke(float x)
    {
        double e = Math.Exp(Math.Min(x, Clamp));
        double n = e * (e + 2.0);
        return (float)(x * (n / (n + 2.0)));
    }

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        Vector128<float> e = FloatExp.Exp(Vector128.Min(x, Vector128.Create(Clamp)));
        Vector128<float> n = e * (e + Vector128.Create(2f));
        return x * (n / (n + Vector128.Create(2f)));
    }

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> e = FloatExp.Exp(Vector256.Min(x, Vector256.Create(Clamp)));
        Vector256<float> n = e * (e + Vector256.Create(2f));
        return x * (n / (n + Vector256.Create(2f)));
    }

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        Vector512<float> e = FloatExp.Exp(Vector512.Min(x, Vector512.Create(Clamp)));
        Vector512<float> n = e * (e + Vector512.Create(2f));
        return x * (n / (n + Vector512.Create(2f)));
    }

    /// <inheritdoc/>
    public static float Derivative(float x, float y)
    {
        double xc = Math.Min(x, Clamp);
        double e = Math.Exp(xc);
        double n = e * (e + 2.0);
        double w = 1.0 / (n + 2.0);
        return (float)(n * w + 4.0 * xc * e * (1.0 + e) * w * w);
    }

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y)
    {
        Vector128<float> xc = Vector128.Min(x, Vector128.Create(Clamp));
        Vector128<float> e = FloatExp.Exp(xc);
        Vector128<float> n = e * (e + Vector128.Create(2f));
        Vector128<float> w = Vector128<float>.One / (n + Vector128.Create(2f));
        // Grouped so that no partial product overflows: e w and (1 + e) w are both at most 1.
        Vector128<float> slope = Vector128.Create(4f) * (e * w) * ((Vector128<float>.One + e) * w);
        return Vector128.FusedMultiplyAdd(xc, slope, n * w);
    }

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> xc = Vector256.Min(x, Vector256.Create(Clamp));
        Vector256<float> e = FloatExp.Exp(xc);
        Vector256<float> n = e * (e + Vector256.Create(2f));
        Vector256<float> w = Vector256<float>.One / (n + Vector256.Create(2f));
        // Grouped so that no partial product overflows: e w and (1 + e) w are both at most 1.
        Vector256<float> slope = Vector256.Create(4f) * (e * w) * ((Vector256<float>.One + e) * w);
        return Vector256.FusedMultiplyAdd(xc, slope, n * w);
    }

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> xc = Vector512.Min(x, Vector512.Create(Clamp));
        Vector512<float> e = FloatExp.Exp(xc);
        Vector512<float> n = e * (e + Vector512.Create(2f));
        Vector512<float> w = Vector512<float>.One / (n + Vector512.Create(2f));
        // Grouped so that no partial product overflows: e w and (1 + e) w are both at most 1.
        Vector512<float> slope = Vector512.Create(4f) * (e * w) * ((Vector512<float>.One + e) * w);
        return Vector512.FusedMultiplyAdd(xc, slope, n * w);
    }
}
