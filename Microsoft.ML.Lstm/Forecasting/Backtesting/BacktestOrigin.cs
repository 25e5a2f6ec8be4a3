using System;
using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Forecasting.Backtesting;

/// <summary>The forecast made at one origin of a backtest, what happened, and how far apart they were.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="Origin">0-based index of the first forecast step in the series, which is also the number of values the
/// forecast was made from.</param>
/// <param name="Forecast">The forecast with its bounds.</param>
/// <param name="Actual">The values that followed the origin, one per forecast step.</param>
/// <param name="Metrics">Accuracy of <see cref="Forecast"/> against <see cref="Actual"/>, MASE scaled on the values before
/// the origin.</param>
/// <param name="SeasonPeriod">The season period of the MASE scale.</param>
public sealed record BacktestOrigin(string SeriesId, int Origin, ForecastResult Forecast, IReadOnlyList<float> Actual,
    ForecastMetrics Metrics, int SeasonPeriod)
{
    /// <summary>Fraction of <see cref="Actual"/> inside the forecast's bounds (inclusive), to compare with the
    /// forecast's confidence level.</summary>
    public double Coverage
    {
        get
        {
            int inside = 0;
            for (int k = 0; k < Actual.Count; k++)
                if (Actual[k] >= Forecast.LowerBound[k] && Actual[k] <= Forecast.UpperBound[k])
                    inside++;
            return Actual.Count == 0 ? double.NaN : (double)inside / Actual.Count;
        }
    }
}
