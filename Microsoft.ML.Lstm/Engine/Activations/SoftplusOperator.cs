using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>softplus</c>: f(x) = log(1 + exp(x)), computed as max(x, 0) + log(1 + exp(-|x|)) so that it neither
/// overflows nor loses the small values; f'(x) = sigmoid(x).</summary>
public readonly struct SoftplusOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Max(x, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero) + Vector128.Log(Vector128<float>.One + Vector128.Exp(-Vector128.Abs(x)));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero) + Vector256.Log(Vector256<float>.One + Vector256.Exp(-Vector256.Abs(x)));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero) + Vector512.Log(Vector512<float>.One + Vector512.Exp(-Vector512.Abs(x)));

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => 1f / (1f + MathF.Exp(-x));

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
}
