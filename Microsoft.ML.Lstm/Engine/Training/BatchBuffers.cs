using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// The per-call scratch of <see cref="LstmTrainer"/>: room for one mini-batch, allocated once and handed out as
/// spans cut to the current batch's size, so that no training step allocates.
/// </summary>
internal sealed class BatchBuffers
{
    private readonly float[] _inputs, _targets, _predictions, _lossGradients;
    private readonly int[] _indices;
    private readonly int _inputSize, _outputSize;

    /// <param name="batchSize">The largest batch B.</param>
    /// <param name="timeSteps">The longest sequence T.</param>
    /// <param name="inputSize">p.</param>
    /// <param name="outputSize">Outputs per sample.</param>
    public BatchBuffers(int batchSize, int timeSteps, int inputSize, int outputSize)
    {
        BatchSize = batchSize;
        _inputSize = inputSize;
        _outputSize = outputSize;
        _inputs = new float[checked(batchSize * timeSteps * inputSize)];
        _targets = new float[checked(batchSize * outputSize)];
        _predictions = new float[_targets.Length];
        _lossGradients = new float[_targets.Length];
        _indices = new int[batchSize];
    }

    /// <summary>The largest batch the buffers hold.</summary>
    public int BatchSize { get; }

    /// <summary>Room for B sample indices.</summary>
    public Span<int> Indices => _indices;

    /// <summary>x for <paramref name="n"/> samples of <paramref name="timeSteps"/> steps: [n, T, p].</summary>
    public Span<float> Inputs(int n, int timeSteps) => _inputs.AsSpan(0, n * timeSteps * _inputSize);

    /// <summary>y for <paramref name="n"/> samples: [n, out].</summary>
    public Span<float> Targets(int n) => _targets.AsSpan(0, n * _outputSize);

    /// <summary>The network's output for <paramref name="n"/> samples: [n, out].</summary>
    public Span<float> Predictions(int n) => _predictions.AsSpan(0, n * _outputSize);

    /// <summary>dLoss/dprediction for <paramref name="n"/> samples: [n, out].</summary>
    public Span<float> LossGradients(int n) => _lossGradients.AsSpan(0, n * _outputSize);
}
