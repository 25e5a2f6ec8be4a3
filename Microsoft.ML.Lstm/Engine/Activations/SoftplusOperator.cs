using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>softplus</c>: f(x) = log(1 + exp(x)); f'(x) = sigmoid(x).</summary>
/// <remarks>
/// Evaluated as max(x, 0) + log1p(exp(-|x|)): exp never overflows, and for very negative x the result keeps its
/// relative precision (softplus(-20) = 2.06e-9, where log(1 + exp(x)) would round to 0). The derivative is computed
/// from x, since recovering sigmoid(x) = 1 - exp(-y) from y would cancel for negative x.
/// </remarks>
public readonly struct SoftplusOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x)
    {
        double xd = x;
        return (float)(Math.Max(xd, 0.0) + ActivationMath.Log1p(Math.Exp(-Math.Abs(xd))));
    }

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) =>
        Vector128.Max(x, Vector128<float>.Zero) + ActivationMath.Log1p(FloatExp.Exp(-Vector128.Abs(x)));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.Max(x, Vector256<float>.Zero) + ActivationMath.Log1p(FloatExp.Exp(-Vector256.Abs(x)));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.Max(x, Vector512<float>.Zero) + ActivationMath.Log1p(FloatExp.Exp(-Vector512.Abs(x)));

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => SigmoidOperator.Invoke(x);

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => SigmoidOperator.Invoke(x);

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => SigmoidOperator.Invoke(x);

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => SigmoidOperator.Invoke(x);
}
