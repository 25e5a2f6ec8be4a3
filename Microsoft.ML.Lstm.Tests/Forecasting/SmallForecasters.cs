using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

/// <summary>
/// Tiny forecasters trained once per test run on synthetic seasonal series (5 epochs, 8 units, 2 members, 1 thread: well
/// under a second each). Tests that append must work on a copy (<see cref="Copy"/>): the cached ones are shared. A
/// forecaster is not thread-safe (a forecast reuses its networks' buffers), so every test class that uses them joins
/// the collection <see cref="Collection"/>, whose tests xunit runs one at a time.
/// </summary>
internal static class SmallForecasters
{
    /// <summary>The xunit collection of the test classes that use the shared forecasters.</summary>
    public const string Collection = "shared small forecasters";

    private static readonly Lazy<LstmForecaster> s_univariate = new(() => LstmForecaster.Train(Seasonal(120, seed: 1), Options()));
    private static readonly Lazy<LstmForecaster> s_withFeatures = new(() => LstmForecaster.Train(new[] { WithFeature(120, seed: 2) }, Options()));
    private static readonly Lazy<LstmForecaster> s_twoSeries = new(() => LstmForecaster.Train(new[]
    {
        new SeriesInput(Seasonal(100, seed: 3), id: "north"),
        new SeriesInput(Seasonal(110, seed: 4, level: 50, amplitude: 9), id: "south"),
    }, Options()));
    private static readonly Lazy<LstmForecaster> s_recursive = new(() => LstmForecaster.Train(Seasonal(120, seed: 5), Options(o => o.Strategy = MultiStepStrategy.Recursive)));

    /// <summary>One univariate series, horizon 6, season 12.</summary>
    public static LstmForecaster Univariate => s_univariate.Value;

    /// <summary>One series with one feature column.</summary>
    public static LstmForecaster WithFeatures => s_withFeatures.Value;

    /// <summary>Two series, "north" and "south".</summary>
    public static LstmForecaster TwoSeries => s_twoSeries.Value;

    /// <summary>One univariate series, recursive strategy.</summary>
    public static LstmForecaster Recursive => s_recursive.Value;

    /// <summary>The small settings every forecaster here is trained with.</summary>
    public static LstmForecasterOptions Options(Action<LstmForecasterOptions>? change = null)
    {
        var options = new LstmForecasterOptions { Horizon = 6, SeasonPeriod = 12, Epochs = 5, Units = 8, EnsembleSize = 2, MaxThreads = 1, Seed = 7 };
        change?.Invoke(options);
        return options;
    }

    /// <summary>level + trend + a sine of period 12 + seeded noise: positive, seasonal, not constant.</summary>
    public static float[] Seasonal(int length, int seed, float level = 20, float amplitude = 4)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length)
            .Select(t => level + 0.05f * t + amplitude * MathF.Sin(2 * MathF.PI * t / 12) + 0.3f * (float)(random.NextDouble() - 0.5))
            .ToArray();
    }

    /// <summary>A series driven by one feature column (a shifted cosine), as a <see cref="SeriesInput"/>.</summary>
    public static SeriesInput WithFeature(int length, int seed)
    {
        float[] feature = Feature(0, length);
        float[] values = Seasonal(length, seed);
        for (int t = 0; t < length; t++)
            values[t] += 2 * feature[t];
        return new SeriesInput(values, new IReadOnlyList<float>[] { feature });
    }

    /// <summary>The feature of <see cref="WithFeature"/> for times [start, start + length).</summary>
    public static float[] Feature(int start, int length) =>
        Enumerable.Range(start, length).Select(t => 1 + MathF.Cos(2 * MathF.PI * t / 7)).ToArray();

    /// <summary>A separate forecaster equal to <paramref name="forecaster"/>, through the model file.</summary>
    public static LstmForecaster Copy(LstmForecaster forecaster) => LstmForecaster.FromBytes(forecaster.ToBytes());

    /// <summary>Equal to the last bit: values, bounds and level.</summary>
    public static void AssertBitIdentical(ForecastResult expected, ForecastResult actual)
    {
        Assert.Equal(Bits(expected.Values), Bits(actual.Values));
        Assert.Equal(Bits(expected.LowerBound), Bits(actual.LowerBound));
        Assert.Equal(Bits(expected.UpperBound), Bits(actual.UpperBound));
        Assert.Equal(expected.ConfidenceLevel, actual.ConfidenceLevel);
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
