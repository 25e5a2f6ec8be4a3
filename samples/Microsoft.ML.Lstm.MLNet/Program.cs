// The ML.NET sample of Microsoft.ML.Lstm.
//   dotnet run -c Release --project samples/Microsoft.ML.Lstm.MLNet
//       runs Samples.Dynamic.LstmForecasting.Example() (AirPassengers: TextLoader, NormalizeMinMax, ForecastByLstm with
//       bounds, save, load in a new context, forecast again, then append observations).
//   dotnet run -c Release --project samples/Microsoft.ML.Lstm.MLNet -- predict MODEL.zip V1,V2,...
//       loads a saved streaming model (input column "Value", output "Forecast") in this process and prints, for a NaN
//       observation and then for each value, "forecast " and the forecast's float bits in hex: the child process of the
//       test that a saved model forecasts the same in another process.
// In stand-in mode (Microsoft.ML did not restore: the library is compiled against a compile-only copy of ML.NET's API)
// it says so and exits without running anything; without Microsoft.ML.TimeSeries, only the predict verb runs.
using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Lstm.MLNet;

string Metadata(string key) =>
    typeof(LstmForecastingEstimator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "?";
string mode = Metadata("MlNetMode");
Console.Error.WriteLine(Metadata("MlNetModeAnnouncement"));
if (mode is not ("Package" or "PackageCore"))
{
    Console.WriteLine("This sample needs ML.NET's runtime, and this build is compiled against the compile-only stand-in: nothing to run. " +
        "Build where Microsoft.ML restores (bash build/mlnet-mode.sh says 'ML.NET mode: package').");
    return 0;
}

if (args.Length == 0)
{
    if (mode != "Package")
    {
        Console.WriteLine("Example() ends with a time-series engine, and Microsoft.ML.TimeSeries did not restore here (this build " +
            "compiles against a stand-in of it): not run. The predict verb runs.");
        return 0;
    }
    Samples.Dynamic.LstmForecasting.Example();
    return 0;
}
if (args[0] == "predict" && args.Length is 2 or 3)
{
    var mlContext = new MLContext();
    ITransformer model = mlContext.Model.Load(args[1], out _);
    var engine = mlContext.Model.CreatePredictionEngine<ValueRow, ForecastRow>(model);
    float[] values = args.Length == 3 && args[2].Length > 0
        ? args[2].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()
        : Array.Empty<float>();
    foreach (float value in values.Prepend(float.NaN))
    {
        ForecastRow forecast = engine.Predict(new ValueRow { Value = value });
        Console.WriteLine("forecast " + string.Join(" ", forecast.Forecast.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8"))));
    }
    return 0;
}
Console.Error.WriteLine("Usage: Microsoft.ML.Lstm.MLNet [predict MODEL.zip V1,V2,...]");
return 2;

internal sealed class ValueRow
{
    public float Value;
}

internal sealed class ForecastRow
{
    public float[] Forecast = Array.Empty<float>();
}
