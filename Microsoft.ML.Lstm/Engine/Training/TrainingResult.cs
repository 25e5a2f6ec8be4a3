using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>The outcome of a completed training call: the per-epoch history and which epoch's weights the network holds.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(IReadOnlyList<EpochProgress> history, int bestEpoch, float bestLoss, bool monitorsValidationLoss,
        bool stoppedEarly, bool bestWeightsRestored)
    {
        History = history;
        BestEpoch = bestEpoch;
        BestLoss = bestLoss;
        MonitorsValidationLoss = monitorsValidationLoss;
        StoppedEarly = stoppedEarly;
        BestWeightsRestored = bestWeightsRestored;
    }

    /// <summary>One entry per completed epoch, in order (Keras' <c>History.history</c>).</summary>
    public IReadOnlyList<EpochProgress> History { get; }

    /// <summary>The 1-based number of the epoch with the lowest monitored loss.</summary>
    public int BestEpoch { get; }

    /// <summary>The lowest monitored loss: validation loss when <see cref="MonitorsValidationLoss"/>, else training loss.</summary>
    public float BestLoss { get; }

    /// <summary>True when validation data was given, so the best epoch and early stopping follow validation loss.</summary>
    public bool MonitorsValidationLoss { get; }

    /// <summary>True when early stopping ended training before <see cref="TrainerOptions.Epochs"/>.</summary>
    public bool StoppedEarly { get; }

    /// <summary>
    /// True when the network was given back the weights of <see cref="BestEpoch"/> at the end
    /// (<see cref="TrainerOptions.RestoreBestWeights"/>); false when it holds the weights of the last epoch.
    /// </summary>
    public bool BestWeightsRestored { get; }
}
