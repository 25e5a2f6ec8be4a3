using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Microsoft.ML.Lstm.Forecasting.Backtesting;

/// <summary>
/// Historical forecasts over rolling origins: what the forecaster would have predicted at several points of the past,
/// compared with what happened. Only data before an origin reaches the forecast made at it.
/// </summary>
/// <remarks>
/// Origins are counted from each series' end: the last is h steps before it (its forecast ends with the data) and each
/// earlier one <see cref="BacktestOptions.Step"/> steps before the next, so series of different lengths are tested over
/// the same recent periods. With <see cref="BacktestOptions.Retrain"/> every origin trains a new forecaster on the data
/// before it; without, one forecaster trained before the first origin forecasts every origin from the history up to it.
/// The options (seed included) are the same at every origin, so a backtest is as repeatable as a training.
/// </remarks>
public static class Backtester
{
    /// <summary>Backtests a forecaster on one series.</summary>
    /// <param name="series">The series, oldest first.</param>
    /// <param name="options">The forecaster's settings; <see cref="LstmForecasterOptions.Horizon"/> is the forecast length.</param>
    /// <param name="backtest">Origins, step and retraining; null for the defaults.</param>
    /// <param name="progress">Called after every training epoch.</param>
    /// <param name="log">Receives the trainings' warnings and choices.</param>
    /// <param name="cancellationToken">Stops the running training at its next mini-batch.</param>
    public static BacktestResult Run(SeriesInput series, LstmForecasterOptions options, BacktestOptions? backtest = null,
        Action<BacktestProgress>? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Run(new[] { series }, options, backtest, progress, log, cancellationToken);
    }

    /// <summary>Backtests one forecaster trained on several series together (a global model), each series with its own
    /// origins counted from its own end.</summary>
    /// <param name="series">The series; all must have the same feature columns.</param>
    /// <param name="options">The forecaster's settings; <see cref="LstmForecasterOptions.Horizon"/> is the forecast length.</param>
    /// <param name="backtest">Origins, step and retraining; null for the defaults.</param>
    /// <param name="progress">Called after every training epoch.</param>
    /// <param name="log">Receives the trainings' warnings and choices.</param>
    /// <param name="cancellationToken">Stops the running training at its next mini-batch.</param>
    public static BacktestResult Run(IReadOnlyList<SeriesInput> series, LstmForecasterOptions options, BacktestOptions? backtest = null,
        Action<BacktestProgress>? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        if (series.Count == 0)
            throw new ArgumentException("No series to backtest: the input is empty.", nameof(series));
        BacktestOptions b = (backtest ?? new BacktestOptions()).Clone();
        b.Validate();
        if (options.Horizon <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Horizon, $"{nameof(LstmForecasterOptions.Horizon)} must be positive; got {options.Horizon}.");
        int h = options.Horizon;
        if (b.Step == 0)
            b.Step = h;

        // origins[i][k]: the k-th origin of series i; the first must leave at least one value to train on.
        var origins = new int[series.Count][];
        for (int i = 0; i < series.Count; i++)
        {
            SeriesInput s = series[i] ?? throw new ArgumentException($"Series {i} is null.", nameof(series));
            int n = s.Values.Count;
            origins[i] = Enumerable.Range(0, b.Origins).Select(k => n - h - (b.Origins - 1 - k) * b.Step).ToArray();
            if (origins[i][0] < 1)
                throw new ArgumentException(
                    $"Series '{s.Id}' has {n} values: {b.Origins} origin(s) {b.Step} step(s) apart with horizon {h} need more than " +
                    $"h + (origins - 1) * step = {h + (b.Origins - 1) * b.Step}. Use fewer origins or a smaller step.", nameof(series));
        }

        var results = new List<BacktestOrigin>[series.Count];
        for (int i = 0; i < series.Count; i++)
            results[i] = new List<BacktestOrigin>();
        int trainings = b.Retrain ? b.Origins : 1;
        LstmForecaster? forecaster = null;
        for (int k = 0; k < b.Origins; k++)
        {
            if (b.Retrain || forecaster == null)
            {
                int training = b.Retrain ? k : 0;
                forecaster = TrainAt(series, origins, k, options, b,
                    progress == null ? null : p => progress(new BacktestProgress(training, trainings, p)), log, cancellationToken);
            }
            for (int i = 0; i < series.Count; i++)
                results[i].Add(ForecastAt(forecaster, series[i], origins[i][k], h, b));
        }
        return new BacktestResult(results.SelectMany(r => r).ToArray(), b);
    }

    private static LstmForecaster TrainAt(IReadOnlyList<SeriesInput> series, int[][] origins, int k, LstmForecasterOptions options,
        BacktestOptions b, Action<ForecasterProgress>? progress, Action<string>? log, CancellationToken cancellationToken)
    {
        var truncated = series.Select((s, i) => Head(s, origins[i][k])).ToArray();
        try
        {
            return LstmForecaster.Train(truncated, options, progress, log, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"Backtest origin {k + 1} of {b.Origins} trains on the values before it ({string.Join(", ", truncated.Select(s => $"'{s.Id}': {s.Values.Count}"))}) " +
                $"and that training failed: {e.Message} Use fewer origins or a smaller step ({b.Origins} origins, step {b.Step}).", nameof(series), e);
        }
    }

    private static BacktestOrigin ForecastAt(LstmForecaster forecaster, SeriesInput series, int origin, int h, BacktestOptions b)
    {
        SeriesInput history = Head(series, origin);
        ForecastResult forecast = forecaster.ForecastAfter(history.Values, history.Features, h, series.Id);
        float[] actual = series.Values.Skip(origin).Take(h).ToArray();
        int season = b.SeasonPeriod > 0 ? b.SeasonPeriod : forecaster.SeasonPeriod;
        // The MASE scale needs more than s training values; a shorter history falls back to the naive (s = 1) scale.
        if (history.Values.Count <= season)
            season = 1;
        ForecastMetrics metrics = ForecastMetrics.Compute(actual, forecast.Values, history.Values, season);
        return new BacktestOrigin(series.Id, origin, forecast, actual, metrics, season);
    }

    /// <summary>The first <paramref name="count"/> values of a series and of its features.</summary>
    private static SeriesInput Head(SeriesInput series, int count) =>
        new(series.Values.Take(count).ToArray(),
            series.Features.Select(f => (IReadOnlyList<float>)f.Take(count).ToArray()).ToArray(), series.Id);
}
