using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Cli;

/// <summary>The commands end to end on a small monthly series, with the quick settings (one network, 30 epochs).</summary>
public class CliCommandTests
{
    private static readonly string[] Quick = { "--quick", "--threads", "1", "--season", "12" };

    private static string[] Train(string data, params string[] extra) =>
        new[] { "train", "--data", data, "--time", "date", "--value", "value", "--horizon", "3" }.Concat(Quick).Concat(extra).ToArray();

    [Fact]
    public void Train_PrintsChoicesValidationAndDatedForecast_WritesCsv()
    {
        using var cli = new CliRun();
        string data = cli.WriteMonthly();
        string csv = cli.PathOf("forecast.csv");
        Assert.Equal(0, cli.Run(Train(data, "--out", csv)));

        Assert.Contains("data: " + data + ": value 'value', time 'date' (monthly); 1 series", cli.Out);
        Assert.Contains("  sales: 60 points, 2015-01 .. 2019-12", cli.Out);
        Assert.Contains("season 12 (given)", cli.Out);
        Assert.Contains("season period: 12 (given)", cli.Out);           // the forecaster's summary
        Assert.Matches(@"validation: \d+\.\d% of the held-out values fell inside the 95% bounds", cli.Out);
        Assert.Contains("forecast: 3 steps after 2019-12, bounds at 95%", cli.Out);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal("date,forecast,lower,upper", lines[0]);
        Assert.Equal(new[] { "2020-01", "2020-02", "2020-03" }, lines.Skip(1).Select(l => l.Split(',')[0]));
        foreach (string line in lines.Skip(1))
        {
            double[] v = line.Split(',').Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Assert.True(v[1] <= v[0] && v[0] <= v[2], $"bounds around the forecast: {line}");
            Assert.InRange(v[0], 120, 200); // the series ends near 159 + 10 sin: nowhere near 0 or 1000
            Assert.Matches($@"\s{Regex.Escape(line.Split(',')[0])}\s+{Regex.Escape(Format(v[0]))}\s", cli.Out);
        }
    }

