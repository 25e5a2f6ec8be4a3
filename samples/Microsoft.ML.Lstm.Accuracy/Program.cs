// The accuracy benchmark of the forecaster on the six development series, with the protocol of
// shared/data/series/README.md: fit on the first n-h points, forecast h in one go, sMAPE / MASE / RMSE per series,
// mean over the six, each a mean over seeds. Usage:
//   dotnet run -c Release --project samples/Microsoft.ML.Lstm.Accuracy -- [--data DIR] [--seeds 3] [--series a,b]
//       [--set Option=Value ...] [--detect-season] [--auto SECONDS (automatic configuration within that budget)]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.ML.Lstm.Forecasting;

var table = new (string File, int Period, int Horizon, double NaiveSmape, double NaiveMase, double SeasonalSmape, double SeasonalMase, double SarimaMase)[]
{
    ("AirPassengers", 12, 12, 16.12, 2.50, 10.57, 1.57, 0.50),
    ("co2", 12, 12, 0.56, 1.62, 0.31, 0.89, 0.30),
    ("nottem", 12, 12, 22.09, 3.79, 3.59, 0.62, 0.57),
    ("ldeaths", 12, 12, 34.41, 2.92, 9.30, 0.82, 0.69),
    ("austres", 4, 8, 1.25, 1.04, 1.78, 1.47, 0.14),
    ("Nile", 1, 6, 39.06, 2.85, 39.06, 2.85, 1.28),
};

string? dataDir = null;
int seeds = 3;
bool detect = false;
double autoSeconds = 0;
string[]? only = null;
var settings = new List<(string, string)>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data": dataDir = args[++i]; break;
        case "--seeds": seeds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--series": only = args[++i].Split(','); break;
        case "--detect-season": detect = true; break;
        case "--auto": autoSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--set":
            string[] kv = args[++i].Split('=', 2);
            settings.Add((kv[0], kv[1]));
            break;
        default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
    }
}
dataDir ??= FindData();
if (dataDir == null || !Directory.Exists(dataDir))
{
    Console.Error.WriteLine("The development series are not here: expected ../shared/data/series beside the repository (or pass --data DIR).");
    return 2;
}

Console.WriteLine($"series from {dataDir}; {seeds} seed(s); season {(detect ? "detected" : "given (protocol)")}; settings: {(settings.Count == 0 ? "defaults" : string.Join(", ", settings.Select(s => $"{s.Item1}={s.Item2}")))}");
Console.WriteLine($"{"series",-14} {"sMAPE",7} {"MASE",6} {"RMSE",9} {"time s",7}   seeds (MASE)                 SARIMA  s-naive");
var smapes = new List<double>();
var mases = new List<double>();
foreach (var row in table)
{
    if (only != null && !only.Contains(row.File)) continue;
    double[] y = File.ReadAllLines(Path.Combine(dataDir, row.File + ".csv")).Skip(1).Where(l => l.Length > 0)
        .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
    int n = y.Length, h = row.Horizon, nTrain = n - h;
    float[] train = y.Take(nTrain).Select(v => (float)v).ToArray();
    double scale = Enumerable.Range(row.Period, nTrain - row.Period).Average(t => Math.Abs(y[t] - y[t - row.Period]));
    var seedMase = new List<double>();
    double smapeSum = 0, maseSum = 0, rmseSum = 0, seconds = 0;
    for (int seed = 0; seed < seeds; seed++)
    {
        var options = new LstmForecasterOptions { Horizon = h, Seed = seed, SeasonPeriod = detect ? 0 : row.Period, MaxThreads = 1 };
        foreach ((string key, string value) in settings)
            Set(options, key, value);
        var clock = Stopwatch.StartNew();
        if (autoSeconds > 0)
        {
            AutoConfiguration auto = AutoConfigurator.Search(new[] { new SeriesInput(train) }, options, TimeSpan.FromSeconds(autoSeconds));
            options = auto.Options;
            Console.Error.WriteLine($"  {row.File} seed {seed}: {auto.Report.Replace(Environment.NewLine, "; ")}");
        }
        LstmForecaster model = LstmForecaster.Train(train, options);
        seconds += clock.Elapsed.TotalSeconds;
        float[] f = model.Forecast().Values;
        double smape = 0, mae = 0, mse = 0;
        for (int k = 0; k < h; k++)
        {
            double a = y[nTrain + k], e = a - f[k];
            smape += Math.Abs(a) + Math.Abs(f[k]) == 0 ? 0 : 2 * Math.Abs(e) / (Math.Abs(a) + Math.Abs(f[k]));
            mae += Math.Abs(e);
            mse += e * e;
        }
        smapeSum += 100 * smape / h;
        double mase = mae / h / scale;
        maseSum += mase;
        rmseSum += Math.Sqrt(mse / h);
        seedMase.Add(mase);
    }
    double sm = smapeSum / seeds, ma = maseSum / seeds;
    smapes.Add(sm);
    mases.Add(ma);
    string flag = ma > row.SeasonalMase ? "  WORSE THAN SEASONAL NAIVE" : "";
    Console.WriteLine($"{row.File,-14} {sm,7:F2} {ma,6:F3} {rmseSum / seeds,9:F3} {seconds / seeds,7:F1}   {string.Join(" ", seedMase.Select(m => m.ToString("F3", CultureInfo.InvariantCulture))),-28} {row.SarimaMase,6:F2} {row.SeasonalMase,6:F2}{flag}");
}
Console.WriteLine($"{"mean",-14} {smapes.Average(),7:F2} {mases.Average(),6:F3}    (SARIMA 5.81 / 0.58, ETS 5.94 / 0.63, ForecastBySsa 7.33 / 0.77, PyTorch recipe 6.56 / 0.75)");
return 0;

static void Set(LstmForecasterOptions options, string key, string value)
{
    PropertyInfo property = typeof(LstmForecasterOptions).GetProperty(key) ?? throw new ArgumentException($"No option '{key}'.");
    if (property.PropertyType == typeof(IList<int>))
    {
        property.SetValue(options, value.Split('/').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList());
        return;
    }
    object parsed = property.PropertyType.IsEnum ? Enum.Parse(property.PropertyType, value, ignoreCase: true)
        : Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture);
    property.SetValue(options, parsed);
}

static string? FindData()
{
    for (DirectoryInfo? dir = new(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "shared", "data", "series");
        if (Directory.Exists(candidate)) return candidate;
        candidate = Path.Combine(dir.FullName, "..", "shared", "data", "series");
        if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
    }
    return null;
}
