using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>What the trainer reports after each epoch, through <see cref="TrainerOptions.Progress"/> and in <see cref="TrainingResult.History"/>.</summary>
public sealed class EpochProgress
{
    internal EpochProgress(int epoch, int epochs, float loss, float? validationLoss, float gradientNorm,
        double samplesPerSecond, TimeSpan elapsed, float learningRate, bool isBest, float[] layerGradientNorms)
    {
        LayerGradientNorms = layerGradientNorms;
        Epoch = epoch;
        Epochs = epochs;
        Loss = loss;
        ValidationLoss = validationLoss;
        GradientNorm = gradientNorm;
        SamplesPerSecond = samplesPerSecond;
        Elapsed = elapsed;
        LearningRate = learningRate;
        IsBest = isBest;
    }

    /// <summary>The 1-based epoch number, as Keras prints it ("Epoch 3/100").</summary>
    public int Epoch { get; }

    /// <summary>The number of epochs planned (<see cref="TrainerOptions.Epochs"/>).</summary>
    public int Epochs { get; }

    /// <summary>
    /// The training loss: the mean over the epoch's mini-batches weighted by their sizes, each measured before its
    /// own update (what Keras reports as <c>loss</c>).
    /// </summary>
    public float Loss { get; }

    /// <summary>The loss over the whole validation set with the weights at the end of the epoch; null without validation data.</summary>
    public float? ValidationLoss { get; }

    /// <summary>
    /// The mean over the epoch's mini-batches of the global L2 norm of the gradient, measured before clipping;
    /// comparing it with <see cref="TrainerOptions.ClipNorm"/> shows how often clipping acts.
    /// </summary>
    public float GradientNorm { get; }

    /// <summary>
    /// The mean over the epoch's mini-batches of each layer's gradient L2 norm (before clipping), bottom layer first and
    /// the dense head last: a norm that shrinks towards the bottom layers shows vanishing gradients, one that grows by
    /// orders of magnitude shows exploding ones.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<float> LayerGradientNorms { get; }

    /// <summary>Training samples processed per second during this epoch (validation time excluded).</summary>
    public double SamplesPerSecond { get; }

    /// <summary>Time since the start of the training call, at the end of this epoch (validation included).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The learning rate used throughout this epoch, after the schedule.</summary>
    public float LearningRate { get; }

    /// <summary>
    /// True when this epoch improved the monitored loss (validation loss if there is validation data, else training
    /// loss) by more than <see cref="TrainerOptions.MinDelta"/>, so its weights became the best-weights copy.
    /// </summary>
    public bool IsBest { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Epoch {Epoch}/{Epochs}: loss {Loss:G6}" + (ValidationLoss is float v ? $", val_loss {v:G6}" : "") +
        $", grad norm {GradientNorm:G4}, lr {LearningRate:G4}, {SamplesPerSecond:F0} samples/s, {Elapsed.TotalSeconds:F1} s" +
        (IsBest ? " (best)" : "");
}
