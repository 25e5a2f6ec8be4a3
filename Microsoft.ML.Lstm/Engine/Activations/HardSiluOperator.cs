using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras 3 <c>hard_silu</c> (alias <c>hard_swish</c>): f(x) = x relu6(x + 3) / 6; f'(x) = 0 below -3,
/// 1 above 3, (2x + 3) / 6 between.</summary>
public readonly struct HardSiluOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => x * MathF.Min(MathF.Max(x + 3f, 0f), 6f) / 6f;

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => x * Vector128.Min(Vector128.Max(x + Vector128.Create(3f), Vector128<float>.Zero), Vector128.Create(6f)) / Vector128.Create(6f);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => x * Vector256.Min(Vector256.Max(x + Vector256.Create(3f), Vector256<float>.Zero), Vector256.Create(6f)) / Vector256.Create(6f);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => x * Vector512.Min(Vector512.Max(x + Vector512.Create(3f), Vector512<float>.Zero), Vector512.Create(6f)) / Vector512.Create(6f);

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => x <= -3f ? 0f : x >= 3f ? 1f : (2f * x + 3f) / 6f;

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(x, Vector128.Create(-3f)), Vector128<float>.Zero, Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128.Create(3f)), Vector128<float>.One, (Vector128.Create(2f) * x + Vector128.Create(3f)) / Vector128.Create(6f)));

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256.Create(-3f)), Vector256<float>.Zero, Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256.Create(3f)), Vector256<float>.One, (Vector256.Create(2f) * x + Vector256.Create(3f)) / Vector256.Create(6f)));

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512.Create(-3f)), Vector512<float>.Zero, Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512.Create(3f)), Vector512<float>.One, (Vector512.Create(2f) * x + Vector512.Create(3f)) / Vector512.Create(6f)));
}
