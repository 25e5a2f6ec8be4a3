// Per-row overhead of the ML.NET layer (ForecastByLstm's chain: Concatenate, model key, ValueMapping lookup of the
// model blob, StatefulCustomMapping, CopyColumns, DropColumns) over calling the forecaster directly.
//   dotnet run -c Release --project samples/Microsoft.ML.Lstm.MLNet.Benchmark [-- --rows 2000 --repeats 5]
// Measured, per row, for a small streaming model (window 24, horizon 12, 32 units, ensemble of 2) and a windowed one:
//   direct      LstmForecaster.Append + Forecast (streaming) / ForecastAfter (windowed) on a decoded forecaster;
//   engine      PredictionEngine.Predict (one row at a time, the state kept by the engine);
//   transform   Transform + CreateEnumerable over all rows (one cursor: the blob is decoded once per cursor).
// The overhead is engine or transform minus direct; the median of the repeats is reported. Needs package mode.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.MLNet;

string Metadata(string key) =>
    typeof(LstmForecastingEstimator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "?";
string mode = Metadata("MlNetMode");
Console.WriteLine(Metadata("MlNetModeAnnouncement"));
if (mode is not ("Package" or "PackageCore"))
{
    Console.WriteLine("The ML.NET overhead benchmark needs ML.NET's runtime; this build is compiled against the compile-only stand-in: nothing measured.");
    return 0;
}

int rows = 2000, repeats = 5;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--rows N] [--repeats N]"); return 2;
    }
}

float[] series = Enumerable.Range(0, 240 + rows).Select(t => 100 + 0.2f * t + 10 * MathF.Sin(2 * MathF.PI * t / 12) + 3 * MathF.Sin(t * 0.7f)).ToArray();
var ml = new MLContext(seed: 1);
Console.WriteLine($"{rows} rows, median of {repeats} repeats, microseconds per row");
Console.WriteLine($"{"model",-10} {"direct",9} {"engine",9} {"transform",10} {"engine +",9} {"transform +",12}");

// Streaming.
IDataView training = ml.Data.LoadFromEnumerable(series.Take(240).Select(v => new Observation { Value = v }).ToList());
LstmForecastingTransformer streaming = ml.Forecasting.ForecastByLstm("Forecast", "Value", windowSize: 24, horizon: 12,
    seasonPeriod: 12, ensembleSize: 2, epochs: 20, seed: 1).Fit(training);
float[] following = series.Skip(240).ToArray();
IDataView followingView = ml.Data.LoadFromEnumerable(following.Select(v => new Observation { Value = v }).ToList());
Report("streaming",
    Measure(() =>
    {
        LstmForecaster f = streaming.GetForecaster();
        var watch = Stopwatch.StartNew();
        foreach (float v in following) { f.Append(v); _ = f.Forecast(); }
        return watch.Elapsed;
    }),
    Measure(() =>
    {
        var engine = ml.Model.CreatePredictionEngine<Observation, ForecastRow>(streaming);
        var input = new Observation();
        var output = new ForecastRow();
        var watch = Stopwatch.StartNew();
        foreach (float v in following) { input.Value = v; engine.Predict(input, ref output); }
        return watch.Elapsed;
    }),
    Measure(() =>
    {
        var watch = Stopwatch.StartNew();
        foreach (ForecastRow _ in ml.Data.CreateEnumerable<ForecastRow>(streaming.Transform(followingView), reuseRowObject: true, ignoreMissingColumns: true)) { }
        return watch.Elapsed;
    }));

// Windowed.
List<float[]> windows = Enumerable.Range(0, 240 + rows - 24 + 1).Select(s => series.Skip(s).Take(24).ToArray()).ToList();
IDataView windowTraining = ml.Data.LoadFromEnumerable(windows.Take(240 - 24 + 1).Select(w => new WindowRow { Window = w }).ToList());
LstmForecastingTransformer windowed = ml.Forecasting.ForecastByLstm("Forecast", "Window", windowSize: 24, horizon: 12,
    seasonPeriod: 12, ensembleSize: 2, epochs: 20, seed: 1).Fit(windowTraining);
List<float[]> scoring = windows.Skip(windows.Count - rows).ToList();
IDataView scoringView = ml.Data.LoadFromEnumerable(scoring.Select(w => new WindowRow { Window = w }).ToList());
Report("windowed",
    Measure(() =>
    {
        LstmForecaster f = windowed.GetForecaster();
        var watch = Stopwatch.StartNew();
        foreach (float[] w in scoring) _ = f.ForecastAfter(w);
        return watch.Elapsed;
    }),
    Measure(() =>
    {
        var engine = ml.Model.CreatePredictionEngine<WindowRow, ForecastRow>(windowed);
        var input = new WindowRow();
        var output = new ForecastRow();
        var watch = Stopwatch.StartNew();
        foreach (float[] w in scoring) { input.Window = w; engine.Predict(input, ref output); }
        return watch.Elapsed;
    }),
    Measure(() =>
    {
        var watch = Stopwatch.StartNew();
        foreach (ForecastRow _ in ml.Data.CreateEnumerable<ForecastRow>(windowed.Transform(scoringView), reuseRowObject: true, ignoreMissingColumns: true)) { }
        return watch.Elapsed;
    }));
return 0;

double Measure(Func<TimeSpan> run)
{
    run(); // warm-up (JIT, tiering)
    return Enumerable.Range(0, repeats).Select(_ => run().TotalMilliseconds * 1000 / rows).OrderBy(x => x).ElementAt(repeats / 2);
}

void Report(string name, double direct, double engine, double transform) =>
    Console.WriteLine($"{name,-10} {direct,9:F1} {engine,9:F1} {transform,10:F1} {engine - direct,9:F1} {transform - direct,12:F1}");

internal sealed class Observation
{
    public float Value;
}

internal sealed class WindowRow
{
    [VectorType(24)]
    public float[] Window = Array.Empty<float>();
}

internal sealed class ForecastRow
{
    public float[] Forecast = Array.Empty<float>();
}
