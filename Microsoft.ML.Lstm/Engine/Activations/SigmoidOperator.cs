using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>sigmoid</c>: f(x) = 1 / (1 + exp(-x)); f'(x) = y (1 - y). The default LSTM <c>recurrent_activation</c>.</summary>
/// <remarks>
/// Vector form: exp(-x) with -x bounded to [-20, 89]: below, 1 / (1 + exp(-x)) is already 1 in float, so the exp needs
/// no underflow handling; at the top, exp overflows to the float's infinity, which makes the result exactly 0. With
/// AVX-512 (DQ), exp(-x) takes any x instead (<see cref="FloatExp.GateExpOfNegatedAnyInput(Vector512{float})"/>): the
/// same floats, one instruction fewer on each sigmoid's chain.
/// <para>
/// The LSTM cell's gates take a cheaper exp where AVX-512 DQ is there (<see cref="BeginInCell(Vector512{float})"/>):
/// tanh's, two instructions fewer. It rounds y = -x·log2 e to a float first, a relative error of up to |x|·7.3e-8 in exp,
/// so this activation's relative precision in the tail (1e-6 of values below 1.7e-5, x &lt; -11) would be lost; the
/// absolute error stays what it is (1.03e-7 measured, against 9.8e-8), and a gate only scales bounded terms.
/// </para>
/// </remarks>
public readonly struct SigmoidOperator : IActivationOperator
{
    private const float ExpFloor = -20f;

    // Past FloatExp.Max: x·log2(e) rounds to 128 here and the polynomial is above 1.08, so exp is +infinity whether 2^n
    // goes into the exponent bits (2^128 is the infinity's pattern) or through VSCALEFPS (the product overflows), and the
    // result an exact 0, with no select for the overflow (sigmoid runs three times per unit and step).
    private const float ExpCeiling = 89f;

    /// <inheritdoc/>
    public static float Invoke(float x) => 1f / (1f + MathF.Exp(-x));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x) => Finish(Begin(x));

    /// <summary>The first stage, exp(-x) (see <see cref="ISimd{TVector}.BeginActivation{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Begin(Vector128<float> x) => FloatExp.HasAnyInputGateExp
        ? FloatExp.GateExpOfNegatedAnyInput(x)
        : FloatExp.GateExpOfNegated(Vector128.Max(Vector128.Min(x, Vector128.Create(-ExpFloor)), Vector128.Create(-ExpCeiling)));

    /// <summary>The first stage as the LSTM cell runs it, for a gate (see the remarks): exp(-x) through
    /// <see cref="FloatExp.CellGateExpOfNegated(Vector128{float})"/> where AVX-512 DQ is there, else <see cref="Begin(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> BeginInCell(Vector128<float> x) => FloatExp.HasAnyInputGateExp ? FloatExp.CellGateExpOfNegated(x) : Begin(x);

    /// <summary>The second stage, 1 / (1 + exp(-x)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Finish(Vector128<float> e) => Vector128<float>.One / (Vector128<float>.One + e);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) => Finish(Begin(x));

    /// <summary>The first stage, exp(-x) (see <see cref="ISimd{TVector}.BeginActivation{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Begin(Vector256<float> x) => FloatExp.HasAnyInputGateExp
        ? FloatExp.GateExpOfNegatedAnyInput(x)
        : FloatExp.GateExpOfNegated(Vector256.Max(Vector256.Min(x, Vector256.Create(-ExpFloor)), Vector256.Create(-ExpCeiling)));

    /// <summary>The first stage as the LSTM cell runs it, for a gate (see the remarks): exp(-x) through
    /// <see cref="FloatExp.CellGateExpOfNegated(Vector256{float})"/> where AVX-512 DQ is there, else <see cref="Begin(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> BeginInCell(Vector256<float> x) => FloatExp.HasAnyInputGateExp ? FloatExp.CellGateExpOfNegated(x) : Begin(x);

    /// <summary>The second stage, 1 / (1 + exp(-x)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Finish(Vector256<float> e) => Vector256<float>.One / (Vector256<float>.One + e);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) => Finish(Begin(x));

    /// <summary>The first stage, exp(-x) (see <see cref="ISimd{TVector}.BeginActivation{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Begin(Vector512<float> x) => FloatExp.HasAnyInputGateExp512
        ? FloatExp.GateExpOfNegatedAnyInput(x)
        : FloatExp.GateExpOfNegated(Vector512.Max(Vector512.Min(x, Vector512.Create(-ExpFloor)), Vector512.Create(-ExpCeiling)));

    /// <summary>The first stage as the LSTM cell runs it, for a gate (see the remarks): exp(-x) through
    /// <see cref="FloatExp.CellGateExpOfNegated(Vector512{float})"/> where AVX-512 DQ is there, else <see cref="Begin(Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> BeginInCell(Vector512<float> x) => FloatExp.HasAnyInputGateExp512 ? FloatExp.CellGateExpOfNegated(x) : Begin(x);

    /// <summary>The second stage, 1 / (1 + exp(-x)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Finish(Vector512<float> e) => Vector512<float>.One / (Vector512<float>.One + e);

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
