using System;
using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>
/// Settings of <see cref="LstmForecaster"/>. Only <see cref="Horizon"/> has no usable default; everything else is chosen
/// so that the defaults alone forecast well.
/// </summary>
public sealed class LstmForecasterOptions
{
    /// <summary>Steps forecast from each window (direct strategy: the network's outputs). Required, positive.</summary>
    public int Horizon { get; set; }

    /// <summary>Past steps in each input window. 0 (default) chooses 3 season periods (at least 8, at most 3·horizon + 24)
    /// or, without seasonality, 2·horizon + 8.</summary>
    public int WindowSize { get; set; }

    /// <summary>The season period s (12 for monthly data with a yearly cycle). 0 (default) detects it from the
    /// autocorrelation of the training part; 1 means no seasonality.</summary>
    public int SeasonPeriod { get; set; }

    /// <summary>Target transform. Default <see cref="TargetTransform.Auto"/>.</summary>
    public TargetTransform Transform { get; set; } = TargetTransform.Auto;

    /// <summary>Scaling of the transformed target. Default <see cref="ScalingMethod.Standard"/>.</summary>
    public ScalingMethod Scaling { get; set; } = ScalingMethod.Standard;

    /// <summary>Differencing of the transformed target. Default <see cref="DifferencingMethod.None"/>: each window is instead
    /// measured from its own last value, which removes the level as well and keeps seasonal shapes intact.</summary>
    public DifferencingMethod Differencing { get; set; } = DifferencingMethod.None;

    /// <summary>Measure every window and its targets from the window's last value, so the network sees shapes, not levels,
    /// and can forecast beyond the training range. Default true.</summary>
    public bool NormalizeWindows { get; set; } = true;

    /// <summary>Direct (default) or recursive multi-step forecasting.</summary>
    public MultiStepStrategy Strategy { get; set; } = MultiStepStrategy.Direct;

    /// <summary>LSTM units per layer. Default 32.</summary>
    public int Units { get; set; } = 32;

    /// <summary>Stacked LSTM layers. Default 1.</summary>
    public int Layers { get; set; } = 1;

    /// <summary>Keras name of the LSTM activation. Default "tanh".</summary>
    public string Activation { get; set; } = "tanh";

    /// <summary>Keras name of the gates' activation. Default "sigmoid".</summary>
    public string RecurrentActivation { get; set; } = "sigmoid";

    /// <summary>Maximum passes over the training windows. Default 200.</summary>
    public int Epochs { get; set; } = 200;

    /// <summary>Windows per mini-batch. Default 16.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Adam's base learning rate, decayed by a cosine schedule to 1/30 of it. Default 3e-3.</summary>
    public float LearningRate { get; set; } = 3e-3f;

    /// <summary>Keras name of the loss: "mse", "mae" or "huber". Default "huber" (robust to outlying windows).</summary>
    public string Loss { get; set; } = "huber";

    /// <summary>
    /// Number of networks averaged. Members differ by seed and, when <see cref="WindowSizes"/> has several entries, by
    /// window size. Averaging removes most of the seed-to-seed variance of short series. Default 5.
    /// </summary>
    public int EnsembleSize { get; set; } = 5;

    /// <summary>Window sizes the ensemble cycles through; empty (default) uses <see cref="WindowSize"/> only.</summary>
    public IList<int> WindowSizes { get; set; } = new List<int>();

    /// <summary>Trailing windows per series held out for validation: they choose the number of epochs (on a smoothed
    /// validation curve, never fewer than a quarter of <see cref="Epochs"/>) and calibrate the confidence bounds, then the
    /// networks are refitted on all windows. 0 disables validation. Default: the last horizon's worth of targets (ceil
    /// of 20% of the windows, at least 1, when the series is short).</summary>
    public int ValidationWindows { get; set; } = -1;

    /// <summary>Confidence level of the bounds, in (0, 1). Default 0.95.</summary>
    public float ConfidenceLevel { get; set; } = 0.95f;

    /// <summary>Seed of every random choice (weights, shuffling, dropout). Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Most threads a product may use; 0 (default) uses every core.</summary>
    public int MaxThreads { get; set; }

    /// <summary><see cref="MaxThreads"/> with 0 resolved to the machine's core count.</summary>
    internal int ThreadCount => MaxThreads == 0 ? Environment.ProcessorCount : MaxThreads;

    /// <summary>A copy of these options.</summary>
    public LstmForecasterOptions Clone()
    {
        var copy = (LstmForecasterOptions)MemberwiseClone();
        copy.WindowSizes = new List<int>(WindowSizes);
        return copy;
    }

    internal void Validate()
    {
        Check(Horizon > 0, nameof(Horizon), Horizon, "must be positive");
        Check(WindowSize >= 0, nameof(WindowSize), WindowSize, "must be positive (or 0 to choose it)");
        Check(SeasonPeriod >= 0, nameof(SeasonPeriod), SeasonPeriod, "must be positive (or 0 to detect it)");
        Check(Units > 0, nameof(Units), Units, "must be positive");
        Check(Layers > 0, nameof(Layers), Layers, "must be positive");
        Check(Epochs > 0, nameof(Epochs), Epochs, "must be positive");
        Check(BatchSize > 0, nameof(BatchSize), BatchSize, "must be positive");
        Check(LearningRate > 0 && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be positive and finite");
        Check(EnsembleSize > 0, nameof(EnsembleSize), EnsembleSize, "must be positive");
        Check(ValidationWindows >= -1, nameof(ValidationWindows), ValidationWindows, "must be 0 or more (-1 chooses)");
        Check(ConfidenceLevel > 0 && ConfidenceLevel < 1, nameof(ConfidenceLevel), ConfidenceLevel, "must be in (0, 1)");
        Check(MaxThreads >= 0, nameof(MaxThreads), MaxThreads, "must be 0 (all cores) or positive");
        foreach (int w in WindowSizes)
            Check(w > 0, nameof(WindowSizes), w, "entries must be positive");
        CheckName(Activation, nameof(Activation), "activation", Engine.Activations.Activation.Names, n => Engine.Activations.Activation.FromName(n));
        CheckName(RecurrentActivation, nameof(RecurrentActivation), "activation", Engine.Activations.Activation.Names, n => Engine.Activations.Activation.FromName(n));
        CheckName(Loss, nameof(Loss), "loss", Engine.Training.Loss.Names, n => Engine.Training.Loss.FromName(n));
    }

    /// <summary>The registries' own errors name their parameter "name"; this names the option that holds the value.</summary>
    private static void CheckName(string? value, string option, string kind, IReadOnlyList<string> valid, Func<string, object> resolve)
    {
        if (value != null)
        {
            try
            {
                _ = resolve(value);
                return;
            }
            catch (ArgumentException)
            {
                // Reported below, under the option's name.
            }
        }
        throw new ArgumentException($"{option} '{value ?? "null"}' is not a known {kind}. Valid names: {string.Join(", ", valid)}.", option);
    }

    private static void Check(bool ok, string name, object value, string rule)
    {
        if (!ok)
            throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}; got {value}.");
    }
}
