using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Thrown when the loss or the gradient norm becomes NaN or infinite. Before it is thrown, the network is given back
/// the weights of the best epoch so far (or its initial weights if no epoch completed), so it stays usable.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with a message only; the numeric properties are zero or NaN.</summary>
    /// <param name="message">What happened.</param>
    public TrainingDivergedException(string message) : this(message, null) { }

    /// <summary>Creates the exception with a message and a cause; the numeric properties are zero or NaN.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TrainingDivergedException(string message, Exception? innerException) : base(message, innerException)
    {
        Loss = float.NaN;
        GradientNorm = float.NaN;
    }

    /// <summary>Creates the exception with where it happened and what was restored.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="epoch">The 1-based epoch.</param>
    /// <param name="batch">The 1-based mini-batch within the epoch; 0 when it was the validation loss.</param>
    /// <param name="loss">The offending loss (training loss, or validation loss when <paramref name="batch"/> is 0).</param>
    /// <param name="gradientNorm">The gradient norm of that batch; NaN for the validation loss.</param>
    /// <param name="restoredEpoch">The 1-based epoch whose weights were restored; 0 for the initial weights.</param>
    public TrainingDivergedException(string message, int epoch, int batch, float loss, float gradientNorm, int restoredEpoch)
        : base(message)
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
        GradientNorm = gradientNorm;
        RestoredEpoch = restoredEpoch;
    }

    /// <summary>The 1-based epoch in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>The 1-based mini-batch within <see cref="Epoch"/>; 0 when the validation loss was the non-finite value.</summary>
    public int Batch { get; }

    /// <summary>The loss of that batch (or the validation loss when <see cref="Batch"/> is 0).</summary>
    public float Loss { get; }

    /// <summary>The global gradient norm of that batch, before clipping.</summary>
    public float GradientNorm { get; }

    /// <summary>The 1-based epoch whose weights the network now holds; 0 when they are the weights it started with.</summary>
    public int RestoredEpoch { get; }
}
