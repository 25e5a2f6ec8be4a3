using System;
using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Engine;

/// <summary>The shape of an <see cref="LstmNetwork"/>: stacked LSTM layers, then a dense head on the last step.</summary>
public sealed class LstmNetworkOptions
{
    /// <summary>p, the features per time step. Required, positive.</summary>
    public int InputSize { get; set; }

    /// <summary>The LSTM layers, first to last. Inner layers must return sequences (they feed the next layer every step)
    /// and the last must not (the head reads its last step); leave <see cref="LstmLayerOptions.ReturnSequences"/> unset
    /// and the network sets it so. At least one layer.</summary>
    public IList<LstmLayerOptions> Layers { get; set; } = new List<LstmLayerOptions>();

    /// <summary>Outputs of the dense head (for a forecaster, the horizon). Required, positive.</summary>
    public int OutputSize { get; set; }

    /// <summary>Keras name of the head's activation. Default <c>"linear"</c>.</summary>
    public string OutputActivation { get; set; } = "linear";

    /// <summary>Seed of the weight initializers and dropout masks. The same seed, data and thread count give
    /// bit-identical weights and outputs. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Most threads a product may use; 0 (default) uses every core. Results do not depend on it.</summary>
    public int MaxThreads { get; set; }

    internal void Validate()
    {
        if (InputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize, $"{nameof(InputSize)} must be positive; got {InputSize}.");
        if (OutputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(OutputSize), OutputSize, $"{nameof(OutputSize)} must be positive; got {OutputSize}.");
        if (Layers == null || Layers.Count == 0)
            throw new ArgumentException($"{nameof(Layers)} needs at least one LSTM layer.", nameof(Layers));
        if (MaxThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxThreads), MaxThreads, $"{nameof(MaxThreads)} must be 0 (all cores) or positive; got {MaxThreads}.");
        for (int i = 0; i < Layers.Count; i++)
        {
            LstmLayerOptions layer = Layers[i] ?? throw new ArgumentNullException(nameof(Layers), $"Layer {i} is null.");
            layer.Validate($"{nameof(Layers)}[{i}]");
            if (i == Layers.Count - 1 && layer.ReturnSequences)
                throw new ArgumentException($"The last layer ({nameof(Layers)}[{i}]) feeds its last step to the dense head, so it cannot return sequences.", nameof(Layers));
        }
    }
}
