using System;

namespace Microsoft.ML.Lstm.Engine.Interop;

/// <summary>
/// Weights in Keras' layout, as <c>layer.get_weights()</c> returns them (flattened row-major):
/// LSTM <c>[kernel (p, 4m), recurrent_kernel (m, 4m), bias (4m)]</c> with gate blocks i, f, c, o;
/// Dense <c>[kernel (n_in, n_out), bias (n_out)]</c>. This is also the engine's own layout, so the copies are exact.
/// </summary>
public static class KerasWeights
{
    /// <summary>Sets an LSTM layer's weights from Keras arrays. <paramref name="bias"/> is empty for a layer without bias.</summary>
    public static void Import(LstmLayer layer, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel, ReadOnlySpan<float> bias)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int p = layer.InputSize, m = layer.Units;
        LstmLayer.CheckLength(kernel, (long)p * 4 * m, nameof(kernel), $"p·4m = {p}·{4 * m}");
        LstmLayer.CheckLength(recurrentKernel, (long)m * 4 * m, nameof(recurrentKernel), $"m·4m = {m}·{4 * m}");
        LstmLayer.CheckLength(bias, layer.Options.UseBias ? 4 * m : 0, nameof(bias), layer.Options.UseBias ? "4m" : "0 (the layer has no bias)");
        kernel.CopyTo(layer.Kernel);
        recurrentKernel.CopyTo(layer.RecurrentKernel);
        bias.CopyTo(layer.Bias);
    }

    /// <summary>Writes an LSTM layer's weights as Keras arrays.</summary>
    public static void Export(LstmLayer layer, Span<float> kernel, Span<float> recurrentKernel, Span<float> bias)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int p = layer.InputSize, m = layer.Units;
        LstmLayer.CheckLength(kernel, (long)p * 4 * m, nameof(kernel), $"p·4m = {p}·{4 * m}");
        LstmLayer.CheckLength(recurrentKernel, (long)m * 4 * m, nameof(recurrentKernel), $"m·4m = {m}·{4 * m}");
        LstmLayer.CheckLength(bias, layer.Options.UseBias ? 4 * m : 0, nameof(bias), layer.Options.UseBias ? "4m" : "0 (the layer has no bias)");
        layer.Kernel.CopyTo(kernel);
        layer.RecurrentKernel.CopyTo(recurrentKernel);
        layer.Bias.CopyTo(bias);
    }

    /// <summary>Sets a dense head's weights from Keras arrays: kernel (n_in, n_out), bias (n_out).</summary>
    public static void ImportDense(DenseLayer dense, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias)
    {
        ArgumentNullException.ThrowIfNull(dense);
        LstmLayer.CheckLength(kernel, (long)dense.InputSize * dense.OutputSize, nameof(kernel), "n_in·n_out");
        LstmLayer.CheckLength(bias, dense.OutputSize, nameof(bias), "n_out");
        kernel.CopyTo(dense.Kernel);
        bias.CopyTo(dense.Bias);
    }

    /// <summary>Writes a dense head's weights as Keras arrays.</summary>
    public static void ExportDense(DenseLayer dense, Span<float> kernel, Span<float> bias)
    {
        ArgumentNullException.ThrowIfNull(dense);
        LstmLayer.CheckLength(kernel, (long)dense.InputSize * dense.OutputSize, nameof(kernel), "n_in·n_out");
        LstmLayer.CheckLength(bias, dense.OutputSize, nameof(bias), "n_out");
        dense.Kernel.CopyTo(kernel);
        dense.Bias.CopyTo(bias);
    }
}
