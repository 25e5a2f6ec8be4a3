using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Activations;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// The few register operations the GEMM micro-kernel needs, over one register type. The kernel is written once,
/// generic over this interface; the JIT specializes it per struct, so each width compiles to straight-line SIMD.
/// </summary>
internal interface ISimd<TVector> where TVector : struct
{
    /// <summary>Floats per register.</summary>
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(ref float source, nuint offset);

    static abstract void Store(TVector value, ref float destination, nuint offset);

    static abstract TVector Broadcast(float value);

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Subtract(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector Divide(TVector a, TVector b);

    static abstract TVector Negate(TVector a);

    static abstract TVector Abs(TVector a);

    static abstract TVector Min(TVector a, TVector b);

    static abstract TVector Exp(TVector a);

    /// <summary>The sum of the lanes.</summary>
    static abstract float Sum(TVector a);

    /// <summary>|magnitude| with the sign of <paramref name="sign"/>.</summary>
    static abstract TVector CopySign(TVector magnitude, TVector sign);

    /// <summary>
    /// The activation <typeparamref name="TOp"/> at this width, as the LSTM cell computes it: <c>TOp.Invoke</c>, except
    /// sigmoid, whose exp is then the cheaper one of <see cref="SigmoidOperator.BeginInCell(System.Runtime.Intrinsics.Vector512{float})"/>
    /// (the same absolute precision; a gate needs no more).
    /// </summary>
    static abstract TVector Activate<TOp>(TVector x) where TOp : struct, IActivationOperator;

    /// <summary>The derivative of <typeparamref name="TOp"/> at this width, given x and y = f(x).</summary>
    static abstract TVector Derivative<TOp>(TVector x, TVector y) where TOp : struct, IActivationOperator;

    /// <summary>
    /// The activation in two stages, <c>EndActivation(BeginActivation(x), x) == Activate(x)</c>, for loops that start
    /// register k + 1 before they finish register k. An exp-based activation is one long chain of dependent instructions
    /// (about 60 cycles); run back to back, the unfinished ones fill the core's scheduler and it idles. Split after the
    /// exp (sigmoid, tanh), the second half of register k finds its input ready when it is issued. Other activations do
    /// all their work in the second stage.
    /// </summary>
    static abstract TVector BeginActivation<TOp>(TVector x) where TOp : struct, IActivationOperator;

    /// <summary>The second stage of <see cref="BeginActivation{TOp}"/>: f(x) from what the first stage returned, and x.</summary>
    static abstract TVector EndActivation<TOp>(TVector begun, TVector x) where TOp : struct, IActivationOperator;
}

/// <summary>Width 1: the scalar path of the packed kernels.</summary>
internal readonly struct SimdScalar : ISimd<float>
{
    public static int Count => 1;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(ref float source, nuint offset) => Unsafe.Add(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Broadcast(float value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Subtract(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Multiply(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Divide(float a, float b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Negate(float a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(float a) => a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Abs(float a) => MathF.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Min(float a, float b) => MathF.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Exp(float a) => MathF.Exp(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float CopySign(float magnitude, float sign) => MathF.CopySign(magnitude, sign);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Activate<TOp>(float x) where TOp : struct, IActivationOperator => TOp.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float BeginActivation<TOp>(float x) where TOp : struct, IActivationOperator => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float EndActivation<TOp>(float begun, float x) where TOp : struct, IActivationOperator => TOp.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Derivative<TOp>(float x, float y) where TOp : struct, IActivationOperator => TOp.Derivative(x, y);
}

/// <summary>128-bit registers.</summary>
internal readonly struct Simd128 : ISimd<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Negate(Vector128<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector128<float> a) => Vector128.Sum(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Abs(Vector128<float> a) => Vector128.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Min(Vector128<float> a, Vector128<float> b) => Vector128.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Exp(Vector128<float> a) => FloatExp.Exp(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> CopySign(Vector128<float> magnitude, Vector128<float> sign) => Vector128.CopySign(magnitude, sign);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Activate<TOp>(Vector128<float> x) where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) ? SigmoidOperator.Finish(SigmoidOperator.BeginInCell(x)) : TOp.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> BeginActivation<TOp>(Vector128<float> x) where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) ? SigmoidOperator.BeginInCell(x) : typeof(TOp) == typeof(TanhOperator) ? TanhOperator.Begin(x) : x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> EndActivation<TOp>(Vector128<float> begun, Vector128<float> x) where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) ? SigmoidOperator.Finish(begun) : typeof(TOp) == typeof(TanhOperator) ? TanhOperator.Finish(begun, x) : TOp.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Derivative<TOp>(Vector128<float> x, Vector128<float> y) where TOp : struct, IActivationOperator => TOp.Derivative(x, y);
}

/// <summary>256-bit registers.</summary>
internal readonly struct Simd256 : ISimd<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Negate(Vector256<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> a) => Vector256.Sum(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Exp(Vector256<float> a) => FloatExp.Exp(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> CopySign(Vector256<float> magnitude, Vector256<float> sign) => Vector256.CopySign(magnitude, sign);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Activate<TOp>(Vector256<float> x) where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) ? SigmoidOperator.Finish(SigmoidOperator.BeginInCell(x)) : TOp.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> BeginActivation<TOp>(Vector256<float> x) where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) ? SigmoidOperator.BeginInCell(x) : typeof(TOp) == typeof(TanhOperator) ? TanhOperator.Begin(x) : x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> EndActivation<TOp>(Vector256<float> begun, Vector256<float> x) where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) ? SigmoidOperator.Finish(begun) : typeof(TOp) == typeof(TanhOperator) ? TanhOperator.Finish(begun, x) : TOp.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Derivative<TOp>(Vector256<float> x, Vector256<float> y) where TOp : struct, IActivationOperator => TOp.Derivative(x, y);
}

/// <summary>512-bit registers.</summary>
internal readonly struct Simd512 : ISimd<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Negate(Vector512<float> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> a) => Vector512.Sum(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Exp(Vector512<float> a) => FloatExp.Exp(a);
    /// <remarks>Bitwise rather than <c>Vector512.CopySign</c>: where .NET does not prefer Vector512 (Intel up to Ice Lake, where
    /// the library still runs at 512 bits), that method is done on two 256-bit halves and a stack copy, which made tanh the
    /// slowest part of the gate pass; the select is one <c>vpternlogd</c>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> CopySign(Vector512<float> magnitude, Vector512<float> sign) =>
        Vector512.ConditionalSelect(Vector512.Create(-0f), sign, magnitude);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Activate<TOp>(Vector512<float> x) where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) ? SigmoidOperator.Finish(SigmoidOperator.BeginInCell(x)) : TOp.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> BeginActivation<TOp>(Vector512<float> x) where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) ? SigmoidOperator.BeginInCell(x) : typeof(TOp) == typeof(TanhOperator) ? TanhOperator.Begin(x) : x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> EndActivation<TOp>(Vector512<float> begun, Vector512<float> x) where TOp : struct, IActivationOperator =>
        typeof(TOp) == typeof(SigmoidOperator) ? SigmoidOperator.Finish(begun) : typeof(TOp) == typeof(TanhOperator) ? TanhOperator.Finish(begun, x) : TOp.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Derivative<TOp>(Vector512<float> x, Vector512<float> y) where TOp : struct, IActivationOperator => TOp.Derivative(x, y);
}
