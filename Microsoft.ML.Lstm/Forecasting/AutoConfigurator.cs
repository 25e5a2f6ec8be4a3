using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>
/// Model-Builder-style automatic configuration: within a time budget, tries a small space of window sizes, units,
/// layers and transforms with rolling-origin validation on the training data only, and keeps the best. The defaults
/// are evaluated first and kept unless another configuration beats them by more than <see cref="RequiredGain"/>: on
/// short series the fold scores are noisy, and a choice that only looked better would not hold up.
/// </summary>
public static class AutoConfigurator
{
    /// <summary>Relative improvement of the mean score over the defaults needed to switch away from them (the candidate
    /// must also beat the defaults at every origin).</summary>
    public const double RequiredGain = 0.10;

    /// <summary>Share of the budget spent on the search; the rest is left for training the final forecaster.</summary>
    public const double SearchShare = 0.6;

    /// <summary>
    /// Searches configurations for <paramref name="series"/> (the first series is scored) within
    /// <paramref name="budget"/> (search and final training together).
    /// </summary>
    /// <param name="series">The training data; nothing after it is looked at.</param>
    /// <param name="baseOptions">The starting point (its horizon, seed, confidence level... are kept).</param>
    /// <param name="budget">Total time for the search and the final training.</param>
    /// <param name="folds">Rolling origins, each one horizon apart at the end of the data. Default 2.</param>
    /// <param name="log">Receives one line per configuration tried.</param>
    /// <param name="cancellationToken">Stops the search; the best configuration so far is returned.</param>
    public static AutoConfiguration Search(IReadOnlyList<SeriesInput> series, LstmForecasterOptions baseOptions, TimeSpan budget,
        int folds = 2, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(baseOptions);
        if (series.Count == 0)
            throw new ArgumentException("No series to configure for: the input is empty.", nameof(series));
        if (budget <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(budget), budget, "The time budget must be positive.");
        if (folds <= 0)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "At least one fold is needed.");
        baseOptions.Validate();
        SeriesInput first = series[0];
        first.Validate(nameof(series));
        int season = baseOptions.SeasonPeriod > 0 ? baseOptions.SeasonPeriod : SeasonalityDetector.Detect(first.Values.ToArray());
        int h = baseOptions.Horizon;

        var clock = Stopwatch.StartNew();
        TimeSpan searchBudget = budget * SearchShare;
        var scores = new List<ConfigurationScore>();
        var report = new StringBuilder();
        ConfigurationScore? baseline = null;
        foreach ((string description, LstmForecasterOptions options) in Candidates(baseOptions, season, first))
        {
            if (cancellationToken.IsCancellationRequested)
                break;
            // Stop when the next candidate would likely overrun: assume it costs as much as the slowest so far, and keep
            // the time the final training will need (estimated from the defaults' folds, scaled to the full ensemble).
            double slowest = scores.Count == 0 ? 0 : scores.Max(s => s.Seconds);
            double finalEstimate = baseline == null ? 0
                : baseline.Seconds / folds * baseOptions.EnsembleSize / Math.Max(1, baseline.Options.EnsembleSize);
            if (scores.Count > 0 && (clock.Elapsed.TotalSeconds + slowest > searchBudget.TotalSeconds
                || clock.Elapsed.TotalSeconds + slowest + finalEstimate > budget.TotalSeconds))
            {
                report.AppendLine($"time budget reached after {scores.Count} configuration(s)");
                break;
            }
            var candidateClock = Stopwatch.StartNew();
            double[] foldScores;
            try
            {
                foldScores = Evaluate(first, options, season, folds, cancellationToken);
            }
            catch (ArgumentException ex)
            {
                log?.Invoke($"skipped {description}: {ex.Message}");
                continue;
            }
            double score = foldScores.Average();
            var result = new ConfigurationScore(description, options, score, candidateClock.Elapsed.TotalSeconds, foldScores);
            scores.Add(result);
            baseline ??= result;
            log?.Invoke($"{description,-36} score {score:F4} ({result.Seconds:F1} s)");
        }
        if (baseline == null)
            return new AutoConfiguration(baseOptions.Clone(), scores, "no configuration could be evaluated; defaults kept");

