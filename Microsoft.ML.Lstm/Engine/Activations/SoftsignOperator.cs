using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>softsign</c>: f(x) = x / (1 + |x|); f'(x) = 1 / (1 + |x|)^2.</summary>
/// <remarks>
/// The derivative is computed from x: the equivalent (1 - |y|)^2 cancels as |y| approaches 1 and would lose all
/// relative precision for large |x|.
/// </remarks>
public readonly struct SoftsignOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => (float)(x / (1.0 + Math.Abs((double)x)));

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + Vector128.Abs(x));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Abs(x));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Abs(x));

    /// <inheritdoc/>
    public static float Derivative(float x, float y)
    {
        double d = 1.0 + Math.Abs((double)x);
        return (float)(1.0 / (d * d));
    }

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y)
    {
        // Squaring the reciprocal rather than dividing by (1 + |x|)^2 keeps huge |x| from overflowing to inf.
        Vector128<float> r = Vector128<float>.One / (Vector128<float>.One + Vector128.Abs(x));
        return r * r;
    }

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        // Squaring the reciprocal rather than dividing by (1 + |x|)^2 keeps huge |x| from overflowing to inf.
        Vector256<float> r = Vector256<float>.One / (Vector256<float>.One + Vector256.Abs(x));
        return r * r;
    }

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        // Squaring the reciprocal rather than dividing by (1 + |x|)^2 keeps huge |x| from overflowing to inf.
        Vector512<float> r = Vector512<float>.One / (Vector512<float>.One + Vector512.Abs(x));
        return r * r;
    }
}
