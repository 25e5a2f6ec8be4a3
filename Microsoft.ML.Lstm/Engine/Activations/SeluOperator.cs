using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>selu</c>: f(x) = scale * (x for x &gt; 0, else alpha (exp(x) - 1)) with alpha = 1.67326324 and
/// scale = 1.05070098; f'(x) = scale for x &gt; 0, else y + scale * alpha.</summary>
public readonly struct SeluOperator : IActivationOperator
{
    private const float Alpha = 1.67326324f;
    private const float Scale = 1.05070098f;

    /// <inheritdoc/>
    public static float Invoke(float x) => x > 0f ? Scale * x : Scale * Alpha * (MathF.Exp(x) - 1f);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128.Create(Scale) * x, Vector128.Create(Scale * Alpha) * (Vector128.Exp(Vector128.Min(x, Vector128<float>.Zero)) - Vector128<float>.One));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256.Create(Scale) * x, Vector256.Create(Scale * Alpha) * (Vector256.Exp(Vector256.Min(x, Vector256<float>.Zero)) - Vector256<float>.One));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512.Create(Scale) * x, Vector512.Create(Scale * Alpha) * (Vector512.Exp(Vector512.Min(x, Vector512<float>.Zero)) - Vector512<float>.One));

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => x > 0f ? Scale : y + Scale * Alpha;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128.Create(Scale), y + Vector128.Create(Scale * Alpha));

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256.Create(Scale), y + Vector256.Create(Scale * Alpha));

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512.Create(Scale), y + Vector512.Create(Scale * Alpha));
}
