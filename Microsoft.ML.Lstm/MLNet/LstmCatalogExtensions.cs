using System;
using Microsoft.ML.Lstm.MLNet;

namespace Microsoft.ML;

/// <summary>
/// The LSTM forecaster in ML.NET's catalogs: <c>mlContext.Forecasting.ForecastByLstm(...)</c> and
/// <c>mlContext.Regression.Trainers.Lstm(...)</c>.
/// </summary>
public static class LstmCatalogExtensions
{
    /// <summary>
    /// Trains an LSTM forecaster on <paramref name="inputColumnName"/> and forecasts the next <paramref name="horizon"/>
    /// steps for every row, with optional confidence bounds. The column names follow ForecastBySsa's.
    /// </summary>
    /// <param name="catalog">The forecasting catalog (<c>mlContext.Forecasting</c>).</param>
    /// <param name="outputColumnName">The forecast column to create: a vector of <paramref name="horizon"/> Single values.</param>
    /// <param name="inputColumnName">The series column: Single with one observation per row, rows in time order
    /// (streaming), or a known-size vector of Single holding each row's window, oldest value first (windowed).</param>
    /// <param name="windowSize">Past steps the network reads. Streaming: 0 chooses (3 season periods, or 2·horizon + 8
    /// without a season). Windowed: the input vector's size (0 takes it from the column).</param>
    /// <param name="horizon">Steps to forecast for every row; positive.</param>
    /// <param name="confidenceLowerBoundColumn">The lower confidence bound column to create (a vector like the
    /// forecast); null for none.</param>
    /// <param name="confidenceUpperBoundColumn">The upper confidence bound column to create; null for none.</param>
    /// <param name="confidenceLevel">The probability the bounds are calibrated for (on held-out windows), in (0, 1).</param>
    /// <param name="featureColumnNames">Feature columns read with the input: Single per row (streaming) or vectors of
    /// the window's size (windowed); null for none.</param>
    /// <param name="inputKind">Streaming or windowed; Auto decides by the input column's type.</param>
    /// <param name="seasonPeriod">The season period (12 for monthly data with a yearly cycle); 0 detects it, 1 means none.</param>
    /// <param name="ensembleSize">Networks averaged (different seeds).</param>
    /// <param name="epochs">Most passes over the training windows (the number used is chosen on held-out windows).</param>
    /// <param name="units">LSTM units per layer.</param>
    /// <param name="layers">Stacked LSTM layers.</param>
    /// <param name="learningRate">Adam's base learning rate.</param>
    /// <param name="batchSize">Windows per mini-batch.</param>
    /// <param name="seed">Seed of training; null draws it from the MLContext (repeatable with <c>new MLContext(seed)</c>).</param>
    /// <param name="maxThreads">Most threads training may use; 0 uses every core.</param>
    /// <returns>The estimator; its Fit trains and returns a <see cref="LstmForecastingTransformer"/>.</returns>
    public static LstmForecastingEstimator ForecastByLstm(this ForecastingCatalog catalog,
        string outputColumnName, string inputColumnName, int windowSize, int horizon,
        string? confidenceLowerBoundColumn = null, string? confidenceUpperBoundColumn = null,
        float confidenceLevel = LstmDefaults.ConfidenceLevel, string[]? featureColumnNames = null,
        LstmInputKind inputKind = LstmInputKind.Auto, int seasonPeriod = LstmDefaults.SeasonPeriod,
        int ensembleSize = LstmDefaults.EnsembleSize, int epochs = LstmDefaults.Epochs, int units = LstmDefaults.Units,
        int layers = LstmDefaults.Layers, float learningRate = LstmDefaults.LearningRate, int batchSize = LstmDefaults.BatchSize,
        int? seed = null, int maxThreads = LstmDefaults.MaxThreads)
        => ForecastByLstm(catalog, new LstmForecastingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            WindowSize = windowSize,
            Horizon = horizon,
            ConfidenceLowerBoundColumn = confidenceLowerBoundColumn,
            ConfidenceUpperBoundColumn = confidenceUpperBoundColumn,
            ConfidenceLevel = confidenceLevel,
            FeatureColumnNames = featureColumnNames,
            InputKind = inputKind,
            SeasonPeriod = seasonPeriod,
            EnsembleSize = ensembleSize,
            Epochs = epochs,
            Units = units,
            Layers = layers,
            LearningRate = learningRate,
            BatchSize = batchSize,
            Seed = seed,
            MaxThreads = maxThreads,
        });

    /// <summary>Trains an LSTM forecaster with every setting in <paramref name="options"/> (see
    /// <see cref="ForecastByLstm(ForecastingCatalog, string, string, int, int, string, string, float, string[], LstmInputKind, int, int, int, int, int, float, int, int?, int)"/>).</summary>
    /// <param name="catalog">The forecasting catalog (<c>mlContext.Forecasting</c>).</param>
    /// <param name="options">The settings; copied, so later changes do not affect the estimator.</param>
    public static LstmForecastingEstimator ForecastByLstm(this ForecastingCatalog catalog, LstmForecastingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new LstmForecastingEstimator(CatalogEnvironment.Get(catalog), options);
    }

    /// <summary>
    /// The windowed LSTM forecaster as a regression trainer: the features column holds each row's window (oldest value
    /// first), the label the value after it; it adds a Single <c>Score</c> column, in the label's units. The rows must be
    /// successive windows in time order (see <see cref="LstmRegressionTrainer"/>).
    /// </summary>
    /// <param name="catalog">The regression trainers catalog (<c>mlContext.Regression.Trainers</c>).</param>
    /// <param name="labelColumnName">The label column: Single.</param>
    /// <param name="featureColumnName">The features column: a known-size vector of Single (the window; or several
    /// windows end to end, the target's first, when <paramref name="windowSize"/> divides its size).</param>
    /// <param name="windowSize">Steps per window; 0 takes the whole features vector as one window.</param>
    /// <param name="seasonPeriod">The season period; 0 detects it, 1 means none.</param>
    /// <param name="ensembleSize">Networks averaged (different seeds).</param>
    /// <param name="epochs">Most passes over the training windows.</param>
    /// <param name="units">LSTM units per layer.</param>
    /// <param name="layers">Stacked LSTM layers.</param>
    /// <param name="learningRate">Adam's base learning rate.</param>
    /// <param name="batchSize">Windows per mini-batch.</param>
    /// <param name="seed">Seed of training; null draws it from the MLContext.</param>
    /// <param name="maxThreads">Most threads training may use; 0 uses every core.</param>
    /// <returns>The trainer; its Fit returns a <see cref="LstmRegressionTransformer"/>.</returns>
    public static LstmRegressionTrainer Lstm(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = LstmRegressionTrainer.Options.DefaultLabel,
        string featureColumnName = LstmRegressionTrainer.Options.DefaultFeatures,
        int windowSize = 0, int seasonPeriod = LstmDefaults.SeasonPeriod, int ensembleSize = LstmDefaults.EnsembleSize,
        int epochs = LstmDefaults.Epochs, int units = LstmDefaults.Units, int layers = LstmDefaults.Layers,
        float learningRate = LstmDefaults.LearningRate, int batchSize = LstmDefaults.BatchSize, int? seed = null,
        int maxThreads = LstmDefaults.MaxThreads)
        => Lstm(catalog, new LstmRegressionTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            WindowSize = windowSize,
            SeasonPeriod = seasonPeriod,
            EnsembleSize = ensembleSize,
            Epochs = epochs,
            Units = units,
            Layers = layers,
            LearningRate = learningRate,
            BatchSize = batchSize,
            Seed = seed,
            MaxThreads = maxThreads,
        });

    /// <summary>The LSTM regression trainer with every setting in <paramref name="options"/>.</summary>
    /// <param name="catalog">The regression trainers catalog (<c>mlContext.Regression.Trainers</c>).</param>
    /// <param name="options">The settings; copied.</param>
    public static LstmRegressionTrainer Lstm(this RegressionCatalog.RegressionTrainers catalog, LstmRegressionTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new LstmRegressionTrainer(CatalogEnvironment.Get(catalog), options);
    }
}