    [Fact]
    public void Train_SameSeed_SameForecast_OtherSeed_Differs()
    {
        using var cli = new CliRun();
        string data = cli.WriteMonthly();
        string Forecast(string seed, string name)
        {
            Assert.Equal(0, cli.Run(Train(data, "--seed", seed, "--out", cli.PathOf(name))));
            return File.ReadAllText(cli.PathOf(name));
        }
        string a = Forecast("7", "a.csv"), b = Forecast("7", "b.csv"), c = Forecast("8", "c.csv");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Train_RedirectedOutput_PrintsPlainProgressLines_TerminalRedrawsOneLine()
    {
        using var cli = new CliRun();
        string data = cli.WriteMonthly();
        Assert.Equal(0, cli.Run(Train(data)));
        Assert.DoesNotContain("\r", cli.Out.Replace(Environment.NewLine, "\n"));
        Assert.Matches(@"\n  validate network 1/1 epoch 30/30 loss [0-9.e-]+ val [0-9.e-]+ \| 50% done, \d+ s left", cli.Out);
        Assert.Matches(@"\n  fit network 1/1 epoch \d+/\d+ loss [0-9.e-]+ \| 100% done", cli.Out);

        Assert.Equal(0, cli.Run(true, 0, Train(data)));
        Assert.Contains("\rfit network 1/1 epoch", cli.Out);
        Assert.DoesNotContain("\n  validate network", cli.Out);

        // A line as wide as the terminal would wrap, and \r would then redraw only its last row.
        Assert.Equal(0, cli.Run(true, 40, Train(data)));
        string[] redrawn = cli.Out.Split('\r').Skip(1).Select(s => s.Split('\n')[0]).ToArray();
        Assert.NotEmpty(redrawn);
        Assert.All(redrawn, line => Assert.True(line.Length <= 39, $"{line.Length} characters: '{line}'"));
        Assert.Contains(redrawn, line => line.StartsWith("fit network 1/1 epoch", StringComparison.Ordinal));
    }

    [Fact]
    public void Train_Chart_IsAnSvgWithHistoryForecastBandAxesAndLegend()
    {
        using var cli = new CliRun();
        string data = cli.WriteMonthly();
        string chart = cli.PathOf("chart.svg");
        Assert.Equal(0, cli.Run(Train(data, "--chart", chart)));

        XDocument svg = XDocument.Load(chart);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        var polylines = svg.Descendants(ns + "polyline").ToList();
        Assert.Equal(2, polylines.Count);
        Assert.Equal(60, Points(polylines[0]));          // the history: every point
        Assert.Equal(1 + 3, Points(polylines[1]));       // the forecast, from the last observation
        Assert.Equal(2 * (1 + 3), Points(svg.Descendants(ns + "polygon").Single())); // the band: upper out, lower back
        string[] texts = svg.Descendants(ns + "text").Select(t => t.Value).ToArray();
        Assert.Contains("sales: 3-step forecast of value", texts);
        Assert.Equal(new[] { "2015", "2016", "2017", "2018", "2019", "2020" }, texts.Where(t => Regex.IsMatch(t, "^20[0-9]{2}$")));
        Assert.Contains("history", texts);
        Assert.Contains("95% interval", texts);
    }

    [Fact]
    public void Evaluate_PrintsOneRowPerOriginAndTheMean()
    {
        using var cli = new CliRun();
        string data = cli.WriteMonthly();
        Assert.Equal(0, cli.Run(new[] { "evaluate", "--data", data, "--time", "date", "--value", "value", "--horizon", "3", "--origins", "2", "--no-retrain" }.Concat(Quick).ToArray()));

        Assert.Contains("backtest: 2 origin(s) 3 step(s) apart, trained once before the first origin (--no-retrain)", cli.Out);
        string[] rows = cli.Out.Split('\n').Where(l => l.StartsWith("  sales ", StringComparison.Ordinal) || l.StartsWith("  mean ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("  sales   2019-07", rows[0]);  // origin 54 of 60: the first forecast step
        Assert.StartsWith("  sales   2019-10", rows[1]);
        // The seasonal naive columns of an exact yearly cycle plus a trend of 1 a month: every error is 12, so MASE is 1.
        Assert.EndsWith(" 1.00  12", rows[0].TrimEnd());
        // Columns: series, from (empty on the mean row), MAE, ...
        double[] mae = rows.Select(r => double.Parse(Regex.Split(r.Trim(), @"\s+")[r.StartsWith("  mean", StringComparison.Ordinal) ? 1 : 2], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal((mae[0] + mae[1]) / 2, mae[2], 2);
    }

    [Fact]
    public void SavedModel_ForecastAndChartCommands_ReproduceTrain()
    {
        using var cli = new CliRun();
        string data = cli.WriteMonthly();
        string model = cli.PathOf("m.lstm");
        Assert.Equal(0, cli.Run(Train(data, "--model", model, "--out", cli.PathOf("train.csv"), "--chart", cli.PathOf("train.svg"))));
        Assert.Contains($"model: {model} (and {model}.json: the data's columns and dates)", cli.Out);

        Assert.Equal(0, cli.Run("forecast", "--model", model, "--out", cli.PathOf("forecast.csv")));
        Assert.Equal(File.ReadAllText(cli.PathOf("train.csv")), File.ReadAllText(cli.PathOf("forecast.csv")));

        Assert.Equal(0, cli.Run("forecast", "--model", model, "--horizon", "2"));
        Assert.StartsWith("forecast: 2 steps after 2019-12, bounds at 95%", cli.Out);
        Assert.Contains("  2020-02  ", cli.Out);
        Assert.DoesNotContain("2020-03", cli.Out);

        // chart reads the data file and columns from the model's description.
        Assert.Equal(0, cli.Run("chart", "--model", model, "--out", cli.PathOf("chart.svg")));
        Assert.Equal(File.ReadAllText(cli.PathOf("train.svg")), File.ReadAllText(cli.PathOf("chart.svg")));
    }

    [Fact]
    public void SavedModel_WithoutDescription_NumbersTheSteps_UnknownSeriesExit1()
    {
        using var cli = new CliRun();
        string model = cli.PathOf("m.lstm");
        Assert.Equal(0, cli.Run(Train(cli.WriteMonthly(), "--model", model)));
        File.Delete(model + ".json");

        Assert.Equal(0, cli.Run("forecast", "--model", model));
        Assert.Contains(".json is missing, so steps are numbered instead of dated.", cli.Out);
        Assert.Contains("  +3  ", cli.Out);

        Assert.Equal(1, cli.Run("forecast", "--model", model, "--series", "other"));
        Assert.Equal("error: The model knows no series 'other'; it knows 'sales'.", cli.Error.Trim());
        Assert.Equal(2, cli.Run("chart", "--model", model, "--out", cli.PathOf("c.svg")));
        Assert.Contains(".json is missing: give --data and --value", cli.Error);
    }

    [Fact]
    public void SeveralSeries_OneModel_ForecastsEachWithItsDates()
    {
        using var cli = new CliRun();
        var rows = Enumerable.Range(0, 48).SelectMany(t => new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"north,{new DateTime(2016, 1, 1).AddMonths(t):yyyy-MM-dd},{100 + t + 10 * Math.Sin(t * Math.PI / 6):F2}"),
            string.Create(CultureInfo.InvariantCulture, $"south,{new DateTime(2017, 1, 1).AddMonths(t):yyyy-MM-dd},{50 + 5 * Math.Cos(t * Math.PI / 6):F2}"),
        });
        string data = cli.Write("regions.csv", "region,date,value\n" + string.Join("\n", rows) + "\n");
        string model = cli.PathOf("r.lstm");
        Assert.Equal(0, cli.Run(new[] { "train", "--data", data, "--time", "date", "--value", "value", "--series-id", "region", "--horizon", "2", "--model", model }.Concat(Quick).ToArray()));
        Assert.Contains("forecast of 'north': 2 steps after 2019-12", cli.Out);
        Assert.Contains("forecast of 'south': 2 steps after 2020-12", cli.Out);

        Assert.Equal(0, cli.Run("forecast", "--model", model, "--out", cli.PathOf("f.csv")));
        Assert.Equal(new[] { "series,date,forecast,lower,upper" }, File.ReadAllLines(cli.PathOf("f.csv")).Take(1));
        Assert.Equal(new[] { "north,2020-01", "north,2020-02", "south,2021-01", "south,2021-02" },
            File.ReadAllLines(cli.PathOf("f.csv")).Skip(1).Select(l => string.Join(",", l.Split(',').Take(2))));
    }

    private static int Points(XElement shape) => shape.Attribute("points")!.Value.Split(' ').Length;

    private static string Format(double v) => Microsoft.ML.Lstm.Cli.CliFormat.Number(v);
}
