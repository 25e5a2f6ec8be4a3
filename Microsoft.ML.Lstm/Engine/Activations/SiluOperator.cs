using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>Keras <c>silu</c> (alias <c>swish</c>): f(x) = x * sigmoid(x); f'(x) = s + x s (1 - s) with s = sigmoid(x),
/// recomputed from x because y / x is undefined at 0.</summary>
public readonly struct SiluOperator : IActivationOperator
{
    /// <inheritdoc/>
    public static float Invoke(float x) => x / (1f + MathF.Exp(-x));

    /// <inheritdoc/>
    public static Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + Vector128.Exp(-x));

    /// <inheritdoc/>
    public static Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Exp(-x));

    /// <inheritdoc/>
    public static Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Exp(-x));

    /// <inheritdoc/>
    public static float Derivative(float x, float y) => Silu(x);

    /// <inheritdoc/>
    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Derive<Simd128, Vector128<float>>(x);

    /// <inheritdoc/>
    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Derive<Simd256, Vector256<float>>(x);

    /// <inheritdoc/>
    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Derive<Simd512, Vector512<float>>(x);

    private static float Silu(float x)
    {
        float s = 1f / (1f + MathF.Exp(-x));
        return s + x * s * (1f - s);
    }

    private static TV Derive<TS, TV>(TV x) where TS : struct, ISimd<TV> where TV : struct
    {
        TV one = TS.Broadcast(1f);
        TV s = TS.Divide(one, TS.Add(one, TS.Exp(TS.Negate(x))));
        return TS.Add(s, TS.Multiply(TS.Multiply(x, s), TS.Subtract(one, s)));
    }
}
