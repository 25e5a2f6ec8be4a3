// Model-Builder-style use of the LSTM forecaster: trains AirPassengersModel.mlnet on first run, then forecasts.
//   dotnet run -c Release --project samples/Microsoft.ML.Lstm.MLNet.ModelBuilder
// Where Microsoft.ML or Microsoft.ML.TimeSeries did not restore (stand-in modes) it says so and exits without running anything.
using System;
using System.IO;
using System.Linq;
using System.Reflection;
using AirPassengers_ConsoleApp;
using Microsoft.ML.Lstm.MLNet;

string Metadata(string key) =>
    typeof(LstmForecastingEstimator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "?";
string mode = Metadata("MlNetMode");
Console.WriteLine(Metadata("MlNetModeAnnouncement"));
if (mode != "Package")
{
    Console.WriteLine("This sample needs the runtimes of ML.NET and of Microsoft.ML.TimeSeries (its engine), and this build is compiled " +
        "against a compile-only stand-in of one or both: nothing to run.");
    return 0;
}

if (!File.Exists(AirPassengersModel.MLNetModelPath))
{
    string data = Path.Combine(AppContext.BaseDirectory, AirPassengersModel.RetrainFilePath);
    Console.WriteLine($"Training {AirPassengersModel.MLNetModelPath} on {data} ...");
    AirPassengersModel.Train(AirPassengersModel.MLNetModelPath, data);
}

string Show(AirPassengersModel.ModelOutput o) =>
    string.Join(", ", o.Value.Select((v, k) => $"{v:F0} [{o.Value_LB[k]:F0}, {o.Value_UB[k]:F0}]"));
Console.WriteLine($"1961-01..03: {Show(AirPassengersModel.Predict(horizon: 3))}");
Console.WriteLine($"After a January of 450, 1961-02..04: {Show(AirPassengersModel.Predict(new AirPassengersModel.ModelInput { Date = "1961-01-01", Value = 450 }, horizon: 3))}");
Console.WriteLine($"Asked again without input: {Show(AirPassengersModel.Predict(horizon: 3))}");
return 0;
