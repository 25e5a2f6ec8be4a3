using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Engine.Introspection;
using Microsoft.ML.Lstm.Forecasting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

/// <summary>The forecaster end to end on small synthetic series with quick settings.</summary>
public class ForecasterTests
{
    internal static float[] Seasonal(int n, int period = 12, double trend = 0.5, double noise = 0.3, int seed = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(t =>
            (float)(50 + trend * t + 10 * Math.Sin(2 * Math.PI * t / period) + noise * (random.NextDouble() - 0.5))).ToArray();
    }

    internal static LstmForecasterOptions Quick(int horizon = 6) => new()
    {
        Horizon = horizon, Epochs = 40, Units = 12, EnsembleSize = 2, MaxThreads = 1, Seed = 5,
    };

    [Fact]
    public void LearnsASeasonalSeriesBetterThanSeasonalNaive()
    {
        float[] series = Seasonal(156);
        float[] train = series[..144];
        LstmForecasterOptions options = Quick(12);
        options.Epochs = 120;
        LstmForecaster model = LstmForecaster.Train(train, options);
        Assert.Equal(12, model.SeasonPeriod); // detected
        ForecastResult forecast = model.Forecast();
        Assert.Equal(12, forecast.Values.Length);
        double mae = 0, naive = 0;
        for (int k = 0; k < 12; k++)
        {
            mae += Math.Abs(forecast.Values[k] - series[144 + k]);
            naive += Math.Abs(train[132 + k] - series[144 + k]);
            Assert.True(forecast.LowerBound[k] <= forecast.Values[k] && forecast.Values[k] <= forecast.UpperBound[k]);
        }
        Assert.True(mae < naive, $"MAE {mae / 12:F3} is not below seasonal naive's {naive / 12:F3}");
        Assert.Contains("season period: 12 (detected", model.Summary);
        Assert.False(float.IsNaN(model.ValidationCoverage));
    }

    [Fact]
    public void SameSeedGivesBitIdenticalForecasts()
    {
        float[] series = Seasonal(90);
        float[] a = LstmForecaster.Train(series, Quick()).Forecast().Values;
        float[] b = LstmForecaster.Train(series, Quick()).Forecast().Values;
        Assert.Equal(a, b);
        LstmForecasterOptions other = Quick();
        other.Seed = 6;
        Assert.NotEqual(a, LstmForecaster.Train(series, other).Forecast().Values);
    }

    [Fact]
    public void AppendMovesTheOriginLikeForecastingAfterTheLongerHistory()
    {
        float[] series = Seasonal(100);
        LstmForecaster model = LstmForecaster.Train(series[..90], Quick());
        float[] expected = model.ForecastAfter(series[..95]).Values;
        for (int t = 90; t < 95; t++)
            model.Append(series[t]);
        Assert.Equal(expected, model.Forecast().Values);
        Assert.Throws<ArgumentException>(() => model.Append(float.NaN));
        Assert.Equal(expected, model.Forecast().Values); // nothing was appended
    }

    [Fact]
    public void ShorterHorizonsArePrefixesAndLongerOnesNeedRecursion()
    {
        LstmForecaster model = LstmForecaster.Train(Seasonal(90), Quick());
        float[] full = model.Forecast().Values;
        Assert.Equal(full[..3], model.Forecast(3).Values);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.Forecast(7));
        Assert.Contains("6 steps", error.Message);

