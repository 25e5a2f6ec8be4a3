using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine;

/// <summary>
/// Stacked LSTM layers and a dense head on the last step: x [B, T, p] → y [B, OutputSize].
/// All weights live in one contiguous <see cref="Parameters"/> array (layer by layer in Keras layouts, then the head),
/// and <see cref="Backward"/> fills <see cref="Gradients"/> in the same layout, so optimizers and clipping run over
/// one span. Buffers grow on first use; after that Forward and Backward allocate nothing. Not thread-safe.
/// </summary>
public sealed class LstmNetwork
{
    private readonly Memory<float> _parameters;
    private readonly Memory<float> _gradients;
    private readonly LstmLayer[] _layers;
    private readonly float[][] _sequenceGradients; // per inner layer l: dL/d(output of l), time-major [T, B, m_l]
    private float[] _lastHiddenGradient = Array.Empty<float>(); // [B, m_last]
    private int _batch = -1, _steps;

    /// <summary>Builds the network and draws its weights from <see cref="LstmNetworkOptions.Seed"/>.</summary>
    public LstmNetwork(LstmNetworkOptions options) : this(options, VectorWidths.Best)
    {
    }

    internal LstmNetwork(LstmNetworkOptions options, VectorWidth width)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        InputSize = options.InputSize;
        OutputSize = options.OutputSize;
        Seed = options.Seed;
        MaxThreads = options.MaxThreads;
        var layerOptions = new LstmLayerOptions[options.Layers.Count];
        int count = 0, inputSize = options.InputSize;
        for (int i = 0; i < layerOptions.Length; i++)
        {
            layerOptions[i] = options.Layers[i].Clone();
            layerOptions[i].ReturnSequences = i < layerOptions.Length - 1;
            count = checked(count + LstmLayer.CountParameters(inputSize, layerOptions[i].Units, layerOptions[i].UseBias));
            inputSize = layerOptions[i].Units;
        }
        ParameterCount = checked(count + DenseLayer.CountParameters(inputSize, options.OutputSize));
        // Cache-line aligned: see AlignedMemory (each layer's kernels then start aligned for the usual sizes).
        _parameters = AlignedMemory.Allocate(ParameterCount);
        _gradients = AlignedMemory.Allocate(ParameterCount);

