using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// The Keras 2 hard sigmoid, registered as <c>hard_sigmoid_keras2</c> and under TensorFlow.js's name
/// <c>hardSigmoid</c>: f(x) = clip(0.2 x + 0.5, 0, 1), i.e. 0 for x &lt; -2.5, 1 for x &gt; 2.5;
/// f'(x) = 0.2 for -2.5 &lt;= x &lt;= 2.5, else 0.
/// </summary>
/// <remarks>
/// <para>
/// This is what <c>hard_sigmoid</c> meant in Keras 2 and tf.keras &lt;= 2.15, what TensorFlow.js's
/// <c>hardSigmoid</c> means, and ONNX's <c>HardSigmoid</c> with its default alpha = 0.2, beta = 0.5. Keras 3,
/// TensorFlow &gt;= 2.16 and PyTorch changed <c>hard_sigmoid</c> to relu6(x + 3) / 6: that one is
/// <see cref="HardSigmoidOperator"/>.
/// </para>
/// <para>
/// Computed as Keras 2 does, a multiplication then a separate addition (no fused multiply-add), then the clip, so results
/// match it bit for bit. Derivative at the kinks: the clip's gradient in TensorFlow (<c>ClipByValue</c>, and
/// minimum/maximum ties) and TensorFlow.js (<c>clipByValue</c>) passes on the closed interval 0 &lt;= 0.2 x + 0.5 &lt;= 1,
/// so the kinks x = -2.5 and x = 2.5 get 0.2, tested on the same rounded 0.2 x + 0.5.
/// </para>
/// </remarks>
public readonly struct HardSigmoidKeras2Operator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Min(MathF.Max(x * 0.2f + 0.5f, 0f), 1f);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) =>
        Vector128.Min(Vector128.Max(x * Vector128.Create(0.2f) + Vector128.Create(0.5f), Vector128<float>.Zero), Vector128<float>.One);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.Min(Vector256.Max(x * Vector256.Create(0.2f) + Vector256.Create(0.5f), Vector256<float>.Zero), Vector256<float>.One);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.Min(Vector512.Max(x * Vector512.Create(0.2f) + Vector512.Create(0.5f), Vector512<float>.Zero), Vector512<float>.One);

    /// <inheritdoc/>
    public static float Derivative(float x, float y)
    {
        float z = x * 0.2f + 0.5f;
        return z >= 0f && z <= 1f ? 0.2f : 0f;
    }

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y)
    {
        Vector128<float> z = x * Vector128.Create(0.2f) + Vector128.Create(0.5f);
        Vector128<float> inside = Vector128.GreaterThanOrEqual(z, Vector128<float>.Zero) & Vector128.LessThanOrEqual(z, Vector128<float>.One);
        return inside & Vector128.Create(0.2f);
    }

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> z = x * Vector256.Create(0.2f) + Vector256.Create(0.5f);
        Vector256<float> inside = Vector256.GreaterThanOrEqual(z, Vector256<float>.Zero) & Vector256.LessThanOrEqual(z, Vector256<float>.One);
        return inside & Vector256.Create(0.2f);
    }

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> z = x * Vector512.Create(0.2f) + Vector512.Create(0.5f);
        Vector512<float> inside = Vector512.GreaterThanOrEqual(z, Vector512<float>.Zero) & Vector512.LessThanOrEqual(z, Vector512<float>.One);
        return inside & Vector512.Create(0.2f);
    }
}
