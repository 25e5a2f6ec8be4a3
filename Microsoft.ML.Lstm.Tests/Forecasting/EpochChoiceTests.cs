using System;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

public class EpochChoiceTests
{
    [Fact]
    public void ANoisyEarlyDipDoesNotStopTraining()
    {
        // A validation curve of a few windows: a lucky dip at epoch 3, then the real (smoothed) minimum near epoch 140.
        var random = new Random(1);
        double[] curve = Enumerable.Range(1, 200).Select(e => 1.0 / Math.Sqrt(e) + 0.002 * Math.Pow(e - 140, 2) / 200 + 0.05 * random.NextDouble()).ToArray();
        curve[2] = 0.01;
        int chosen = ForecasterTraining.ChooseEpochs(curve, 200);
        Assert.InRange(chosen, 100, 180);
    }

    [Fact]
    public void NeverBeforeAQuarterOfTheBudget()
    {
        double[] rising = Enumerable.Range(1, 100).Select(e => (double)e).ToArray();
        Assert.Equal(25, ForecasterTraining.ChooseEpochs(rising, 100));
        double[] falling = Enumerable.Range(1, 100).Select(e => 1.0 / e).ToArray();
        Assert.Equal(100, ForecasterTraining.ChooseEpochs(falling, 100));
    }
}
