using System;
using Microsoft.ML.Lstm.Forecasting.Backtesting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting.Backtesting;

public class ForecastMetricsTests
{
    // Errors y - f = [-1, 0, 2, 0].
    private static readonly float[] Actual = { 1, 2, 3, 4 };
    private static readonly float[] Forecast = { 2, 2, 1, 4 };
    // Lag-2 differences 1, 2, 2, 1 (mean 1.5); lag-1 differences 2, 1, 3, 1, 2 (mean 1.8).
    private static readonly float[] Training = { 1, 3, 2, 5, 4, 6 };

    [Fact]
    public void Mae_IsMeanAbsoluteError() =>
        Assert.Equal(0.75, ForecastMetrics.MeanAbsoluteError(Actual, Forecast), 12);

    [Fact]
    public void Rmse_IsRootOfMeanSquaredError() =>
        Assert.Equal(Math.Sqrt(5.0 / 4), ForecastMetrics.RootMeanSquaredError(Actual, Forecast), 12);

    [Fact]
    public void Smape_MatchesHandComputedValue() =>
        // 100/4 * (2*1/(1+2) + 0 + 2*2/(3+1) + 0) = 25 * (2/3 + 1)
        Assert.Equal(25 * (2.0 / 3 + 1), ForecastMetrics.SymmetricMape(Actual, Forecast), 10);

    [Fact]
    public void Smape_ZeroOverZeroCountsZero() =>
        // Terms 0 (0/0) and 2*2/(1+3) = 1: 100/2 * 1.
        Assert.Equal(50, ForecastMetrics.SymmetricMape(new float[] { 0, 1 }, new float[] { 0, 3 }), 12);

    [Theory]
    [InlineData(2, 1.5)]
    [InlineData(1, 1.8)]
    public void MaseScale_IsInSampleSeasonalNaiveError(int season, double expected) =>
        Assert.Equal(expected, ForecastMetrics.MaseScale(Training, season), 12);

    [Fact]
    public void Compute_FillsEveryMetric()
    {
        ForecastMetrics m = ForecastMetrics.Compute(Actual, Forecast, Training, 2);
        Assert.Equal(0.75, m.Mae, 12);
        Assert.Equal(Math.Sqrt(1.25), m.Rmse, 12);
        Assert.Equal(25 * (2.0 / 3 + 1), m.Smape, 10);
        Assert.Equal(0.5, m.Mase, 12);
    }

    [Fact]
    public void Compute_ZeroScale_GivesNaNMase()
    {
        ForecastMetrics m = ForecastMetrics.Compute(Actual, Forecast, new float[] { 1, 2, 1, 2, 1, 2 }, 2);
        Assert.True(double.IsNaN(m.Mase));
        Assert.Equal(0.75, m.Mae, 12);
    }

    [Fact]
    public void Mean_AveragesEachMetric_SkippingNaNMase()
    {
        ForecastMetrics mean = ForecastMetrics.Mean(new[]
        {
            new ForecastMetrics(1, 2, 10, 0.5),
            new ForecastMetrics(3, 4, 20, double.NaN),
            new ForecastMetrics(5, 6, 30, 1.5),
        });
        Assert.Equal(new ForecastMetrics(3, 4, 20, 1.0), mean);
    }

    [Fact]
    public void Compute_DifferentLengths_NamesBothCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForecastMetrics.Compute(Actual, new float[] { 1, 2, 3 }, Training, 2));
        Assert.Equal("forecast", ex.ParamName);
        Assert.Contains("3 values", ex.Message);
        Assert.Contains("4 actual", ex.Message);
    }

    [Fact]
    public void MaseScale_TrainingNotLongerThanSeason_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForecastMetrics.MaseScale(new float[] { 1, 2 }, 2));
        Assert.Equal("training", ex.ParamName);
        Assert.Contains("got 2", ex.Message);
    }

    [Fact]
    public void MaseScale_SeasonBelowOne_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ForecastMetrics.MaseScale(Training, 0));
        Assert.Equal("seasonPeriod", ex.ParamName);
    }
}
