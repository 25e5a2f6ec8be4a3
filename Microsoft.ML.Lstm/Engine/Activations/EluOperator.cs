using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>elu</c> (alpha = 1): f(x) = x for x &gt; 0, exp(x) - 1 otherwise; f'(x) = 1 for x &gt; 0, y + 1 otherwise.</summary>
/// <remarks>
/// exp(x) - 1 is evaluated as an expm1 so that small negative inputs keep their relative precision (TensorFlow
/// subtracts 1 from exp(x) and loses it). The derivative uses y + 1 = exp(x), as TensorFlow's <c>EluGrad</c> does: no
/// second exp, an absolute error of about 6e-8. With alpha = 1 both one-sided derivatives at 0 equal 1, so no
/// subgradient choice arises.
/// </remarks>
public readonly struct EluOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => x > 0f ? x : (float)ActivationMath.Expm1(x);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) =>
        // exp overflowing for large positive lanes is harmless: the select discards them.
        Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, ActivationMath.Expm1(x));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) =>
        // exp overflowing for large positive lanes is harmless: the select discards them.
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, ActivationMath.Expm1(x));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) =>
        // exp overflowing for large positive lanes is harmless: the select discards them.
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, ActivationMath.Expm1(x));

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => x > 0f ? 1f : y + 1f;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128<float>.One, y + Vector128<float>.One);

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One, y + Vector256<float>.One);

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One, y + Vector512<float>.One);
}