        var random = new Random(options.Seed);
        Gemm = LstmLayer.CreateContext(options.MaxThreads, width);
        _layers = new LstmLayer[layerOptions.Length];
        int offset = 0;
        inputSize = options.InputSize;
        for (int i = 0; i < _layers.Length; i++)
        {
            int n = LstmLayer.CountParameters(inputSize, layerOptions[i].Units, layerOptions[i].UseBias);
            _layers[i] = new LstmLayer(inputSize, layerOptions[i], _parameters.Slice(offset, n), _gradients.Slice(offset, n), random, Gemm);
            offset += n;
            inputSize = layerOptions[i].Units;
        }
        int headCount = ParameterCount - offset;
        Head = new DenseLayer(inputSize, options.OutputSize, options.OutputActivation,
            _parameters.Slice(offset, headCount), _gradients.Slice(offset, headCount), random, Gemm);
        _sequenceGradients = new float[_layers.Length][];
        for (int i = 0; i < _sequenceGradients.Length; i++)
            _sequenceGradients[i] = Array.Empty<float>();
    }

    /// <summary>p, the features per time step.</summary>
    public int InputSize { get; }

    /// <summary>Outputs per sample.</summary>
    public int OutputSize { get; }

    /// <summary>The seed the weights were drawn from.</summary>
    public int Seed { get; }

    /// <summary>Most threads a product may use (0 = every core).</summary>
    public int MaxThreads { get; }

    /// <summary>The LSTM layers, first to last.</summary>
    public IReadOnlyList<LstmLayer> Layers => _layers;

    /// <summary>The dense head.</summary>
    public DenseLayer Head { get; }

    /// <summary>Total number of weights: Σ 4m(m+p+1) over the layers plus the head's.</summary>
    public int ParameterCount { get; }

    /// <summary>Every weight, contiguous: each layer's kernel, recurrent kernel and bias, then the head's kernel and bias.</summary>
    public Span<float> Parameters => _parameters.Span;

    /// <summary>dL/d<see cref="Parameters"/>, same layout; overwritten by each <see cref="Backward"/>.</summary>
    public Span<float> Gradients => _gradients.Span;

    internal GemmContext Gemm { get; }

    /// <summary>y [B, OutputSize] for x [B, T, p]. With <paramref name="training"/>, dropout is applied.</summary>
    public void Forward(ReadOnlySpan<float> x, int batchSize, int timeSteps, Span<float> y, bool training = false) =>
        Run(x, batchSize, timeSteps, y, training, keepSteps: true);

    /// <summary>
    /// Inference: y [B, OutputSize] for x [B, T, p], the same values as <see cref="Forward"/> without training, but the
    /// layers keep only the current step's gates instead of every step's, so a large batch runs from cache. Nothing
    /// is left to differentiate: <see cref="Backward"/> after it throws.
    /// </summary>
    public void Predict(ReadOnlySpan<float> x, int batchSize, int timeSteps, Span<float> y) =>
        Run(x, batchSize, timeSteps, y, training: false, keepSteps: false);

    private void Run(ReadOnlySpan<float> x, int batchSize, int timeSteps, Span<float> y, bool training, bool keepSteps)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"The batch size must be positive; got {batchSize}.");
        if (timeSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(timeSteps), timeSteps, $"The number of time steps must be positive; got {timeSteps}.");
        LstmLayer.CheckLength(x, (long)batchSize * timeSteps * InputSize, nameof(x), "B·T·p");
        LstmLayer.CheckLength(y, (long)batchSize * OutputSize, nameof(y), "B·OutputSize");
        ReadOnlySpan<float> input = x;
        bool timeMajor = false;
        foreach (LstmLayer layer in _layers)
        {
            // The last layer's h_1..h_T are not read (the head takes h_T), nor kept in inference.
            layer.ForwardCore(input, timeMajor, batchSize, timeSteps, training, default, default, keepSteps,
                keepHiddenSequence: layer != _layers[^1]);
            input = layer.HiddenSequence; // [T, B, m]: the next layer reads it as is
            timeMajor = true;
        }
        Head.Forward(_layers[^1].LastHidden, batchSize, y, keepForBackward: keepSteps);
        _batch = keepSteps ? batchSize : -1;
        _steps = timeSteps;
    }

    /// <summary>
    /// Backpropagation through the head and every layer for the last <see cref="Forward"/>: dy is dL/dy [B, OutputSize].
    /// Overwrites <see cref="Gradients"/>; writes dL/dx [B, T, p] into <paramref name="inputGradient"/> when given.
    /// </summary>
    public void Backward(ReadOnlySpan<float> dy, Span<float> inputGradient = default)
    {
        if (_batch < 0)
            throw new InvalidOperationException("Backward needs a Forward call first: it differentiates the last forward pass (Predict keeps nothing to differentiate).");
        int batch = _batch, steps = _steps;
        LstmLayer.CheckLength(dy, (long)batch * OutputSize, nameof(dy), "B·OutputSize");
        if (!inputGradient.IsEmpty)
            LstmLayer.CheckLength(inputGradient, (long)batch * steps * InputSize, nameof(inputGradient), "B·T·p");
        int last = _layers.Length - 1;
        int mLast = _layers[last].Units;
        if (_lastHiddenGradient.Length < batch * mLast)
            _lastHiddenGradient = new float[batch * mLast];
        Span<float> dh = _lastHiddenGradient.AsSpan(0, batch * mLast);
        Head.Backward(dy, dh);
        ReadOnlySpan<float> dOut = dh;
        for (int l = last; l >= 0; l--)
        {
            Span<float> dInput;
            if (l == 0)
                dInput = inputGradient;
            else
            {
                int length = steps * batch * _layers[l - 1].Units;
                if (_sequenceGradients[l - 1].Length < length)
                    _sequenceGradients[l - 1] = new float[length];
                dInput = _sequenceGradients[l - 1].AsSpan(0, length);
            }
            _layers[l].BackwardCore(dOut, timeMajor: true, default, default, dInput, dxTimeMajor: l > 0, default);
            dOut = dInput;
        }
    }

    /// <summary>Copies every weight into <paramref name="destination"/> (length <see cref="ParameterCount"/>).</summary>
    public void CopyParametersTo(Span<float> destination)
    {
        LstmLayer.CheckLength(destination, ParameterCount, nameof(destination), nameof(ParameterCount));
        _parameters.Span.CopyTo(destination);
    }

    /// <summary>Replaces every weight with <paramref name="source"/> (length <see cref="ParameterCount"/>).</summary>
    public void SetParameters(ReadOnlySpan<float> source)
    {
        LstmLayer.CheckLength(source, ParameterCount, nameof(source), nameof(ParameterCount));
        source.CopyTo(_parameters.Span);
    }
}
