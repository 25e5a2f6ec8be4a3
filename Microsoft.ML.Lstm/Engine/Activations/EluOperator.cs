using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>elu</c> (alpha = 1): f(x) = x for x &gt; 0, else exp(x) - 1; f'(x) = 1 for x &gt; 0, else y + 1.</summary>
public readonly struct EluOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => x > 0f ? x : MathF.Exp(x) - 1f;

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, Vector128.Exp(Vector128.Min(x, Vector128<float>.Zero)) - Vector128<float>.One);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256.Exp(Vector256.Min(x, Vector256<float>.Zero)) - Vector256<float>.One);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512.Exp(Vector512.Min(x, Vector512<float>.Zero)) - Vector512<float>.One);

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => x > 0f ? 1f : y + 1f;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128<float>.One, y + Vector128<float>.One);

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One, y + Vector256<float>.One);

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One, y + Vector512<float>.One);
}
