using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Training;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

/// <summary>The trainer on a real (tiny) <see cref="LstmNetwork"/>.</summary>
public class LstmTrainerTests
{
    private static LstmNetwork CreateNetwork(string recurrentActivation = "sigmoid", int layers = 1, int seed = 1)
    {
        var options = new LstmNetworkOptions { InputSize = 1, OutputSize = 1, Seed = seed, MaxThreads = 1 };
        for (int i = 0; i < layers; i++)
            options.Layers.Add(new LstmLayerOptions { Units = 6, RecurrentActivation = recurrentActivation });
        return new LstmNetwork(options);
    }

    private static TrainerOptions Options(int epochs = 20) =>
        new() { Epochs = epochs, BatchSize = 16, LearningRate = 0.01f, Seed = 7 };

    [Fact]
    public void Loss_Decreases_OnMeanOfSequence()
    {
        LstmNetwork network = CreateNetwork();
        ITrainingData data = TrainingDataFactory.MeanOfSequence(128, 5, seed: 1);
        var trainer = new LstmTrainer(Options(30));
        float before = trainer.Evaluate(network, data);
        TrainingResult result = trainer.Train(network, data);
        float after = trainer.Evaluate(network, data);
        Assert.True(after < before * 0.2f, $"loss {before} -> {after}");
        Assert.True(result.History[^1].Loss < result.History[0].Loss * 0.5f);
        Assert.Equal(30, result.History.Count);
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalParameters()
    {
        float[] Run()
        {
            LstmNetwork network = CreateNetwork();
            TrainerOptions options = Options(5);
            options.ClipNorm = 1f;
            new LstmTrainer(options).Train(network, TrainingDataFactory.MeanOfSequence(50, 5, seed: 1));
            return network.Parameters.ToArray();
        }

        float[] first = Run(), second = Run();
        Assert.Equal(first, second);
        Assert.NotEqual(CreateNetwork().Parameters.ToArray(), first);
    }

    [Fact]
    public void EarlyStopping_RestoresTheBestWeights()
    {
        // Validation targets are half the training targets: validation loss falls while the fit approaches half of it, then rises.
        LstmNetwork network = CreateNetwork();
        ITrainingData validation = TrainingDataFactory.MeanOfSequence(64, 5, seed: 2, targetScale: 0.5f);
        TrainerOptions options = Options(200);
        options.ValidationData = validation;
        options.EarlyStoppingPatience = 3;
        var trainer = new LstmTrainer(options);
        TrainingResult result = trainer.Train(network, TrainingDataFactory.MeanOfSequence(128, 5, seed: 1));

        Assert.True(result.StoppedEarly);
        Assert.True(result.MonitorsValidationLoss);
        Assert.Equal(result.BestEpoch + 3, result.History.Count);
        Assert.True(result.History[result.BestEpoch - 1].IsBest);
        float recorded = result.History[result.BestEpoch - 1].ValidationLoss!.Value;
        Assert.Equal(result.BestLoss, recorded);
        foreach (EpochProgress epoch in result.History)
            Assert.True(epoch.ValidationLoss >= recorded);
        Assert.Equal(recorded, trainer.Evaluate(network, validation));
    }

    [Fact]
    public void NaNInput_ThrowsDiverged_NamingEpochAndBatch_AndRestoresTheBestEpoch()
    {
        LstmNetwork network = CreateNetwork();
        // 64 samples in batches of 16: 4 batches per epoch, so call 11 is epoch 3, batch 3.
        var data = new RecordingTrainingData(TrainingDataFactory.MeanOfSequence(64, 5, seed: 1)) { PoisonFromCall = 11 };
        var snapshots = new List<float[]> { network.Parameters.ToArray() };
        TrainerOptions options = Options();
        options.Progress = _ => snapshots.Add(network.Parameters.ToArray());

        var ex = Assert.Throws<TrainingDivergedException>(() => new LstmTrainer(options).Train(network, data));
        Assert.Equal(3, ex.Epoch);
        Assert.Equal(3, ex.Batch);
        Assert.True(float.IsNaN(ex.Loss));
        Assert.Contains("epoch 3/20", ex.Message);
        Assert.Contains("batch 3/4", ex.Message);
        Assert.Equal(2, ex.RestoredEpoch); // training loss keeps falling over the first epochs
        Assert.Equal(snapshots[ex.RestoredEpoch], network.Parameters.ToArray());
    }

    [Fact]
    public void NaNInput_InTheFirstBatch_RestoresTheInitialWeights()
    {
        LstmNetwork network = CreateNetwork();
        float[] initial = network.Parameters.ToArray();
        var data = new RecordingTrainingData(TrainingDataFactory.MeanOfSequence(64, 5, seed: 1)) { PoisonFromCall = 1 };
        var ex = Assert.Throws<TrainingDivergedException>(() => new LstmTrainer(Options()).Train(network, data));
        Assert.Equal(1, ex.Epoch);
        Assert.Equal(1, ex.Batch);
        Assert.Equal(0, ex.RestoredEpoch);
        Assert.Contains("initial weights", ex.Message);
        Assert.Equal(initial, network.Parameters.ToArray());
    }

    [Fact]
    public void Cancellation_StopsAtTheNextBatch_AndRestoresTheBestWeights()
    {
        LstmNetwork network = CreateNetwork();
        using var cts = new CancellationTokenSource();
        // Cancel while epoch 2's second batch is being filled: that batch completes, the third never starts.
        var data = new RecordingTrainingData(TrainingDataFactory.MeanOfSequence(64, 5, seed: 1)) { ActionCall = 6, OnCall = cts.Cancel };
        var snapshots = new List<float[]> { network.Parameters.ToArray() };
        TrainerOptions options = Options();
        options.Progress = _ => snapshots.Add(network.Parameters.ToArray());

        Assert.ThrowsAny<OperationCanceledException>(() => new LstmTrainer(options).Train(network, data, cts.Token));
        Assert.Equal(6, data.FillCount);
        Assert.Equal(2, snapshots.Count); // epoch 1 completed
        Assert.Equal(snapshots[1], network.Parameters.ToArray());
    }

    [Fact]
    public void Cancellation_BeforeTraining_LeavesTheWeightsUntouched()
    {
        LstmNetwork network = CreateNetwork();
        float[] initial = network.Parameters.ToArray();
        Assert.ThrowsAny<OperationCanceledException>(
            () => new LstmTrainer(Options()).Train(network, TrainingDataFactory.MeanOfSequence(64, 5, seed: 1), new CancellationToken(true)));
        Assert.Equal(initial, network.Parameters.ToArray());
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("relu")]
    [InlineData("linear")]
    public void Warning_ForGatesOutsideUnitInterval_AppearsExactlyOnce(string recurrentActivation)
    {
        var messages = new List<string>();
        TrainerOptions options = Options(3);
        options.Log = messages.Add;
        new LstmTrainer(options).Train(CreateNetwork(recurrentActivation, layers: 2), TrainingDataFactory.MeanOfSequence(32, 5, seed: 1));
        string message = Assert.Single(messages);
        Assert.Contains($"layer 0 ('{recurrentActivation}'), layer 1 ('{recurrentActivation}')", message);
    }

    [Fact]
    public void NoWarning_ForSigmoidGates()
    {
        var messages = new List<string>();
        TrainerOptions options = Options(1);
        options.Log = messages.Add;
        new LstmTrainer(options).Train(CreateNetwork(), TrainingDataFactory.MeanOfSequence(32, 5, seed: 1));
        Assert.Empty(messages);
    }

    [Fact]
    public void TrainingSteps_DoNotAllocate()
    {
        LstmNetwork network = CreateNetwork();
        ITrainingData small = TrainingDataFactory.MeanOfSequence(32, 5, seed: 1), large = TrainingDataFactory.MeanOfSequence(640, 5, seed: 1);
        var trainer = new LstmTrainer(new TrainerOptions { Epochs = 2, BatchSize = 8, Seed = 1, ClipNorm = 1f });
        trainer.Train(network, large); // warm-up: JIT and the network's buffers
        // The least of three measurements: a one-off runtime allocation on this thread must not count as a per-step one.
        long extra = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            trainer.Train(network, small);
            long middle = GC.GetAllocatedBytesForCurrentThread();
            trainer.Train(network, large);
            long after = GC.GetAllocatedBytesForCurrentThread();
            extra = Math.Min(extra, (after - middle) - (middle - before));
        }
        Assert.True(extra <= (640 - 32) * sizeof(int) + 1024, $"{extra} extra bytes for 152 extra training steps");
    }
}
