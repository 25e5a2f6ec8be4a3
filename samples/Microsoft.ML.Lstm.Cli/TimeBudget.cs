using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>
/// Spends a time budget on a configuration search and a final training. A probe of a few epochs measures the time per
/// epoch on this data and machine; a training costs about networks x 2 x epochs of those (validation phase plus refit,
/// at most). The search (<see cref="AutoConfigurator"/>, which uses its share of the budget) trains candidates small
/// enough for it to try several; a second probe measures the chosen configuration, and the final training gets the
/// rest of the budget: the ensemble shrinks first (averaging fewer networks costs less accuracy than stopping each one
/// early), then the epochs, never below <see cref="MinEpochs"/>. The given ensemble and epochs are a ceiling.
/// </summary>
internal static class TimeBudget
{
    public const int ProbeEpochs = 12;
    public const int MinEpochs = 20;
    public const int SearchFolds = 2;

    /// <summary>Candidates the search should be able to afford besides the defaults.</summary>
    public const int SearchCandidates = 3;

    public static LstmForecasterOptions Plan(IReadOnlyList<SeriesInput> series, LstmForecasterOptions options, double budgetSeconds,
        Action<string> say, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        double perEpoch = SecondsPerEpoch(series, options, cancel);
        double searchShare = budgetSeconds * AutoConfigurator.SearchShare - clock.Elapsed.TotalSeconds;
        LstmForecasterOptions candidates = Fit(options, perEpoch, searchShare / (SearchFolds * (1 + SearchCandidates)));
        say($"time budget {Seconds(budgetSeconds)}: {Seconds(perEpoch)} per epoch (a {ProbeEpochs}-epoch probe, {Seconds(clock.Elapsed.TotalSeconds)}); " +
            $"searching configurations with ensembles of {candidates.EnsembleSize} x up to {candidates.Epochs} epochs over {SearchFolds} rolling origins");
        AutoConfiguration auto = AutoConfigurator.Search(series, candidates, TimeSpan.FromSeconds(Math.Max(1, budgetSeconds - clock.Elapsed.TotalSeconds)),
            SearchFolds, line => say("  " + line), cancel);
        foreach (string line in auto.Report.Split('\n'))
            say("  " + line.TrimEnd());

        LstmForecasterOptions chosen = auto.Options.Clone();
        chosen.EnsembleSize = options.EnsembleSize;
        chosen.Epochs = options.Epochs;
        double chosenPerEpoch = SecondsPerEpoch(series, chosen, cancel);
        double left = budgetSeconds - clock.Elapsed.TotalSeconds;
        LstmForecasterOptions final = Fit(chosen, chosenPerEpoch, left);
        double estimate = Cost(final, chosenPerEpoch);
        say($"final training: ensemble of {final.EnsembleSize} x up to {final.Epochs} epochs, estimated at most {Seconds(estimate)} " +
            (estimate <= left ? $"of the {Seconds(Math.Max(0, left))} left" : $"though only {Seconds(Math.Max(0, left))} are left: this is the least the rule trains"));
        return final;
    }

    /// <summary>Seconds per epoch of one network on this data, from a short training: the median epoch of its second
    /// half, because the first epochs run while the code is still being compiled (several times slower on small data).</summary>
    public static double SecondsPerEpoch(IReadOnlyList<SeriesInput> series, LstmForecasterOptions options, CancellationToken cancel)
    {
        LstmForecasterOptions probe = options.Clone();
        probe.EnsembleSize = 1;
        probe.Epochs = ProbeEpochs;
        var ends = new List<TimeSpan>();
        LstmForecaster.Train(series, probe, p => ends.Add(p.Elapsed), cancellationToken: cancel);
        double[] epochs = Enumerable.Range(1, ends.Count - 1).Select(i => (ends[i] - ends[i - 1]).TotalSeconds).Skip((ends.Count - 1) / 2).Order().ToArray();
        return epochs.Length > 0 ? epochs[epochs.Length / 2] : ends[0].TotalSeconds;
    }

    /// <summary>A copy of <paramref name="options"/> whose training should take at most <paramref name="seconds"/>:
    /// fewer networks first, then fewer epochs (at least <see cref="MinEpochs"/>, at most the given ones).</summary>
    public static LstmForecasterOptions Fit(LstmForecasterOptions options, double perEpoch, double seconds)
    {
        LstmForecasterOptions fitted = options.Clone();
        double perNetwork = Cost(options, perEpoch) / options.EnsembleSize;
        fitted.EnsembleSize = Math.Clamp((int)(seconds / perNetwork), 1, options.EnsembleSize);
        if (seconds < perNetwork)
            fitted.Epochs = Math.Clamp((int)(seconds / (2 * perEpoch)), Math.Min(MinEpochs, options.Epochs), options.Epochs);
        return fitted;
    }

    private static double Cost(LstmForecasterOptions o, double perEpoch) => o.EnsembleSize * 2.0 * o.Epochs * perEpoch;

    private static string Seconds(double s) => s.ToString(s < 10 ? "0.###" : "0", CultureInfo.InvariantCulture) + " s";
}
