using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Multiplies the rate by <see cref="Gamma"/> every <see cref="StepSize"/> epochs:
/// rate = base gamma^floor(epochIndex / stepSize).
/// </summary>
public sealed class StepDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="stepSize">Epochs between two decays; positive.</param>
    /// <param name="gamma">The factor applied at each decay, in (0, 1] to decay (e.g. 0.5 halves the rate).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public StepDecaySchedule(int stepSize, float gamma)
    {
        if (stepSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"stepSize must be positive; got {stepSize}.");
        if (!(gamma > 0f) || float.IsPositiveInfinity(gamma))
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"gamma must be positive and finite; got {gamma}.");
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Epochs between two decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public float Gamma { get; }

    /// <inheritdoc/>
    public override float GetLearningRate(int epochIndex, float baseRate) =>
        baseRate * MathF.Pow(Gamma, epochIndex / StepSize);
}
