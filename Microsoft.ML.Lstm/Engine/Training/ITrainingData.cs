using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// A set of (sequence, target) samples the trainer reads in mini-batches. Samples are produced on demand by
/// <see cref="Fill"/>, so an implementation can cut windows out of a long series instead of materializing them.
/// </summary>
public interface ITrainingData
{
    /// <summary>The number of samples; indices passed to <see cref="Fill"/> are in [0, Count).</summary>
    int Count { get; }

    /// <summary>T, the length of every input sequence.</summary>
    int TimeSteps { get; }

    /// <summary>p, the number of features per time step; must equal the network's input size.</summary>
    int InputSize { get; }

    /// <summary>The number of target values per sample; must equal the network's output size.</summary>
    int OutputSize { get; }

    /// <summary>
    /// Writes the samples <paramref name="sampleIndices"/>, in that order, into <paramref name="x"/> and <paramref name="y"/>.
    /// Called once per mini-batch, so implementations should not allocate.
    /// </summary>
    /// <param name="sampleIndices">B sample indices in [0, <see cref="Count"/>), possibly shuffled.</param>
    /// <param name="x">Receives the inputs, [B, T, p] row-major: exactly B * T * p floats.</param>
    /// <param name="y">Receives the targets, [B, out] row-major: exactly B * out floats.</param>
    void Fill(ReadOnlySpan<int> sampleIndices, Span<float> x, Span<float> y);
}
