using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>exponential</c>: f(x) = exp(x); f'(x) = y.</summary>
/// <remarks>Overflows to +infinity above x = 88.72, as in Keras; it is the only activation here that can.</remarks>
public readonly struct ExponentialOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Exp(x);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => FloatExp.Exp(x);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => FloatExp.Exp(x);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => FloatExp.Exp(x);

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => y;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => y;

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => y;

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => y;
}
