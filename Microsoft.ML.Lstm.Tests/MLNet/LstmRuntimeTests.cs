using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML.Data;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.MLNet;
using Microsoft.ML.Runtime;
using Microsoft.ML.Transforms.TimeSeries;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>
/// The ML.NET layer end to end with ML.NET's runtime: compiled in every mode, run in the package modes (skipped, with the
/// reason, in stand-in mode). Training uses the small settings (seconds).
/// </summary>
[Collection(MlNetTestData.Collection)]
public class LstmRuntimeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lstm-mlnet-tests-" + Guid.NewGuid().ToString("N"));

    public LstmRuntimeTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static LstmForecastingEstimator StreamingEstimator(MLContext ml, int? seed = 5) =>
        ml.Forecasting.ForecastByLstm(MlNetTestData.Small(new LstmForecastingEstimator.Options
        {
            OutputColumnName = "Forecast",
            InputColumnName = "Value",
            WindowSize = MlNetTestData.Window,
            Horizon = MlNetTestData.Horizon,
            ConfidenceLowerBoundColumn = "Lower",
            ConfidenceUpperBoundColumn = "Upper",
            Seed = seed,
        }));

    private static IDataView Observations(MLContext ml, IEnumerable<float> values) =>
        ml.Data.LoadFromEnumerable(values.Select(v => new Observation { Value = v }).ToList());

    private static IDataView Training(MLContext ml) => Observations(ml, MlNetTestData.Series(96));

    private static IDataView Following(MLContext ml) => Observations(ml, MlNetTestData.Series(6, seed: 1, start: 96));

    [MlNetRuntimeFact]
    public void Streaming_fit_and_transform_forecast_after_each_following_row()
    {
        var ml = new MLContext(seed: 1);
        LstmForecastingTransformer model = StreamingEstimator(ml).Fit(Training(ml));

        // The same training as the forecaster's own, so the same networks.
        Assert.Equal(MlNetTestData.Fingerprint(MlNetTestData.Streaming), MlNetTestData.Fingerprint(model.GetForecaster()));
        Assert.Equal((LstmInputKind.Streaming, MlNetTestData.Horizon, 12), (model.InputKind, model.Horizon, model.WindowSize));

        LstmForecaster reference = model.GetForecaster();
        List<ForecastOutput> rows = MlNetRuntimeScenarios.Forecasts(ml, model, Following(ml));
        float[] following = MlNetTestData.Series(6, seed: 1, start: 96);
        for (int i = 0; i < rows.Count; i++)
        {
            reference.Append(following[i]);
            ForecastResult expected = reference.Forecast();
            MlNetTestData.AssertBitIdentical(expected.Values, rows[i].Forecast);
            MlNetTestData.AssertBitIdentical(expected.LowerBound, rows[i].Lower);
            MlNetTestData.AssertBitIdentical(expected.UpperBound, rows[i].Upper);
        }
    }

    [MlNetRuntimeFact]
    public void The_output_schema_has_the_forecast_vectors_and_no_internal_columns()
    {
        var ml = new MLContext(seed: 1);
        IDataView training = Training(ml);
        LstmForecastingTransformer model = StreamingEstimator(ml).Fit(training);
        DataViewSchema schema = model.GetOutputSchema(training.Schema);
        foreach (string name in new[] { "Forecast", "Lower", "Upper" })
        {
            var type = Assert.IsType<VectorDataViewType>(schema[name].Type);
            Assert.Equal(NumberDataViewType.Single, type.ItemType);
        }
        Assert.DoesNotContain(schema, c => c.Name.StartsWith("__Lstm", StringComparison.Ordinal));
        Assert.Equal(NumberDataViewType.Single, schema["Value"].Type);

        // The estimator's schema propagation, over a shape made by ML.NET itself.
        SchemaShape input = ShapeOf<Observation>(ml);
        SchemaShape output = StreamingEstimator(ml).GetOutputSchema(input);
        SchemaShape.Column forecast = output.Single(c => c.Name == "Forecast");
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, forecast.Kind);
        Assert.Equal(NumberDataViewType.Single, forecast.ItemType);
        Assert.Contains(output, c => c.Name == "Upper");
        Assert.DoesNotContain(output, c => c.Name.StartsWith("__Lstm", StringComparison.Ordinal));
    }

    /// <summary>A schema shape with TRow's columns (SchemaShape.Create is internal: a CustomMapping without inputs adds
    /// TRow's columns to an empty shape).</summary>
    private static SchemaShape ShapeOf<TRow>(MLContext ml) where TRow : class, new() =>
        ml.Transforms.CustomMapping<LstmModelKeySource, TRow>((_, _) => { }, contractName: null!)
            .GetOutputSchema(new SchemaShape(Enumerable.Empty<SchemaShape.Column>()));

    public sealed class TextRow
    {
        public string Value = "";
    }

    public sealed class ShortWindowRow
    {
        [VectorType(10)]
        public float[] Window = Array.Empty<float>();
    }

    [MlNetRuntimeFact]
    public void Schema_errors_name_the_column_the_expected_type_and_the_found_type()
    {
        var ml = new MLContext(seed: 1);
        // Missing column.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            StreamingEstimator(ml).Fit(ml.Data.LoadFromEnumerable(new[] { new WindowRow() })));
        Assert.Contains("'Value'", e.Message);
        Assert.Contains("found no such column", e.Message);
        // Text column: at Fit and in schema propagation.
        e = Assert.Throws<ArgumentOutOfRangeException>(() => StreamingEstimator(ml).Fit(ml.Data.LoadFromEnumerable(new[] { new TextRow { Value = "112" } })));
        Assert.Contains("'Value'", e.Message);
        Assert.Contains("expected Single", e.Message);
        Assert.Contains("found String", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => StreamingEstimator(ml).GetOutputSchema(ShapeOf<TextRow>(ml)));
        Assert.Contains("found String", e.Message);
        // A vector of the wrong size, at Transform of a windowed model.
        LstmForecastingTransformer windowed = WindowedModel(ml, out _);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => windowed.Transform(ml.Data.LoadFromEnumerable(new[] { new ShortWindowRow { Window = new float[10] } })));
        Assert.Contains("'Window'", e.Message);
        Assert.Contains("Vector<Single, 12>", e.Message);
        Assert.Contains("Vector<Single, 10>", e.Message);
    }

    private static LstmForecastingTransformer WindowedModel(MLContext ml, out IDataView data)
    {
        List<float[]> windows = MlNetTestData.Windows(MlNetTestData.Series(96), 12);
        data = ml.Data.LoadFromEnumerable(windows.Select(w => new WindowRow { Window = w }).ToList());
        return ml.Forecasting.ForecastByLstm(MlNetTestData.Small(new LstmForecastingEstimator.Options
        {
            OutputColumnName = "Forecast", InputColumnName = "Window", WindowSize = 12, Horizon = MlNetTestData.Horizon,
        })).Fit(data);
    }

    [MlNetRuntimeFact]
    public void A_windowed_pipeline_behind_featurizers_undoes_the_per_slot_normalization()
    {
        var ml = new MLContext(seed: 1);
        List<float[]> windows = MlNetTestData.Windows(MlNetTestData.Series(96), 12);
        IDataView data = ml.Data.LoadFromEnumerable(windows.Select(w => new SplitWindowRow { Early = w[..6], Late = w[6..] }).ToList());
        var pipeline = ml.Transforms.Concatenate("Window", "Early", "Late")
            .Append(ml.Transforms.NormalizeMinMax("Window", fixZero: false))
            .Append(ml.Forecasting.ForecastByLstm(MlNetTestData.Small(new LstmForecastingEstimator.Options
            {
                OutputColumnName = "Forecast", InputColumnName = "Window", Horizon = MlNetTestData.Horizon,
                ConfidenceLowerBoundColumn = "Lower", ConfidenceUpperBoundColumn = "Upper",
            })));
        TransformerChain<LstmForecastingTransformer> model = pipeline.Fit(data);
        LstmForecastingTransformer lstm = model.LastTransformer;
        Assert.Equal((LstmInputKind.Windowed, 12), (lstm.InputKind, lstm.WindowSize));
        Assert.Contains(lstm.Blob.SlotScale, a => Math.Abs(a - 1f) > 1e-3); // the normalizer was seen and undone

        IDataView scored = model.Transform(data);
        var rows = ml.Data.CreateEnumerable<NormalizedForecast>(scored, reuseRowObject: false).ToList();
        LstmForecaster reference = lstm.GetForecaster();
        LstmModelBlob blob = lstm.Blob;
        foreach (int r in new[] { 0, 40, rows.Count - 1 })
        {
            float[] modelUnits = rows[r].Window.Select((y, s) => TrainingSeries.ToModel(y, blob.SlotScale[s], blob.SlotOffset[s])).ToArray();
            MlNetTestData.AssertBitIdentical(reference.ForecastAfter(modelUnits).Values, rows[r].Forecast);
            // Model units are the newest slot's normalized units: the same scale as the row's newest value.
            Assert.Equal(rows[r].Window[11], modelUnits[11], 5);
        }
    }

    public sealed class NormalizedForecast
    {
        public float[] Window = Array.Empty<float>();
        public float[] Forecast = Array.Empty<float>();
    }

    [MlNetRuntimeFact]
    public void Save_and_load_in_a_new_context_gives_an_ML_NET_chain_that_forecasts_bit_for_bit()
    {
        var ml = new MLContext(seed: 1);
        IDataView training = Training(ml);
        var pipeline = ml.Transforms.CopyColumns("Value", "Value").Append(StreamingEstimator(ml));
        TransformerChain<LstmForecastingTransformer> model = pipeline.Fit(training);
        List<int[]> before = MlNetRuntimeScenarios.Bits(MlNetRuntimeScenarios.Forecasts(ml, model, Following(ml)));

        string path = Path.Combine(_directory, "model.zip");
        ml.Model.Save(model, training.Schema, path);

        var other = new MLContext();
        ITransformer loaded = other.Model.Load(path, out DataViewSchema inputSchema);
        Assert.IsType<TransformerChain<ITransformer>>(loaded);
        Assert.Equal(NumberDataViewType.Single, inputSchema["Value"].Type);
        Assert.Equal(1, LstmForecastingModel.Count(other, loaded));
        List<int[]> after = MlNetRuntimeScenarios.Bits(MlNetRuntimeScenarios.Forecasts(other, loaded, Following(other)));
        Assert.Equal(before, after);
        Assert.Equal(model.LastTransformer.GetForecaster().ToBytes(), LstmForecastingModel.GetForecaster(other, loaded).ToBytes());
    }

    [MlNetRuntimeFact]
    public void A_saved_model_forecasts_the_same_in_a_child_process()
    {
        var ml = new MLContext(seed: 1);
        IDataView training = Training(ml);
        LstmForecastingTransformer model = StreamingEstimator(ml).Fit(training);
        string path = Path.Combine(_directory, "child.zip");
        ml.Model.Save(model, training.Schema, path);
        float[] following = MlNetTestData.Series(3, seed: 1, start: 96);

        var engine = ml.Model.CreatePredictionEngine<Observation, ForecastOutput>(model);
        var expected = new List<string> { Hex(engine.Predict(new Observation { Value = float.NaN }).Forecast) };
        expected.AddRange(following.Select(v => Hex(engine.Predict(new Observation { Value = v }).Forecast)));

        string[] lines = SampleProcess.Run("predict", path, string.Join(",", following.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(expected, lines.Where(l => l.StartsWith("forecast ", StringComparison.Ordinal)).Select(l => l["forecast ".Length..]).ToList());
    }

    private static string Hex(float[] values) => string.Join(" ", values.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8")));

    [MlNetRuntimeFact]
    public void A_prediction_engine_keeps_the_rolling_window_across_calls()
    {
        var ml = new MLContext(seed: 1);
        LstmForecastingTransformer model = StreamingEstimator(ml).Fit(Training(ml));
        var engine = ml.Model.CreatePredictionEngine<Observation, ForecastOutput>(model);
        LstmForecaster reference = model.GetForecaster();
        MlNetTestData.AssertBitIdentical(reference.Forecast().Values, engine.Predict(new Observation { Value = float.NaN }).Forecast);
        foreach (float v in MlNetTestData.Series(4, seed: 1, start: 96))
        {
            reference.Append(v);
            MlNetTestData.AssertBitIdentical(reference.Forecast().Values, engine.Predict(new Observation { Value = v }).Forecast);
        }
        // A second engine starts again from the training tail.
        var fresh = ml.Model.CreatePredictionEngine<Observation, ForecastOutput>(model);
        MlNetTestData.AssertBitIdentical(model.GetForecaster().Forecast().Values, fresh.Predict(new Observation { Value = float.NaN }).Forecast);
    }

    [MlNetTimeSeriesFact]
    public void A_time_series_engine_appends_and_AppendObservations_keeps_its_window_in_a_saved_model()
    {
        var ml = new MLContext(seed: 1);
        IDataView training = Training(ml);
        LstmForecastingTransformer model = StreamingEstimator(ml).Fit(training);
        TimeSeriesPredictionEngine<Observation, ForecastOutput> engine = model.CreateTimeSeriesEngine<Observation, ForecastOutput>(ml);
        float[] seen = MlNetTestData.Series(3, seed: 1, start: 96);

        ForecastOutput first = engine.Predict(new Observation { Value = float.NaN });
        MlNetTestData.AssertBitIdentical(model.GetForecaster().Forecast().Values, first.Forecast);
        ForecastOutput last = first;
        foreach (float v in seen)
            last = engine.Predict(new Observation { Value = v });
        // ML.NET does not re-run a custom mapping without a new example: Predict() repeats the last output.
        MlNetTestData.AssertBitIdentical(last.Forecast, engine.Predict().Forecast);
        ForecastOutput now = engine.Predict(new Observation { Value = float.NaN });
        MlNetTestData.AssertBitIdentical(last.Forecast, now.Forecast);

        // CheckPoint would save the training-time window; AppendObservations saves the engine's.
        string path = Path.Combine(_directory, "updated.zip");
        ml.Model.Save(model.AppendObservations(seen), training.Schema, path);
        var other = new MLContext();
        ITransformer loaded = other.Model.Load(path, out _);
        var resumed = loaded.CreateTimeSeriesEngine<Observation, ForecastOutput>(other);
        MlNetTestData.AssertBitIdentical(now.Forecast, resumed.Predict(new Observation { Value = float.NaN }).Forecast);

        // The same through a loaded model (a plain TransformerChain).
        ITransformer original = other.Model.Load(SaveTo(ml, model, training, "original.zip"), out _);
        ITransformer updated = LstmForecastingModel.AppendObservations(other, original, seen);
        var again = other.Model.CreatePredictionEngine<Observation, ForecastOutput>(updated);
        MlNetTestData.AssertBitIdentical(now.Forecast, again.Predict(new Observation { Value = float.NaN }).Forecast);
    }

    private string SaveTo(MLContext ml, ITransformer model, IDataView data, string name)
    {
        string path = Path.Combine(_directory, name);
        ml.Model.Save(model, data.Schema, path);
        return path;
    }

    [MlNetRuntimeFact]
    public void Two_threads_transforming_with_one_transformer_get_the_single_threaded_results()
    {
        var ml = new MLContext(seed: 1);
        LstmForecastingTransformer model = StreamingEstimator(ml).Fit(Training(ml));
        IDataView following = Observations(ml, MlNetTestData.Series(40, seed: 1, start: 96));
        List<int[]> alone = MlNetRuntimeScenarios.Bits(MlNetRuntimeScenarios.Forecasts(ml, model, following));
        List<int[]>[] together = Task.WhenAll(
            Task.Run(() => MlNetRuntimeScenarios.Bits(MlNetRuntimeScenarios.Forecasts(ml, model, following))),
            Task.Run(() => MlNetRuntimeScenarios.Bits(MlNetRuntimeScenarios.Forecasts(ml, model, following)))).GetAwaiter().GetResult();
        Assert.Equal(alone, together[0]);
        Assert.Equal(alone, together[1]);
    }

    [MlNetRuntimeFact]
    public void The_regression_trainer_scores_in_label_units_and_saves()
    {
        var ml = new MLContext(seed: 1);
        float[] series = MlNetTestData.Series(97);
        List<float[]> windows = MlNetTestData.Windows(series, 12)[..^1];
        IDataView data = ml.Data.LoadFromEnumerable(windows.Select((w, r) => new RegressionRow { Features = w, Label = series[r + 12] }).ToList());
        var pipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.Regression.Trainers.Lstm(MlNetTestData.Small(new LstmRegressionTrainer.Options())));
        TransformerChain<LstmRegressionTransformer> model = pipeline.Fit(data);
        LstmRegressionTransformer lstm = model.LastTransformer;
        Assert.Equal("Features", lstm.FeatureColumnName);
        Assert.Equal(1, lstm.Model.Horizon);

        IDataView scored = model.Transform(data);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Score"].Type);
        float[] scores = Scores(ml, scored);
        // Score r forecasts series[r + 12] from raw window r: in the label's units.
        float[] expected = windows.Select(w => lstm.Model.ForecastAfter(w).Values[0]).ToArray();
        for (int r = 0; r < scores.Length; r++)
            Assert.Equal(expected[r], scores[r], 2);

        string path = SaveTo(ml, model, data, "regression.zip");
        ITransformer loaded = new MLContext().Model.Load(path, out _);
        Assert.Equal(MlNetTestData.Bits(scores), MlNetTestData.Bits(Scores(ml, loaded.Transform(data))));
    }

    public sealed class ScoreRow
    {
        public float Score;
    }

    private static float[] Scores(MLContext ml, IDataView scored) =>
        ml.Data.CreateEnumerable<ScoreRow>(scored, reuseRowObject: false, ignoreMissingColumns: true).Select(r => r.Score).ToArray();
}

/// <summary>Runs the ML.NET sample (samples/Microsoft.ML.Lstm.MLNet) in a child process.</summary>
internal static class SampleProcess
{
    public static string[] Run(params string[] args)
    {
        string root = MlNetModeTests.RepositoryRoot() ?? throw new InvalidOperationException("The repository root (Lstm.MLNet.sln) was not found above the test binaries.");
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        string project = Path.Combine(root, "samples", "Microsoft.ML.Lstm.MLNet");
        string dll = Path.Combine(project, "bin", configuration, "net10.0", "Microsoft.ML.Lstm.MLNet.dll");
        if (!File.Exists(dll))
            Execute("dotnet", $"build \"{project}\" -c {configuration} -nologo -v q", root);
        return Execute("dotnet", $"\"{dll}\" " + string.Join(" ", args.Select(a => $"\"{a}\"")), root)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string Execute(string file, string arguments, string directory)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in 5 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
    }
}
