using System;
using Microsoft.ML.Lstm.Engine.Training;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void Constant_ReturnsBase()
    {
        Assert.Equal(0.01f, LearningRateSchedule.Constant.GetLearningRate(0, 0.01f));
        Assert.Equal(0.01f, LearningRateSchedule.Constant.GetLearningRate(99, 0.01f));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 1.0)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.5)]
    [InlineData(4, 0.25)]
    public void StepDecay_MultipliesByGammaEveryStep(int epoch, double expected) =>
        Assert.Equal(expected, new StepDecaySchedule(stepSize: 2, gamma: 0.5f).GetLearningRate(epoch, 1f), 6);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(5, 0.55)] // halfway: min + (base - min) / 2
    [InlineData(10, 0.1)]
    [InlineData(50, 0.1)]
    public void Cosine_AnnealsFromBaseToMin(int epoch, double expected) =>
        Assert.Equal(expected, new CosineSchedule(totalEpochs: 10, minRate: 0.1f).GetLearningRate(epoch, 1f), 6);

    [Theory]
    [InlineData(0, 0.25)]
    [InlineData(3, 1.0)]
    [InlineData(4, 1.0)]
    [InlineData(8, 0.5)]
    [InlineData(12, 0.0)]
    public void Cosine_WithWarmup_RampsLinearlyThenAnneals(int epoch, double expected) =>
        Assert.Equal(expected, new CosineSchedule(totalEpochs: 12, warmupEpochs: 4).GetLearningRate(epoch, 1f), 6);

    [Fact]
    public void Constructors_RejectBadParameters()
    {
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(0, 0.5f)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(1, float.NaN)).ParamName);
        Assert.Equal("totalEpochs", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(4, warmupEpochs: 4)).ParamName);
        Assert.Equal("minRate", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(4, minRate: -1f)).ParamName);
        Assert.Equal("warmupEpochs", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(4, warmupEpochs: -1)).ParamName);
    }
}
