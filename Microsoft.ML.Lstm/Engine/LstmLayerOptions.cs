using System;

namespace Microsoft.ML.Lstm.Engine;

/// <summary>The settings of one LSTM layer, named and defaulted as in Keras' <c>keras.layers.LSTM</c>.</summary>
public sealed class LstmLayerOptions
{
    /// <summary>m, the dimensionality of the output space (and of the hidden and cell state). Required, positive.</summary>
    public int Units { get; set; }

    /// <summary>Keras name of the activation of the candidate c~ and of the cell state before the output gate. Default <c>"tanh"</c>.</summary>
    public string Activation { get; set; } = "tanh";

    /// <summary>Keras name of the activation of the gates i, f and o. Default <c>"sigmoid"</c>. Activations whose range is not
    /// within [0, 1] are allowed, as in Keras; the trainer warns about them.</summary>
    public string RecurrentActivation { get; set; } = "sigmoid";

    /// <summary>Whether the layer has a bias vector. Default true.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Initialize the forget-gate bias to 1 (Jozefowicz et al.), the other biases to 0. Default true.</summary>
    public bool UnitForgetBias { get; set; } = true;

    /// <summary>Return the output of every time step ([B, T, m]) instead of the last one ([B, m]). Default false.</summary>
    public bool ReturnSequences { get; set; }

    /// <summary>Process the sequence backwards; with <see cref="ReturnSequences"/> the outputs come in processing order
    /// (reversed), as in Keras. Default false.</summary>
    public bool GoBackwards { get; set; }

    /// <summary>Fraction of the input units to drop, in training only. One mask per sequence, shared by the four gates
    /// and every step (Keras' default implementation). Default 0.</summary>
    public float Dropout { get; set; }

    /// <summary>Fraction of the recurrent state units to drop, in training only; one mask per sequence as for
    /// <see cref="Dropout"/>. Default 0.</summary>
    public float RecurrentDropout { get; set; }

    /// <summary>A copy of these options.</summary>
    public LstmLayerOptions Clone() => (LstmLayerOptions)MemberwiseClone();

    internal void Validate(string parameterName)
    {
        if (Units <= 0)
            throw new ArgumentOutOfRangeException(parameterName, Units, $"{nameof(Units)} must be positive; got {Units}.");
        if (!(Dropout >= 0f && Dropout < 1f))
            throw new ArgumentOutOfRangeException(parameterName, Dropout, $"{nameof(Dropout)} must be in [0, 1); got {Dropout}.");
        if (!(RecurrentDropout >= 0f && RecurrentDropout < 1f))
            throw new ArgumentOutOfRangeException(parameterName, RecurrentDropout, $"{nameof(RecurrentDropout)} must be in [0, 1); got {RecurrentDropout}.");
    }
}
