using System;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.Forecasting.Backtesting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting.Backtesting;

public class BacktesterTests
{
    private const int Length = 80, Horizon = 4, Season = 8;

    /// <summary>A rising sine of period 8 with a little deterministic wiggle.</summary>
    private static float[] Series(int length, float level = 10) =>
        Enumerable.Range(0, length).Select(t => level + 0.05f * t + 2 * MathF.Sin(2 * MathF.PI * t / Season) + 0.1f * MathF.Sin(1.7f * t)).ToArray();

    private static LstmForecasterOptions Tiny() => new()
    {
        Horizon = Horizon, SeasonPeriod = Season, WindowSize = 8, Units = 8, Epochs = 20, EnsembleSize = 1, MaxThreads = 1, Seed = 3,
    };

    [Fact]
    public void Retrain_OriginsCountBackFromTheEnd_ActualsAndMetricsMatch()
    {
        float[] y = Series(Length);
        BacktestResult result = Backtester.Run(new SeriesInput(y, id: "s"), Tiny(), new BacktestOptions { Origins = 3, Step = 5 });

        Assert.Equal(new[] { 66, 71, 76 }, result.Origins.Select(o => o.Origin));
        Assert.Equal(5, result.Options.Step);
        foreach (BacktestOrigin o in result.Origins)
        {
            Assert.Equal("s", o.SeriesId);
            Assert.Equal(y.Skip(o.Origin).Take(Horizon), o.Actual);
            Assert.Equal(Horizon, o.Forecast.Values.Length);
            Assert.Equal(Season, o.SeasonPeriod);
            Assert.Equal(ForecastMetrics.Compute(o.Actual, o.Forecast.Values, y.Take(o.Origin).ToArray(), Season), o.Metrics);
        }
        Assert.Equal(result.Origins.Average(o => o.Metrics.Mae), result.Mean.Mae, 12);
        Assert.Equal(result.Origins.Average(o => o.Metrics.Smape), result.Mean.Smape, 12);
        Assert.Equal(result.Origins.Average(o => o.Coverage), result.Coverage, 12);
    }

    [Fact]
    public void Retrain_EachOriginEqualsAForecasterTrainedOnTheDataBeforeIt()
    {
        float[] y = Series(Length);
        BacktestResult result = Backtester.Run(new SeriesInput(y), Tiny(), new BacktestOptions { Origins = 2 });

        Assert.Equal(new[] { 72, 76 }, result.Origins.Select(o => o.Origin));
        LstmForecaster atLast = LstmForecaster.Train(y.Take(76).ToArray(), Tiny());
        Assert.Equal(atLast.Forecast().Values, result.Origins[1].Forecast.Values);
    }

    [Fact]
    public void NoRetrain_TrainsOnceBeforeTheFirstOrigin_ThenForecastsAfterEachHistory()
    {
        float[] y = Series(Length);
        int trainings = 0;
        BacktestResult result = Backtester.Run(new SeriesInput(y), Tiny(), new BacktestOptions { Origins = 3, Retrain = false },
            p => trainings = Math.Max(trainings, p.Trainings));

        Assert.Equal(1, trainings);
        Assert.False(result.Options.Retrain);
        LstmForecaster first = LstmForecaster.Train(y.Take(68).ToArray(), Tiny());
        Assert.Equal(first.Forecast().Values, result.Origins[0].Forecast.Values);
        Assert.Equal(first.ForecastAfter(y.Take(72).ToArray()).Values, result.Origins[1].Forecast.Values);
        Assert.Equal(first.ForecastAfter(y.Take(76).ToArray()).Values, result.Origins[2].Forecast.Values);
    }

    [Fact]
    public void Progress_ReportsEveryTrainingAndEndsComplete()
    {
        var seen = new System.Collections.Generic.List<BacktestProgress>();
        Backtester.Run(new SeriesInput(Series(Length)), Tiny(), new BacktestOptions { Origins = 2 }, seen.Add);

        Assert.Equal(new[] { 0, 1 }, seen.Select(p => p.Training).Distinct());
        Assert.All(seen, p => Assert.Equal(2, p.Trainings));
        Assert.Equal(1.0, seen[^1].Fraction, 6);
        Assert.True(seen.Select(p => p.Fraction).Zip(seen.Skip(1).Select(p => p.Fraction), (a, b) => b >= a).All(x => x));
    }

    [Fact]
    public void SeveralSeries_EachCountsOriginsFromItsOwnEnd()
    {
        var series = new[] { new SeriesInput(Series(Length), id: "long"), new SeriesInput(Series(70, 20), id: "short") };
        BacktestResult result = Backtester.Run(series, Tiny(), new BacktestOptions { Origins = 2, SeasonPeriod = 1 });

        Assert.Equal(new[] { ("long", 72), ("long", 76), ("short", 62), ("short", 66) }, result.Origins.Select(o => (o.SeriesId, o.Origin)));
        Assert.All(result.Origins, o => Assert.Equal(1, o.SeasonPeriod));
        Assert.Equal(series[1].Values.Skip(66).Take(Horizon), result.Origins[3].Actual);
    }

    [Fact]
    public void TooManyOrigins_SaysHowManyValuesAreNeeded()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Backtester.Run(new SeriesInput(Series(20), id: "s"), Tiny(), new BacktestOptions { Origins = 6 }));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains("'s' has 20 values", ex.Message);
        Assert.Contains("= 24", ex.Message);
    }

    [Fact]
    public void FirstOriginTooEarlyToTrain_NamesTheOriginAndTheTrainingProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Backtester.Run(new SeriesInput(Series(30)), Tiny(), new BacktestOptions { Origins = 5 }));
        Assert.Contains("origin 1 of 5", ex.Message);
        Assert.Contains("needs at least", ex.Message);
        Assert.IsType<ArgumentException>(ex.InnerException);
    }

    [Theory]
    [InlineData(0, 0, "Origins")]
    [InlineData(2, -1, "Step")]
    public void BadOptions_NameTheOption(int origins, int step, string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Backtester.Run(new SeriesInput(Series(Length)), Tiny(), new BacktestOptions { Origins = origins, Step = step }));
        Assert.Equal(name, ex.ParamName);
    }
}
