using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>
/// Helpers for a model that contains an LSTM forecaster, whether a fitted <see cref="LstmForecastingTransformer"/>
/// (or a pipeline holding one) or a chain returned by <c>mlContext.Model.Load</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Keeping a time-series engine's observations.</b> <c>model.CreateTimeSeriesEngine&lt;TIn, TOut&gt;(mlContext)</c>
/// works with a streaming model: <c>Predict(observation)</c> appends the observation to the engine's window and returns
/// the forecast after it, and an observation whose value is NaN forecasts without appending (the way to ask for the
/// forecast right after the training data, or after the last observation). ML.NET runs custom mappings like any other
/// row mapping, so <c>Predict()</c> without an example returns the previous call's output (and fails before the first
/// call), and its <c>horizon</c> and <c>confidenceLevel</c> arguments are ignored (the trained horizon and level apply;
/// take fewer steps from the vectors for a shorter horizon). <c>CheckPoint</c> saves the model without the observations
/// the engine has seen. To save them, pass the same observations to <see cref="AppendObservations"/> and save its result:
/// a new engine (in any process) on the saved model continues from there.
/// </para>
/// </remarks>
public static class LstmForecastingModel
{
    /// <summary>The trained forecaster of the (only) LSTM part of <paramref name="model"/>, decoded afresh (in streaming
    /// mode its window is the model's: the training tail and any appended observations).</summary>
    /// <param name="mlContext">The context (used to run the model's lookup step).</param>
    /// <param name="model">A fitted or loaded model containing one LSTM forecaster.</param>
    public static LstmForecaster GetForecaster(MLContext mlContext, ITransformer model) =>
        LstmModelBlob.Parse(Single(mlContext, model).Blob).CreateForecaster();

    /// <summary>
    /// <paramref name="model"/> with <paramref name="observations"/> appended to the rolling window of its streaming
    /// LSTM forecaster (no retraining); the other transformers are kept as they are. Save the result with
    /// <c>mlContext.Model.Save</c> to keep the window.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">A fitted or loaded model containing one streaming LSTM forecaster.</param>
    /// <param name="observations">New observations, oldest first, in the units the forecaster sees (after any
    /// transforms before it in the pipeline).</param>
    /// <param name="features">Per observation, the feature columns' values (when the model has feature columns).</param>
    /// <returns>A new model (a <see cref="LstmForecastingTransformer"/> when <paramref name="model"/> is one; otherwise a
    /// TransformerChain of the same transformers, every chain scope Everything).</returns>
    public static ITransformer AppendObservations(MLContext mlContext, ITransformer model, IEnumerable<float> observations,
        IEnumerable<IReadOnlyList<float>>? features = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        if (model is LstmForecastingTransformer forecasting)
            return forecasting.AppendObservations(observations, features);
        (string blob, int[] path) = Single(mlContext, model);
        string text = LstmForecastingTransformer.AppendToBlob(LstmModelBlob.Parse(blob), observations, features);
        return LstmChain.ReplaceBlob(mlContext, model, path, text);
    }

    /// <summary>How many LSTM forecasters <paramref name="model"/> contains.</summary>
    public static int Count(MLContext mlContext, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        return LstmChain.FindBlobs(mlContext, model).Count;
    }

    private static (string Blob, int[] Path) Single(MLContext mlContext, ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        List<(string Blob, int[] Path)> found = LstmChain.FindBlobs(mlContext, model);
        return found.Count switch
        {
            1 => found[0],
            0 => throw new ArgumentException("The model contains no LSTM forecaster (no Microsoft.ML.Lstm model-key and lookup steps).", nameof(model)),
            _ => throw new ArgumentException($"The model contains {found.Count} LSTM forecasters; these helpers need exactly one.", nameof(model)),
        };
    }
}
