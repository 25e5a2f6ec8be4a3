using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Lstm.MLNet;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>A streaming input row.</summary>
public sealed class Observation
{
    public float Value;
}

/// <summary>A streaming input row with one feature column.</summary>
public sealed class ObservationWithFeature
{
    public float Value;
    public float Feature;
}

/// <summary>The forecast columns the tests name.</summary>
public sealed class ForecastOutput
{
    public float[] Forecast = Array.Empty<float>();
    public float[] Lower = Array.Empty<float>();
    public float[] Upper = Array.Empty<float>();
}

/// <summary>A windowed row: two halves of the window, concatenated by the pipeline.</summary>
public sealed class SplitWindowRow
{
    [VectorType(6)]
    public float[] Early = Array.Empty<float>();

    [VectorType(6)]
    public float[] Late = Array.Empty<float>();
}

/// <summary>A windowed row with a declared size.</summary>
public sealed class WindowRow
{
    [VectorType(12)]
    public float[] Window = Array.Empty<float>();
}

/// <summary>A regression row: the window and the value after it.</summary>
public sealed class RegressionRow
{
    [VectorType(12)]
    public float[] Features = Array.Empty<float>();

    public float Label;
}

/// <summary>Scenarios that need ML.NET's runtime, shared by the runtime tests (package mode only).</summary>
internal static class MlNetRuntimeScenarios
{
    /// <summary>Saves a streaming blob (input "Value" and feature "Feature"; outputs Forecast, Lower, Upper) as an ML.NET
    /// model zip: the chain ForecastByLstm's Fit builds, with this blob.</summary>
    public static void SaveStreamingBlobAsZip(string blob, string path)
    {
        var ml = new MLContext(seed: 0);
        var spec = new LstmChainSpec(new[] { "Value", "Feature" }, Score: false,
            new[] { ("Forecast", LstmColumns.Forecast), ("Lower", LstmColumns.LowerBound), ("Upper", LstmColumns.UpperBound) });
        IDataView input = ml.Data.LoadFromEnumerable(new[] { new ObservationWithFeature { Value = 1f } });
        ITransformer chain = LstmChain.Build(ml, spec, blob).Fit(input);
        ml.Model.Save(chain, input.Schema, path);
    }

    /// <summary>Loads a saved streaming model in a new context; the forecast after the training data, then after the
    /// given observations.</summary>
    public static (float[] First, float[] Lower, float[] Upper, float[] AfterAppend) ForecastWithSavedStreamingModel(
        string zip, IReadOnlyList<(float Value, float Feature)> appended)
    {
        var ml = new MLContext();
        ITransformer model = ml.Model.Load(zip, out _);
        var engine = ml.Model.CreatePredictionEngine<ObservationWithFeature, ForecastOutput>(model);
        ForecastOutput first = engine.Predict(new ObservationWithFeature { Value = float.NaN });
        (float[] f, float[] l, float[] u) = (first.Forecast.ToArray(), first.Lower.ToArray(), first.Upper.ToArray());
        ForecastOutput last = first;
        foreach ((float value, float feature) in appended)
            last = engine.Predict(new ObservationWithFeature { Value = value, Feature = feature });
        return (f, l, u, last.Forecast.ToArray());
    }

    /// <summary>The forecasts of every row of <paramref name="data"/>, in order.</summary>
    public static List<ForecastOutput> Forecasts(MLContext ml, ITransformer model, IDataView data) =>
        ml.Data.CreateEnumerable<ForecastOutput>(model.Transform(data), reuseRowObject: false, ignoreMissingColumns: true).ToList();

    /// <summary>Every forecast value's bits, row by row (for bit-identity).</summary>
    public static List<int[]> Bits(IEnumerable<ForecastOutput> rows) =>
        rows.Select(r => MlNetTestData.Bits(r.Forecast.Concat(r.Lower).Concat(r.Upper))).ToList();
}
