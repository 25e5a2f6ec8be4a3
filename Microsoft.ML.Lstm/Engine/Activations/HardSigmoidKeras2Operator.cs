using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary><c>hard_sigmoid_keras2</c>: the hard sigmoid of Keras 2 and tf.keras &lt;= 2.15, TensorFlow.js (<c>hardSigmoid</c>,
/// also accepted as a name) and ONNX's default: f(x) = clip(0.2 x + 0.5, 0, 1); f'(x) = 0.2 on (-2.5, 2.5), else 0.
/// Keras 3's <c>hard_sigmoid</c> is a different function: <see cref="HardSigmoidOperator"/>.</summary>
public readonly struct HardSigmoidKeras2Operator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Min(MathF.Max(0.2f * x + 0.5f, 0f), 1f);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Min(Vector128.Max(Vector128.Create(0.2f) * x + Vector128.Create(0.5f), Vector128<float>.Zero), Vector128<float>.One);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Min(Vector256.Max(Vector256.Create(0.2f) * x + Vector256.Create(0.5f), Vector256<float>.Zero), Vector256<float>.One);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Min(Vector512.Max(Vector512.Create(0.2f) * x + Vector512.Create(0.5f), Vector512<float>.Zero), Vector512<float>.One);

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => x > -2.5f && x < 2.5f ? 0.2f : 0f;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(-2.5f)) & Vector128.LessThan(x, Vector128.Create(2.5f)), Vector128.Create(0.2f), Vector128<float>.Zero);

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(-2.5f)) & Vector256.LessThan(x, Vector256.Create(2.5f)), Vector256.Create(0.2f), Vector256<float>.Zero);

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(-2.5f)) & Vector512.LessThan(x, Vector512.Create(2.5f)), Vector512.Create(0.2f), Vector512<float>.Zero);
}
