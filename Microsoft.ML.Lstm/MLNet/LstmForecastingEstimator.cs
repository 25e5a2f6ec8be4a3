using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>
/// Trains an LSTM forecaster (<see cref="LstmForecaster"/>) on a column of an <see cref="IDataView"/> and forecasts the
/// next <c>horizon</c> steps, with confidence bounds, for every row. Created by
/// <c>mlContext.Forecasting.ForecastByLstm(...)</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Input.</b> Streaming (a Single column, one observation per row, rows in time order) or windowed (a known-size
/// vector of Single holding each row's window, oldest value first, behind featurizers such as Concatenate or
/// NormalizeMinMax): see <see cref="LstmInputKind"/>. Optional feature columns come with the input (Single per row
/// when streaming; a vector of the window's size when windowed).
/// </para>
/// <para>
/// <b>Output.</b> The forecast and, when named, the lower and upper confidence bounds: vectors of Single with
/// <c>horizon</c> values each. (The columns' type is a vector of Single without a declared size, because the custom
/// mapping that computes them has one output type for every model; every value has exactly <c>horizon</c> elements.)
/// </para>
/// <para>
/// <b>Streaming state.</b> The model keeps a rolling window seeded with the tail of the training data: the first row
/// after loading forecasts right after the training data. Every row (every <c>Predict</c> of a prediction engine)
/// appends its observation and forecasts after it; a NaN observation appends nothing and forecasts from the current
/// window. Each cursor and each prediction engine starts from the training tail. <c>Transform</c> therefore expects the
/// rows that follow the training data, and every row's outputs must be read for its observation to be appended (as
/// CreateEnumerable and prediction engines do). To keep the observations in a saved model, see
/// <see cref="LstmForecastingTransformer.AppendObservations"/> and <see cref="LstmForecastingModel.AppendObservations"/>.
/// </para>
/// <para>
/// <b>Saving.</b> The fitted transformer is a chain of ML.NET's own savable transforms (see
/// <see cref="LstmForecastingTransformer"/>): <c>mlContext.Model.Save</c> writes it, and <c>mlContext.Model.Load</c> in any
/// context or process with this library returns an ML.NET <c>TransformerChain</c> that forecasts identically.
/// </para>
/// <para>
/// <b>Environment.</b> Training messages go to the user's <see cref="MLContext.Log"/>; the training seed is
/// <see cref="LstmOptionsBase.Seed"/> when set, else drawn from the context (repeatable for <c>new MLContext(seed)</c>).
/// </para>
/// </remarks>
public sealed class LstmForecastingEstimator : IEstimator<LstmForecastingTransformer>
{
    /// <summary>The settings of <see cref="LstmForecastingEstimator"/>; each field is one parameter of
    /// <c>ForecastByLstm</c>, with the same name and default.</summary>
    public sealed class Options : LstmOptionsBase
    {
        /// <summary>The forecast column to create: a vector of <see cref="Horizon"/> Single values per row.</summary>
        public string OutputColumnName = "";

        /// <summary>The series column: Single (streaming) or a known-size vector of Single (windowed).</summary>
        public string InputColumnName = "";

        /// <summary>Past steps the network reads. Streaming: 0 chooses (3 season periods, or 2·horizon + 8 without a
        /// season). Windowed: the input vector's size (0 takes it from the column).</summary>
        public int WindowSize;

        /// <summary>Steps forecast for every row. Required, positive.</summary>
        public int Horizon;

        /// <summary>The lower confidence bound column to create (a vector like the forecast); null for none.</summary>
        public string? ConfidenceLowerBoundColumn;

        /// <summary>The upper confidence bound column to create (a vector like the forecast); null for none.</summary>
        public string? ConfidenceUpperBoundColumn;

        /// <summary>The probability the bounds are calibrated for, in (0, 1). Default 0.95.</summary>
        public float ConfidenceLevel = LstmDefaults.ConfidenceLevel;

        /// <summary>Feature columns read with the input (Single per row when streaming; a vector of the window's size when
        /// windowed); null or empty for none.</summary>
        public string[]? FeatureColumnNames;

        /// <summary>Streaming or windowed input; <see cref="LstmInputKind.Auto"/> (default) decides by the input column.</summary>
        public LstmInputKind InputKind = LstmInputKind.Auto;

        internal Options Clone()
        {
            var copy = (Options)MemberwiseClone();
            copy.FeatureColumnNames = FeatureColumnNames?.ToArray();
            return copy;
        }

        internal string[] Features => FeatureColumnNames ?? Array.Empty<string>();

        /// <summary>Checks every setting; the errors name the parameter.</summary>
        internal void Validate()
        {
            CheckName(OutputColumnName, "outputColumnName");
            CheckName(InputColumnName, "inputColumnName");
            CheckName(ConfidenceLowerBoundColumn, "confidenceLowerBoundColumn", required: false);
            CheckName(ConfidenceUpperBoundColumn, "confidenceUpperBoundColumn", required: false);
            foreach (string f in Features)
                CheckName(f, "featureColumnNames");
            string?[] outputs = { OutputColumnName, ConfidenceLowerBoundColumn, ConfidenceUpperBoundColumn };
            string? twice = outputs.Where(o => o != null).GroupBy(o => o).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (twice != null)
                throw new ArgumentException($"The output columns must have different names; '{twice}' is given twice.", "outputColumnName");
            string? repeated = Features.Prepend(InputColumnName).GroupBy(f => f).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (repeated != null)
                throw new ArgumentException($"The input and feature columns must be different; '{repeated}' is given twice.", "featureColumnNames");
            if (Horizon <= 0)
                throw new ArgumentOutOfRangeException("horizon", Horizon, $"horizon must be positive; got {Horizon}.");
            if (WindowSize < 0)
                throw new ArgumentOutOfRangeException("windowSize", WindowSize, $"windowSize must be positive, or 0 to choose; got {WindowSize}.");
            if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
                throw new ArgumentOutOfRangeException("confidenceLevel", ConfidenceLevel, $"confidenceLevel must be in (0, 1); got {ConfidenceLevel}.");
            if (!Enum.IsDefined(InputKind))
                throw new ArgumentOutOfRangeException("inputKind", InputKind, "Unknown input kind.");
            ValidateTraining(Horizon, WindowSize, ConfidenceLevel);
        }

