namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>The base rate at every epoch. <see cref="LearningRateSchedule.Constant"/> is a shared instance.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <inheritdoc/>
    public override float GetLearningRate(int epochIndex, float baseRate) => baseRate;
}
