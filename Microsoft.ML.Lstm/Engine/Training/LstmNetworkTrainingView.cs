using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Activations;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>An <see cref="LstmNetwork"/> seen as an <see cref="ITrainableNetwork"/>; created once per training call.</summary>
internal sealed class LstmNetworkTrainingView : ITrainableNetwork
{
    private readonly LstmNetwork _network;

    public LstmNetworkTrainingView(LstmNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        var activations = new Activation[network.Layers.Count];
        for (int i = 0; i < activations.Length; i++)
            activations[i] = network.Layers[i].RecurrentActivation;
        RecurrentActivations = activations;
        var groups = new int[network.Layers.Count + 1];
        for (int i = 0; i < network.Layers.Count; i++)
            groups[i] = network.Layers[i].ParameterCount;
        groups[^1] = network.Head.ParameterCount;
        ParameterGroups = groups;
    }

    public IReadOnlyList<int> ParameterGroups { get; }

    public int InputSize => _network.InputSize;

    public int OutputSize => _network.OutputSize;

    public Span<float> Parameters => _network.Parameters;

    public Span<float> Gradients => _network.Gradients;

    public IReadOnlyList<Activation> RecurrentActivations { get; }

    public void Forward(ReadOnlySpan<float> x, int batchSize, int timeSteps, Span<float> y, bool training)
    {
        if (training)
            _network.Forward(x, batchSize, timeSteps, y, training: true);
        else
            _network.Predict(x, batchSize, timeSteps, y); // evaluation: nothing to keep for Backward
    }

    public void Backward(ReadOnlySpan<float> dy) => _network.Backward(dy);
}
