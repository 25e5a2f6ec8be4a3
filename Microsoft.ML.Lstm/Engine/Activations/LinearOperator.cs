using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>linear</c>: f(x) = x; f'(x) = 1. What Keras uses when the activation is <c>None</c>.</summary>
public readonly struct LinearOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => x;

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => x;

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => x;

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => x;

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => 1f;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128<float>.One;

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256<float>.One;

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512<float>.One;
}
