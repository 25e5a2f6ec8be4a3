using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Gives the learning rate for each epoch from the base rate (<see cref="TrainerOptions.LearningRate"/>).
/// The trainer asks once per epoch, before its first batch. Schedules are pure functions of their arguments,
/// so one instance may be shared.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>For derived schedules.</summary>
    protected LearningRateSchedule() { }

    /// <summary>A schedule that always returns the base rate (the default).</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>The learning rate for the epoch with zero-based index <paramref name="epochIndex"/>.</summary>
    /// <param name="epochIndex">0 for the first epoch, as Keras' <c>LearningRateScheduler</c> counts.</param>
    /// <param name="baseRate">The configured learning rate.</param>
    /// <returns>A finite, non-negative rate; the trainer rejects anything else.</returns>
    public abstract float GetLearningRate(int epochIndex, float baseRate);
}
