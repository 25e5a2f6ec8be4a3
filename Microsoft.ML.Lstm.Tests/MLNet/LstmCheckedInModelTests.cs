using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.MLNet;
using Microsoft.ML.Lstm.Tests.Forecasting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>
/// Models written by the first version of the ML.NET layer, checked in under TestData/MLNet: every later version must
/// read them and forecast the same.
/// <list type="bullet">
/// <item><c>lstm-streaming-v1.blob.txt</c>, <c>lstm-windowed-v1.blob.txt</c>: the model blobs (the text a saved ML.NET
/// model carries as its ValueMapping value: <c>Microsoft.ML.Lstm.Model/1:</c> + base64), with the forecasts they gave
/// in <c>lstm-v1.expected.json</c>. Written by <see cref="Regenerate_BlobsV1"/>, which needs no ML.NET runtime.</item>
/// <item><c>lstm-streaming-v1.zip</c>: the streaming blob inside a model saved by <c>mlContext.Model.Save</c>. Writing
/// it needs ML.NET's runtime: <see cref="Regenerate_ModelZipV1"/> writes it in package mode; until a package-mode run
/// has checked it in, <see cref="ModelZipV1_loads_and_forecasts_the_stored_values"/> builds the same zip from the
/// checked-in blob in a temporary file and loads that.</item>
/// </list>
/// Regenerate (only while format 1 is the current format):
/// <c>LSTM_REGENERATE_TESTDATA=1 dotnet test Microsoft.ML.Lstm.Tests -c Release --filter "FullyQualifiedName~LstmCheckedInModelTests.Regenerate"</c>.
/// </summary>
[Collection(MlNetTestData.Collection)]
public class LstmCheckedInModelTests
{
    internal const string StreamingBlobFile = "lstm-streaming-v1.blob.txt";
    internal const string WindowedBlobFile = "lstm-windowed-v1.blob.txt";
    internal const string ExpectedFile = "lstm-v1.expected.json";
    internal const string ZipFile = "lstm-streaming-v1.zip";

    /// <summary>Observations (value, feature) appended to the streaming model before its second stored forecast.</summary>
    internal static readonly (float Value, float Feature)[] Appended = { (31.5f, 0.25f), (29.25f, 0.5f), (27f, 0.75f) };

