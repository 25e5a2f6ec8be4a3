using System;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Keras <c>huber</c>: with e = p - t, the mean of 0.5 e^2 where |e| &lt;= delta and delta |e| - 0.5 delta^2 beyond.
/// Quadratic near the target, linear in the tails, so outliers pull less than with MSE.
/// </summary>
public sealed class HuberLoss : Loss
{
    /// <summary>Creates the loss with the given threshold; <see cref="Loss.FromName"/> with <c>"huber"</c> uses 1.</summary>
    /// <param name="delta">Where the loss turns from quadratic to linear; Keras' default is 1. Must be positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not positive and finite.</exception>
    public HuberLoss(float delta = 1f) : base("huber")
    {
        if (!(delta > 0f) || float.IsPositiveInfinity(delta))
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"delta must be positive and finite; got {delta}.");
        Delta = delta;
    }

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; }

    private protected override float ComputeCore(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, VectorWidth width) =>
        LossDriver.Mean(new HuberOperator(Delta), prediction, target, gradient, width);
}
