using System;
using System.Collections.Generic;
using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.MLNet;

// The rows and the state the saved model's custom mappings read and write: part of the model file format (their
// column names are fixed, see LstmColumns). Public because ML.NET binds them by reflection; not for direct use.

/// <summary>Input of the model-key mapping: no columns (the key is a constant). Saved-model contract; not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LstmModelKeySource
{
}

/// <summary>Output of the model-key mapping: the constant the model blob is looked up by. Saved-model contract.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LstmModelKeyRow
{
    /// <summary>Always 1.</summary>
    [ColumnName(LstmColumns.ModelKey)]
    public float ModelKey;
}

/// <summary>Input of the forecast and score mappings: the data of one row and the model blob. Saved-model contract.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LstmMappingSource
{
    /// <summary>The input column and the feature columns, concatenated (one value each, or one window each).</summary>
    [ColumnName(LstmColumns.Data)]
    public float[] Data = Array.Empty<float>();

    /// <summary>The model blob (<c>Microsoft.ML.Lstm.Model/1:</c> + base64), read without a copy.</summary>
    [ColumnName(LstmColumns.Model)]
    public ReadOnlyMemory<char> Model;
}

/// <summary>Output of the forecast mapping: forecast and bounds, one value per horizon step. Saved-model contract.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LstmForecastRow
{
    /// <summary>The forecast of the next horizon steps.</summary>
    [ColumnName(LstmColumns.Forecast)]
    public float[] Forecast = Array.Empty<float>();

    /// <summary>Lower confidence bound per step.</summary>
    [ColumnName(LstmColumns.LowerBound)]
    public float[] LowerBound = Array.Empty<float>();

    /// <summary>Upper confidence bound per step.</summary>
    [ColumnName(LstmColumns.UpperBound)]
    public float[] UpperBound = Array.Empty<float>();
}

/// <summary>Output of the score mapping (the regression trainer): the next value. Saved-model contract.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LstmScoreRow
{
    /// <summary>The forecast of the value after the row's window.</summary>
    [ColumnName(LstmColumns.Score)]
    public float Score;
}

