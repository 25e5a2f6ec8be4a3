using System;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// l = |p - t|, dl/dp = sign(p - t): the element of Keras <c>mean_absolute_error</c>. The gradient at p = t is 0,
/// as TensorFlow's sign gives; a NaN error also gets 0 (the NaN loss already reports it).
/// </summary>
internal readonly struct AbsoluteErrorOperator : ILossOperator
{
    public float Invoke(float prediction, float target, out float gradient)
    {
        float e = prediction - target;
        gradient = e > 0f ? 1f : e < 0f ? -1f : 0f;
        return MathF.Abs(e);
    }

    public Vector128<float> Invoke(Vector128<float> prediction, Vector128<float> target, out Vector128<float> gradient)
    {
        Vector128<float> e = prediction - target;
        // Comparison masks are all-ones bit patterns: AND with 1.0 turns them into 1.0 or 0.0.
        gradient = (Vector128.GreaterThan(e, Vector128<float>.Zero) & Vector128<float>.One)
                 - (Vector128.LessThan(e, Vector128<float>.Zero) & Vector128<float>.One);
        return Vector128.Abs(e);
    }

    public Vector256<float> Invoke(Vector256<float> prediction, Vector256<float> target, out Vector256<float> gradient)
    {
        Vector256<float> e = prediction - target;
        gradient = (Vector256.GreaterThan(e, Vector256<float>.Zero) & Vector256<float>.One)
                 - (Vector256.LessThan(e, Vector256<float>.Zero) & Vector256<float>.One);
        return Vector256.Abs(e);
    }

    public Vector512<float> Invoke(Vector512<float> prediction, Vector512<float> target, out Vector512<float> gradient)
    {
        Vector512<float> e = prediction - target;
        gradient = (Vector512.GreaterThan(e, Vector512<float>.Zero) & Vector512<float>.One)
                 - (Vector512.LessThan(e, Vector512<float>.Zero) & Vector512<float>.One);
        return Vector512.Abs(e);
    }
}
