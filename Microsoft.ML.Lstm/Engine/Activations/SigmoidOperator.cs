using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>sigmoid</c>: f(x) = 1 / (1 + exp(-x)); f'(x) = y (1 - y). The default LSTM <c>recurrent_activation</c>.</summary>
/// <remarks>
/// Vector form: exp(-x) with -x bounded below by -20, where 1 / (1 + exp(-x)) is already 1 in float, so the exp needs no
/// underflow handling; above exp's range it is +infinity, which makes the result exactly 0.
/// </remarks>
public readonly struct SigmoidOperator : IActivationOperator
{
    private const float ExpFloor = -20f;

    /// <inheritdoc/>
    public static float Invoke(float x) => 1f / (1f + MathF.Exp(-x));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x)
    {
        Vector128<float> u = -x;
        Vector128<float> e = FloatExp.ExpInRange(Vector128.Min(Vector128.Max(u, Vector128.Create(ExpFloor)), Vector128.Create(FloatExp.Max)));
        e = Vector128.ConditionalSelect(Vector128.GreaterThan(u, Vector128.Create(FloatExp.Max)), Vector128.Create(float.PositiveInfinity), e);
        return Vector128<float>.One / (Vector128<float>.One + e);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> u = -x;
        Vector256<float> e = FloatExp.ExpInRange(Vector256.Min(Vector256.Max(u, Vector256.Create(ExpFloor)), Vector256.Create(FloatExp.Max)));
        e = Vector256.ConditionalSelect(Vector256.GreaterThan(u, Vector256.Create(FloatExp.Max)), Vector256.Create(float.PositiveInfinity), e);
        return Vector256<float>.One / (Vector256<float>.One + e);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x)
    {
        Vector512<float> u = -x;
        Vector512<float> e = FloatExp.ExpInRange(Vector512.Min(Vector512.Max(u, Vector512.Create(ExpFloor)), Vector512.Create(FloatExp.Max)));
        e = Vector512.ConditionalSelect(Vector512.GreaterThan(u, Vector512.Create(FloatExp.Max)), Vector512.Create(float.PositiveInfinity), e);
        return Vector512<float>.One / (Vector512<float>.One + e);
    }

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => y * (1f - y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => y * (Vector128<float>.One - y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => y * (Vector256<float>.One - y);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => y * (Vector512<float>.One - y);
}
