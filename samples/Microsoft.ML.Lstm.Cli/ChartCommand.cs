using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.Forecasting.Csv;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>chart: reads the data again (the file and columns the model was trained with, unless given), forecasts after
/// it with the saved model and draws both as an SVG file.</summary>
internal sealed class ChartCommand : ICommand
{
    /// <summary>History points drawn by default: long series show their end, where the forecast is.</summary>
    public const int DefaultPoints = 600;

    public CommandSpec Spec { get; } = new("chart", "draw the history, a saved model's forecast after it and the bounds as SVG", new OptionSpec[]
    {
        new("model", "FILE", "the model written by train --model", Required: true),
        new("out", "FILE.svg", "the chart to write", Required: true),
        new("data", "FILE", "the CSV file (default: the one the model was trained on)"),
        new("value", "COL", "the value column (default: the model's)"),
        new("time", "COL", "the time column (default: the model's)"),
        new("features", "A,B", "the feature columns (default: the model's)"),
        new("series-id", "COL", "the series-id column (default: the model's)"),
        new("series", "ID", "which series to draw (default: the first)"),
        new("points", "N", $"history points to draw, the latest (default {DefaultPoints})"),
    });

    public int Run(ParsedArguments args, CliConsole console)
    {
        string modelPath = args.RequiredString("model"), outPath = args.RequiredString("out");
        string? seriesId = args.String("series");
        int points = args.Int("points", 1) ?? DefaultPoints;
        (LstmForecaster forecaster, ModelDescription? description) = ModelFile.Load(modelPath);

        string dataPath = args.String("data") ?? description?.DataFile
            ?? throw new UsageException($"{ModelFile.DescriptionPath(modelPath)} is missing: give --data and --value (and --time...).", Spec);
        SeriesCsvOptions csv = description?.CsvOptions() ?? new SeriesCsvOptions();
        csv.ValueColumn = args.String("value") ?? (description != null ? csv.ValueColumn
            : throw new UsageException($"{ModelFile.DescriptionPath(modelPath)} is missing: give --value (and --time...).", Spec));
        csv.TimeColumn = args.String("time") ?? csv.TimeColumn;
        csv.SeriesIdColumn = args.String("series-id") ?? csv.SeriesIdColumn;
        if (args.Has("features"))
            csv.FeatureColumns = args.List("features").ToList();

        IReadOnlyList<CsvSeries> data = DataLoader.Load(dataPath, csv, console.Out);
        CsvSeries series = seriesId == null ? data[0] : data.FirstOrDefault(s => s.Id == seriesId)
            ?? throw new ArgumentException($"{dataPath} has no series '{seriesId}'; it has {string.Join(", ", data.Select(s => $"'{s.Id}'"))}.");
        Write(outPath, forecaster, series, csv.ValueColumn, points);
        console.Out.WriteLine($"chart: {outPath}");
        return CliApp.Ok;
    }

    /// <summary>Forecasts after <paramref name="series"/> and writes the chart.</summary>
    public static void Write(string path, LstmForecaster forecaster, CsvSeries series, string valueName, int points)
    {
        // A model of one series forecasts any series of the same kind; a model of several needs one of its own ids.
        string? id = forecaster.SeriesIds.Count == 1 ? null : series.Id;
        ForecastResult forecast = forecaster.ForecastAfter(series.Input.Values, series.Input.Features, seriesId: id);
        SeriesTimeline time = series.Time;
        int first = Math.Max(0, time.Count - points);
        string title = $"{series.Id}: {forecast.Values.Length}-step forecast of {valueName}";
        string subtitle = $"LSTM ensemble of {forecaster.Options.EnsembleSize}, window {forecaster.Options.WindowSize}, season {forecaster.SeasonPeriod}; " +
            $"data {time.LabelAt(first)} .. {time.LabelAt(time.Count - 1)}" +
            (time.Kind == TimeColumnKind.None ? "" : $" ({time.Period.Describe()})") +
            (first > 0 ? $", the last {points} of {time.Count} points" : "");
        File.WriteAllText(path, SvgChart.Render(title, subtitle, valueName, time, series.Input.Values, first, forecast));
    }
}
