using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>Which columns the inner chain reads and writes.</summary>
/// <param name="DataColumns">The input column, then the feature columns (or the regression features column).</param>
/// <param name="Score">The regression form: one Single output, the score.</param>
/// <param name="Outputs">(user column, contract column) pairs copied out at the end.</param>
internal sealed record LstmChainSpec(IReadOnlyList<string> DataColumns, bool Score, IReadOnlyList<(string Output, string Contract)> Outputs);

/// <summary>
/// The chain of ML.NET's own savable transforms a fitted LSTM estimator is made of (so <c>mlContext.Model.Save</c>
/// writes it and <c>Model.Load</c> reads it back without this library's transformer types):
/// <list type="number">
/// <item>Concatenate the input (and feature) columns into <c>__LstmData</c>: user names in, a fixed contract column out;</item>
/// <item>a CustomMapping (contract <c>Microsoft.ML.Lstm.ModelKey.v1</c>) writes the constant key <c>__LstmModelKey</c>;</item>
/// <item>a ValueMapping looks the key up in a one-row table whose value is the model blob (<see cref="LstmModelBlob"/>)
/// into the text column <c>__LstmModel</c>: the trained model travels inside the saved ValueMapping;</item>
/// <item>a StatefulCustomMapping (contract <c>Microsoft.ML.Lstm.Forecast.v1</c>, or <c>Score.v1</c>) decodes the blob
/// once per cursor or prediction engine and forecasts every row;</item>
/// <item>CopyColumns to the user's output names, then DropColumns of the internal columns.</item>
/// </list>
/// </summary>
internal static class LstmChain
{
    /// <summary>A row of the ValueMapping's lookup table.</summary>
    private sealed class LookupRow
    {
        [ColumnName(LstmColumns.LookupKey)]
        public float Key;

        [ColumnName(LstmColumns.LookupValue)]
        public string Model = "";
    }

    /// <summary>A row of the concatenated data column (for reading the training data).</summary>
    internal sealed class DataRow
    {
        [ColumnName(LstmColumns.Data)]
        public float[] Data = Array.Empty<float>();
    }

    /// <summary>A row of the model column (for reading a blob out of a loaded model).</summary>
    private sealed class BlobRow
    {
        [ColumnName(LstmColumns.Model)]
        public string Model = "";
    }

    /// <summary>A row with no column the chain reads (to run the key and lookup steps alone).</summary>
    private sealed class EmptyRow
    {
        public float Unused = 0f;
    }

    /// <summary>The estimator chain for <paramref name="spec"/> with <paramref name="blobText"/> in its lookup table
    /// (any text for schema propagation).</summary>
    /// <param name="mlContext">Used for ML.NET's catalogs only (the user's context is not reachable from a catalog).</param>
    /// <param name="spec">The columns read and written.</param>
    /// <param name="blobText">The model blob (<see cref="LstmModelBlob.ToText"/>).</param>
    public static EstimatorChain<ITransformer> Build(MLContext mlContext, LstmChainSpec spec, string blobText)
    {
        var chain = new EstimatorChain<ITransformer>();
        chain = Add(chain, mlContext.Transforms.Concatenate(LstmColumns.Data, spec.DataColumns.ToArray()));
        chain = Add(chain, KeyStep(mlContext));
        chain = Add(chain, LookupStep(mlContext, blobText));
        chain = spec.Score
            ? Add(chain, mlContext.Transforms.StatefulCustomMapping<LstmMappingSource, LstmScoreRow, LstmMappingState>(
                LstmMappings.MapScore, LstmMappings.InitState, LstmContracts.Score))
            : Add(chain, mlContext.Transforms.StatefulCustomMapping<LstmMappingSource, LstmForecastRow, LstmMappingState>(
                LstmMappings.MapForecast, LstmMappings.InitState, LstmContracts.Forecast));
        foreach ((string output, string contract) in spec.Outputs)
            chain = Add(chain, mlContext.Transforms.CopyColumns(output, contract));
        string[] produced = spec.Score
            ? new[] { LstmColumns.Data, LstmColumns.ModelKey, LstmColumns.Model, LstmColumns.Score }
            : new[] { LstmColumns.Data, LstmColumns.ModelKey, LstmColumns.Model, LstmColumns.Forecast, LstmColumns.LowerBound, LstmColumns.UpperBound };
        return Add(chain, mlContext.Transforms.DropColumns(produced));
    }