        internal LstmChainSpec ChainSpec()
        {
            var outputs = new List<(string, string)> { (OutputColumnName, LstmColumns.Forecast) };
            if (ConfidenceLowerBoundColumn != null)
                outputs.Add((ConfidenceLowerBoundColumn, LstmColumns.LowerBound));
            if (ConfidenceUpperBoundColumn != null)
                outputs.Add((ConfidenceUpperBoundColumn, LstmColumns.UpperBound));
            return new LstmChainSpec(Features.Prepend(InputColumnName).ToArray(), Score: false, outputs);
        }
    }

    private readonly MlNetEnvironment _env;
    private readonly Options _options;

    internal LstmForecastingEstimator(IHostEnvironment env, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _env = new MlNetEnvironment(env, MlNetEnvironment.ComponentName + ".Forecasting");
    }

    /// <summary>The layout the input schema implies (errors name the column, the type expected and the type found).</summary>
    internal static LstmLayout Resolve(Options options, DataViewSchema schema)
    {
        LstmSchemaRules.CheckReservedNames(MlNetSchema.Names(schema));
        return LstmSchemaRules.ResolveForecasting(MlNetSchema.Describe(schema, options.InputColumnName),
            options.Features.Select(f => MlNetSchema.Describe(schema, f)).ToArray(), options.WindowSize, options.InputKind, sizesKnown: true);
    }

    /// <summary>Trains the forecaster on <paramref name="input"/> (read once, in row order) and returns the transformer
    /// that forecasts with it.</summary>
    public LstmForecastingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        LstmLayout layout = Resolve(_options, input.Schema);
        var builder = new MLContext(seed: 0);
        LstmChainSpec spec = _options.ChainSpec();
        List<float[]> rows = LstmChain.ReadData(builder, input, spec.DataColumns);

        SeriesInput series;
        float[] scale = Array.Empty<float>(), offset = Array.Empty<float>();
        if (layout.Kind == LstmInputKind.Streaming)
            series = TrainingSeries.FromStreaming(rows, layout.Channels, spec.DataColumns);
        else
        {
            WindowedSeries windowed = TrainingSeries.FromWindows(rows, layout.Window, layout.Channels, labels: null, _options.InputColumnName);
            _env.Info("Training", windowed.Description);
            (series, scale, offset) = (windowed.Series, windowed.SlotScale, windowed.SlotOffset);
        }

        int seed = _options.Seed ?? _env.NextSeed();
        LstmForecasterOptions forecasterOptions = _options.ToForecasterOptions(_options.Horizon,
            layout.Kind == LstmInputKind.Windowed ? layout.Window : _options.WindowSize, _options.ConfidenceLevel, seed);
        LstmForecaster forecaster = Train(_env, series, forecasterOptions, rows.Count, _options.Seed.HasValue);
        if (layout.Kind == LstmInputKind.Windowed && forecaster.RequiredHistory != layout.Window)
            throw new InvalidOperationException($"The forecaster needs {forecaster.RequiredHistory} past values, not the {layout.Window} of a window.");

        var blob = new LstmModelBlob(layout.Kind, forecaster.RequiredHistory, layout.Channels, scale, offset, ForecasterCodec.ToBytes(forecaster));
        TransformerChain<ITransformer> chain = LstmChain.Build(builder, spec, blob.ToText()).Fit(input);
        return new LstmForecastingTransformer(chain, blob, _options.Clone());
    }

    /// <summary>The output schema: the input's columns plus the forecast (and bounds) columns, as ML.NET's own inner
    /// chain computes it (schema shapes of columns can only come from ML.NET's estimators).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        LstmSchemaRules.CheckReservedNames(MlNetSchema.Names(inputSchema));
        LstmSchemaRules.ResolveForecasting(MlNetSchema.Describe(inputSchema, _options.InputColumnName),
            _options.Features.Select(f => MlNetSchema.Describe(inputSchema, f)).ToArray(), _options.WindowSize, _options.InputKind, sizesKnown: false);
        return LstmChain.Build(new MLContext(seed: 0), _options.ChainSpec(), LstmModelBlob.Prefix).GetOutputSchema(inputSchema);
    }

    /// <summary>Trains with progress and choices sent to the user's log.</summary>
    internal static LstmForecaster Train(MlNetEnvironment env, SeriesInput series, LstmForecasterOptions options, int rows, bool seedGiven)
    {
        env.Info("Training", $"{rows} rows; horizon {options.Horizon}, window {(options.WindowSize > 0 ? options.WindowSize.ToString() : "automatic")}, " +
            $"ensemble of {options.EnsembleSize}, up to {options.Epochs} epochs, seed {options.Seed} ({(seedGiven ? "given" : "from the MLContext")})");
        LstmForecaster forecaster = LstmForecaster.Train(new[] { series }, options,
            progress: p => env.Trace("Training", $"{p.Phase} member {p.Member + 1}/{p.Members} epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:G5}" +
                (p.ValidationLoss is float v ? $", validation {v:G5}" : "")),
            log: message => env.Info("Training", message));
        return forecaster;
    }
}
