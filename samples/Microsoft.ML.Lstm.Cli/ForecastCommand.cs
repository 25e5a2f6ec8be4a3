using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>forecast: loads a saved model and forecasts the steps after the data it was trained on, with dates from
/// the model's description.</summary>
internal sealed class ForecastCommand : ICommand
{
    public CommandSpec Spec { get; } = new("forecast", "forecast the steps after the training data with a saved model", new OptionSpec[]
    {
        new("model", "FILE", "the model written by train --model", Required: true),
        new("horizon", "H", "steps to forecast (default: the trained horizon, which a direct model cannot exceed)"),
        new("series", "ID", "only this series (default: every series the model knows)"),
        new("out", "FILE.csv", "write the forecast as CSV instead of printing it"),
    });

    public int Run(ParsedArguments args, CliConsole console)
    {
        string modelPath = args.RequiredString("model");
        int? horizon = args.Int("horizon", 1);
        string? only = args.String("series"), outPath = args.String("out");

        (LstmForecaster forecaster, ModelDescription? description) = ModelFile.Load(modelPath);
        if (description == null)
            console.Out.WriteLine($"note: {ModelFile.DescriptionPath(modelPath)} is missing, so steps are numbered instead of dated.");
        IReadOnlyList<string> ids = forecaster.SeriesIds;
        if (only != null && !ids.Contains(only))
            throw new ArgumentException($"The model knows no series '{only}'; it knows {string.Join(", ", ids.Select(i => $"'{i}'"))}.");
        List<ForecastTable> tables = (only == null ? ids : new[] { only }).Select(id =>
        {
            SeriesDescription? s = description?.Series.FirstOrDefault(d => d.Id == id);
            Func<int, string> label = s != null ? s.FutureLabel : k => k == 0 ? "the training data" : $"+{k}";
            return new ForecastTable(id, forecaster.Forecast(horizon, id), label, description?.TimeColumn ?? "step");
        }).ToList();

        if (outPath != null)
        {
            ForecastTable.WriteCsv(outPath, tables);
            console.Out.WriteLine($"forecast: {outPath} ({tables.Count} series x {tables[0].Forecast.Values.Length} steps)");
        }
        else
        {
            foreach (ForecastTable table in tables)
                table.Print(console.Out, showSeries: ids.Count > 1);
        }
        return CliApp.Ok;
    }
}
