using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.Lstm.Forecasting.Csv;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>
/// What the model file does not know about the data it was trained on: the CSV file and its columns (so <c>chart</c>
/// can read it again without repeating them) and each series' last timestamp and period (so <c>forecast</c> can date
/// its steps). Written next to the model as MODEL.json; a model without one still forecasts, with numbered steps.
/// </summary>
internal sealed record ModelDescription(
    int Version, string DataFile, string ValueColumn, string? TimeColumn, IReadOnlyList<string> FeatureColumns,
    string? SeriesIdColumn, IReadOnlyList<SeriesDescription> Series)
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static ModelDescription Of(string dataFile, SeriesCsvOptions csv, IReadOnlyList<CsvSeries> series) => new(
        CurrentVersion, Path.GetFullPath(dataFile), csv.ValueColumn, csv.TimeColumn, csv.FeatureColumns.ToArray(), csv.SeriesIdColumn,
        series.Select(SeriesDescription.Of).ToArray());

    public SeriesCsvOptions CsvOptions() => new()
    {
        ValueColumn = ValueColumn, TimeColumn = TimeColumn, FeatureColumns = FeatureColumns.ToList(), SeriesIdColumn = SeriesIdColumn,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelDescription FromJson(string json, string path)
    {
        ModelDescription? d;
        try
        {
            d = JsonSerializer.Deserialize<ModelDescription>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a model description: {e.Message}", e);
        }
        if (d == null || d.Version != CurrentVersion || d.Series == null || d.ValueColumn == null)
            throw new InvalidDataException($"{path} is not a version-{CurrentVersion} model description written by this tool's train command.");
        return d;
    }
}

/// <summary>One trained series: its id, length and the end of its timeline.</summary>
internal sealed record SeriesDescription(string Id, int Points, TimeColumnKind TimeKind, string Period, string LastTime)
{
    private const string DateFormat = "yyyy-MM-ddTHH:mm:ss.FFFFFFF";

    public static SeriesDescription Of(CsvSeries s) => new(s.Id, s.Time.Count, s.Time.Kind, s.Time.Period.ToString(),
        s.Time.Kind switch
        {
            TimeColumnKind.Date => s.Time.DateAt(s.Time.Count - 1).ToString(DateFormat, CultureInfo.InvariantCulture),
            _ => s.Time.NumberAt(s.Time.Count - 1).ToString("R", CultureInfo.InvariantCulture),
        });

    /// <summary>The label of forecast step <paramref name="step"/> (1-based) after the series' end.</summary>
    public string FutureLabel(int step)
    {
        SeriesPeriod period = SeriesPeriod.Parse(Period);
        SeriesTimeline end = TimeKind switch
        {
            TimeColumnKind.Date => SeriesTimeline.FromDates(new[] { DateTime.ParseExact(LastTime, DateFormat, CultureInfo.InvariantCulture) }, period),
            TimeColumnKind.Number => SeriesTimeline.FromNumbers(new[] { double.Parse(LastTime, CultureInfo.InvariantCulture) }, period),
            _ => SeriesTimeline.FromIndex(Points),
        };
        return end.LabelAt(end.Count - 1 + step);
    }
}
