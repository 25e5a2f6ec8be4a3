using System;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>The forecaster's defaults as compile-time constants (optional parameters need them); a test keeps them equal
/// to <see cref="LstmForecasterOptions"/>'s.</summary>
internal static class LstmDefaults
{
    public const int SeasonPeriod = 0;
    public const int EnsembleSize = 5;
    public const int Epochs = 200;
    public const int Units = 32;
    public const int Layers = 1;
    public const float LearningRate = 3e-3f;
    public const int BatchSize = 16;
    public const int MaxThreads = 0;
    public const float ConfidenceLevel = 0.95f;
}

/// <summary>
/// Training settings shared by <see cref="LstmForecastingEstimator.Options"/> and <see cref="LstmRegressionTrainer.Options"/>:
/// they map onto <see cref="LstmForecasterOptions"/>, and their defaults are its defaults.
/// </summary>
public abstract class LstmOptionsBase
{
    /// <summary>The season period (12 for monthly data with a yearly cycle); 0 (default) detects it from the
    /// autocorrelation of the training series, 1 means none.</summary>
    public int SeasonPeriod = LstmDefaults.SeasonPeriod;

    /// <summary>Networks averaged (different seeds); more is steadier and slower. Default 5.</summary>
    public int EnsembleSize = LstmDefaults.EnsembleSize;

    /// <summary>Most passes over the training windows; the number used is chosen on held-out windows. Default 200.</summary>
    public int Epochs = LstmDefaults.Epochs;

    /// <summary>LSTM units per layer. Default 32.</summary>
    public int Units = LstmDefaults.Units;

    /// <summary>Stacked LSTM layers. Default 1.</summary>
    public int Layers = LstmDefaults.Layers;

    /// <summary>Adam's base learning rate. Default 0.003.</summary>
    public float LearningRate = LstmDefaults.LearningRate;

    /// <summary>Windows per mini-batch. Default 16.</summary>
    public int BatchSize = LstmDefaults.BatchSize;

    /// <summary>Seed of every random choice of training. Null (default): drawn from the <see cref="MLContext"/>'s random
    /// source, so <c>new MLContext(seed: n)</c> repeats training exactly; a value here takes precedence.</summary>
    public int? Seed;

    /// <summary>Most threads training may use; 0 (default) uses every core.</summary>
    public int MaxThreads = LstmDefaults.MaxThreads;

    private protected LstmOptionsBase()
    {
    }

    /// <summary>The forecaster's options for these settings.</summary>
    internal LstmForecasterOptions ToForecasterOptions(int horizon, int windowSize, float confidenceLevel, int seed) => new()
    {
        Horizon = horizon,
        WindowSize = windowSize,
        SeasonPeriod = SeasonPeriod,
        EnsembleSize = EnsembleSize,
        Epochs = Epochs,
        Units = Units,
        Layers = Layers,
        LearningRate = LearningRate,
        BatchSize = BatchSize,
        ConfidenceLevel = confidenceLevel,
        Seed = seed,
        MaxThreads = MaxThreads,
    };

    /// <summary>Checks the shared settings (through the forecaster's own checks, so the rules are the same).</summary>
    private protected void ValidateTraining(int horizon, int windowSize, float confidenceLevel)
    {
        ToForecasterOptions(horizon, windowSize, confidenceLevel, Seed ?? 0).Validate();
    }

    private protected static void CheckName(string? name, string parameter, bool required = true)
    {
        if (name == null && !required)
            return;
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException($"{parameter} must name a column; got {(name == null ? "null" : $"'{name}'")}.", parameter);
        if (LstmColumns.Reserved.Contains(name))
            throw new ArgumentException($"{parameter} '{name}' is a name the LSTM forecaster uses internally (names starting with '__Lstm' are reserved).", parameter);
    }
}
