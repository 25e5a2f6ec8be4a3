using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.Forecasting.Csv;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>train: reads the data, trains a forecaster (within a time budget when given), says what it chose and why,
/// prints the forecast after the data, and saves the model and a chart when asked.</summary>
internal sealed class TrainCommand : ICommand
{
    /// <summary>Series whose forecast is printed; the rest go to --out.</summary>
    private const int PrintedSeries = 3;

    public CommandSpec Spec { get; } = new("train", "train a forecaster; print what it chose, why, and its forecast; save it",
        CommonOptions.Join(CommonOptions.Data, new[] { CommonOptions.Horizon }, CommonOptions.Training, new OptionSpec[]
        {
            new("time-budget", "SECONDS", "search configurations (windows, units, layers, transform) and fit the training into about this many seconds"),
            new("model", "FILE", "save the model to FILE (and the data's columns and dates to FILE.json)"),
            new("chart", "FILE.svg", "draw the history, the forecast and its bounds (the first series)"),
            new("out", "FILE.csv", "write the forecast as CSV"),
        }));

    public int Run(ParsedArguments args, CliConsole console)
    {
        string dataPath = args.RequiredString("data");
        SeriesCsvOptions csv = DataLoader.CsvOptions(args);
        LstmForecasterOptions options = ForecasterSettings.From(args);
        double? budget = args.Double("time-budget", 0);
        string? modelPath = args.String("model"), chartPath = args.String("chart"), outPath = args.String("out");

        IReadOnlyList<CsvSeries> data = DataLoader.Load(dataPath, csv, console.Out);
        SeriesInput[] inputs = data.Select(s => s.Input).ToArray();
        if (budget is double seconds)
            options = TimeBudget.Plan(inputs, options, seconds, console.Out.WriteLine, console.Cancel);
        console.Out.WriteLine("training: " + ForecasterSettings.Describe(options, args.Flag("quick"), budget == null ? "given" : "given or searched"));

        var printer = new ProgressPrinter(console);
        var notes = new List<string>();
        LstmForecaster forecaster;
        try
        {
            forecaster = LstmForecaster.Train(inputs, options, p => printer.Report(p), notes.Add, console.Cancel);
        }
        finally
        {
            printer.Finish();
        }
        foreach (string note in notes.Where(n => n != forecaster.Summary))
            console.Out.WriteLine("note: " + note);
        console.Out.WriteLine("what was chosen and why:");
        foreach (string line in forecaster.Summary.Split('\n'))
            console.Out.WriteLine("  " + line.TrimEnd());
        string level = CliFormat.Percent(options.ConfidenceLevel, 0);
        console.Out.WriteLine(float.IsNaN(forecaster.ValidationCoverage)
            ? $"validation: none (too few windows to hold some out); the {level} bounds come from in-sample errors and are likely too narrow"
            : $"validation: {CliFormat.Percent(forecaster.ValidationCoverage)} of the held-out values fell inside the {level} bounds " +
              $"(a good calibration is close to {level}); for accuracy over several origins run 'evaluate'");

        if (modelPath != null)
        {
            ModelFile.Save(forecaster, ModelDescription.Of(dataPath, csv, data), modelPath);
            console.Out.WriteLine($"model: {modelPath} (and {ModelFile.DescriptionPath(modelPath)}: the data's columns and dates)");
        }

        List<ForecastTable> tables = data.Select(s => new ForecastTable(s.Id, forecaster.Forecast(seriesId: s.Id),
            k => s.Time.LabelAt(s.Time.Count - 1 + k), csv.TimeColumn ?? "step")).ToList();
        foreach (ForecastTable table in tables.Take(PrintedSeries))
            table.Print(console.Out, showSeries: data.Count > 1);
        if (tables.Count > PrintedSeries)
            console.Out.WriteLine($"... and {tables.Count - PrintedSeries} more series{(outPath == null ? " (--out FILE.csv writes them all)" : "")}");
        if (outPath != null)
        {
            ForecastTable.WriteCsv(outPath, tables);
            console.Out.WriteLine($"forecast: {outPath}");
        }
        if (chartPath != null)
        {
            ChartCommand.Write(chartPath, forecaster, data[0], csv.ValueColumn, ChartCommand.DefaultPoints);
            console.Out.WriteLine($"chart: {chartPath}");
        }
        return CliApp.Ok;
    }
}