        ConfigurationScore best = scores.MinBy(s => s.Score)!;
        bool everyFold = best.FoldScores.Zip(baseline.FoldScores, (candidate, defaults) => candidate < defaults).All(better => better);
        bool switchAway = best != baseline && best.Score < baseline.Score * (1 - RequiredGain) && everyFold;
        ConfigurationScore chosen = switchAway ? best : baseline;
        report.Insert(0, $"tried {scores.Count} configuration(s) over {folds} rolling origin(s) of {h} steps in {clock.Elapsed.TotalSeconds:F1} s{Environment.NewLine}");
        report.AppendLine(switchAway
            ? $"chose '{best.Description}': score {best.Score:F4} vs {baseline.Score:F4} for the defaults ({(1 - best.Score / baseline.Score):P0} better)"
            : best == baseline
                ? $"kept the defaults: score {baseline.Score:F4}, the best of all"
                : $"kept the defaults (score {baseline.Score:F4}): the best, '{best.Description}' ({best.Score:F4}), was not better by {RequiredGain:P0} at every origin");
        LstmForecasterOptions final = chosen.Options.Clone();
        final.EnsembleSize = baseOptions.EnsembleSize;
        return new AutoConfiguration(final, scores, report.ToString().TrimEnd());
    }

    /// <summary>The defaults first, then one change at a time.</summary>
    private static IEnumerable<(string, LstmForecasterOptions)> Candidates(LstmForecasterOptions baseOptions, int season, SeriesInput series)
    {
        LstmForecasterOptions With(Action<LstmForecasterOptions> change)
        {
            LstmForecasterOptions o = baseOptions.Clone();
            o.SeasonPeriod = season;
            // Two members rank configurations nearly as well as the full ensemble, at a fraction of the time; the final
            // forecaster gets the full ensemble back.
            o.EnsembleSize = Math.Min(2, baseOptions.EnsembleSize);
            change(o);
            return o;
        }
        yield return ("defaults", With(_ => { }));
        int window = baseOptions.WindowSize > 0 ? baseOptions.WindowSize
            : ForecasterTraining.DefaultWindow(season, baseOptions.Horizon, series.Values.Count);
        int shorter = season > 1 ? Math.Max(season, 8) : Math.Max(8, window / 2);
        if (shorter != window)
            yield return ($"window {shorter}", With(o => o.WindowSize = shorter));
        int longer = season > 1 ? window + season : window * 3 / 2;
        yield return ($"window {longer}", With(o => o.WindowSize = longer));
        yield return ($"units {baseOptions.Units * 2}", With(o => o.Units = baseOptions.Units * 2));
        yield return ($"units {Math.Max(4, baseOptions.Units / 2)}", With(o => o.Units = Math.Max(4, baseOptions.Units / 2)));
        bool positive = series.Values.All(v => v > 0);
        if (positive && baseOptions.Transform != TargetTransform.Log)
            yield return ("log transform", With(o => o.Transform = TargetTransform.Log));
        if (baseOptions.Transform != TargetTransform.None)
            yield return ("no transform", With(o => o.Transform = TargetTransform.None));
        yield return ($"{baseOptions.Layers + 1} layers", With(o => o.Layers = baseOptions.Layers + 1));
        yield return ("windows of two sizes", With(o => o.WindowSizes = new List<int> { window, shorter == window ? longer : shorter }));
    }

    /// <summary>Per rolling origin (oldest first): MAE / in-sample seasonal-naive MAE, each fold trained on the data before its origin.</summary>
    internal static double[] Evaluate(SeriesInput series, LstmForecasterOptions options, int season, int folds, CancellationToken cancellationToken)
    {
        int n = series.Values.Count, h = options.Horizon, s = Math.Max(1, season);
        var result = new double[folds];
        for (int fold = folds; fold >= 1; fold--)
        {
            int origin = n - fold * h;
            var values = series.Values.Take(origin).ToArray();
            var features = series.Features.Select(f => (IReadOnlyList<float>)f.Take(origin).ToArray()).ToArray();
            LstmForecaster model = LstmForecaster.Train(new[] { new SeriesInput(values, features, series.Id) }, options, cancellationToken: cancellationToken);
            float[] forecast = model.Forecast().Values;
            double mae = 0;
            for (int k = 0; k < h; k++)
                mae += Math.Abs(forecast[k] - series.Values[origin + k]);
            double scale = 0;
            for (int t = s; t < origin; t++)
                scale += Math.Abs(values[t] - values[t - s]);
            scale /= Math.Max(1, origin - s);
            result[folds - fold] = mae / h / Math.Max(scale, 1e-12);
        }
        return result;
    }
}
