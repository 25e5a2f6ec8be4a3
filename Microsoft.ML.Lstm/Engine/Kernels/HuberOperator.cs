using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Keras <c>huber</c> for one element, e = p - t: l = e^2 / 2 where |e| &lt;= delta, delta (|e| - delta / 2) beyond;
/// dl/dp = clamp(e, -delta, delta).
/// </summary>
/// <remarks>
/// The loss is evaluated as Keras writes it (0.5 e^2, or delta |e| - 0.5 delta^2, selected by |e| &lt;= delta) so that
/// the rounding matches; the gradient is CopySign(min(|e|, delta), e), which is exactly e or delta sign(e).
/// </remarks>
internal readonly struct HuberOperator : ILossOperator
{
    private readonly float _delta;

    public HuberOperator(float delta) => _delta = delta;

    public float Invoke(float prediction, float target, out float gradient)
    {
        float e = prediction - target;
        float a = MathF.Abs(e);
        gradient = MathF.CopySign(MathF.Min(a, _delta), e);
        return a <= _delta ? 0.5f * (e * e) : _delta * a - 0.5f * (_delta * _delta);
    }

    public Vector128<float> Invoke(Vector128<float> prediction, Vector128<float> target, out Vector128<float> gradient)
    {
        Vector128<float> e = prediction - target, d = Vector128.Create(_delta);
        Vector128<float> a = Vector128.Abs(e);
        gradient = Vector128.CopySign(Vector128.Min(a, d), e);
        return Vector128.ConditionalSelect(Vector128.LessThanOrEqual(a, d), 0.5f * (e * e), d * a - 0.5f * (d * d));
    }

    public Vector256<float> Invoke(Vector256<float> prediction, Vector256<float> target, out Vector256<float> gradient)
    {
        Vector256<float> e = prediction - target, d = Vector256.Create(_delta);
        Vector256<float> a = Vector256.Abs(e);
        gradient = Vector256.CopySign(Vector256.Min(a, d), e);
        return Vector256.ConditionalSelect(Vector256.LessThanOrEqual(a, d), 0.5f * (e * e), d * a - 0.5f * (d * d));
    }

    public Vector512<float> Invoke(Vector512<float> prediction, Vector512<float> target, out Vector512<float> gradient)
    {
        Vector512<float> e = prediction - target, d = Vector512.Create(_delta);
        Vector512<float> a = Vector512.Abs(e);
        gradient = Simd512.CopySign(Vector512.Min(a, d), e);
        return Vector512.ConditionalSelect(Vector512.LessThanOrEqual(a, d), 0.5f * (e * e), d * a - 0.5f * (d * d));
    }
}
