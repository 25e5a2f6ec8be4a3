using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Lstm.Forecasting.Backtesting;

/// <summary>The outcome of <see cref="Backtester.Run(IReadOnlyList{SeriesInput}, LstmForecasterOptions, BacktestOptions, System.Action{BacktestProgress}?, System.Action{string}?, System.Threading.CancellationToken)"/>:
/// every origin's forecast and metrics, and their means.</summary>
public sealed class BacktestResult
{
    internal BacktestResult(IReadOnlyList<BacktestOrigin> origins, BacktestOptions options)
    {
        Origins = origins;
        Options = options;
        Mean = ForecastMetrics.Mean(origins.Select(o => o.Metrics));
        Coverage = origins.Average(o => o.Coverage);
    }

    /// <summary>Every forecast, grouped by series (in input order), oldest origin first within a series.</summary>
    public IReadOnlyList<BacktestOrigin> Origins { get; }

    /// <summary>The backtest's settings, with the step filled in.</summary>
    public BacktestOptions Options { get; }

    /// <summary>Each metric's mean over every origin of every series.</summary>
    public ForecastMetrics Mean { get; }

    /// <summary>Mean fraction of actual values inside the forecast bounds.</summary>
    public double Coverage { get; }
}
