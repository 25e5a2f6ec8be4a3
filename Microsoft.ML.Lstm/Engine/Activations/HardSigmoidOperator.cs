using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras 3 <c>hard_sigmoid</c> (also TensorFlow &gt;= 2.16 and PyTorch's <c>Hardsigmoid</c>): f(x) = relu6(x + 3) / 6,
/// i.e. clip(x/6 + 1/2, 0, 1); f'(x) = 1/6 on (-3, 3), else 0. For the older meaning (Keras 2, tf.keras &lt;= 2.15,
/// TensorFlow.js, ONNX) see <see cref="HardSigmoidKeras2Operator"/>.</summary>
public readonly struct HardSigmoidOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Min(MathF.Max(x / 6f + 0.5f, 0f), 1f);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Min(Vector128.Max(x / Vector128.Create(6f) + Vector128.Create(0.5f), Vector128<float>.Zero), Vector128<float>.One);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Min(Vector256.Max(x / Vector256.Create(6f) + Vector256.Create(0.5f), Vector256<float>.Zero), Vector256<float>.One);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Min(Vector512.Max(x / Vector512.Create(6f) + Vector512.Create(0.5f), Vector512<float>.Zero), Vector512<float>.One);

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => x > -3f && x < 3f ? 1f / 6f : 0f;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(-3f)) & Vector128.LessThan(x, Vector128.Create(3f)), Vector128.Create(1f / 6f), Vector128<float>.Zero);

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(-3f)) & Vector256.LessThan(x, Vector256.Create(3f)), Vector256.Create(1f / 6f), Vector256<float>.Zero);

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(-3f)) & Vector512.LessThan(x, Vector512.Create(3f)), Vector512.Create(1f / 6f), Vector512<float>.Zero);
}