    private static EstimatorChain<ITransformer> Add(EstimatorChain<ITransformer> chain, IEstimator<ITransformer> next) => chain.Append(next);

    /// <summary>The training rows: the data column of every row, in order.</summary>
    public static List<float[]> ReadData(MLContext mlContext, IDataView input, IReadOnlyList<string> dataColumns)
    {
        ITransformer concatenate = mlContext.Transforms.Concatenate(LstmColumns.Data, dataColumns.ToArray()).Fit(input);
        IDataView data = concatenate.Transform(input);
        return mlContext.Data.CreateEnumerable<DataRow>(data, reuseRowObject: false, ignoreMissingColumns: true).Select(r => r.Data).ToList();
    }

    /// <summary>The model blobs of every LSTM part of <paramref name="model"/> (ours, or a chain loaded with
    /// <c>Model.Load</c>), each with the path to its lookup step.</summary>
    public static List<(string Blob, int[] Path)> FindBlobs(MLContext mlContext, ITransformer model)
    {
        var found = new List<(string, int[])>();
        Walk(model, new List<int>(), (key, lookup, path) =>
        {
            IDataView one = mlContext.Data.LoadFromEnumerable(new[] { new EmptyRow() });
            IDataView looked = lookup.Transform(key.Transform(one));
            string blob = mlContext.Data.CreateEnumerable<BlobRow>(looked, reuseRowObject: false, ignoreMissingColumns: true).Single().Model;
            found.Add((blob, path));
        });
        return found;
    }

    /// <summary><paramref name="model"/> with the blob of the LSTM part at <paramref name="path"/> replaced (a new
    /// chain; the other transformers are shared, and chain scopes become Everything).</summary>
    public static ITransformer ReplaceBlob(MLContext mlContext, ITransformer model, int[] path, string blobText)
    {
        IDataView keyed = mlContext.Data.LoadFromEnumerable(new[] { new LstmModelKeyRow { ModelKey = LstmColumns.ModelKeyValue } });
        ITransformer lookup = LookupStep(mlContext, blobText).Fit(keyed);
        return Replace(model, path, 0, lookup);
    }

    private static ITransformer Replace(ITransformer model, int[] path, int depth, ITransformer lookup)
    {
        if (model is LstmForecastingTransformer forecasting)
            return forecasting.WithModel(Replace(forecasting.Model, path, depth, lookup));
        if (model is LstmRegressionTransformer regression)
            return regression.WithModel(Replace(regression.InnerModel, path, depth, lookup));
        ITransformer[] parts = ((IEnumerable<ITransformer>)model).ToArray();
        int i = path[depth];
        parts[i] = depth == path.Length - 1 ? lookup : Replace(parts[i], path, depth + 1, lookup);
        return new TransformerChain<ITransformer>(parts);
    }

    private static void Walk(ITransformer model, List<int> path, Action<ITransformer, ITransformer, int[]> visit)
    {
        if (model is LstmForecastingTransformer forecasting)
        {
            Walk(forecasting.Model, path, visit);
            return;
        }
        if (model is LstmRegressionTransformer regression)
        {
            Walk(regression.InnerModel, path, visit);
            return;
        }
        if (model is not IEnumerable<ITransformer> chain)
            return;
        ITransformer[] parts = chain.ToArray();
        for (int i = 0; i < parts.Length; i++)
        {
            path.Add(i);
            if (i > 0 && parts[i] is ValueMappingTransformer && parts[i - 1] is CustomMappingTransformer<LstmModelKeySource, LstmModelKeyRow>)
                visit(parts[i - 1], parts[i], path.ToArray());
            else
                Walk(parts[i], path, visit);
            path.RemoveAt(path.Count - 1);
        }
    }

    private static CustomMappingEstimator<LstmModelKeySource, LstmModelKeyRow> KeyStep(MLContext mlContext) =>
        mlContext.Transforms.CustomMapping<LstmModelKeySource, LstmModelKeyRow>(LstmMappings.MapModelKey, LstmContracts.ModelKey);

    private static ValueMappingEstimator LookupStep(MLContext mlContext, string blobText)
    {
        IDataView table = mlContext.Data.LoadFromEnumerable(new[] { new LookupRow { Key = LstmColumns.ModelKeyValue, Model = blobText } });
        return mlContext.Transforms.Conversion.MapValue(LstmColumns.Model, table, table.Schema[LstmColumns.LookupKey],
            table.Schema[LstmColumns.LookupValue], LstmColumns.ModelKey);
    }
}
