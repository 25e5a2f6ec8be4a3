// The main job: train an LSTM on the AirPassengers series, print its loss curve, then forecast the 12 held-out
// months (with sMAPE and MASE against them) and the 12 months after the data.
//
// Method, kept deliberately small (the forecasting layer of the library will do this properly):
// log values; each sample is a window of 24 months divided by its last value (in log space: minus it), so the network
// sees shapes, not levels, and can forecast beyond the training range; the target is the next 12 months relative to
// the same value (direct multi-step: one output per month).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Training;

const int Window = 24, Horizon = 12, Season = 12, Seed = 42;
// Which ML.NET the library was compiled against (package, or the compile-only stand-in), and why: build/MlNetMode.props.
string MlNetMetadata(string key) =>
    typeof(LstmNetwork).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "?";
Console.WriteLine($"ML.NET mode: {(MlNetMetadata("MlNetMode") == "Package" ? "package" : "stand-in")} ({MlNetMetadata("MlNetModeReason")})");
string path = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "AirPassengers.csv");
(string[] dates, double[] values) = ReadSeries(path);
int nTrain = values.Length - Horizon;
Console.WriteLine($"AirPassengers: {values.Length} months ({dates[0]} .. {dates[^1]}); training on the first {nTrain}, testing on the last {Horizon}.");

double[] logs = values.Select(v => Math.Log(v)).ToArray();
// Samples from the training part only: windows ending before nTrain - Horizon so that targets stay inside it.
var inputs = new List<float>();
var targets = new List<float>();
int samples = 0;
for (int t = Window; t + Horizon <= nTrain; t++, samples++)
{
    double anchor = logs[t - 1];
    for (int k = t - Window; k < t; k++) inputs.Add((float)(logs[k] - anchor));
    for (int k = t; k < t + Horizon; k++) targets.Add((float)(logs[k] - anchor));
}
float scale = (float)Math.Sqrt(targets.Select(v => (double)v * v).Average());
float[] x = inputs.Select(v => v / scale).ToArray();
float[] y = targets.Select(v => v / scale).ToArray();

var network = new LstmNetwork(new LstmNetworkOptions
{
    InputSize = 1,
    OutputSize = Horizon,
    Layers = { new LstmLayerOptions { Units = 32 } },
    Seed = Seed,
});
var losses = new List<float>();
var options = new TrainerOptions
{
    Epochs = 300,
    BatchSize = 16,
    LearningRate = 3e-3f,
    Seed = Seed,
    Schedule = new CosineSchedule(300, 1e-4f),
    Progress = p => losses.Add(p.Loss),
    Log = message => Console.WriteLine($"warning: {message}"),
};
Console.WriteLine($"Network: LSTM {network.Layers[0].Units} units over {Window}-month windows, dense head of {Horizon}; {network.ParameterCount} parameters; {samples} training windows.");
var clock = Stopwatch.StartNew();
TrainingResult result = new LstmTrainer(options).Train(network, new ArrayTrainingData(x, y, Window, 1));
Console.WriteLine($"Trained {result.History.Count} epochs in {clock.Elapsed.TotalSeconds:F1} s; best epoch {result.BestEpoch}, loss {result.BestLoss:F5}.");
Console.WriteLine();
PrintLossCurve(losses);

double[] forecast = Forecast(network, logs, nTrain, scale);
Console.WriteLine();
Console.WriteLine("Held-out months: actual vs forecast");
Console.WriteLine("  month        actual   forecast");
for (int k = 0; k < Horizon; k++)
    Console.WriteLine($"  {dates[nTrain + k],-10} {values[nTrain + k],8:F0} {forecast[k],10:F1}");
double smape = Enumerable.Range(0, Horizon).Average(k =>
    200 * Math.Abs(values[nTrain + k] - forecast[k]) / (Math.Abs(values[nTrain + k]) + Math.Abs(forecast[k])));
double naiveScale = Enumerable.Range(Season, nTrain - Season).Average(t => Math.Abs(values[t] - values[t - Season]));
double mase = Enumerable.Range(0, Horizon).Average(k => Math.Abs(values[nTrain + k] - forecast[k])) / naiveScale;
Console.WriteLine($"  sMAPE {smape:F2} %   MASE {mase:F2}   (seasonal naive: sMAPE 10.57 %, MASE 1.57)");

double[] next = Forecast(network, logs, values.Length, scale);
Console.WriteLine();
Console.WriteLine("Next 12 months after the data:");
DateTime last = DateTime.ParseExact(dates[^1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
for (int k = 0; k < Horizon; k++)
    Console.WriteLine($"  {last.AddMonths(k + 1):yyyy-MM}  {next[k],8:F1}");

static double[] Forecast(LstmNetwork network, double[] logs, int end, float scale)
{
    double anchor = logs[end - 1];
    float[] window = new float[Window];
    for (int k = 0; k < Window; k++)
        window[k] = (float)((logs[end - Window + k] - anchor) / scale);
    float[] output = new float[Horizon];
    network.Forward(window, 1, Window, output);
    return output.Select(v => Math.Exp(anchor + v * scale)).ToArray();
}

static (string[] Dates, double[] Values) ReadSeries(string path)
{
    if (!File.Exists(path))
        throw new FileNotFoundException($"The series file '{path}' does not exist.", path);
    var dates = new List<string>();
    var values = new List<double>();
    string[] lines = File.ReadAllLines(path);
    for (int i = 1; i < lines.Length; i++)
    {
        if (lines[i].Length == 0) continue;
        string[] cells = lines[i].Split(',');
        if (cells.Length != 2 || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0))
            throw new FormatException($"{path}, line {i + 1}: expected 'date,value' with a positive value, got '{lines[i]}'.");
        dates.Add(cells[0]);
        values.Add(v);
    }
    return (dates.ToArray(), values.ToArray());
}

static void PrintLossCurve(List<float> losses)
{
    // log10(loss) against epochs, 60 columns by 12 rows.
    const int width = 60, height = 12;
    double[] logLoss = losses.Select(l => Math.Log10(Math.Max(l, 1e-12))).ToArray();
    double lo = logLoss.Min(), hi = logLoss.Max();
    if (hi - lo < 1e-9) hi = lo + 1;
    var grid = new char[height, width];
    for (int r = 0; r < height; r++)
        for (int c = 0; c < width; c++)
            grid[r, c] = ' ';
    for (int c = 0; c < width; c++)
    {
        int from = c * logLoss.Length / width, to = Math.Max(from + 1, (c + 1) * logLoss.Length / width);
        double v = logLoss[from..Math.Min(to, logLoss.Length)].Average();
        int row = (int)Math.Round((hi - v) / (hi - lo) * (height - 1));
        grid[row, c] = '*';
    }
    Console.WriteLine("Training loss (MSE of scaled log-ratios, log scale) per epoch:");
    for (int r = 0; r < height; r++)
    {
        double label = Math.Pow(10, hi - (hi - lo) * r / (height - 1));
        Console.Write($"  {label,9:G3} |");
        for (int c = 0; c < width; c++)
            Console.Write(grid[r, c]);
        Console.WriteLine();
    }
    Console.WriteLine($"            +{new string('-', width)}");
    Console.WriteLine($"             epoch 1{new string(' ', width - 12)}epoch {losses.Count}");
}
