using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

/// <summary>Every bad input gives an exception that names the argument and the value; nothing is dropped silently.
/// The training cases fail in validation, before any network is trained.</summary>
[Collection(SmallForecasters.Collection)]
public class ForecasterInputTests
{
    // Messages format numbers in the current culture (∞ or Infinity, 4.5 or 4,5): the tests format them the same way.
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Train_NonFiniteValue_NamesTheIndexAndValue(float bad)
    {
        float[] values = SmallForecasters.Seasonal(60, seed: 1);
        values[37] = bad;
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(values, SmallForecasters.Options()));
        Assert.Equal("values", ex.ParamName);
        Assert.Contains($"the non-finite value {bad} at index 37", ex.Message);
    }

    [Fact]
    public void Train_NonFiniteValueInASeriesInput_NamesTheSeriesAndIndex()
    {
        float[] values = SmallForecasters.Seasonal(60, seed: 1);
        values[0] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(new[] { new SeriesInput(values, id: "sales") }, SmallForecasters.Options()));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains($"Series 'sales' has the non-finite value {float.NaN} at index 0", ex.Message);
    }

    [Fact]
    public void Train_NonFiniteFeature_NamesTheColumnAndIndex()
    {
        SeriesInput input = SmallForecasters.WithFeature(60, seed: 1);
        float[] feature = input.Features[0].ToArray();
        feature[12] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() =>
            LstmForecaster.Train(new[] { new SeriesInput(input.Values, new IReadOnlyList<float>[] { feature }) }, SmallForecasters.Options()));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains($"Feature column 0 of series 'series' has the non-finite value {float.NaN} at index 12", ex.Message);
    }

    [Fact]
    public void Train_SeriesShorterThanWindowPlusHorizon_SaysBothNumbers()
    {
        float[] values = SmallForecasters.Seasonal(20, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(values, SmallForecasters.Options(o =>
        {
            o.WindowSize = 12;
            o.Horizon = 10;
        })));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains("has 20 points; it needs at least windowSize + horizon = 12 + 10 = 22", ex.Message);
    }

    [Fact]
    public void Train_SeriesTooShortForRecursiveWindows_SaysTheWindowNeedsOneStep()
    {
        float[] values = SmallForecasters.Seasonal(20, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(values, SmallForecasters.Options(o =>
        {
            o.WindowSize = 25;
            o.Strategy = MultiStepStrategy.Recursive;
        })));
        Assert.Contains("has 20 points; it needs at least windowSize + horizon = 25 + 1 (recursive: one step per window) = 26", ex.Message);
    }

    [Fact]
    public void Train_EmptySeries_SaysEmpty()
    {
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(Array.Empty<float>(), SmallForecasters.Options()));
        Assert.Equal("values", ex.ParamName);
        Assert.Contains("Series 'series' is empty", ex.Message);
    }

    [Fact]
    public void Train_NoSeries_SaysTheInputIsEmpty()
    {
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(Array.Empty<SeriesInput>(), SmallForecasters.Options()));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains("the input is empty", ex.Message);
    }

    [Fact]
    public void Train_ConstantSeries_SaysConstantAndTheValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(Enumerable.Repeat(4.5f, 80).ToArray(), SmallForecasters.Options()));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains($"Series 'series' is constant ({4.5f} throughout)", ex.Message);
    }

    [Fact]
    public void Train_FeatureColumnOfAnotherLength_SaysBothLengths()
    {
        float[] values = SmallForecasters.Seasonal(50, seed: 1);
        float[] feature = SmallForecasters.Feature(0, 49);
        var ex = Assert.Throws<ArgumentException>(() =>
            LstmForecaster.Train(new[] { new SeriesInput(values, new IReadOnlyList<float>[] { feature }) }, SmallForecasters.Options()));
        Assert.Equal("series", ex.ParamName);
        Assert.Contains("Feature column 0 of series 'series' has 49 values but the target has 50", ex.Message);
    }

    [Fact]
    public void Train_SeriesWithDifferentFeatureCounts_SaysBothCounts()
    {
        SeriesInput withFeature = SmallForecasters.WithFeature(60, seed: 1);
        var plain = new SeriesInput(SmallForecasters.Seasonal(60, seed: 2), id: "plain");
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(new[] { withFeature, plain }, SmallForecasters.Options()));
        Assert.Contains("Series 'plain' has 0 feature columns but 'series' has 1", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Train_NonPositiveHorizon_NamesHorizonAndTheValue(int horizon)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            LstmForecaster.Train(SmallForecasters.Seasonal(60, seed: 1), SmallForecasters.Options(o => o.Horizon = horizon)));
        Assert.Equal("Horizon", ex.ParamName);
        Assert.Equal(horizon, ex.ActualValue);
        Assert.Contains($"Horizon must be positive; got {horizon}", ex.Message);
    }

    [Fact]
    public void Train_NegativeWindow_NamesWindowSizeAndTheValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            LstmForecaster.Train(SmallForecasters.Seasonal(60, seed: 1), SmallForecasters.Options(o => o.WindowSize = -1)));
        Assert.Equal("WindowSize", ex.ParamName);
        Assert.Equal(-1, ex.ActualValue);
        Assert.Contains("got -1", ex.Message);
    }

    [Fact]
    public void Train_NegativeEntryInWindowSizes_NamesWindowSizesAndTheValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            LstmForecaster.Train(SmallForecasters.Seasonal(60, seed: 1), SmallForecasters.Options(o => o.WindowSizes = new List<int> { 8, -2 })));
        Assert.Equal("WindowSizes", ex.ParamName);
        Assert.Equal(-2, ex.ActualValue);
    }

    [Theory]
    [InlineData("Activation")]
    [InlineData("RecurrentActivation")]
    public void Train_UnknownActivation_NamesTheOptionAndTheValue(string option)
    {
        LstmForecasterOptions options = SmallForecasters.Options();
        typeof(LstmForecasterOptions).GetProperty(option)!.SetValue(options, "tanhh");
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(SmallForecasters.Seasonal(60, seed: 1), options));
        Assert.Equal(option, ex.ParamName);
        Assert.Contains($"{option} 'tanhh' is not a known activation", ex.Message);
        Assert.Contains("sigmoid", ex.Message); // the valid names are listed
    }

    [Fact]
    public void Train_UnknownLoss_NamesLossAndTheValue()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            LstmForecaster.Train(SmallForecasters.Seasonal(60, seed: 1), SmallForecasters.Options(o => o.Loss = "msle")));
        Assert.Equal("Loss", ex.ParamName);
        Assert.Contains("Loss 'msle' is not a known loss. Valid names:", ex.Message);
        Assert.Contains("huber", ex.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Train_ConfidenceLevelOutsideZeroOne_NamesItAndTheValue(float level)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            LstmForecaster.Train(SmallForecasters.Seasonal(60, seed: 1), SmallForecasters.Options(o => o.ConfidenceLevel = level)));
        Assert.Equal("ConfidenceLevel", ex.ParamName);
        Assert.Equal(level, ex.ActualValue);
        Assert.Contains("ConfidenceLevel must be in (0, 1)", ex.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Append_NonFiniteValue_NamesItAndAppendsNothing(float bad)
    {
        LstmForecaster forecaster = SmallForecasters.Copy(SmallForecasters.Univariate);
        ForecastResult before = forecaster.Forecast();
        var ex = Assert.Throws<ArgumentException>(() => forecaster.Append(bad));
        Assert.Equal("value", ex.ParamName);
        Assert.Contains($"The observation {bad} is not finite; nothing was appended", ex.Message);
        SmallForecasters.AssertBitIdentical(before, forecaster.Forecast());
    }

    [Fact]
    public void Append_NonFiniteFeature_NamesTheFeatureAndAppendsNothing()
    {
        LstmForecaster forecaster = SmallForecasters.Copy(SmallForecasters.WithFeatures);
        ForecastResult before = forecaster.Forecast();
        var ex = Assert.Throws<ArgumentException>(() => forecaster.Append(25f, new[] { float.NaN }));
        Assert.Equal("features", ex.ParamName);
        Assert.Contains($"Feature 0 of the observation is {float.NaN}", ex.Message);
        SmallForecasters.AssertBitIdentical(before, forecaster.Forecast());
    }

    [Fact]
    public void Append_WrongFeatureCount_SaysBothCounts()
    {
        LstmForecaster forecaster = SmallForecasters.Copy(SmallForecasters.WithFeatures);
        var ex = Assert.Throws<ArgumentException>(() => forecaster.Append(25f));
        Assert.Equal("features", ex.ParamName);
        Assert.Contains("expects 1 feature values per observation; got 0", ex.Message);
    }

    [Fact]
    public void Forecast_HorizonBeyondTheTrainedOne_SaysBoth()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SmallForecasters.Univariate.Forecast(7));
        Assert.Equal("horizon", ex.ParamName);
        Assert.Equal(7, ex.ActualValue);
        Assert.Contains("trained for 6 steps (direct strategy); got 7", ex.Message);
        Assert.Equal(6, SmallForecasters.Univariate.Forecast(6).Values.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Forecast_NonPositiveHorizon_NamesIt(int horizon)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SmallForecasters.Univariate.Forecast(horizon));
        Assert.Equal("horizon", ex.ParamName);
        Assert.Contains($"The horizon must be positive; got {horizon}", ex.Message);
    }

    [Fact]
    public void UnknownSeriesId_NamesItAndTheKnownOnes()
    {
        LstmForecaster forecaster = SmallForecasters.Copy(SmallForecasters.TwoSeries);
        var forecast = Assert.Throws<ArgumentException>(() => forecaster.Forecast(seriesId: "east"));
        Assert.Equal("seriesId", forecast.ParamName);
        Assert.Contains("Unknown series 'east'. Known: north, south", forecast.Message);
        var append = Assert.Throws<ArgumentException>(() => forecaster.Append(1f, seriesId: "east"));
        Assert.Equal("seriesId", append.ParamName);
        var after = Assert.Throws<ArgumentException>(() => forecaster.ForecastAfter(SmallForecasters.Seasonal(60, seed: 1), seriesId: "east"));
        Assert.Equal("seriesId", after.ParamName);
    }

    [Fact]
    public void NoSeriesId_WithSeveralSeries_ListsThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => SmallForecasters.TwoSeries.Forecast());
        Assert.Equal("seriesId", ex.ParamName);
        Assert.Contains("knows 2 series; name one of: north, south", ex.Message);
    }

    [Fact]
    public void ForecastAfter_NonFiniteHistory_NamesTheIndex()
    {
        float[] history = SmallForecasters.Seasonal(60, seed: 1);
        history[50] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => SmallForecasters.Univariate.ForecastAfter(history));
        Assert.Equal("history", ex.ParamName);
        Assert.Contains($"non-finite value {float.NaN} at index 50", ex.Message);
    }
}
