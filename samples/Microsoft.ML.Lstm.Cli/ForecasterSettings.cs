using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>The forecaster's options from the command line: the library's defaults except where an option says otherwise.</summary>
internal static class ForecasterSettings
{
    public const int QuickEnsemble = 1;
    public const int QuickEpochs = 30;

    public static LstmForecasterOptions From(ParsedArguments args)
    {
        var options = new LstmForecasterOptions
        {
            Horizon = args.Int("horizon", 1) ?? 0,
            SeasonPeriod = args.Int("season", 1) ?? 0,
            WindowSize = args.Int("window", 1) ?? 0,
            Seed = args.Int("seed", int.MinValue) ?? 0,
            MaxThreads = args.Int("threads", 1) ?? 0,
        };
        if (args.Flag("quick"))
        {
            options.EnsembleSize = QuickEnsemble;
            options.Epochs = QuickEpochs;
        }
        return options;
    }

    /// <summary>One line: what will be trained, saying which settings were set (by the user, or by the search:
    /// <paramref name="setBy"/>) and which the forecaster chooses from the data.</summary>
    public static string Describe(LstmForecasterOptions o, bool quick, string setBy = "given") =>
        $"horizon {o.Horizon}; season {(o.SeasonPeriod > 0 ? $"{o.SeasonPeriod} ({setBy})" : "detected")}; " +
        $"window {(o.WindowSize > 0 ? $"{o.WindowSize} ({setBy})" : "chosen")}; ensemble of {o.EnsembleSize}, up to {o.Epochs} epochs{(quick ? " (--quick)" : "")}; " +
        $"seed {o.Seed}; threads {(o.MaxThreads > 0 ? o.MaxThreads.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all")}";
}
