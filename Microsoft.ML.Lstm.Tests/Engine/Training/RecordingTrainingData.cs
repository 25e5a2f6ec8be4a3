using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

/// <summary>
/// Wraps training data to observe and perturb the trainer: records the indices of every <see cref="Fill"/>, can
/// write NaN into the inputs from a given call on, and can run an action on a given call.
/// </summary>
internal sealed class RecordingTrainingData : ITrainingData
{
    private readonly ITrainingData _inner;

    public RecordingTrainingData(ITrainingData inner) => _inner = inner;

    public int Count => _inner.Count;

    public int TimeSteps => _inner.TimeSteps;

    public int InputSize => _inner.InputSize;

    public int OutputSize => _inner.OutputSize;

    /// <summary>Indices of each call, in order (only when <see cref="Record"/> is set, so that recording does not allocate).</summary>
    public List<int[]> Calls { get; } = new();

    public bool Record { get; set; }

    public int FillCount { get; private set; }

    /// <summary>1-based call from which the first input of the batch is NaN; 0 = never.</summary>
    public int PoisonFromCall { get; set; }

    /// <summary>1-based call on which <see cref="OnCall"/> runs; 0 = never.</summary>
    public int ActionCall { get; set; }

    public Action? OnCall { get; set; }

    public void Fill(ReadOnlySpan<int> sampleIndices, Span<float> x, Span<float> y)
    {
        FillCount++;
        if (Record)
            Calls.Add(sampleIndices.ToArray());
        _inner.Fill(sampleIndices, x, y);
        if (PoisonFromCall > 0 && FillCount >= PoisonFromCall)
            x[0] = float.NaN;
        if (FillCount == ActionCall)
            OnCall?.Invoke();
    }
}