        LstmForecasterOptions recursive = Quick();
        recursive.Strategy = MultiStepStrategy.Recursive;
        LstmForecaster r = LstmForecaster.Train(Seasonal(90), recursive);
        ForecastResult longer = r.Forecast(20);
        Assert.Equal(20, longer.Values.Length);
        Assert.All(longer.Values, v => Assert.True(float.IsFinite(v)));
        // Bounds widen with the step for a recursive forecast.
        Assert.True(longer.UpperBound[19] - longer.LowerBound[19] > longer.UpperBound[0] - longer.LowerBound[0]);
    }

    [Fact]
    public void ManySeriesAndFeatureColumns()
    {
        float[] driver = Seasonal(120, period: 7, trend: 0, noise: 0, seed: 3);
        float[] target = driver.Select((v, t) => 2 * v + (t % 5)).ToArray();
        var series = new[]
        {
            new SeriesInput(target, new[] { driver }, "a"),
            new SeriesInput(target.Select(v => v * 3 + 100).ToArray(), new[] { driver }, "b"),
        };
        LstmForecaster model = LstmForecaster.Train(series, Quick());
        Assert.Equal(new[] { "a", "b" }, model.SeriesIds);
        Assert.Equal(1, model.FeatureCount);
        float[] a = model.Forecast(seriesId: "a").Values, b = model.Forecast(seriesId: "b").Values;
        Assert.NotEqual(a, b);
        Assert.True(b.Average() > a.Average() * 2, "series b lives at its own level");
        var unknown = Assert.Throws<ArgumentException>(() => model.Forecast(seriesId: "c"));
        Assert.Contains("'c'", unknown.Message);
        Assert.Throws<ArgumentException>(() => model.Forecast()); // two series: the id is needed
        model.Append(target[^1], new[] { driver[^1] }, "a");
        Assert.Throws<ArgumentException>(() => model.Append(1f, null, "a")); // the feature value is missing
    }

    [Fact]
    public void GrowingSeriesIsNotClippedToItsTrainingRange()
    {
        // Exponential growth: every test value is above the training maximum.
        float[] series = Enumerable.Range(0, 110).Select(t => (float)(100 * Math.Exp(0.02 * t) * (1 + 0.1 * Math.Sin(2 * Math.PI * t / 12)))).ToArray();
        LstmForecaster model = LstmForecaster.Train(series[..98], Quick(12));
        Assert.Contains("log", model.Summary);
        float[] forecast = model.Forecast().Values;
        Assert.True(forecast.Max() > series[..98].Max(), "the forecast goes beyond the training range");
        double mape = Enumerable.Range(0, 12).Average(k => Math.Abs(forecast[k] - series[98 + k]) / series[98 + k]);
        Assert.True(mape < 0.1, $"MAPE {mape:P1}");
    }

    [Fact]
    public void TracesAndSaturationOfTheTrainedNetwork()
    {
        float[] series = Seasonal(90);
        LstmForecaster model = LstmForecaster.Train(series, Quick());
        IReadOnlyList<LayerTrace> trace = model.TraceLatestWindow();
        Assert.Single(trace);
        Assert.Equal(model.Members[0].Window, trace[0].Steps);
        Assert.Equal(12, trace[0].Units);
        IReadOnlyList<GateSaturation> saturation = model.GateSaturation(new SeriesInput(series));
        Assert.Equal(3, saturation.Count);
        Assert.All(saturation, s => Assert.InRange(s.Mean, 0, 1));
    }
}

public class ForecasterFineTuningTests
{
    [Fact]
    public void FineTuningMovesTheOriginAndChangesTheWeightsButNotTheScaling()
    {
        float[] series = ForecasterTests.Seasonal(110);
        LstmForecaster model = LstmForecaster.Train(series[..96], ForecasterTests.Quick());
        float[] before = model.Members[0].Network.Parameters.ToArray();
        double center = model.SeriesStates[0].Preprocessor.Center;
        model.FineTune(new[] { new SeriesInput(series) }, epochs: 3);
        Assert.NotEqual(before, model.Members[0].Network.Parameters.ToArray());
        Assert.Equal(center, model.SeriesStates[0].Preprocessor.Center);
        Assert.Equal(series[^1], model.SeriesStates[0].History[^1]);
        Assert.Equal(model.ForecastAfter(series).Values, model.Forecast().Values);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.FineTune(new[] { new SeriesInput(series) }, epochs: 0));
    }
}

public class ForecasterAllocationTests
{
    // With 2 threads the members forecast side by side on the worker pool (the ML.NET per-row path).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ForecastingIntoBuffersAllocatesNothingAndMatchesForecast(int threads)
    {
        float[] series = ForecasterTests.Seasonal(90);
        LstmForecasterOptions options = ForecasterTests.Quick();
        options.MaxThreads = threads;
        options.EnsembleSize = 3;
        LstmForecaster model = LstmForecaster.Train(series, options);
        ForecastResult expected = model.Forecast();
        float[] values = new float[6], lower = new float[6], upper = new float[6];
        Assert.Equal(0, SteadyStateAllocations.Measure(() =>
        {
            for (int i = 0; i < 5; i++)
                model.Forecast(values, lower, upper);
        }));
        Assert.Equal(expected.Values, values);
        Assert.Equal(expected.LowerBound, lower);
        Assert.Equal(expected.UpperBound, upper);
        Assert.Throws<ArgumentException>(() => model.Forecast(values, new float[5], upper));
    }

    // Members train side by side and forecast side by side on several cores; both must give what one core gives.
    [Fact]
    public void TrainingAndForecastingGiveTheSameModelAndForecastsOnOneAndTwoThreads()
    {
        float[] series = ForecasterTests.Seasonal(90);
        ForecastResult Run(int threads)
        {
            LstmForecasterOptions options = ForecasterTests.Quick();
            options.MaxThreads = threads;
            options.EnsembleSize = 3;
            LstmForecaster model = LstmForecaster.Train(series, options);
            model.Append(51.5f);
            return model.Forecast();
        }
        ForecastResult one = Run(1), two = Run(2);
        Assert.Equal(one.Values, two.Values);
        Assert.Equal(one.LowerBound, two.LowerBound);
        Assert.Equal(one.UpperBound, two.UpperBound);
    }
}
