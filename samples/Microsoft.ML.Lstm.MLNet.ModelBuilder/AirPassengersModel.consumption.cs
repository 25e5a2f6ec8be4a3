// This file shows how the model is used; the shape is Model Builder's (ModelInput, ModelOutput, a lazily created engine,
// Predict).
using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.TimeSeries;

namespace AirPassengers_ConsoleApp;

public partial class AirPassengersModel
{
    /// <summary>The model input: one month.</summary>
    public class ModelInput
    {
        [LoadColumn(0)]
        [ColumnName(@"date")]
        public string Date { get; set; } = "";

        [LoadColumn(1)]
        [ColumnName(@"value")]
        public float Value { get; set; }
    }

    /// <summary>The model output: the next months' forecast and its 95% bounds.</summary>
    public class ModelOutput
    {
        [ColumnName(@"value")]
        public float[] Value { get; set; } = Array.Empty<float>();

        [ColumnName(@"value_LB")]
        public float[] Value_LB { get; set; } = Array.Empty<float>();

        [ColumnName(@"value_UB")]
        public float[] Value_UB { get; set; } = Array.Empty<float>();
    }

    /// <summary>Where the model is (next to the program).</summary>
    public static string MLNetModelPath = Path.Combine(AppContext.BaseDirectory, "AirPassengersModel.mlnet");

    /// <summary>The engine, created on first use. It keeps the model's window: each Predict with an input appends it.</summary>
    public static readonly Lazy<TimeSeriesPredictionEngine<ModelInput, ModelOutput>> PredictEngine =
        new(() => CreatePredictEngine(), true);

    /// <summary>
    /// Forecasts the next <paramref name="horizon"/> months (default: the trained 12). With an <paramref name="input"/>,
    /// the month is first appended to the model's window; without, the forecast is after the last appended month (right
    /// after the training data at first).
    /// </summary>
    public static ModelOutput Predict(ModelInput? input = null, int? horizon = null)
    {
        TimeSeriesPredictionEngine<ModelInput, ModelOutput> predEngine = PredictEngine.Value;
        // ML.NET re-runs the LSTM only for a new input, so "no input" is an input whose value is missing (NaN): the LSTM
        // forecasts without appending it.
        ModelOutput output = predEngine.Predict(input ?? new ModelInput { Value = float.NaN });
        int trained = output.Value.Length;
        int h = horizon ?? trained;
        if (h < 1 || h > trained)
            throw new ArgumentOutOfRangeException(nameof(horizon), h, $"The model forecasts 1 to {trained} months.");
        return new ModelOutput { Value = output.Value[..h], Value_LB = output.Value_LB[..h], Value_UB = output.Value_UB[..h] };
    }

    private static TimeSeriesPredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
    {
        var mlContext = new MLContext();
        ITransformer mlModel = mlContext.Model.Load(MLNetModelPath, out _);
        return mlModel.CreateTimeSeriesEngine<ModelInput, ModelOutput>(mlContext);
    }
}
