using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.MLNet;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>
/// The mapping functions the saved model runs, called directly on their plain row classes (what ML.NET's custom
/// mappings do per row), so the forecasting semantics are tested without ML.NET's runtime.
/// </summary>
[Collection(MlNetTestData.Collection)]
public class LstmMappingsTests
{
    private static ReadOnlyMemory<char> Text(LstmModelBlob blob) => blob.ToText().AsMemory();

    private static LstmForecastRow Run(LstmMappingState state, ReadOnlyMemory<char> model, params float[] data)
    {
        var row = new LstmForecastRow();
        LstmMappings.MapForecast(new LstmMappingSource { Data = data, Model = model }, row, state);
        return row;
    }

    [Fact]
    public void Streaming_forecasts_right_after_the_training_data_then_rolls_with_each_observation()
    {
        LstmForecaster reference = MlNetTestData.Copy(MlNetTestData.Streaming);
        ReadOnlyMemory<char> model = Text(MlNetTestData.StreamingBlob(MlNetTestData.Streaming));
        var state = new LstmMappingState();
        LstmMappings.InitState(state);

        // A NaN observation appends nothing: the forecast right after the training tail.
        LstmForecastRow first = Run(state, model, float.NaN);
        ForecastResult expected = reference.Forecast();
        MlNetTestData.AssertBitIdentical(expected.Values, first.Forecast);
        MlNetTestData.AssertBitIdentical(expected.LowerBound, first.LowerBound);
        MlNetTestData.AssertBitIdentical(expected.UpperBound, first.UpperBound);
        Assert.Equal(MlNetTestData.Horizon, first.Forecast.Length);

        foreach (float observation in MlNetTestData.Series(5, seed: 1, start: 96))
        {
            reference.Append(observation);
            MlNetTestData.AssertBitIdentical(reference.Forecast().Values, Run(state, model, observation).Forecast);
        }
    }

    [Fact]
    public void Streaming_features_are_appended_with_the_observation()
    {
        LstmForecaster reference = MlNetTestData.Copy(MlNetTestData.StreamingWithFeature);
        ReadOnlyMemory<char> model = Text(MlNetTestData.StreamingBlob(MlNetTestData.StreamingWithFeature));
        var state = new LstmMappingState();
        float[] values = MlNetTestData.Series(3, seed: 2, start: 96), feature = MlNetTestData.Feature(3, start: 96);
        for (int i = 0; i < 3; i++)
        {
            reference.Append(values[i], new[] { feature[i] });
            MlNetTestData.AssertBitIdentical(reference.Forecast().Values, Run(state, model, values[i], feature[i]).Forecast);
        }
        var e = Assert.Throws<InvalidOperationException>(() => Run(state, model, 25f, float.NaN));
        Assert.Contains("feature 0", e.Message);
    }

    [Fact]
    public void The_blob_is_decoded_once_per_state_and_states_are_independent()
    {
        ReadOnlyMemory<char> model = Text(MlNetTestData.StreamingBlob(MlNetTestData.Streaming));
        var a = new LstmMappingState();
        var b = new LstmMappingState();
        Assert.False(a.IsLoaded);
        Run(a, model, float.NaN);
        LstmForecaster decoded = a.Forecaster;
        Run(a, model, 30f);
        Assert.Same(decoded, a.Forecaster);

        // b starts from the training tail, whatever a has seen.
        LstmForecaster reference = MlNetTestData.Copy(MlNetTestData.Streaming);
        MlNetTestData.AssertBitIdentical(reference.Forecast().Values, Run(b, model, float.NaN).Forecast);
        Assert.NotSame(a.Forecaster, b.Forecaster);
    }

    [Fact]
    public void Windowed_rows_forecast_after_their_own_window_statelessly()
    {
        LstmForecaster forecaster = MlNetTestData.Streaming;
        ReadOnlyMemory<char> model = Text(MlNetTestData.WindowedBlob(forecaster));
        var state = new LstmMappingState();
        float[] series = MlNetTestData.Series(40, seed: 9);
        foreach (float[] window in MlNetTestData.Windows(series, MlNetTestData.Window).Take(5).Reverse())
            MlNetTestData.AssertBitIdentical(forecaster.ForecastAfter(window).Values, Run(state, model, window).Forecast);
    }

