using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Lstm.Forecasting.Backtesting;

/// <summary>
/// Accuracy of one forecast against what happened, with the definitions of the project's evaluation protocol
/// (shared/data/series/README.md), so that numbers from the backtester, the samples and the baselines compare.
/// </summary>
/// <param name="Mae">Mean absolute error: mean |y - f|.</param>
/// <param name="Rmse">Root mean squared error: sqrt(mean (y - f)²).</param>
/// <param name="Smape">Symmetric mean absolute percentage error, in percent: 100/h Σ 2|y - f| / (|y| + |f|), a 0/0 term
/// counting 0. Between 0 and 200.</param>
/// <param name="Mase">Mean absolute scaled error: <see cref="Mae"/> divided by the in-sample mean absolute error of the
/// seasonal naive forecast, mean over t = s+1..n of |y_t - y_(t-s)| on the training part. Below 1 beats that naive
/// forecast's in-sample error; NaN when the scale is 0 (the training part repeats exactly every s steps).</param>
public sealed record ForecastMetrics(double Mae, double Rmse, double Smape, double Mase)
{
    /// <summary>Computes every metric of a forecast.</summary>
    /// <param name="actual">What happened, one value per forecast step.</param>
    /// <param name="forecast">The forecast, as long as <paramref name="actual"/>.</param>
    /// <param name="training">The data the forecaster was fitted on, oldest first: the MASE scale comes from it.</param>
    /// <param name="seasonPeriod">The season period s of the MASE scale (1 for the naive forecast).</param>
    public static ForecastMetrics Compute(IReadOnlyList<float> actual, IReadOnlyList<float> forecast,
        IReadOnlyList<float> training, int seasonPeriod)
    {
        CheckPair(actual, forecast);
        double mae = MeanAbsoluteError(actual, forecast);
        double scale = MaseScale(training, seasonPeriod);
        return new ForecastMetrics(mae, RootMeanSquaredError(actual, forecast), SymmetricMape(actual, forecast),
            scale > 0 ? mae / scale : double.NaN);
    }

    /// <summary>The mean of each metric over several forecasts (for example the origins of a backtest); NaN values of
    /// <see cref="Mase"/> are skipped, and the mean is NaN only when every one is NaN.</summary>
    public static ForecastMetrics Mean(IEnumerable<ForecastMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ForecastMetrics[] all = metrics.ToArray();
        if (all.Length == 0)
            throw new ArgumentException("There are no metrics to average.", nameof(metrics));
        double[] mases = all.Select(m => m.Mase).Where(m => !double.IsNaN(m)).ToArray();
        return new ForecastMetrics(all.Average(m => m.Mae), all.Average(m => m.Rmse), all.Average(m => m.Smape),
            mases.Length > 0 ? mases.Average() : double.NaN);
    }

    /// <summary>Mean |y - f|.</summary>
    public static double MeanAbsoluteError(IReadOnlyList<float> actual, IReadOnlyList<float> forecast)
    {
        CheckPair(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.Count; i++)
            sum += Math.Abs((double)actual[i] - forecast[i]);
        return sum / actual.Count;
    }

    /// <summary>sqrt(mean (y - f)²).</summary>
    public static double RootMeanSquaredError(IReadOnlyList<float> actual, IReadOnlyList<float> forecast)
    {
        CheckPair(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            double e = (double)actual[i] - forecast[i];
            sum += e * e;
        }
        return Math.Sqrt(sum / actual.Count);
    }

    /// <summary>100/h Σ 2|y - f| / (|y| + |f|), in percent; a step where both are 0 counts 0.</summary>
    public static double SymmetricMape(IReadOnlyList<float> actual, IReadOnlyList<float> forecast)
    {
        CheckPair(actual, forecast);
        double sum = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            double denominator = Math.Abs((double)actual[i]) + Math.Abs((double)forecast[i]);
            if (denominator > 0)
                sum += 2 * Math.Abs((double)actual[i] - forecast[i]) / denominator;
        }
        return 100 * sum / actual.Count;
    }

    /// <summary>The MASE denominator: mean over t = s+1..n of |y_t - y_(t-s)| of the training part (1-based t).</summary>
    /// <param name="training">The training part, oldest first; needs more than <paramref name="seasonPeriod"/> values.</param>
    /// <param name="seasonPeriod">s, at least 1.</param>
    public static double MaseScale(IReadOnlyList<float> training, int seasonPeriod)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (seasonPeriod < 1)
            throw new ArgumentOutOfRangeException(nameof(seasonPeriod), seasonPeriod, $"The season period must be at least 1 (1: the naive forecast); got {seasonPeriod}.");
        if (training.Count <= seasonPeriod)
            throw new ArgumentException($"The MASE scale with season period {seasonPeriod} needs more than {seasonPeriod} training values; got {training.Count}.", nameof(training));
        double sum = 0;
        for (int t = seasonPeriod; t < training.Count; t++)
            sum += Math.Abs((double)training[t] - training[t - seasonPeriod]);
        return sum / (training.Count - seasonPeriod);
    }

    private static void CheckPair(IReadOnlyList<float> actual, IReadOnlyList<float> forecast)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecast);
        if (actual.Count == 0)
            throw new ArgumentException("There are no actual values to compare the forecast with.", nameof(actual));
        if (forecast.Count != actual.Count)
            throw new ArgumentException($"The forecast has {forecast.Count} values but there are {actual.Count} actual values; they must be as long.", nameof(forecast));
    }
}
