using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.Forecasting.Backtesting;
using Microsoft.ML.Lstm.Forecasting.Csv;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>evaluate: a rolling-origin backtest with the metrics of every origin, their means, and the seasonal naive
/// forecast's metrics at the same origins for scale.</summary>
internal sealed class EvaluateCommand : ICommand
{
    public CommandSpec Spec { get; } = new("evaluate", "backtest over rolling origins: what the forecaster would have scored in the past",
        CommonOptions.Join(CommonOptions.Data, new[] { CommonOptions.Horizon }, CommonOptions.Training, new OptionSpec[]
        {
            new("origins", "K", "forecast origins per series, the last one horizon steps before the end (default 3)"),
            new("step", "S", "steps between origins (default: the horizon)"),
            new("no-retrain", null, "train once before the first origin and forecast every origin from the history up to it (faster; default: retrain at each origin)"),
        }));

    public int Run(ParsedArguments args, CliConsole console)
    {
        string dataPath = args.RequiredString("data");
        SeriesCsvOptions csv = DataLoader.CsvOptions(args);
        LstmForecasterOptions options = ForecasterSettings.From(args);
        var backtest = new BacktestOptions
        {
            Origins = args.Int("origins", 1) ?? 3,
            Step = args.Int("step", 1) ?? 0,
            Retrain = !args.Flag("no-retrain"),
            SeasonPeriod = options.SeasonPeriod,
        };

        IReadOnlyList<CsvSeries> data = DataLoader.Load(dataPath, csv, console.Out);
        int step = backtest.Step > 0 ? backtest.Step : options.Horizon;
        int trainings = backtest.Retrain ? backtest.Origins : 1;
        console.Out.WriteLine($"backtest: {backtest.Origins} origin(s) {step} step(s) apart, " +
            (backtest.Retrain ? $"retrained at each ({trainings} trainings)" : "trained once before the first origin (--no-retrain)"));
        console.Out.WriteLine("training: " + ForecasterSettings.Describe(options, args.Flag("quick")));

        var printer = new ProgressPrinter(console);
        BacktestResult result;
        try
        {
            result = Backtester.Run(data.Select(s => s.Input).ToArray(), options, backtest,
                p => printer.Report(p.Progress, trainings > 1 ? $"training {p.Training + 1}/{p.Trainings}" : null, p.Fraction),
                cancellationToken: console.Cancel);
        }
        finally
        {
            printer.Finish();
        }
        Print(console, result, data);
        return CliApp.Ok;
    }

    private static void Print(CliConsole console, BacktestResult result, IReadOnlyList<CsvSeries> data)
    {
        var rows = new List<string[]>();
        var naive = new List<ForecastMetrics>();
        foreach (BacktestOrigin o in result.Origins)
        {
            CsvSeries s = data.First(d => d.Id == o.SeriesId);
            float[] history = s.Input.Values.Take(o.Origin).ToArray();
            ForecastMetrics baseline = ForecastMetrics.Compute(o.Actual, SeasonalNaive.Forecast(history, o.SeasonPeriod, o.Actual.Count), history, o.SeasonPeriod);
            naive.Add(baseline);
            rows.Add(Row(o.SeriesId, s.Time.LabelAt(o.Origin), o.Metrics, o.Coverage, baseline, CliFormat.Integer(o.SeasonPeriod)));
        }
        rows.Add(Row("mean", "", result.Mean, result.Coverage, ForecastMetrics.Mean(naive), ""));

        string level = CliFormat.Percent(result.Origins[0].Forecast.ConfidenceLevel, 0);
        string[] header = { "series", "from", "MAE", "RMSE", "sMAPE %", "MASE", $"in {level}", "naive sMAPE %", "naive MASE", "s" };
        int[] widths = header.Select((h, c) => rows.Max(r => r[c].Length) is int w && w > h.Length ? w : h.Length).ToArray();
        string Format(string[] cells) => "  " + string.Join("  ", cells.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
        console.Out.WriteLine("metrics per origin ('from': the first forecast step; naive: the seasonal naive forecast with season s, for scale; " +
                              $"'in {level}': share of actual values inside the bounds):");
        console.Out.WriteLine(Format(header));
        foreach (string[] row in rows.Take(rows.Count - 1))
            console.Out.WriteLine(Format(row));
        console.Out.WriteLine("  " + new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        console.Out.WriteLine(Format(rows[^1]));
    }

    private static string[] Row(string series, string from, ForecastMetrics m, double coverage, ForecastMetrics naive, string season) => new[]
    {
        series, from, CliFormat.Number(m.Mae), CliFormat.Number(m.Rmse), CliFormat.Metric(m.Smape), CliFormat.Metric(m.Mase),
        CliFormat.Percent(coverage, 0), CliFormat.Metric(naive.Smape), CliFormat.Metric(naive.Mase), season,
    };
}
