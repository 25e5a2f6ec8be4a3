using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// Keras 3 <c>hard_sigmoid</c>: f(x) = relu6(x + 3) / 6, i.e. 0 for x &lt;= -3, 1 for x &gt;= 3 and x / 6 + 1/2 between;
/// f'(x) = 1/6 for -3 &lt; x &lt; 3, else 0.
/// </summary>
/// <remarks>
/// <para>
/// This is what <c>hard_sigmoid</c> means in Keras 3, TensorFlow &gt;= 2.16 (whose <c>tf.keras</c> is Keras 3) and
/// PyTorch (<c>torch.nn.Hardsigmoid</c>). Keras 2 (tf.keras &lt;= 2.15), TensorFlow.js (<c>hardSigmoid</c>) and ONNX's
/// <c>HardSigmoid</c> with its default attributes mean the steeper clip(0.2 x + 0.5, 0, 1) instead: that one is
/// <see cref="HardSigmoidKeras2Operator"/>, registered as <c>hard_sigmoid_keras2</c>. A model saved by Keras 2 with
/// <c>hard_sigmoid</c> needs the latter.
/// </para>
/// <para>
/// Computed exactly as Keras 3 does, (x + 3) clamped then divided by 6, so results match it bit for bit. The kinks get
/// derivative 0: the test is made on the rounded x + 3, as TensorFlow's <c>Relu6Grad</c> does, so the derivative is
/// 0 exactly where the output is clamped; PyTorch's <c>hardsigmoid_backward</c> also uses the open interval.
/// </para>
/// </remarks>
public readonly struct HardSigmoidOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Min(MathF.Max(x + 3f, 0f), 6f) / 6f;

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) =>
        Vector128.Min(Vector128.Max(x + Vector128.Create(3f), Vector128<float>.Zero), Vector128.Create(6f)) / Vector128.Create(6f);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.Min(Vector256.Max(x + Vector256.Create(3f), Vector256<float>.Zero), Vector256.Create(6f)) / Vector256.Create(6f);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.Min(Vector512.Max(x + Vector512.Create(3f), Vector512<float>.Zero), Vector512.Create(6f)) / Vector512.Create(6f);

    /// <inheritdoc/>
    public static float Derivative(float x, float y)
    {
        float t = x + 3f;
        return t > 0f && t < 6f ? 1f / 6f : 0f;
    }

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y)
    {
        Vector128<float> t = x + Vector128.Create(3f);
        return Vector128.GreaterThan(t, Vector128<float>.Zero) & Vector128.LessThan(t, Vector128.Create(6f)) & Vector128.Create(1f / 6f);
    }

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> t = x + Vector256.Create(3f);
        return Vector256.GreaterThan(t, Vector256<float>.Zero) & Vector256.LessThan(t, Vector256.Create(6f)) & Vector256.Create(1f / 6f);
    }

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> t = x + Vector512.Create(3f);
        return Vector512.GreaterThan(t, Vector512<float>.Zero) & Vector512.LessThan(t, Vector512.Create(6f)) & Vector512.Create(1f / 6f);
    }
}
