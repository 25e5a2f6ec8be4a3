using System;
using System.Numerics.Tensors;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine;

/// <summary>
/// Keras <c>Dense</c>: y = act(h·W + b) with kernel W [n_in, n_out] (glorot_uniform) and bias b [n_out] (zeros).
/// The head of an <see cref="LstmNetwork"/>. Forward and Backward are mirrored; Backward overwrites <see cref="Gradients"/>.
/// </summary>
public sealed class DenseLayer
{
    private readonly Memory<float> _parameters;
    private readonly Memory<float> _gradients;
    private readonly GemmContext _gemm;
    private readonly int _in, _out;
    private float[] _input = Array.Empty<float>();      // [B, n_in] kept for the backward pass
    private float[] _preActivation = Array.Empty<float>(); // [B, n_out]
    private float[] _outputCopy = Array.Empty<float>();  // [B, n_out]
    private float[] _dPre = Array.Empty<float>();        // [B, n_out]
    private int _batch = -1;

    internal DenseLayer(int inputSize, int outputSize, string activation, Memory<float> parameters, Memory<float> gradients,
        Random random, GemmContext gemm)
    {
        if (inputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"The input size must be positive; got {inputSize}.");
        if (outputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, $"The output size must be positive; got {outputSize}.");
        _in = inputSize;
        _out = outputSize;
        Activation = Activation.FromName(activation);
        ParameterCount = CountParameters(inputSize, outputSize);
        _parameters = parameters;
        _gradients = gradients;
        _gemm = gemm;
        Initializers.GlorotUniform(Kernel, _in, _out, random);
        Bias.Clear();
    }

    /// <summary>n_in.</summary>
    public int InputSize => _in;

    /// <summary>n_out.</summary>
    public int OutputSize => _out;

    /// <summary>The output activation (Keras name; <c>linear</c> for regression).</summary>
    public Activation Activation { get; }

    /// <summary>n_in·n_out + n_out.</summary>
    public int ParameterCount { get; }

    /// <summary>Kernel [n_in, n_out] then bias [n_out].</summary>
    public Span<float> Parameters => _parameters.Span;

    /// <summary>dL/d<see cref="Parameters"/>.</summary>
    public Span<float> Gradients => _gradients.Span;

    /// <summary>Keras <c>kernel</c>, [n_in, n_out].</summary>
    public Span<float> Kernel => Parameters.Slice(0, _in * _out);

    /// <summary>Keras <c>bias</c>, [n_out].</summary>
    public Span<float> Bias => Parameters.Slice(_in * _out, _out);

    /// <summary>Parameter count of a dense layer.</summary>
    public static int CountParameters(int inputSize, int outputSize) => checked(inputSize * outputSize + outputSize);

    /// <summary>y [B, n_out] = act(h [B, n_in]·W + b), keeping what <see cref="Backward"/> reads.</summary>
    public void Forward(ReadOnlySpan<float> h, int batchSize, Span<float> y) => Forward(h, batchSize, y, keepForBackward: true);

    /// <summary>
    /// y [B, n_out] = act(h [B, n_in]·W + b). Inference (<paramref name="keepForBackward"/> false) keeps nothing: the copies
    /// of h and y that <see cref="Backward"/> reads were most of the head's time in a prediction (h alone is 256 KB at
    /// B = m = 256), and <see cref="Backward"/> then throws.
    /// </summary>
    internal void Forward(ReadOnlySpan<float> h, int batchSize, Span<float> y, bool keepForBackward)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"The batch size must be positive; got {batchSize}.");
        LstmLayer.CheckLength(h, (long)batchSize * _in, nameof(h), "B·n_in");
        LstmLayer.CheckLength(y, (long)batchSize * _out, nameof(y), "B·n_out");
        _batch = -1; // until this pass has kept what Backward reads
        Grow(ref _preActivation, batchSize * _out);
        Span<float> pre = _preActivation.AsSpan(0, batchSize * _out);
        ReadOnlySpan<float> bias = Bias;
        if (_out == 1)
        {
            // One output (a one-step forecast): a dot product per row. Through the GEMM, W [n_in, 1] was packed into a
            // panel a register pair wide and multiplied as one: 2-2.5x the time at B = 1 to 256 (1.0 -> 0.5 µs at B = 1).
            ReadOnlySpan<float> w = Kernel;
            for (int b = 0; b < batchSize; b++)
                pre[b] = bias[0] + TensorPrimitives.Dot(h.Slice(b * _in, _in), w);
        }
        else
        {
            for (int b = 0; b < batchSize; b++)
                bias.CopyTo(pre.Slice(b * _out, _out));
            Gemm.Multiply(h, _in, false, Kernel, _out, false, pre, _out, batchSize, _out, _in, accumulate: true, _gemm);
        }
        Activation.Apply(pre, y, _gemm.Width);
        if (!keepForBackward)
            return;
        Grow(ref _input, batchSize * _in);
        Grow(ref _outputCopy, batchSize * _out);
        Grow(ref _dPre, batchSize * _out);
        h.CopyTo(_input);
        y.CopyTo(_outputCopy);
        _batch = batchSize;
    }

    /// <summary>Mirror of <see cref="Forward(ReadOnlySpan{float}, int, Span{float})"/>: dy [B, n_out] → dh [B, n_in]; fills <see cref="Gradients"/>.</summary>
    public void Backward(ReadOnlySpan<float> dy, Span<float> dh)
    {
        if (_batch < 0)
            throw new InvalidOperationException("Backward needs a Forward call first (a prediction keeps nothing to differentiate).");
        int batch = _batch;
        LstmLayer.CheckLength(dy, (long)batch * _out, nameof(dy), "B·n_out");
        LstmLayer.CheckLength(dh, (long)batch * _in, nameof(dh), "B·n_in");
        Span<float> dPre = _dPre.AsSpan(0, batch * _out);
        Activation.Derivative(_preActivation.AsSpan(0, batch * _out), _outputCopy.AsSpan(0, batch * _out), dPre, _gemm.Width);
        TensorPrimitives.Multiply(dPre, dy, dPre);
        Span<float> gradients = Gradients;
        // dW = hᵀ·dPre [n_in, n_out]; db = Σ_b dPre; dh = dPre·Wᵀ.
        Gemm.Multiply(_input, _in, true, dPre, _out, false, gradients.Slice(0, _in * _out), _out, _in, _out, batch, accumulate: false, _gemm);
        Span<float> db = gradients.Slice(_in * _out, _out);
        db.Clear();
        for (int b = 0; b < batch; b++)
            TensorPrimitives.Add(db, dPre.Slice(b * _out, _out), db);
        Gemm.Multiply(dPre, _out, false, Kernel, _out, true, dh, _in, batch, _in, _out, accumulate: false, _gemm);
    }

    private static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
            buffer = new float[length];
    }
}
