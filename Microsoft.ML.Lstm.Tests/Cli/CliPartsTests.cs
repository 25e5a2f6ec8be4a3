using System;
using System.Linq;
using Microsoft.ML.Lstm.Cli;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.Forecasting.Csv;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Cli;

public class CliPartsTests
{
    [Fact]
    public void SeasonalNaive_RepeatsTheLastSeason()
    {
        float[] history = { 1, 2, 3, 4, 5, 6, 7 };
        Assert.Equal(new float[] { 5, 6, 7, 5, 6 }, SeasonalNaive.Forecast(history, 3, 5));
        Assert.Equal(new float[] { 7, 7 }, SeasonalNaive.Forecast(history, 1, 2));
    }

    [Theory]
    // 0.01 s per epoch, 5 networks x 200 epochs: 4 s per network (validation + refit).
    [InlineData(100.0, 5, 200)]  // fits: unchanged
    [InlineData(10.0, 2, 200)]   // two networks fit
    [InlineData(2.0, 1, 100)]    // one network with 2 / (2 x 0.01) epochs
    [InlineData(0.1, 1, 20)]     // never fewer than MinEpochs
    public void TimeBudgetFit_ShrinksTheEnsembleFirstThenTheEpochs(double seconds, int ensemble, int epochs)
    {
        LstmForecasterOptions fitted = TimeBudget.Fit(new LstmForecasterOptions { Horizon = 3, EnsembleSize = 5, Epochs = 200 }, 0.01, seconds);
        Assert.Equal((ensemble, epochs), (fitted.EnsembleSize, fitted.Epochs));
    }

    [Fact]
    public void ModelDescription_RoundTripsThroughJson_AndDatesTheFuture()
    {
        var csv = new SeriesCsvOptions { ValueColumn = "value", TimeColumn = "date", SeriesIdColumn = "id" };
        var series = SeriesCsvReader.Read(new System.IO.StringReader("id,date,value\na,1960-11-01,1\na,1960-12-01,2\nb,2024-01-31,3\nb,2024-02-29,4\n"), csv, "x.csv");
        ModelDescription d = ModelDescription.FromJson(ModelDescription.Of("x.csv", csv, series).ToJson(), "x.lstm.json");

        Assert.Equal(("value", "date", "id"), (d.ValueColumn, d.TimeColumn, d.SeriesIdColumn));
        Assert.Equal(new[] { "1960-12", "1961-01", "1961-12" }, new[] { 0, 1, 12 }.Select(d.Series[0].FutureLabel));
        Assert.Equal(new[] { "2024-03-31", "2024-04-30" }, new[] { 1, 2 }.Select(d.Series[1].FutureLabel));
    }

    [Fact]
    public void ModelDescription_NotOurs_SaysWhatItIsNot()
    {
        var ex = Assert.Throws<System.IO.InvalidDataException>(() => ModelDescription.FromJson("{\"version\": 7}", "m.json"));
        Assert.Contains("m.json is not a version-1 model description", ex.Message);
    }

    [Fact]
    public void EveryCommandOption_HasHelpText_AndNamesAreUniquePerCommand()
    {
        foreach (ICommand c in CliApp.Commands)
        {
            Assert.All(c.Spec.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Help), $"{c.Spec.Name} --{o.Name}"));
            Assert.Equal(c.Spec.Options.Count, c.Spec.Options.Select(o => o.Name).Distinct().Count());
        }
    }
}
