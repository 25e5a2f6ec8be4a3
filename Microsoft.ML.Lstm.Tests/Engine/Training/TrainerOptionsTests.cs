using System;
using Microsoft.ML.Lstm.Engine.Training;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

public class TrainerOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var o = new TrainerOptions();
        Assert.Equal(100, o.Epochs);
        Assert.Equal(32, o.BatchSize);
        Assert.Equal(1e-3f, o.LearningRate);
        Assert.IsType<AdamOptimizer>(o.Optimizer);
        Assert.IsType<MeanSquaredErrorLoss>(o.Loss);
        Assert.Same(LearningRateSchedule.Constant, o.Schedule);
        Assert.Null(o.ClipNorm);
        Assert.Null(o.Seed);
        Assert.True(o.Shuffle);
        Assert.Null(o.ValidationData);
        Assert.Null(o.EarlyStoppingPatience);
        Assert.Equal(0f, o.MinDelta);
        Assert.True(o.RestoreBestWeights);
        Assert.Null(o.Progress);
        Assert.Null(o.Log);
    }

    public static TheoryData<string, object, Action<TrainerOptions>> BadValues => new()
    {
        { nameof(TrainerOptions.Epochs), 0, o => o.Epochs = 0 },
        { nameof(TrainerOptions.Epochs), -3, o => o.Epochs = -3 },
        { nameof(TrainerOptions.BatchSize), 0, o => o.BatchSize = 0 },
        { nameof(TrainerOptions.BatchSize), -1, o => o.BatchSize = -1 },
        { nameof(TrainerOptions.LearningRate), 0f, o => o.LearningRate = 0f },
        { nameof(TrainerOptions.LearningRate), -0.5f, o => o.LearningRate = -0.5f },
        { nameof(TrainerOptions.LearningRate), float.NaN, o => o.LearningRate = float.NaN },
        { nameof(TrainerOptions.LearningRate), float.PositiveInfinity, o => o.LearningRate = float.PositiveInfinity },
        { nameof(TrainerOptions.ClipNorm), 0f, o => o.ClipNorm = 0f },
        { nameof(TrainerOptions.ClipNorm), float.NaN, o => o.ClipNorm = float.NaN },
        { nameof(TrainerOptions.MinDelta), -1f, o => o.MinDelta = -1f },
        { nameof(TrainerOptions.EarlyStoppingPatience), -1, o => o.EarlyStoppingPatience = -1 },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void BadValue_ThrowsNamingOptionAndValue(string option, object value, Action<TrainerOptions> set)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => set(new TrainerOptions()));
        Assert.Equal(option, ex.ParamName);
        Assert.Equal(value, ex.ActualValue);
        Assert.Contains(option, ex.Message);
        Assert.Contains($"got {value}", ex.Message);
    }

    [Fact]
    public void NullComponents_Throw()
    {
        var o = new TrainerOptions();
        Assert.Equal("Optimizer", Assert.Throws<ArgumentNullException>(() => o.Optimizer = null!).ParamName);
        Assert.Equal("Loss", Assert.Throws<ArgumentNullException>(() => o.Loss = null!).ParamName);
        Assert.Equal("Schedule", Assert.Throws<ArgumentNullException>(() => o.Schedule = null!).ParamName);
    }

    [Fact]
    public void OptionalValues_CanBeCleared()
    {
        var o = new TrainerOptions { ClipNorm = 1f, EarlyStoppingPatience = 0 };
        o.ClipNorm = null;
        o.EarlyStoppingPatience = null;
        Assert.Null(o.ClipNorm);
        Assert.Null(o.EarlyStoppingPatience);
    }
}
