using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>
/// The fitted <see cref="LstmForecastingEstimator"/>: forecasts the next <see cref="Horizon"/> steps (and the confidence
/// bounds) for every row.
/// </summary>
/// <remarks>
/// <para>
/// It is a thin wrapper of <see cref="Model"/>, a <see cref="TransformerChain{TLastTransformer}"/> of ML.NET's own
/// savable transforms (Concatenate, a CustomMapping writing a constant key, a ValueMapping whose one value is the trained
/// model as versioned text, a StatefulCustomMapping that decodes it once per cursor or prediction engine and forecasts,
/// CopyColumns to your column names, DropColumns of the internal columns). Transform, GetOutputSchema and
/// GetRowToRowMapper delegate to it (after checking the input columns, with errors that name them), and saving writes
/// it: <c>mlContext.Model.Load</c> returns that <see cref="TransformerChain{TLastTransformer}"/>, not this type, and it
/// behaves identically (bit for bit) in any <see cref="MLContext"/> and any process that has this library (the model
/// records the library's assembly name, version 1.0.0.0 for the whole 1.x line). Use <see cref="LstmForecastingModel"/>
/// to inspect or update a loaded model.
/// </para>
/// <para>
/// Transform is safe to call from several threads at once: every cursor decodes its own forecaster.
/// </para>
/// </remarks>
public sealed class LstmForecastingTransformer : ITransformer
{
    private readonly LstmModelBlob _blob;
    private readonly LstmForecastingEstimator.Options _options;

    internal LstmForecastingTransformer(ITransformer model, LstmModelBlob blob, LstmForecastingEstimator.Options options)
    {
        Model = model;
        _blob = blob;
        _options = options;
    }

    /// <summary>The ML.NET chain this transformer is (what is saved, and what <c>Model.Load</c> returns).</summary>
    public ITransformer Model { get; }

    /// <summary>The model blob (for tests and the helpers).</summary>
    internal LstmModelBlob Blob => _blob;

    /// <summary>Streaming or windowed.</summary>
    public LstmInputKind InputKind => _blob.Kind;

    /// <summary>Steps forecast for every row: the length of the forecast and bound vectors.</summary>
    public int Horizon => _options.Horizon;

    /// <summary>Past steps the forecaster reads (chosen at training in streaming mode when the window size was 0).</summary>
    public int WindowSize => _blob.Window;

    /// <summary>The probability the bounds were calibrated for.</summary>
    public float ConfidenceLevel => _options.ConfidenceLevel;

    /// <summary>The forecast column.</summary>
    public string OutputColumnName => _options.OutputColumnName;

    /// <summary>The series column.</summary>
    public string InputColumnName => _options.InputColumnName;

    /// <summary>The lower bound column, or null.</summary>
    public string? ConfidenceLowerBoundColumn => _options.ConfidenceLowerBoundColumn;

    /// <summary>The upper bound column, or null.</summary>
    public string? ConfidenceUpperBoundColumn => _options.ConfidenceUpperBoundColumn;

    /// <summary>The feature columns (empty for none).</summary>
    public IReadOnlyList<string> FeatureColumnNames => _options.Features;

    /// <summary>Always true: a row-to-row mapper (prediction engines work).</summary>
    public bool IsRowToRowMapper => Model.IsRowToRowMapper;

    /// <summary>A new copy of the trained forecaster, decoded from the model (with the training tail as its window in
    /// streaming mode): use it directly, for example to forecast a different horizon with the same networks.</summary>
    public LstmForecaster GetForecaster() => _blob.CreateForecaster();

    /// <summary>
    /// This model with <paramref name="observations"/> appended to its rolling window (streaming only; no retraining):
    /// the new transformer's first forecast, and the first forecast of every cursor or prediction engine of it, starts
    /// after them. Save it with <c>mlContext.Model.Save</c> to keep the window: ML.NET's
    /// <c>TimeSeriesPredictionEngine.CheckPoint</c> does not save a custom mapping's state, so this is how the
    /// observations a time-series engine has seen are kept (pass the same observations the engine was given).
    /// </summary>
    /// <param name="observations">New observations, oldest first (finite).</param>
    /// <param name="features">Per observation, the values of the feature columns (required when the model has feature
    /// columns).</param>
    public LstmForecastingTransformer AppendObservations(IEnumerable<float> observations, IEnumerable<IReadOnlyList<float>>? features = null)
    {
        string text = AppendToBlob(_blob, observations, features);
        var mlContext = new MLContext(seed: 0);
        int[] path = LstmChain.FindBlobs(mlContext, Model).Single().Path;
        return WithModel(LstmChain.ReplaceBlob(mlContext, Model, path, text), LstmModelBlob.Parse(text));
    }

    /// <summary>The output schema: the input's plus the forecast (and bound) columns.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        Check(inputSchema);
        return Model.GetOutputSchema(inputSchema);
    }

    /// <summary>Forecasts for every row (lazily, like every ML.NET transform).</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Check(input.Schema);
        return Model.Transform(input);
    }

    /// <summary>The row-to-row mapper of <see cref="Model"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        Check(inputSchema);
        return Model.GetRowToRowMapper(inputSchema);
    }

    /// <summary>Saves <see cref="Model"/> (ML.NET's own transforms): it loads back as that chain.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => Model.Save(ctx);

    internal LstmForecastingTransformer WithModel(ITransformer model) => new(model, _blob, _options);

    private LstmForecastingTransformer WithModel(ITransformer model, LstmModelBlob blob) => new(model, blob, _options);

    private void Check(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        LstmLayout layout = LstmForecastingEstimator.Resolve(_options, schema);
        if (layout.Kind != _blob.Kind)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for input column '{InputColumnName}': the model was trained on {_blob.Kind.ToString().ToLowerInvariant()} input, the data is {layout.Kind.ToString().ToLowerInvariant()}.");
        if (layout.Kind == LstmInputKind.Windowed && layout.Window != _blob.Window)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Schema mismatch for input column '{InputColumnName}': expected Vector<Single, {_blob.Window}>, found Vector<Single, {layout.Window}>.");
    }

    /// <summary>The blob text of <paramref name="blob"/> with the observations appended to its forecaster's window.</summary>
    internal static string AppendToBlob(LstmModelBlob blob, IEnumerable<float> observations, IEnumerable<IReadOnlyList<float>>? features)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (blob.Kind != LstmInputKind.Streaming)
            throw new InvalidOperationException("Only a streaming model keeps a window of observations; a windowed model reads each row's window and has no state to update.");
        LstmForecaster forecaster = blob.CreateForecaster();
        using IEnumerator<IReadOnlyList<float>>? f = features?.GetEnumerator();
        int i = 0;
        foreach (float value in observations)
        {
            IReadOnlyList<float>? row = null;
            if (f != null)
            {
                if (!f.MoveNext())
                    throw new ArgumentException($"There are fewer feature rows than observations (none for observation {i}).", nameof(features));
                row = f.Current;
            }
            forecaster.Append(value, row);
            i++;
        }
        if (f != null && f.MoveNext())
            throw new ArgumentException($"There are more feature rows than the {i} observations.", nameof(features));
        return new LstmModelBlob(blob.Kind, blob.Window, blob.Channels, blob.SlotScale, blob.SlotOffset, ForecasterCodec.ToBytes(forecaster)).ToText();
    }
}