    internal static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "MLNet", name);

    internal static Expected ReadExpected() => JsonSerializer.Deserialize<Expected>(File.ReadAllText(TestData(ExpectedFile)))!;

    [Fact]
    public void StreamingBlobV1_decodes_and_forecasts_the_stored_values()
    {
        Expected expected = ReadExpected();
        LstmModelBlob blob = LstmModelBlob.Parse(File.ReadAllText(TestData(StreamingBlobFile)).Trim().AsSpan());
        Assert.Equal((LstmInputKind.Streaming, 2), (blob.Kind, blob.Channels));
        var state = new LstmMappingState();
        ReadOnlyMemory<char> model = blob.ToText().AsMemory();

        AssertClose(expected.StreamingFirst, Map(state, model, float.NaN, 0f));
        LstmForecastRow last = new();
        foreach ((float value, float feature) in Appended)
            last = Map(state, model, value, feature);
        AssertClose(expected.StreamingAfterAppend, last);
    }

    [Fact]
    public void WindowedBlobV1_decodes_and_forecasts_the_stored_values()
    {
        Expected expected = ReadExpected();
        LstmModelBlob blob = LstmModelBlob.Parse(File.ReadAllText(TestData(WindowedBlobFile)).Trim().AsSpan());
        Assert.Equal((LstmInputKind.Windowed, 12, 1), (blob.Kind, blob.Window, blob.Channels));
        Assert.Contains(blob.SlotScale, a => a != 1f); // the per-slot maps section is present
        var state = new LstmMappingState();
        for (int i = 0; i < expected.WindowedInputs.Length; i++)
            AssertClose(expected.WindowedForecasts[i], Map(state, blob.ToText().AsMemory(), expected.WindowedInputs[i]));
    }

    [RegenerateTestDataFact]
    public void Regenerate_BlobsV1()
    {
        string directory = Path.Combine(SourceDirectory(), "..", "TestData", "MLNet");
        Directory.CreateDirectory(directory);
        var expected = new Expected { Generator = "LstmCheckedInModelTests.Regenerate_BlobsV1 (LSTM_REGENERATE_TESTDATA=1)" };

        // Streaming, one feature column: what ForecastByLstm("Forecast", "Value", windowSize: 12, horizon: 4,
        // featureColumnNames: new[] { "Feature" }, seed: 2026, small settings) trains.
        float[] values = MlNetTestData.Series(96, seed: 11);
        float[] feature = Enumerable.Range(0, 96).Select(t => (t % 4) / 4f).ToArray();
        for (int t = 0; t < 96; t++)
            values[t] += 2 * feature[t];
        LstmForecaster streaming = LstmForecaster.Train(new[] { new SeriesInput(values, new IReadOnlyList<float>[] { feature }) }, Options());
        LstmModelBlob streamingBlob = MlNetTestData.StreamingBlob(streaming);
        File.WriteAllText(Path.Combine(directory, StreamingBlobFile), streamingBlob.ToText() + "\n");
        var state = new LstmMappingState();
        expected.StreamingFirst = Stored.Of(Map(state, streamingBlob.ToText().AsMemory(), float.NaN, 0f));
        LstmForecastRow last = new();
        foreach ((float value, float f) in Appended)
            last = Map(state, streamingBlob.ToText().AsMemory(), value, f);
        expected.StreamingAfterAppend = Stored.Of(last);

        // Windowed, behind a per-slot min-max featurizer (as NormalizeMinMax on the window column would be).
        float[] series = MlNetTestData.Series(90, seed: 12);
        List<float[]> windows = MlNetTestData.Windows(series, 12);
        float[] min = Enumerable.Range(0, 12).Select(s => windows.Min(w => w[s])).ToArray();
        float[] max = Enumerable.Range(0, 12).Select(s => windows.Max(w => w[s])).ToArray();
        List<float[]> featurized = windows.Select(w => w.Select((v, s) => (v - min[s]) / (max[s] - min[s])).ToArray()).ToList();
        WindowedSeries training = TrainingSeries.FromWindows(featurized, 12, 1, null, "Window");
        LstmForecaster windowed = LstmForecaster.Train(new[] { training.Series }, Options());
        var windowedBlob = new LstmModelBlob(LstmInputKind.Windowed, 12, 1, training.SlotScale, training.SlotOffset, windowed.ToBytes());
        File.WriteAllText(Path.Combine(directory, WindowedBlobFile), windowedBlob.ToText() + "\n");
        expected.WindowedInputs = new[] { featurized[^1], featurized[40] };
        var windowedState = new LstmMappingState();
        expected.WindowedForecasts = expected.WindowedInputs.Select(w => Stored.Of(Map(windowedState, windowedBlob.ToText().AsMemory(), w))).ToArray();

        File.WriteAllText(Path.Combine(directory, ExpectedFile), JsonSerializer.Serialize(expected, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Writes lstm-streaming-v1.zip: the checked-in streaming blob saved by ML.NET (package mode only).</summary>
    [MlNetRegenerateFact]
    public void Regenerate_ModelZipV1()
    {
        string path = Path.Combine(SourceDirectory(), "..", "TestData", "MLNet", ZipFile);
        MlNetRuntimeScenarios.SaveStreamingBlobAsZip(File.ReadAllText(TestData(StreamingBlobFile)).Trim(), path);
    }

    /// <summary>The checked-in zip (or, until one is checked in, the same zip built from the checked-in blob) loads in a
    /// new context and forecasts the stored values through ML.NET.</summary>
    [MlNetRuntimeFact]
    public void ModelZipV1_loads_and_forecasts_the_stored_values()
    {
        string zip = TestData(ZipFile);
        if (!File.Exists(zip))
        {
            zip = Path.Combine(Path.GetTempPath(), $"lstm-v1-{Guid.NewGuid():N}.zip");
            MlNetRuntimeScenarios.SaveStreamingBlobAsZip(File.ReadAllText(TestData(StreamingBlobFile)).Trim(), zip);
        }
        Expected expected = ReadExpected();
        (float[] First, float[] Lower, float[] Upper, float[] AfterAppend) got = MlNetRuntimeScenarios.ForecastWithSavedStreamingModel(zip, Appended);
        AssertClose(expected.StreamingFirst.Values, got.First);
        AssertClose(expected.StreamingFirst.Lower, got.Lower);
        AssertClose(expected.StreamingFirst.Upper, got.Upper);
        AssertClose(expected.StreamingAfterAppend.Values, got.AfterAppend);
    }

    internal static LstmForecasterOptions Options() => new()
    {
        Horizon = 4, WindowSize = 12, SeasonPeriod = 12, Epochs = 5, Units = 8, EnsembleSize = 2, MaxThreads = 1, Seed = 2026,
    };

    private static LstmForecastRow Map(LstmMappingState state, ReadOnlyMemory<char> model, params float[] data)
    {
        var row = new LstmForecastRow();
        LstmMappings.MapForecast(new LstmMappingSource { Data = data, Model = model }, row, state);
        return row;
    }

    /// <summary>Stored values were computed on one machine; another vector width sums in another order (see
    /// ModelFileCompatibilityTests), so they agree to float rounding.</summary>
    private static void AssertClose(Stored expected, LstmForecastRow actual)
    {
        AssertClose(expected.Values, actual.Forecast);
        AssertClose(expected.Lower, actual.LowerBound);
        AssertClose(expected.Upper, actual.UpperBound);
    }

    private static void AssertClose(float[] expected, float[] actual) => ModelFileCompatibilityTests.AssertClose(expected, actual);

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public sealed class Expected
    {
        public string Generator { get; set; } = "";
        public Stored StreamingFirst { get; set; } = new();
        public Stored StreamingAfterAppend { get; set; } = new();
        public float[][] WindowedInputs { get; set; } = Array.Empty<float[]>();
        public Stored[] WindowedForecasts { get; set; } = Array.Empty<Stored>();
    }

    public sealed class Stored
    {
        public float[] Values { get; set; } = Array.Empty<float>();
        public float[] Lower { get; set; } = Array.Empty<float>();
        public float[] Upper { get; set; } = Array.Empty<float>();

        public static Stored Of(LstmForecastRow r) => new() { Values = r.Forecast.ToArray(), Lower = r.LowerBound.ToArray(), Upper = r.UpperBound.ToArray() };
    }
}
