using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>Options several commands share, so that they are spelled and explained the same everywhere.</summary>
internal static class CommonOptions
{
    public static readonly OptionSpec[] Data =
    {
        new("data", "FILE", "CSV file with a header row", Required: true),
        new("value", "COL", "the column to forecast", Required: true),
        new("time", "COL", "the time column: dates (yyyy-MM-dd, yyyy-MM, ISO 8601) or numbers; rows in file order without it"),
        new("features", "A,B", "columns of known inputs that go with each value"),
        new("series-id", "COL", "the column naming the series of each row (several series in one file, one model)"),
    };

    public static readonly OptionSpec Horizon = new("horizon", "H", "steps to forecast", Required: true);

    public static readonly OptionSpec[] Training =
    {
        new("season", "S", "the season period (12 for monthly data with a yearly cycle; 1 for none); detected when not given"),
        new("window", "W", "past steps the network reads; chosen from the season and the horizon when not given"),
        new("seed", "N", "seed of every random choice (default 0): the same seed and data give the same model"),
        new("threads", "N", "most threads to use (default: every core)"),
        new("quick", null, $"a quick look: {ForecasterSettings.QuickEnsemble} network, at most {ForecasterSettings.QuickEpochs} epochs (default: an ensemble of 5, up to 200 epochs)"),
    };

    public static IReadOnlyList<OptionSpec> Join(params IEnumerable<OptionSpec>[] groups) => groups.SelectMany(g => g).ToArray();
}
