using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.TimeSeries;

namespace Samples.Dynamic;

public static class LstmForecasting
{
    // This example shows how to forecast a monthly series with an LSTM in an ML.NET pipeline: load the data with
    // TextLoader, normalize it, forecast the next 12 months with confidence bounds, save the model, load it in a new
    // MLContext and forecast again, then keep forecasting as new observations arrive.
    public static void Example()
    {
        // Create a new ML context for ML.NET operations. The seed makes training repeatable (the LSTM draws its seed
        // from the context unless the seed parameter below is given).
        var mlContext = new MLContext(seed: 0);

        // Monthly airline passengers (thousands), 1949-01 to 1960-12. Train on 1949-1959, hold 1960 out.
        string path = Path.Combine(AppContext.BaseDirectory, "data", "AirPassengers.csv");
        IDataView allMonths = mlContext.Data.LoadFromTextFile<MonthlyPassengers>(path, separatorChar: ',', hasHeader: true);
        List<MonthlyPassengers> months = mlContext.Data.CreateEnumerable<MonthlyPassengers>(allMonths, reuseRowObject: false).ToList();
        IDataView training = mlContext.Data.LoadFromEnumerable(months.Take(132));

        // Scale the series, then forecast 12 months from it. Streaming input: one observation per row, in time order.
        var pipeline = mlContext.Transforms.NormalizeMinMax("Scaled", "Passengers")
            .Append(mlContext.Forecasting.ForecastByLstm(
                outputColumnName: "Forecast",
                inputColumnName: "Scaled",
                windowSize: 24,
                horizon: 12,
                confidenceLowerBoundColumn: "Lower",
                confidenceUpperBoundColumn: "Upper",
                confidenceLevel: 0.9f,
                seasonPeriod: 12,
                ensembleSize: 3,
                epochs: 100,
                seed: 1));
        ITransformer model = pipeline.Fit(training);

        // NormalizeMinMax keeps zero at zero by default: it divides by the largest value seen in training.
        float scale = months.Take(132).Max(m => m.Passengers);

        // A time-series engine; an observation of NaN asks for the forecast without appending one: here, the forecast
        // right after the training data.
        var engine = model.CreateTimeSeriesEngine<MonthlyPassengers, PassengersForecast>(mlContext);
        PassengersForecast forecast = engine.Predict(new MonthlyPassengers { Passengers = float.NaN });
        Console.WriteLine("Forecast for 1960 (90% bounds) and what happened:");
        for (int k = 0; k < 12; k++)
            Console.WriteLine($"  {months[132 + k].Month[..7]}  {forecast.Forecast[k] * scale,5:F0}  [{forecast.Lower[k] * scale,5:F0}, {forecast.Upper[k] * scale,5:F0}]  actual {months[132 + k].Passengers,4:F0}");

        // Save the model, load it in a new context (or process): it forecasts the same.
        string modelPath = Path.Combine(Path.GetTempPath(), "AirPassengersLstm.zip");
        mlContext.Model.Save(model, training.Schema, modelPath);
        var newContext = new MLContext();
        ITransformer loaded = newContext.Model.Load(modelPath, out DataViewSchema _);
        var loadedEngine = loaded.CreateTimeSeriesEngine<MonthlyPassengers, PassengersForecast>(newContext);
        PassengersForecast again = loadedEngine.Predict(new MonthlyPassengers { Passengers = float.NaN });
        Console.WriteLine($"The loaded model forecasts the same: {forecast.Forecast.SequenceEqual(again.Forecast)}");

        // Every Predict with an observation appends it to the model's window and forecasts after it.
        PassengersForecast after1960 = again;
        foreach (MonthlyPassengers month in months.Skip(132))
            after1960 = loadedEngine.Predict(month);
        Console.WriteLine($"After the 12 months of 1960, the forecast for 1961-01..03: " +
            string.Join(", ", after1960.Forecast.Take(3).Select(v => (v * scale).ToString("F0"))));

        // Expected output (computed with the calls this pipeline makes: the normalizer's scaling, LstmForecaster.Train
        // on the same series and settings, Forecast, then Append for every 1960 month; on x64 with 256-bit SIMD. This
        // sample was written where ML.NET's runtime does not restore, so it has not been run end to end yet; the last
        // digit may differ on other machines):
        //   Forecast for 1960 (90% bounds) and what happened:
        //     1960-01    414  [  355,   483]  actual  417
        //     1960-02    415  [  340,   506]  actual  391
        //     1960-03    441  [  361,   538]  actual  419
        //     1960-04    467  [  382,   570]  actual  461
        //     1960-05    515  [  422,   629]  actual  472
        //     1960-06    562  [  461,   687]  actual  535
        //     1960-07    608  [  498,   743]  actual  622
        //     1960-08    593  [  486,   724]  actual  606
        //     1960-09    548  [  449,   669]  actual  508
        //     1960-10    481  [  394,   587]  actual  461
        //     1960-11    440  [  360,   537]  actual  390
        //     1960-12    450  [  369,   550]  actual  432
        //   The loaded model forecasts the same: True
        //   After the 12 months of 1960, the forecast for 1961-01..03: 455, 461, 482
    }

    private class MonthlyPassengers
    {
        [LoadColumn(0)]
        public string Month = "";

        [LoadColumn(1)]
        public float Passengers;
    }

    private class PassengersForecast
    {
        public float[] Forecast = Array.Empty<float>();
        public float[] Lower = Array.Empty<float>();
        public float[] Upper = Array.Empty<float>();
    }
}
