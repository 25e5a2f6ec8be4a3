using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.ML.Lstm.Forecasting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

/// <summary>
/// TestData/forecaster-v1.lstm is a forecaster written by the first version of the format, with the forecasts it gave
/// in TestData/forecaster-v1.expected.json. Every later version must still load it and forecast the same.
/// </summary>
/// <remarks>
/// Both files were written by <see cref="Regenerate_ForecasterV1"/>:
/// <c>LSTM_REGENERATE_TESTDATA=1 dotnet test Microsoft.ML.Lstm.Tests -c Release --filter FullyQualifiedName~ModelFileCompatibilityTests.Regenerate_ForecasterV1</c>.
/// Do not regenerate them once the format changes: they are the record of what format 1 was. The forecaster is
/// <see cref="TrainV1"/> (2 series with one feature each, so every section of the payload is present).
/// </remarks>
public class ModelFileCompatibilityTests
{
    private const string FileName = "forecaster-v1.lstm";
    private const string ExpectedName = "forecaster-v1.expected.json";

    /// <summary>Observations appended (to series "a", feature 0.5) before the second stored forecast.</summary>
    private static readonly float[] s_appended = { 31.5f, 29.25f, 27f };

    [Fact]
    public void ForecasterV1_LoadsAndForecastsTheStoredValues()
    {
        LstmForecaster forecaster = LstmForecaster.Load(Path.Combine(AppContext.BaseDirectory, "TestData", FileName));
        Expected expected = JsonSerializer.Deserialize<Expected>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", ExpectedName)))!;

        Assert.Equal(new[] { "a", "b" }, forecaster.SeriesIds);
        Assert.Equal(6, forecaster.Horizon);
        AssertClose(expected.A, forecaster.Forecast(seriesId: "a"));
        AssertClose(expected.B, forecaster.Forecast(seriesId: "b"));
        foreach (float v in s_appended)
            forecaster.Append(v, new[] { 0.5f }, "a");
        AssertClose(expected.AAfterAppend, forecaster.Forecast(seriesId: "a"));
    }

    [Fact]
    public void ForecasterV1_IsWhatTheGeneratorTrains()
    {
        // The weights depend on the machine's vector width, so only what does not is compared: this keeps the
        // documented generator honest without making the test machine-specific.
        LstmForecaster stored = LstmForecaster.Load(Path.Combine(AppContext.BaseDirectory, "TestData", FileName));
        LstmForecaster trained = TrainV1();
        Assert.Equal(trained.SeasonPeriod, stored.SeasonPeriod);
        Assert.Equal(trained.RequiredHistory, stored.RequiredHistory);
        Assert.Equal(Describe(trained.Options), Describe(stored.Options));
        for (int s = 0; s < 2; s++)
        {
            List<float> history = trained.SeriesStates[s].History;
            Assert.Equal(history.Skip(history.Count - trained.RequiredHistory), stored.SeriesStates[s].History);
            Assert.Equal(trained.SeriesStates[s].Preprocessor.Lambda, stored.SeriesStates[s].Preprocessor.Lambda);
        }
        Assert.Equal(trained.Members.Select(m => (m.Window, m.Seed, m.Network.ParameterCount)), stored.Members.Select(m => (m.Window, m.Seed, m.Network.ParameterCount)));
    }

    [RegenerateTestDataFact]
    public void Regenerate_ForecasterV1()
    {
        LstmForecaster forecaster = TrainV1();
        string directory = Path.Combine(SourceDirectory(), "..", "TestData");
        forecaster.Save(Path.Combine(directory, FileName));
        LstmForecaster copy = LstmForecaster.FromBytes(forecaster.ToBytes());
        var expected = new Expected
        {
            Generator = "ModelFileCompatibilityTests.Regenerate_ForecasterV1 (LSTM_REGENERATE_TESTDATA=1)",
            A = Stored.Of(copy.Forecast(seriesId: "a")),
            B = Stored.Of(copy.Forecast(seriesId: "b")),
        };
        foreach (float v in s_appended)
            copy.Append(v, new[] { 0.5f }, "a");
        expected.AAfterAppend = Stored.Of(copy.Forecast(seriesId: "a"));
        File.WriteAllText(Path.Combine(directory, ExpectedName), JsonSerializer.Serialize(expected, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The forecaster of the checked-in file: fixed here, not shared with other tests, so that it cannot drift.</summary>
    internal static LstmForecaster TrainV1()
    {
        SeriesInput Series(string id, int length, float level, float amplitude, int seed)
        {
            var random = new Random(seed);
            float[] feature = Enumerable.Range(0, length).Select(t => (t % 7) / 7f).ToArray();
            float[] values = Enumerable.Range(0, length)
                .Select(t => level + 0.1f * t + amplitude * MathF.Sin(2 * MathF.PI * t / 12) + 3 * feature[t] + (float)(random.NextDouble() - 0.5))
                .ToArray();
            return new SeriesInput(values, new IReadOnlyList<float>[] { feature }, id);
        }
        var options = new LstmForecasterOptions { Horizon = 6, SeasonPeriod = 12, Epochs = 5, Units = 8, EnsembleSize = 2, MaxThreads = 1, Seed = 2026 };
        return LstmForecaster.Train(new[] { Series("a", 90, 20, 5, 1), Series("b", 80, 40, 8, 2) }, options);
    }

    /// <summary>Stored forecasts were computed on one machine; another vector width sums in another order, so values
    /// agree to float rounding, not to the bit (the round-trip tests check bit-identity on one machine).</summary>
    private static void AssertClose(Stored expected, ForecastResult actual)
    {
        AssertClose(expected.Values, actual.Values);
        AssertClose(expected.Lower, actual.LowerBound);
        AssertClose(expected.Upper, actual.UpperBound);
    }

    /// <summary>Each value within 1e-4 relative (1e-4 absolute below 1): float rounding of another summation order.</summary>
    internal static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-4f * Math.Max(1f, Math.Abs(expected[k])),
                $"step {k}: expected {expected[k]:R}, got {actual[k]:R}");
    }

    private static string Describe(LstmForecasterOptions o) =>
        string.Join(";", typeof(LstmForecasterOptions).GetProperties().Select(p => p.GetValue(o) is IEnumerable<int> list && p.GetValue(o) is not string
            ? $"{p.Name}=[{string.Join(",", list)}]"
            : $"{p.Name}={p.GetValue(o)}"));

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public sealed class Expected
    {
        public string Generator { get; set; } = "";
        public Stored A { get; set; } = new();
        public Stored B { get; set; } = new();
        public Stored AAfterAppend { get; set; } = new();
    }

    public sealed class Stored
    {
        public float[] Values { get; set; } = Array.Empty<float>();
        public float[] Lower { get; set; } = Array.Empty<float>();
        public float[] Upper { get; set; } = Array.Empty<float>();

        public static Stored Of(ForecastResult r) => new() { Values = r.Values, Lower = r.LowerBound, Upper = r.UpperBound };
    }
}
