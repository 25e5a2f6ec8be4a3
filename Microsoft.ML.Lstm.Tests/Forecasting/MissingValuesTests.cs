using System;
using Microsoft.ML.Lstm.Forecasting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

public class MissingValuesTests
{
    private const float NaN = float.NaN;

    [Fact]
    public void None_WithoutMissingValues_ReturnsACopy()
    {
        float[] values = { 1, 2, 3 };
        float[] filled = MissingValues.Fill(values, MissingValueFill.None);
        Assert.Equal(values, filled);
        Assert.NotSame(values, filled);
    }

    [Fact]
    public void None_WithAMissingValue_NamesTheFirstIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => MissingValues.Fill(new[] { 1, 2, NaN, 4, NaN }, MissingValueFill.None));
        Assert.Equal("values", ex.ParamName);
        Assert.Contains("values[2] is missing (NaN) and the fill method is None", ex.Message);
    }

    [Fact]
    public void Previous_CarriesTheLastObservationForward_AndTheFirstBackward()
    {
        float[] filled = MissingValues.Fill(new[] { NaN, NaN, 3, NaN, NaN, 5, 6, NaN }, MissingValueFill.Previous);
        Assert.Equal(new float[] { 3, 3, 3, 3, 3, 5, 6, 6 }, filled);
    }

    [Fact]
    public void Linear_InterpolatesBetweenNeighbours_AndCarriesTheEnds()
    {
        float[] filled = MissingValues.Fill(new[] { NaN, 1, NaN, NaN, 4, 10, NaN, 11, NaN, NaN }, MissingValueFill.Linear);
        Assert.Equal(new float[] { 1, 1, 2, 3, 4, 10, 10.5f, 11, 11, 11 }, filled);
    }

    [Fact]
    public void Linear_UsesTheDistanceToEachNeighbour()
    {
        float[] filled = MissingValues.Fill(new[] { 0, NaN, NaN, NaN, 1 }, MissingValueFill.Linear);
        Assert.Equal(new[] { 0, 0.25f, 0.5f, 0.75f, 1 }, filled);
    }

    [Theory]
    [InlineData(MissingValueFill.Previous)]
    [InlineData(MissingValueFill.Linear)]
    public void Fill_LeavesTheInputAsItIs(MissingValueFill method)
    {
        float[] values = { 1, NaN, 3 };
        _ = MissingValues.Fill(values, method);
        Assert.True(float.IsNaN(values[1]));
    }

    [Theory]
    [InlineData(MissingValueFill.Previous)]
    [InlineData(MissingValueFill.Linear)]
    public void Fill_EveryValueMissing_SaysThereIsNothingToFillFrom(MissingValueFill method)
    {
        var ex = Assert.Throws<ArgumentException>(() => MissingValues.Fill(new[] { NaN, NaN, NaN }, method));
        Assert.Equal("values", ex.ParamName);
        Assert.Contains("Every one of the 3 values is missing", ex.Message);
    }

    [Theory]
    [InlineData(MissingValueFill.None)]
    [InlineData(MissingValueFill.Previous)]
    [InlineData(MissingValueFill.Linear)]
    public void Fill_InfiniteValue_IsAnErrorNotAMissingValue(MissingValueFill method)
    {
        var ex = Assert.Throws<ArgumentException>(() => MissingValues.Fill(new[] { 1, NaN, float.NegativeInfinity }, method));
        Assert.Equal("values", ex.ParamName);
        Assert.Contains($"values[2] is {float.NegativeInfinity}", ex.Message); // formatted in the current culture, as the message is
    }

    [Fact]
    public void Fill_Empty_IsEmpty() =>
        Assert.Empty(MissingValues.Fill(Array.Empty<float>(), MissingValueFill.Linear));

    [Fact]
    public void Fill_UnknownMethod_NamesIt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => MissingValues.Fill(new float[] { 1 }, (MissingValueFill)42));
        Assert.Equal("method", ex.ParamName);
        Assert.Equal((MissingValueFill)42, ex.ActualValue);
    }

    [Fact]
    public void Fill_Null_Throws() =>
        Assert.Equal("values", Assert.Throws<ArgumentNullException>(() => MissingValues.Fill(null!, MissingValueFill.Linear)).ParamName);

    [Fact]
    public void Train_RejectsWhatFillWouldFill_AndAcceptsTheFilledSeries()
    {
        float[] values = SmallForecasters.Seasonal(80, seed: 3);
        values[40] = NaN;
        var ex = Assert.Throws<ArgumentException>(() => LstmForecaster.Train(values, SmallForecasters.Options()));
        Assert.Contains("index 40", ex.Message);

        float[] filled = MissingValues.Fill(values, MissingValueFill.Linear);
        Assert.Equal((values[39] + values[41]) / 2, filled[40], 5);
        Assert.Equal(6, LstmForecaster.Train(filled, SmallForecasters.Options()).Forecast().Values.Length);
    }
}
