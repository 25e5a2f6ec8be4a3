using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// Keras <c>selu</c>: f(x) = scale x for x &gt; 0, scale alpha (exp(x) - 1) otherwise, with the self-normalizing
/// constants alpha = 1.67326324 and scale = 1.05070098 (Klambauer et al. 2017);
/// f'(x) = scale for x &gt;= 0, y + scale alpha otherwise.
/// </summary>
/// <remarks>
/// selu has a kink at 0 (left derivative scale alpha = 1.7581, right derivative scale = 1.0507). This follows
/// TensorFlow's <c>SeluGrad</c>, which Keras runs: scale at x = 0 (PyTorch returns scale alpha there). The negative
/// branch derivative is y + scale alpha = scale alpha exp(x), as in TensorFlow: no second exp, absolute error about 1e-7.
/// </remarks>
public readonly struct SeluOperator : IActivationOperator
{
    /// <summary>alpha, to double precision (the float constant Keras and TensorFlow use rounds from it).</summary>
    public const double Alpha = 1.6732632423543772848170429916717;

    /// <summary>scale, to double precision.</summary>
    public const double Scale = 1.0507009873554804934193349852946;

    private const double ScaleAlpha = Scale * Alpha;
    private const float ScaleF = (float)Scale;
    private const float ScaleAlphaF = (float)ScaleAlpha;

    /// <inheritdoc/>
    public static float Invoke(float x) => x > 0f ? (float)(Scale * x) : (float)(ScaleAlpha * ActivationMath.Expm1(x));

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) =>
        Vector128.ConditionalSelect(
            Vector128.GreaterThan(x, Vector128<float>.Zero),
            x * Vector128.Create(ScaleF),
            ActivationMath.Expm1(x) * Vector128.Create(ScaleAlphaF));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.ConditionalSelect(
            Vector256.GreaterThan(x, Vector256<float>.Zero),
            x * Vector256.Create(ScaleF),
            ActivationMath.Expm1(x) * Vector256.Create(ScaleAlphaF));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.ConditionalSelect(
            Vector512.GreaterThan(x, Vector512<float>.Zero),
            x * Vector512.Create(ScaleF),
            ActivationMath.Expm1(x) * Vector512.Create(ScaleAlphaF));

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => x >= 0f ? ScaleF : y + ScaleAlphaF;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) =>
        Vector128.ConditionalSelect(
            Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), Vector128.Create(ScaleF), y + Vector128.Create(ScaleAlphaF));

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) =>
        Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256.Create(ScaleF), y + Vector256.Create(ScaleAlphaF));

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) =>
        Vector512.ConditionalSelect(
            Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512.Create(ScaleF), y + Vector512.Create(ScaleAlphaF));
}
