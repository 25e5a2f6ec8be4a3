using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>tanh</c>: f(x) = tanh(x); f'(x) = 1 - y^2. The default LSTM <c>activation</c>.</summary>
/// <remarks>
/// Vector form: tanh(x) = (1 - e) / (1 + e) with e = exp(-2x), x bounded to [-9, 9], where tanh is already ±1 in float:
/// the exp then needs no range handling, and no sign has to be taken off and put back (an earlier form,
/// 1 - 2 / (exp(2|x|) + 1) with the sign restored, cost five more instructions per register). The absolute error stays
/// below 3e-7 (the gate exp is within 4.4e-7 relative); like that earlier form, it is absolute, not relative, near 0.
/// With AVX-512 (DQ), tanh(x) = 2 / (1 + e) - 1 with e from <see cref="FloatExp.GateExpOfMinusTwiceAnyInput(Vector512{float})"/>
/// and no bound on x: e overflows to +infinity below x = -44, where this form gives -1 and the first one NaN. Three
/// instructions fewer per register (the bounds and one of the reduction's), the same instruction count after the exp,
/// and the same absolute bound (1.9e-7 measured), in other floats than the first form's.
/// </remarks>
public readonly struct TanhOperator : IActivationOperator
{
    private const float Saturation = 9f;

    /// <inheritdoc/>
    public static float Invoke(float x) => MathF.Tanh(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x) => Finish(Begin(x), x);

    /// <summary>The first stage, exp(-2x) (see <see cref="ISimd{TVector}.BeginActivation{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Begin(Vector128<float> x) => FloatExp.HasAnyInputGateExp
        ? FloatExp.GateExpOfMinusTwiceAnyInput(x)
        : FloatExp.GateExpOfMinusTwice(Vector128.Max(Vector128.Min(x, Vector128.Create(Saturation)), Vector128.Create(-Saturation)));

    /// <summary>The second stage, (1 - e) / (1 + e) or, where the first stage takes any x, 2 / (1 + e) - 1, from e = exp(-2x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Finish(Vector128<float> e, Vector128<float> x) => FloatExp.HasAnyInputGateExp
        ? Vector128.Create(2f) / (Vector128<float>.One + e) - Vector128<float>.One
        : (Vector128<float>.One - e) / (Vector128<float>.One + e);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => Finish(Begin(x), x);

    /// <summary>The first stage, exp(-2x) (see <see cref="ISimd{TVector}.BeginActivation{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Begin(Vector256<float> x) => FloatExp.HasAnyInputGateExp
        ? FloatExp.GateExpOfMinusTwiceAnyInput(x)
        : FloatExp.GateExpOfMinusTwice(Vector256.Max(Vector256.Min(x, Vector256.Create(Saturation)), Vector256.Create(-Saturation)));

    /// <summary>The second stage, (1 - e) / (1 + e) or, where the first stage takes any x, 2 / (1 + e) - 1, from e = exp(-2x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Finish(Vector256<float> e, Vector256<float> x) => FloatExp.HasAnyInputGateExp
        ? Vector256.Create(2f) / (Vector256<float>.One + e) - Vector256<float>.One
        : (Vector256<float>.One - e) / (Vector256<float>.One + e);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => Finish(Begin(x), x);

    /// <summary>The first stage, exp(-2x) (see <see cref="ISimd{TVector}.BeginActivation{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Begin(Vector512<float> x) => FloatExp.HasAnyInputGateExp512
        ? FloatExp.GateExpOfMinusTwiceAnyInput(x)
        : FloatExp.GateExpOfMinusTwice(Vector512.Max(Vector512.Min(x, Vector512.Create(Saturation)), Vector512.Create(-Saturation)));

    /// <summary>The second stage, (1 - e) / (1 + e) or, where the first stage takes any x, 2 / (1 + e) - 1, from e = exp(-2x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Finish(Vector512<float> e, Vector512<float> x) => FloatExp.HasAnyInputGateExp512
        ? Vector512.Create(2f) / (Vector512<float>.One + e) - Vector512<float>.One
        : (Vector512<float>.One - e) / (Vector512<float>.One + e);

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => 1f - y * y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128<float>.One - y * y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256<float>.One - y * y;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512<float>.One - y * y;
}
