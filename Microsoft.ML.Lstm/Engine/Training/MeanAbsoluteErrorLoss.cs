using System;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Keras <c>mean_absolute_error</c> (<c>"mae"</c>): mean(|p - t|); gradient sign(p - t) / n, 0 where p = t
/// (TensorFlow's subgradient choice).
/// </summary>
public sealed class MeanAbsoluteErrorLoss : Loss
{
    /// <summary>Creates the loss; <see cref="Loss.FromName"/> with <c>"mae"</c> returns a shared instance.</summary>
    public MeanAbsoluteErrorLoss() : base("mean_absolute_error") { }

    private protected override float ComputeCore(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, VectorWidth width) =>
        LossDriver.Mean(default(AbsoluteErrorOperator), prediction, target, gradient, width);
}
