using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>relu6</c>: f(x) = min(max(x, 0), 6); f'(x) = 1 for 0 &lt; x &lt; 6, else 0.</summary>
/// <remarks>
/// At the kinks x = 0 and x = 6 the derivative is 0, as in TensorFlow (<c>Relu6Grad</c>: 0 &lt; x &lt; 6) and PyTorch
/// (<c>hardtanh_backward</c>).
/// </remarks>
public readonly struct Relu6Operator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Min(MathF.Max(x, 0f), 6f);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Min(Vector128.Max(x, Vector128<float>.Zero), Vector128.Create(6f));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Min(Vector256.Max(x, Vector256<float>.Zero), Vector256.Create(6f));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Min(Vector512.Max(x, Vector512<float>.Zero), Vector512.Create(6f));

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => x > 0f && x < 6f ? 1f : 0f;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) =>
        Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128.LessThan(x, Vector128.Create(6f)) & Vector128<float>.One;

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256.LessThan(x, Vector256.Create(6f)) & Vector256<float>.One;

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512.LessThan(x, Vector512.Create(6f)) & Vector512<float>.One;
}
