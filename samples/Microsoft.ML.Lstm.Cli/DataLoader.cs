using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting.Csv;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>Reads the series a command works on and tells the user what was read.</summary>
internal static class DataLoader
{
    /// <summary>How many series the summary lists by name before it only counts.</summary>
    private const int ListedSeries = 5;

    public static SeriesCsvOptions CsvOptions(ParsedArguments args) => new()
    {
        ValueColumn = args.RequiredString("value"),
        TimeColumn = args.String("time"),
        FeatureColumns = args.List("features").ToList(),
        SeriesIdColumn = args.String("series-id"),
    };

    public static IReadOnlyList<CsvSeries> Load(string path, SeriesCsvOptions options, TextWriter output)
    {
        IReadOnlyList<CsvSeries> series = SeriesCsvReader.Read(path, options);
        CsvSeries first = series[0];
        string time = options.TimeColumn == null ? "no time column (rows in file order)" : $"time '{options.TimeColumn}' ({first.Time.Period.Describe()})";
        string features = options.FeatureColumns.Count == 0 ? "" : $", features {string.Join(", ", options.FeatureColumns.Select(f => $"'{f}'"))}";
        output.WriteLine($"data: {path}: value '{options.ValueColumn}', {time}{features}; {series.Count} series");
        foreach (CsvSeries s in series.Take(ListedSeries))
            output.WriteLine($"  {s.Id}: {s.Input.Values.Count} points, {s.Time.LabelAt(0)} .. {s.Time.LabelAt(s.Time.Count - 1)}");
        if (series.Count > ListedSeries)
            output.WriteLine($"  ... and {series.Count - ListedSeries} more");
        foreach (CsvSeries s in series.Where(s => s.Time.IrregularSteps > 0))
            output.WriteLine($"warning: '{s.Id}' has {s.Time.IrregularSteps} step(s) that are not one period ({s.Time.Period.Describe()}) apart; the model treats its points as evenly spaced.");
        return series;
    }
}
