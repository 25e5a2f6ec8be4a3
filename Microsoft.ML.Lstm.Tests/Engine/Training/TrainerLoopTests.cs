using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Training;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

/// <summary>The trainer's loop (batching, shuffling, clipping, schedules, allocation) on an exact linear model.</summary>
public class TrainerLoopTests
{
    [Fact]
    public void EveryEpoch_VisitsEverySampleOnce_WithTheLastPartialBatchIncluded()
    {
        var data = new RecordingTrainingData(TrainingDataFactory.MeanOfSequence(10, 3, seed: 1)) { Record = true };
        new LstmTrainer(new TrainerOptions { Epochs = 3, BatchSize = 4, Seed = 5 }).Train(new LinearTestNetwork(3, 1, 1), data, default);
        Assert.Equal(9, data.Calls.Count);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            int[][] calls = data.Calls.Skip(epoch * 3).Take(3).ToArray();
            Assert.Equal(new[] { 4, 4, 2 }, calls.Select(c => c.Length));
            Assert.Equal(Enumerable.Range(0, 10), calls.SelectMany(c => c).OrderBy(i => i));
        }
    }

    [Fact]
    public void Shuffle_ChangesOrderPerEpoch_AndIsReproducibleFromSeed()
    {
        List<int[]> Orders(int seed, bool shuffle)
        {
            var data = new RecordingTrainingData(TrainingDataFactory.MeanOfSequence(20, 3, seed: 1)) { Record = true };
            new LstmTrainer(new TrainerOptions { Epochs = 3, BatchSize = 20, Seed = seed, Shuffle = shuffle })
                .Train(new LinearTestNetwork(3, 1, 1), data, default);
            return data.Calls;
        }

        List<int[]> a = Orders(1, true), b = Orders(1, true), c = Orders(2, true), plain = Orders(1, false);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a[0], a[1]);
        Assert.All(plain, order => Assert.Equal(Enumerable.Range(0, 20), order));
    }

    [Fact]
    public void ClipNorm_LimitsTheStep_AndProgressReportsTheNormBeforeClipping()
    {
        var network = new LinearTestNetwork(3, 1, 1);
        var data = TrainingDataFactory.MeanOfSequence(8, 3, seed: 2, targetScale: 50f);
        EpochProgress? report = null;
        new LstmTrainer(new TrainerOptions
        {
            Epochs = 1, BatchSize = 8, LearningRate = 1f, ClipNorm = 0.5f, Optimizer = new SgdOptimizer(), Progress = p => report = p,
        }).Train(network, data, default);
        // From zero weights, plain SGD with lr 1 moves the weights by exactly the clipped gradient.
        Assert.Equal(0.5f, GradientClipping.GlobalNorm(network.Parameters), 5);
        Assert.True(report!.GradientNorm > 0.5f);
    }

    [Fact]
    public void Schedule_SetsTheRateOfEachEpoch()
    {
        var rates = new List<float>();
        new LstmTrainer(new TrainerOptions
        {
            Epochs = 5, LearningRate = 0.1f, Schedule = new StepDecaySchedule(2, 0.5f), Progress = p => rates.Add(p.LearningRate),
        }).Train(new LinearTestNetwork(3, 1, 1), TrainingDataFactory.MeanOfSequence(8, 3, seed: 2), default);
        Assert.Equal(new[] { 0.1f, 0.1f, 0.05f, 0.05f, 0.025f }, rates, (x, y) => Math.Abs(x - y) < 1e-7f);
    }

    [Fact]
    public void Schedule_ReturningNaN_IsRejected()
    {
        var trainer = new LstmTrainer(new TrainerOptions { Schedule = new NaNSchedule() });
        var ex = Assert.Throws<InvalidOperationException>(
            () => trainer.Train(new LinearTestNetwork(3, 1, 1), TrainingDataFactory.MeanOfSequence(8, 3, seed: 2), default));
        Assert.Contains("NaN", ex.Message);
    }

    private sealed class NaNSchedule : LearningRateSchedule
    {
        public override float GetLearningRate(int epochIndex, float baseRate) => float.NaN;
    }

    [Fact]
    public void Progress_IsReportedOncePerEpoch_AndMatchesHistory()
    {
        var reports = new List<EpochProgress>();
        TrainingResult result = new LstmTrainer(new TrainerOptions { Epochs = 5, Seed = 1, Progress = reports.Add })
            .Train(new LinearTestNetwork(3, 1, 1), TrainingDataFactory.MeanOfSequence(40, 3, seed: 2), default);
        Assert.Equal(result.History, reports);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, reports.Select(r => r.Epoch));
        Assert.All(reports, r =>
        {
            Assert.Equal(5, r.Epochs);
            Assert.Null(r.ValidationLoss);
            Assert.True(r.SamplesPerSecond > 0);
            Assert.True(r.GradientNorm > 0);
        });
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First.Elapsed <= pair.Second.Elapsed));
        Assert.False(result.MonitorsValidationLoss);
        Assert.False(result.StoppedEarly);
    }

    [Fact]
    public void RestoreBestWeights_False_KeepsTheLastEpoch_TrueRestoresTheBest()
    {
        // Validation targets are half the training ones: validation loss falls, then rises once the fit passes halfway.
        ITrainingData train = TrainingDataFactory.MeanOfSequence(64, 3, seed: 1);
        ITrainingData validation = TrainingDataFactory.MeanOfSequence(64, 3, seed: 1, targetScale: 0.5f);
        foreach (bool restore in new[] { false, true })
        {
            var network = new LinearTestNetwork(3, 1, 1);
            var snapshots = new List<float[]>();
            TrainingResult result = new LstmTrainer(new TrainerOptions
            {
                Epochs = 60, BatchSize = 16, LearningRate = 0.02f, Seed = 3, ValidationData = validation, RestoreBestWeights = restore,
                Progress = _ => snapshots.Add(network.Parameters.ToArray()),
            }).Train(network, train, default);
            Assert.True(result.BestEpoch < result.History.Count, "validation loss should rise again before the end");
            Assert.Equal(restore, result.BestWeightsRestored);
            Assert.Equal(restore ? snapshots[result.BestEpoch - 1] : snapshots[^1], network.Parameters.ToArray());
        }
    }

    [Fact]
    public void Warning_ForRelu_AppearsExactlyOncePerCall()
    {
        var messages = new List<string>();
        var network = new LinearTestNetwork(3, 1, 1, Activation.FromName("relu"), Activation.FromName("sigmoid"), Activation.FromName("relu"));
        var trainer = new LstmTrainer(new TrainerOptions { Epochs = 3, BatchSize = 2, Log = messages.Add });
        trainer.Train(network, TrainingDataFactory.MeanOfSequence(8, 3, seed: 2), default);
        string message = Assert.Single(messages);
        Assert.Contains("layer 0 ('relu')", message);
        Assert.Contains("layer 2 ('relu')", message);
        Assert.DoesNotContain("layer 1", message);
        Assert.Contains("[0, 1]", message);
        trainer.Train(network, TrainingDataFactory.MeanOfSequence(8, 3, seed: 2), default);
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public void DataNotMatchingTheNetwork_IsRejected()
    {
        var trainer = new LstmTrainer();
        var network = new LinearTestNetwork(3, 2, 1);
        var ex = Assert.Throws<ArgumentException>(() => trainer.Train(network, TrainingDataFactory.MeanOfSequence(8, 3, seed: 2), default));
        Assert.Equal("data", ex.ParamName);
        Assert.Contains("InputSize 1", ex.Message);

        var good = new ArrayTrainingData(new float[8 * 3 * 2], new float[8], 3, 2);
        trainer.Options.ValidationData = new ArrayTrainingData(new float[8 * 3 * 2], new float[16], 3, 2);
        ex = Assert.Throws<ArgumentException>(() => trainer.Train(network, good, default));
        Assert.Equal("ValidationData", ex.ParamName);
        Assert.Contains("OutputSize 2", ex.Message);
    }

    [Fact]
    public void TrainingSteps_DoNotAllocate()
    {
        // Two runs differing only in the number of mini-batches (4 vs 400 per epoch): the extra batches must not add
        // allocations beyond the larger sample-order array.
        var network = new LinearTestNetwork(4, 1, 1);
        ITrainingData small = TrainingDataFactory.MeanOfSequence(32, 4, seed: 1), large = TrainingDataFactory.MeanOfSequence(3200, 4, seed: 1);
        var trainer = new LstmTrainer(new TrainerOptions { Epochs = 2, BatchSize = 8, Seed = 1, ClipNorm = 1f });
        trainer.Train(network, large, default); // warm-up: JIT, and the network's input copy reaches full size
        // The least of three measurements: a one-off runtime allocation (a late class initialization, say) must not
        // count as a per-step allocation, which would show in every measurement.
        long extra = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            trainer.Train(network, small, default);
            long middle = GC.GetAllocatedBytesForCurrentThread();
            trainer.Train(network, large, default);
            long after = GC.GetAllocatedBytesForCurrentThread();
            extra = Math.Min(extra, (after - middle) - (middle - before));
        }
        Assert.True(extra <= (3200 - 32) * sizeof(int) + 1024, $"{extra} extra bytes for 792 extra training steps");
    }
}
