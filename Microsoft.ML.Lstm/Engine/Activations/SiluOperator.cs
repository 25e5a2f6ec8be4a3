using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// Keras <c>silu</c>, also registered as <c>swish</c>: f(x) = x sigmoid(x); f'(x) = s + y (1 - s) with s = sigmoid(x).
/// </summary>
/// <remarks>
/// Keras 3 names it <c>silu</c> and keeps <c>swish</c> as an alias (tf.keras 2 called it <c>swish</c>).
/// The form x / (1 + exp(-x)) has no cancellation: for very negative x, exp(-x) overflows to +inf and the result is -0.
/// The derivative s (1 + x (1 - s)) is rewritten with y = x s to save a multiplication.
/// </remarks>
public readonly struct SiluOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => (float)(x / (1.0 + Math.Exp(-(double)x)));

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + FloatExp.Exp(-x));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + FloatExp.Exp(-x));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + FloatExp.Exp(-x));

    /// <inheritdoc/>
    public static float Derivative(float x, float y)
    {
        float s = SigmoidOperator.Invoke(x);
        return MathF.FusedMultiplyAdd(y, 1f - s, s);
    }

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y)
    {
        Vector128<float> s = SigmoidOperator.Invoke(x);
        return Vector128.FusedMultiplyAdd(y, Vector128<float>.One - s, s);
    }

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> s = SigmoidOperator.Invoke(x);
        return Vector256.FusedMultiplyAdd(y, Vector256<float>.One - s, s);
    }

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> s = SigmoidOperator.Invoke(x);
        return Vector512.FusedMultiplyAdd(y, Vector512<float>.One - s, s);
    }
}
