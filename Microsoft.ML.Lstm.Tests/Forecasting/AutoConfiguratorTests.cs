using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

public class AutoConfiguratorTests
{
    [Fact]
    public void EvaluatesTheDefaultsFirstAndReportsItsChoice()
    {
        float[] series = ForecasterTests.Seasonal(100);
        LstmForecasterOptions options = ForecasterTests.Quick();
        options.Epochs = 15;
        options.EnsembleSize = 1;
        var lines = new List<string>();
        AutoConfiguration result = AutoConfigurator.Search(new[] { new SeriesInput(series) }, options, TimeSpan.FromSeconds(30), folds: 1, log: lines.Add);
        Assert.Equal("defaults", result.Candidates[0].Description);
        Assert.True(result.Candidates.Count >= 3, string.Join(Environment.NewLine, lines));
        Assert.All(result.Candidates, c => Assert.True(c.Score > 0 && double.IsFinite(c.Score)));
        Assert.Contains("configuration(s)", result.Report);
        ConfigurationScore best = result.Candidates.MinBy(c => c.Score)!;
        ConfigurationScore defaults = result.Candidates[0];
        bool switched = best.Score < defaults.Score * (1 - AutoConfigurator.RequiredGain)
            && best.FoldScores.Zip(defaults.FoldScores, (b, d) => b < d).All(x => x);
        Assert.All(result.Candidates, c => Assert.Equal(c.Score, c.FoldScores.Average(), 12));
        Assert.Equal(switched ? best.Options.Units : defaults.Options.Units, result.Options.Units);
        Assert.Equal(switched ? best.Options.WindowSize : defaults.Options.WindowSize, result.Options.WindowSize);
        Assert.Equal(12, result.Options.SeasonPeriod); // detected once, then fixed for every candidate
    }

    [Fact]
    public void ATinyBudgetStillReturnsTheDefaults()
    {
        LstmForecasterOptions options = ForecasterTests.Quick();
        options.Epochs = 5;
        options.EnsembleSize = 1;
        AutoConfiguration result = AutoConfigurator.Search(new[] { new SeriesInput(ForecasterTests.Seasonal(80)) }, options, TimeSpan.FromMilliseconds(1));
        Assert.Single(result.Candidates);
        Assert.Contains("kept the defaults", result.Report);
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoConfigurator.Search(new[] { new SeriesInput(ForecasterTests.Seasonal(80)) }, options, TimeSpan.Zero));
    }
}
