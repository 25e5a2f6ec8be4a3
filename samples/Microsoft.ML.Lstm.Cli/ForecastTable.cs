using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>A forecast with its dates, printed as a table or written as CSV.</summary>
internal sealed record ForecastTable(string SeriesId, ForecastResult Forecast, Func<int, string> Label, string TimeHeader)
{
    public void Print(TextWriter output, bool showSeries)
    {
        string[] labels = Enumerable.Range(1, Forecast.Values.Length).Select(Label).ToArray();
        int width = Math.Max(TimeHeader.Length, labels.Max(l => l.Length));
        string level = CliFormat.Percent(Forecast.ConfidenceLevel, 0);
        output.WriteLine($"forecast{(showSeries ? $" of '{SeriesId}'" : "")}: {Forecast.Values.Length} steps after {Label(0)}, bounds at {level}");
        output.WriteLine($"  {TimeHeader.PadRight(width)}  {"forecast",10}  {"lower",10}  {"upper",10}");
        for (int k = 0; k < labels.Length; k++)
            output.WriteLine($"  {labels[k].PadRight(width)}  {CliFormat.Number(Forecast.Values[k]),10}  {CliFormat.Number(Forecast.LowerBound[k]),10}  {CliFormat.Number(Forecast.UpperBound[k]),10}");
    }

    /// <summary>Writes the tables as CSV: [series,]time,forecast,lower,upper, the series column only for several series.</summary>
    public static void WriteCsv(string path, IReadOnlyList<ForecastTable> tables)
    {
        bool several = tables.Count > 1;
        using var writer = new StreamWriter(path);
        writer.WriteLine((several ? "series," : "") + $"{Cell(tables[0].TimeHeader)},forecast,lower,upper");
        foreach (ForecastTable t in tables)
            for (int k = 0; k < t.Forecast.Values.Length; k++)
                writer.WriteLine((several ? Cell(t.SeriesId) + "," : "") +
                    $"{Cell(t.Label(k + 1))},{Raw(t.Forecast.Values[k])},{Raw(t.Forecast.LowerBound[k])},{Raw(t.Forecast.UpperBound[k])}");
    }

    private static string Raw(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Cell(string text) =>
        text.IndexOfAny(new[] { ',', '"', '\n' }) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
