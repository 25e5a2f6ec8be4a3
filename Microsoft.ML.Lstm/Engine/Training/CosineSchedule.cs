using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Cosine annealing from the base rate down to <see cref="MinRate"/> over <see cref="TotalEpochs"/>, after an
/// optional linear warm-up. With w = <see cref="WarmupEpochs"/> and N = <see cref="TotalEpochs"/>:
/// <code>
/// epoch e &lt; w:  rate = base (e + 1) / w
/// otherwise:    rate = min + (base - min) (1 + cos(pi progress)) / 2,   progress = min(1, (e - w) / (N - w))
/// </code>
/// so the first epoch after warm-up runs at the base rate, and epochs past N stay at the minimum.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="totalEpochs">Epochs over which the rate anneals, warm-up included; greater than <paramref name="warmupEpochs"/>.</param>
    /// <param name="minRate">The rate reached at the end; finite and non-negative, default 0.</param>
    /// <param name="warmupEpochs">Epochs of linear warm-up from base / w to base; non-negative, default 0 (none).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public CosineSchedule(int totalEpochs, float minRate = 0f, int warmupEpochs = 0)
    {
        if (warmupEpochs < 0)
            throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs, $"warmupEpochs must be non-negative; got {warmupEpochs}.");
        if (totalEpochs <= warmupEpochs)
            throw new ArgumentOutOfRangeException(nameof(totalEpochs), totalEpochs,
                $"totalEpochs must be greater than warmupEpochs ({warmupEpochs}); got {totalEpochs}.");
        if (!(minRate >= 0f) || float.IsPositiveInfinity(minRate))
            throw new ArgumentOutOfRangeException(nameof(minRate), minRate, $"minRate must be finite and non-negative; got {minRate}.");
        TotalEpochs = totalEpochs;
        MinRate = minRate;
        WarmupEpochs = warmupEpochs;
    }

    /// <summary>Epochs over which the rate anneals, warm-up included.</summary>
    public int TotalEpochs { get; }

    /// <summary>The rate at and after the last epoch.</summary>
    public float MinRate { get; }

    /// <summary>Epochs of linear warm-up.</summary>
    public int WarmupEpochs { get; }

    /// <inheritdoc/>
    public override float GetLearningRate(int epochIndex, float baseRate)
    {
        if (epochIndex < WarmupEpochs)
            return baseRate * (epochIndex + 1) / WarmupEpochs;
        double progress = Math.Min(1.0, (double)(epochIndex - WarmupEpochs) / (TotalEpochs - WarmupEpochs));
        return (float)(MinRate + (baseRate - MinRate) * 0.5 * (1.0 + Math.Cos(Math.PI * progress)));
    }
}
