using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// A per-element loss l(p, t) with its derivative dl/dp, in scalar and 128/256/512-bit forms side by side (the
/// TensorPrimitives operator pattern). Instance members rather than static ones because some losses carry a
/// parameter (Huber's delta); implementations are <c>readonly struct</c>s so that <see cref="LossDriver"/> specializes.
/// </summary>
internal interface ILossOperator
{
    /// <summary>l(p, t) for one element, with dl/dp in <paramref name="gradient"/>: the scalar twin.</summary>
    float Invoke(float prediction, float target, out float gradient);

    /// <summary>l(p, t) and dl/dp for 4 elements.</summary>
    Vector128<float> Invoke(Vector128<float> prediction, Vector128<float> target, out Vector128<float> gradient);

    /// <summary>l(p, t) and dl/dp for 8 elements.</summary>
    Vector256<float> Invoke(Vector256<float> prediction, Vector256<float> target, out Vector256<float> gradient);

    /// <summary>l(p, t) and dl/dp for 16 elements.</summary>
    Vector512<float> Invoke(Vector512<float> prediction, Vector512<float> target, out Vector512<float> gradient);
}