    [Fact]
    public void Windowed_slot_maps_take_each_slot_to_the_model_units()
    {
        LstmForecaster forecaster = MlNetTestData.Streaming;
        ReadOnlyMemory<char> model = Text(MlNetTestData.WindowedBlob(forecaster, scale: 0.5f, offset: 3f));
        float[] window = MlNetTestData.Series(12, seed: 4);
        float[] featurized = window.Select(v => 0.5f * v + 3f).ToArray();
        float[] expected = forecaster.ForecastAfter(featurized.Select(y => (y - 3f) / 0.5f).ToArray()).Values;
        MlNetTestData.AssertBitIdentical(expected, Run(new LstmMappingState(), model, featurized).Forecast);
    }

    [Fact]
    public void A_windowed_row_with_a_missing_value_gives_NaN_forecasts()
    {
        ReadOnlyMemory<char> model = Text(MlNetTestData.WindowedBlob(MlNetTestData.Streaming));
        float[] window = MlNetTestData.Series(12, seed: 4);
        window[3] = float.NaN;
        LstmForecastRow row = Run(new LstmMappingState(), model, window);
        Assert.Equal(MlNetTestData.Horizon, row.Forecast.Length);
        Assert.All(row.Forecast.Concat(row.LowerBound).Concat(row.UpperBound), v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void The_score_is_the_first_forecast_step()
    {
        LstmForecaster forecaster = MlNetTestData.Streaming;
        ReadOnlyMemory<char> model = Text(MlNetTestData.WindowedBlob(forecaster));
        float[] window = MlNetTestData.Series(12, seed: 6);
        var row = new LstmScoreRow();
        LstmMappings.MapScore(new LstmMappingSource { Data = window, Model = model }, row, new LstmMappingState());
        Assert.Equal(BitConverter.SingleToInt32Bits(forecaster.ForecastAfter(window).Values[0]), BitConverter.SingleToInt32Bits(row.Score));

        var streaming = new LstmScoreRow();
        Assert.Throws<InvalidOperationException>(() => LstmMappings.MapScore(
            new LstmMappingSource { Data = new[] { 1f }, Model = Text(MlNetTestData.StreamingBlob(forecaster)) }, streaming, new LstmMappingState()));
    }

    [Fact]
    public void A_row_of_the_wrong_width_or_a_missing_blob_fails_clearly()
    {
        ReadOnlyMemory<char> model = Text(MlNetTestData.WindowedBlob(MlNetTestData.Streaming));
        var e = Assert.Throws<InvalidOperationException>(() => Run(new LstmMappingState(), model, new float[10]));
        Assert.Contains("1 window(s) of 12 values", e.Message);
        Assert.Contains("has 10", e.Message);
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => Run(new LstmMappingState(), ReadOnlyMemory<char>.Empty, 1f)).Message);
    }

    [Fact]
    public void The_model_key_is_constant()
    {
        var row = new LstmModelKeyRow();
        LstmMappings.MapModelKey(new LstmModelKeySource(), row);
        Assert.Equal(1f, row.ModelKey);
    }

    [Fact]
    public async System.Threading.Tasks.Task Two_threads_with_their_own_states_get_identical_results()
    {
        ReadOnlyMemory<char> model = Text(MlNetTestData.StreamingBlob(MlNetTestData.Streaming));
        float[] observations = MlNetTestData.Series(40, seed: 1, start: 96);
        List<int[]> Sequence()
        {
            var state = new LstmMappingState();
            return observations.Select(o => MlNetTestData.Bits(Run(state, model, o).Forecast)).ToList();
        }
        List<int[]> alone = Sequence();
        List<int[]>[] together = await Task.WhenAll(Task.Run(Sequence), Task.Run(Sequence));
        Assert.Equal(alone, together[0]);
        Assert.Equal(alone, together[1]);
    }
}
