using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// Keras 3 <c>hard_silu</c>, also registered as <c>hard_swish</c>: f(x) = x relu6(x + 3) / 6, i.e. x times the
/// Keras 3 <c>hard_sigmoid</c>; f'(x) = 0 for x &lt;= -3, 1 for x &gt;= 3, (2 x + 3) / 6 between.
/// </summary>
/// <remarks>
/// Computed as Keras 3 does: the hard sigmoid first ((x + 3) clamped, divided by 6), then times x.
/// The derivative is the one TensorFlow's autodiff gives Keras's composition, hard_sigmoid(x) + x hard_sigmoid'(x) with
/// the relu6 subgradient 0 at the kinks: 0 at x = -3 and 1 at x = 3, the slopes of the outer pieces. PyTorch's
/// <c>hardswish_backward</c> gives -0.5 and 1.5 there instead (the middle piece's slope).
/// </remarks>
public readonly struct HardSiluOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => x * HardSigmoidOperator.Invoke(x);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => x * HardSigmoidOperator.Invoke(x);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => x * HardSigmoidOperator.Invoke(x);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => x * HardSigmoidOperator.Invoke(x);

    /// <inheritdoc/>
    public static float Derivative(float x, float y)
    {
        float t = x + 3f;
        float inner = t > 0f && t < 6f ? x / 6f : 0f;
        return HardSigmoidOperator.Invoke(x) + inner;
    }

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y)
    {
        Vector128<float> t = x + Vector128.Create(3f);
        Vector128<float> inside = Vector128.GreaterThan(t, Vector128<float>.Zero) & Vector128.LessThan(t, Vector128.Create(6f));
        return HardSigmoidOperator.Invoke(x) + (inside & (x / Vector128.Create(6f)));
    }

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> t = x + Vector256.Create(3f);
        Vector256<float> inside = Vector256.GreaterThan(t, Vector256<float>.Zero) & Vector256.LessThan(t, Vector256.Create(6f));
        return HardSigmoidOperator.Invoke(x) + (inside & (x / Vector256.Create(6f)));
    }

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> t = x + Vector512.Create(3f);
        Vector512<float> inside = Vector512.GreaterThan(t, Vector512<float>.Zero) & Vector512.LessThan(t, Vector512.Create(6f));
        return HardSigmoidOperator.Invoke(x) + (inside & (x / Vector512.Create(6f)));
    }
}
