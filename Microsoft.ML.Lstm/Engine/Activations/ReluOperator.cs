using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>relu</c>: f(x) = max(x, 0); f'(x) = 1 for x &gt; 0, else 0.</summary>
/// <remarks>
/// At the kink x = 0 the derivative is 0, the subgradient TensorFlow (<c>ReluGrad</c>: features &gt; 0) and PyTorch use.
/// NaN propagates: <see cref="MathF.Max(float, float)"/> and <c>Vector128.Max</c> both follow IEEE 754:2019 maximum.
/// </remarks>
public readonly struct ReluOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Max(x, 0f);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => x > 0f ? 1f : 0f;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) =>
        Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128<float>.One;

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256<float>.One;

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512<float>.One;
}
