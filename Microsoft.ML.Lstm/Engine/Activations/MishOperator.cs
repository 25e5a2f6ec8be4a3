using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary><c>mish</c>: f(x) = x tanh(softplus(x)); f'(x) = t + x (1 - t^2) sigmoid(x) with t = tanh(softplus(x)).
/// tanh(log(1 + e^x)) = n (n + 2) / (n (n + 2) + 2) with n = e^x, evaluated with x capped at 20 (where t is 1 in float)
/// so that n (n + 2) cannot overflow.</summary>
public readonly struct MishOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => x * T(x);

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => Derive(x);

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => Mish<Simd128, Vector128<float>>(x);

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => Mish<Simd256, Vector256<float>>(x);

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => Mish<Simd512, Vector512<float>>(x);

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Derive<Simd128, Vector128<float>>(x);

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Derive<Simd256, Vector256<float>>(x);

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Derive<Simd512, Vector512<float>>(x);

    private const float Cap = 20f;

    private static float T(float x)
    {
        float n = MathF.Exp(MathF.Min(x, Cap));
        float q = n * (n + 2f);
        return q / (q + 2f);
    }

    private static float Derive(float x)
    {
        float t = T(x);
        return t + x * (1f - t * t) / (1f + MathF.Exp(-x));
    }

    private static TV T<TS, TV>(TV x) where TS : struct, ISimd<TV> where TV : struct
    {
        TV n = TS.Exp(TS.Min(x, TS.Broadcast(Cap)));
        TV q = TS.Multiply(n, TS.Add(n, TS.Broadcast(2f)));
        return TS.Divide(q, TS.Add(q, TS.Broadcast(2f)));
    }

    private static TV Mish<TS, TV>(TV x) where TS : struct, ISimd<TV> where TV : struct => TS.Multiply(x, T<TS, TV>(x));

    private static TV Derive<TS, TV>(TV x) where TS : struct, ISimd<TV> where TV : struct
    {
        TV one = TS.Broadcast(1f);
        TV t = T<TS, TV>(x);
        TV sigmoid = TS.Divide(one, TS.Add(one, TS.Exp(TS.Negate(x))));
        return TS.MultiplyAdd(TS.Multiply(x, TS.Subtract(one, TS.Multiply(t, t))), sigmoid, t);
    }
}
