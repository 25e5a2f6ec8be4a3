using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

/// <summary>
/// A linear model over the flattened sequence, y[b, o] = Σ_j W[o, j] x[b, j] + bias[o] with j over T·p: exact
/// gradients and no internal state, so trainer behaviour can be tested apart from the LSTM.
/// </summary>
internal sealed class LinearTestNetwork : ITrainableNetwork
{
    private readonly float[] _parameters, _gradients;
    private readonly int _steps;
    private float[] _lastX = Array.Empty<float>();
    private int _batch;

    public LinearTestNetwork(int timeSteps, int inputSize, int outputSize, params Activation[] recurrentActivations)
    {
        _steps = timeSteps;
        InputSize = inputSize;
        OutputSize = outputSize;
        _parameters = new float[outputSize * (timeSteps * inputSize + 1)];
        _gradients = new float[_parameters.Length];
        RecurrentActivations = recurrentActivations.Length == 0 ? new[] { Activation.FromName("sigmoid") } : recurrentActivations;
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public Span<float> Parameters => _parameters;

    public Span<float> Gradients => _gradients;

    public IReadOnlyList<Activation> RecurrentActivations { get; }

    public IReadOnlyList<int> ParameterGroups => new[] { Parameters.Length };

    private int Features => _steps * InputSize;

    public void Forward(ReadOnlySpan<float> x, int batchSize, int timeSteps, Span<float> y, bool training)
    {
        if (timeSteps != _steps)
            throw new ArgumentException("The linear test network has a fixed sequence length.");
        int f = Features;
        for (int b = 0; b < batchSize; b++)
            for (int o = 0; o < OutputSize; o++)
            {
                float sum = _parameters[OutputSize * f + o];
                for (int j = 0; j < f; j++)
                    sum += _parameters[o * f + j] * x[b * f + j];
                y[b * OutputSize + o] = sum;
            }
        if (training)
        {
            if (_lastX.Length < x.Length)
                _lastX = new float[x.Length];
            x.CopyTo(_lastX);
            _batch = batchSize;
        }
    }

    public void Backward(ReadOnlySpan<float> dy)
    {
        int f = Features;
        Array.Clear(_gradients);
        for (int b = 0; b < _batch; b++)
            for (int o = 0; o < OutputSize; o++)
            {
                float d = dy[b * OutputSize + o];
                _gradients[OutputSize * f + o] += d;
                for (int j = 0; j < f; j++)
                    _gradients[o * f + j] += d * _lastX[b * f + j];
            }
    }
}
