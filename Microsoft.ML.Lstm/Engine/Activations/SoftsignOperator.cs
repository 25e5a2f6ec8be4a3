using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>softsign</c>: f(x) = x / (1 + |x|); f'(x) = 1 / (1 + |x|)^2.</summary>
public readonly struct SoftsignOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => x / (1f + MathF.Abs(x));

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + Vector128.Abs(x));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Abs(x));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Abs(x));

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => 1f / ((1f + MathF.Abs(x)) * (1f + MathF.Abs(x)));

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128<float>.One / ((Vector128<float>.One + Vector128.Abs(x)) * (Vector128<float>.One + Vector128.Abs(x)));

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256<float>.One / ((Vector256<float>.One + Vector256.Abs(x)) * (Vector256<float>.One + Vector256.Abs(x)));

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512<float>.One / ((Vector512<float>.One + Vector512.Abs(x)) * (Vector512<float>.One + Vector512.Abs(x)));
}
