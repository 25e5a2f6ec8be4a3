using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.MLNet;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>Series, small settings and small trained models shared by the ML.NET layer's tests.</summary>
internal static class MlNetTestData
{
    /// <summary>The xunit collection of the tests that use the shared models (run one at a time).</summary>
    public const string Collection = "ML.NET layer shared models";

    public const int Horizon = 4;
    public const int Window = 12;

    /// <summary>level + trend + a sine of period 12 + seeded noise: positive, seasonal.</summary>
    public static float[] Series(int length, int seed = 1, int start = 0)
    {
        var random = new Random(seed);
        var all = Enumerable.Range(0, start + length)
            .Select(t => 20 + 0.05f * t + 4 * MathF.Sin(2 * MathF.PI * t / 12) + 0.3f * (float)(random.NextDouble() - 0.5))
            .ToArray();
        return all[start..];
    }

    /// <summary>A feature column (a cosine of period 7).</summary>
    public static float[] Feature(int length, int start = 0) =>
        Enumerable.Range(start, length).Select(t => 1 + MathF.Cos(2 * MathF.PI * t / 7)).ToArray();

    /// <summary>Every window of <paramref name="window"/> successive values, oldest first, one per start position.</summary>
    public static List<float[]> Windows(IReadOnlyList<float> series, int window) =>
        Enumerable.Range(0, series.Count - window + 1).Select(s => series.Skip(s).Take(window).ToArray()).ToList();

    /// <summary>Fast training settings (seconds at most): 2 members, 6 epochs, 8 units, 1 thread, fixed seed.</summary>
    public static T Small<T>(T options) where T : LstmOptionsBase
    {
        options.EnsembleSize = 2;
        options.Epochs = 6;
        options.Units = 8;
        options.SeasonPeriod = 12;
        options.MaxThreads = 1;
        options.Seed ??= 5;
        return options;
    }

    /// <summary>The forecaster options <see cref="Small{T}"/> amounts to.</summary>
    public static LstmForecasterOptions SmallForecaster(int horizon = Horizon, int window = Window) => new()
    {
        Horizon = horizon,
        WindowSize = window,
        SeasonPeriod = 12,
        EnsembleSize = 2,
        Epochs = 6,
        Units = 8,
        MaxThreads = 1,
        Seed = 5,
    };

    private static readonly Lazy<LstmForecaster> s_streaming = new(() => LstmForecaster.Train(Series(96), SmallForecaster()));
    private static readonly Lazy<LstmForecaster> s_streamingWithFeature = new(() =>
        LstmForecaster.Train(new[] { new SeriesInput(Series(96, seed: 2), new IReadOnlyList<float>[] { Feature(96) }) }, SmallForecaster()));

    /// <summary>A small streaming forecaster (96 points, horizon 4, window 12). Shared: copy before appending.</summary>
    public static LstmForecaster Streaming => s_streaming.Value;

    /// <summary>A small streaming forecaster with one feature column. Shared: copy before appending.</summary>
    public static LstmForecaster StreamingWithFeature => s_streamingWithFeature.Value;

    public static LstmForecaster Copy(LstmForecaster f) => LstmForecaster.FromBytes(f.ToBytes());

    /// <summary>The blob of a streaming model of <paramref name="forecaster"/>.</summary>
    public static LstmModelBlob StreamingBlob(LstmForecaster forecaster) =>
        new(LstmInputKind.Streaming, forecaster.RequiredHistory, 1 + forecaster.FeatureCount, Array.Empty<float>(), Array.Empty<float>(), forecaster.ToBytes());

    /// <summary>The blob of a windowed model of <paramref name="forecaster"/> with identity slot maps.</summary>
    public static LstmModelBlob WindowedBlob(LstmForecaster forecaster, float scale = 1f, float offset = 0f)
    {
        int n = forecaster.RequiredHistory * (1 + forecaster.FeatureCount);
        return new(LstmInputKind.Windowed, forecaster.RequiredHistory, 1 + forecaster.FeatureCount,
            Enumerable.Repeat(scale, n).ToArray(), Enumerable.Repeat(offset, n).ToArray(), forecaster.ToBytes());
    }

    /// <summary>What a trained forecaster computes, to the bit (its model bytes also hold the training time, in its
    /// summary, so two equal trainings differ there): the forecast with bounds, and the forecast after a fixed window.</summary>
    public static int[] Fingerprint(LstmForecaster forecaster)
    {
        ForecastResult next = forecaster.Forecast();
        float[] window = Series(forecaster.RequiredHistory, seed: 99);
        return Bits(next.Values.Concat(next.LowerBound).Concat(next.UpperBound).Concat(forecaster.ForecastAfter(window).Values));
    }

    public static int[] Bits(IEnumerable<float> values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>Equal to the last bit.</summary>
    public static void AssertBitIdentical(IEnumerable<float> expected, IEnumerable<float> actual) => Assert.Equal(Bits(expected), Bits(actual));
}
