using System;

namespace Microsoft.ML.Lstm.Engine.Interop;

/// <summary>
/// Weights in PyTorch's <c>nn.LSTM</c> layout (one layer, unidirectional, no projection), flattened row-major:
/// <c>weight_ih_l{k}</c> [4m, p], <c>weight_hh_l{k}</c> [4m, m], <c>bias_ih_l{k}</c> [4m], <c>bias_hh_l{k}</c> [4m],
/// gate order i, f, g, o (g is Keras' c). PyTorch computes W_ih·x + b_ih + W_hh·h + b_hh, so its weights are the
/// transposes of Keras' and its two biases add up to Keras' one; <c>nn.Linear</c> stores weight [n_out, n_in].
/// PyTorch's LSTM always uses tanh and sigmoid: import into a layer with those activations to get PyTorch's outputs.
/// </summary>
public static class PyTorchWeights
{
    /// <summary>Sets an LSTM layer's weights from PyTorch tensors. Biases are empty for a layer without bias
    /// (<c>bias=False</c>); otherwise the layer's bias becomes <c>bias_ih + bias_hh</c>.</summary>
    public static void Import(LstmLayer layer, ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh,
        ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int p = layer.InputSize, m = layer.Units, g4 = 4 * m;
        CheckShapes(layer, weightIh, weightHh, biasIh, biasHh);
        Transpose(weightIh, g4, p, layer.Kernel);
        Transpose(weightHh, g4, m, layer.RecurrentKernel);
        Span<float> bias = layer.Bias;
        for (int j = 0; j < bias.Length; j++)
            bias[j] = biasIh[j] + biasHh[j];
    }

    /// <summary>Writes an LSTM layer's weights as PyTorch tensors: the bias goes to <c>bias_ih</c>, and <c>bias_hh</c> is zero.</summary>
    public static void Export(LstmLayer layer, Span<float> weightIh, Span<float> weightHh, Span<float> biasIh, Span<float> biasHh)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int p = layer.InputSize, m = layer.Units, g4 = 4 * m;
        CheckShapes(layer, weightIh, weightHh, biasIh, biasHh);
        Transpose(layer.Kernel, p, g4, weightIh);
        Transpose(layer.RecurrentKernel, m, g4, weightHh);
        layer.Bias.CopyTo(biasIh);
        biasHh.Clear();
    }

    /// <summary>Sets a dense head from <c>nn.Linear</c>: weight [n_out, n_in], bias [n_out].</summary>
    public static void ImportLinear(DenseLayer dense, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        ArgumentNullException.ThrowIfNull(dense);
        LstmLayer.CheckLength(weight, (long)dense.OutputSize * dense.InputSize, nameof(weight), "n_out·n_in");
        LstmLayer.CheckLength(bias, dense.OutputSize, nameof(bias), "n_out");
        Transpose(weight, dense.OutputSize, dense.InputSize, dense.Kernel);
        bias.CopyTo(dense.Bias);
    }

    /// <summary>Writes a dense head as <c>nn.Linear</c>: weight [n_out, n_in], bias [n_out].</summary>
    public static void ExportLinear(DenseLayer dense, Span<float> weight, Span<float> bias)
    {
        ArgumentNullException.ThrowIfNull(dense);
        LstmLayer.CheckLength(weight, (long)dense.OutputSize * dense.InputSize, nameof(weight), "n_out·n_in");
        LstmLayer.CheckLength(bias, dense.OutputSize, nameof(bias), "n_out");
        Transpose(dense.Kernel, dense.InputSize, dense.OutputSize, weight);
        dense.Bias.CopyTo(bias);
    }

    private static void CheckShapes(LstmLayer layer, ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh,
        ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh)
    {
        int p = layer.InputSize, m = layer.Units, g4 = 4 * m;
        LstmLayer.CheckLength(weightIh, (long)g4 * p, nameof(weightIh), $"4m·p = {g4}·{p}");
        LstmLayer.CheckLength(weightHh, (long)g4 * m, nameof(weightHh), $"4m·m = {g4}·{m}");
        string biasShape = layer.Options.UseBias ? "4m" : "0 (the layer has no bias)";
        LstmLayer.CheckLength(biasIh, layer.Options.UseBias ? g4 : 0, nameof(biasIh), biasShape);
        LstmLayer.CheckLength(biasHh, layer.Options.UseBias ? g4 : 0, nameof(biasHh), biasShape);
    }

    /// <summary>destination [cols, rows] = sourceᵀ for source [rows, cols].</summary>
    private static void Transpose(ReadOnlySpan<float> source, int rows, int cols, Span<float> destination)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                destination[c * rows + r] = source[r * cols + c];
    }
}