/// <summary>
/// Per-cursor (per prediction engine) state of the mappings: the forecaster decoded from the blob on the first row, and,
/// for streaming input, the rolling window it appends every observation to. Saved-model contract; not for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LstmMappingState
{
    private LstmModelBlob? _blob;
    private LstmForecaster? _forecaster;
    private float[] _target = Array.Empty<float>();
    private float[][] _features = Array.Empty<float[]>();
    private float[] _observationFeatures = Array.Empty<float>();

    /// <summary>Whether the model has been decoded (after the first row).</summary>
    internal bool IsLoaded => _forecaster != null;

    /// <summary>The decoded forecaster (its window moves with every streaming observation).</summary>
    internal LstmForecaster Forecaster => _forecaster ?? throw new InvalidOperationException("The LSTM model is not decoded yet.");

    internal LstmModelBlob Blob => _blob ?? throw new InvalidOperationException("The LSTM model is not decoded yet.");

    /// <summary>Decodes the blob once; later rows carry the same blob and reuse the forecaster.</summary>
    internal void EnsureLoaded(ReadOnlyMemory<char> model)
    {
        if (_forecaster != null)
            return;
        LstmModelBlob blob = LstmModelBlob.Parse(model.Span);
        LstmForecaster forecaster = blob.CreateForecaster();
        _target = new float[blob.Window];
        _features = new float[blob.Channels - 1][];
        for (int f = 0; f < _features.Length; f++)
            _features[f] = new float[blob.Window];
        _observationFeatures = new float[blob.Channels - 1];
        _blob = blob;
        _forecaster = forecaster;
    }

    /// <summary>
    /// One row: streaming appends the observation (unless it is NaN) and forecasts after it; windowed maps the window to
    /// the model's units and forecasts after it. Null when a windowed row has a missing value (the outputs are NaN).
    /// </summary>
    internal ForecastResult? Step(ReadOnlySpan<float> data)
    {
        LstmModelBlob blob = Blob;
        if (data.Length != blob.DataLength)
            throw new InvalidOperationException(blob.Kind == LstmInputKind.Streaming
                ? $"The LSTM model reads {blob.DataLength} value(s) per row (the observation and {blob.Channels - 1} feature(s)); the row has {data.Length}."
                : $"The LSTM model reads {blob.Channels} window(s) of {blob.Window} values per row; the row has {data.Length} values.");
        LstmForecaster forecaster = Forecaster;
        if (blob.Kind == LstmInputKind.Streaming)
        {
            float value = data[0];
            if (!float.IsNaN(value))
            {
                for (int f = 0; f < _observationFeatures.Length; f++)
                {
                    _observationFeatures[f] = data[1 + f];
                    if (float.IsNaN(_observationFeatures[f]))
                        throw new InvalidOperationException($"The observation {value} comes with a missing (NaN) value of feature {f}: the model cannot append it. " +
                            "Give every feature, or make the observation NaN to forecast without appending.");
                }
                forecaster.Append(value, _observationFeatures.Length == 0 ? null : _observationFeatures);
            }
            return forecaster.Forecast();
        }
        foreach (float v in data)
            if (float.IsNaN(v))
                return null;
        int w = blob.Window;
        for (int t = 0; t < w; t++)
            _target[t] = TrainingSeries.ToModel(data[t], blob.SlotScale[t], blob.SlotOffset[t]);
        for (int f = 0; f < _features.Length; f++)
        {
            int b = (f + 1) * w;
            for (int t = 0; t < w; t++)
                _features[f][t] = TrainingSeries.ToModel(data[b + t], blob.SlotScale[b + t], blob.SlotOffset[b + t]);
        }
        return forecaster.ForecastAfter(_target, _features.Length == 0 ? null : _features);
    }
}

/// <summary>The mapping functions the saved model's custom mappings run (static, in this assembly: ML.NET saves the
/// assembly's name with the contract name and finds the factories in it on load).</summary>
internal static class LstmMappings
{
    /// <summary>The model-key mapping: the constant key.</summary>
    public static void MapModelKey(LstmModelKeySource source, LstmModelKeyRow row) => row.ModelKey = LstmColumns.ModelKeyValue;

    /// <summary>State initialization: nothing; the blob arrives with the first row.</summary>
    public static void InitState(LstmMappingState state)
    {
    }

    /// <summary>The forecast mapping: forecast and bounds for the row.</summary>
    public static void MapForecast(LstmMappingSource source, LstmForecastRow row, LstmMappingState state)
    {
        state.EnsureLoaded(source.Model);
        ForecastResult? result = state.Step(source.Data);
        int h = result?.Values.Length ?? state.Forecaster.Horizon;
        row.Forecast = Fill(row.Forecast, result?.Values, h);
        row.LowerBound = Fill(row.LowerBound, result?.LowerBound, h);
        row.UpperBound = Fill(row.UpperBound, result?.UpperBound, h);
    }

    /// <summary>The score mapping: the first forecast step.</summary>
    public static void MapScore(LstmMappingSource source, LstmScoreRow row, LstmMappingState state)
    {
        state.EnsureLoaded(source.Model);
        if (state.Blob.Kind != LstmInputKind.Windowed)
            throw new InvalidOperationException("The score mapping needs a windowed LSTM model.");
        ForecastResult? result = state.Step(source.Data);
        row.Score = result?.Values[0] ?? float.NaN;
    }

    private static float[] Fill(float[] target, IReadOnlyList<float>? values, int h)
    {
        if (target.Length != h)
            target = new float[h];
        for (int k = 0; k < h; k++)
            target[k] = values?[k] ?? float.NaN;
        return target;
    }
}
