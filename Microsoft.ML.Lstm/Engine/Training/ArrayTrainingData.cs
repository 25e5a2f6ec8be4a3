using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// <see cref="ITrainingData"/> over two flat buffers already holding every sample: inputs [N, T, p] and
/// targets [N, out], row-major. The buffers are referenced, not copied.
/// </summary>
public sealed class ArrayTrainingData : ITrainingData
{
    private readonly ReadOnlyMemory<float> _inputs;
    private readonly ReadOnlyMemory<float> _targets;

    /// <summary>Wraps the buffers; N and out are deduced from their lengths.</summary>
    /// <param name="inputs">[N, T, p] row-major (an array converts implicitly).</param>
    /// <param name="targets">[N, out] row-major.</param>
    /// <param name="timeSteps">T; positive.</param>
    /// <param name="inputSize">p; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeSteps"/> or <paramref name="inputSize"/> is not positive.</exception>
    /// <exception cref="ArgumentException">
    /// The inputs are empty or not a whole number of T * p sequences, or the targets are not a whole number of
    /// values per sample.
    /// </exception>
    public ArrayTrainingData(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, int timeSteps, int inputSize)
    {
        if (timeSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(timeSteps), timeSteps, $"timeSteps must be positive; got {timeSteps}.");
        if (inputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"inputSize must be positive; got {inputSize}.");
        int sequence = checked(timeSteps * inputSize);
        if (inputs.IsEmpty || inputs.Length % sequence != 0)
            throw new ArgumentException(
                $"inputs has length {inputs.Length}, which is not a positive multiple of timeSteps * inputSize = {sequence}.", nameof(inputs));
        int count = inputs.Length / sequence;
        if (targets.IsEmpty || targets.Length % count != 0)
            throw new ArgumentException(
                $"targets has length {targets.Length}, which is not a positive multiple of the sample count {count}.", nameof(targets));
        _inputs = inputs;
        _targets = targets;
        Count = count;
        TimeSteps = timeSteps;
        InputSize = inputSize;
        OutputSize = targets.Length / count;
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public int TimeSteps { get; }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int OutputSize { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="x"/> or <paramref name="y"/> does not have the exact length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public void Fill(ReadOnlySpan<int> sampleIndices, Span<float> x, Span<float> y)
    {
        int sequence = TimeSteps * InputSize;
        if (x.Length != sampleIndices.Length * sequence)
            throw new ArgumentException(
                $"x has length {x.Length} but {sampleIndices.Length} samples of [T = {TimeSteps}, p = {InputSize}] need {sampleIndices.Length * sequence}.", nameof(x));
        if (y.Length != sampleIndices.Length * OutputSize)
            throw new ArgumentException(
                $"y has length {y.Length} but {sampleIndices.Length} samples of {OutputSize} targets need {sampleIndices.Length * OutputSize}.", nameof(y));
        ReadOnlySpan<float> inputs = _inputs.Span, targets = _targets.Span;
        for (int k = 0; k < sampleIndices.Length; k++)
        {
            int s = sampleIndices[k];
            if ((uint)s >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(sampleIndices), s, $"Sample index {s} is outside [0, {Count}).");
            inputs.Slice(s * sequence, sequence).CopyTo(x.Slice(k * sequence, sequence));
            targets.Slice(s * OutputSize, OutputSize).CopyTo(y.Slice(k * OutputSize, OutputSize));
        }
    }
}
