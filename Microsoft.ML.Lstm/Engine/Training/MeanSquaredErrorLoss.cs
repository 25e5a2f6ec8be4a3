using System;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>Keras <c>mean_squared_error</c> (<c>"mse"</c>): mean((p - t)^2); gradient 2 (p - t) / n.</summary>
public sealed class MeanSquaredErrorLoss : Loss
{
    /// <summary>Creates the loss; <see cref="Loss.FromName"/> with <c>"mse"</c> returns a shared instance.</summary>
    public MeanSquaredErrorLoss() : base("mean_squared_error") { }

    private protected override float ComputeCore(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, VectorWidth width) =>
        LossDriver.Mean(default(SquaredErrorOperator), prediction, target, gradient, width);
}
