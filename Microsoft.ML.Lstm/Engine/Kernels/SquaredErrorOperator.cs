using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>l = (p - t)^2, dl/dp = 2 (p - t): the element of Keras <c>mean_squared_error</c>.</summary>
internal readonly struct SquaredErrorOperator : ILossOperator
{
    public float Invoke(float prediction, float target, out float gradient)
    {
        float e = prediction - target;
        gradient = e * 2f;
        return e * e;
    }

    public Vector128<float> Invoke(Vector128<float> prediction, Vector128<float> target, out Vector128<float> gradient)
    {
        Vector128<float> e = prediction - target;
        gradient = e * 2f;
        return e * e;
    }

    public Vector256<float> Invoke(Vector256<float> prediction, Vector256<float> target, out Vector256<float> gradient)
    {
        Vector256<float> e = prediction - target;
        gradient = e * 2f;
        return e * e;
    }

    public Vector512<float> Invoke(Vector512<float> prediction, Vector512<float> target, out Vector512<float> gradient)
    {
        Vector512<float> e = prediction - target;
        gradient = e * 2f;
        return e * e;
    }
}
