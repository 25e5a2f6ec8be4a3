using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

/// <summary>The timed choice between two equivalent paths, fed made-up durations.</summary>
public class MeasuredChoiceTests
{
    // Runs passes [first, last) of a choice whose default path takes defaultTime and alternative alternativeTime;
    // returns which path each pass ran.
    private static List<bool> Run(MeasuredChoice choice, long first, long last, long defaultTime, long alternativeTime)
    {
        var ran = new List<bool>();
        for (long pass = first; pass < last; pass++)
        {
            bool alternative = choice.NextRunsAlternative();
            ran.Add(alternative);
            choice.Record(alternative ? alternativeTime : defaultTime);
        }
        return ran;
    }

    [Fact]
    public void TheDefaultRunsUntilAProbeFindsTheAlternativeFaster()
    {
        var choice = new MeasuredChoice();
        List<bool> ran = Run(choice, 0, 16, defaultTime: 100, alternativeTime: 60);
        Assert.All(ran, Assert.False);
        Assert.Equal(0, choice.ProbesDone);

        ran = Run(choice, 16, 16 + 2 * MeasuredChoice.TrialsPerPath, defaultTime: 100, alternativeTime: 60);
        for (int i = 0; i < ran.Count; i++)
            Assert.Equal(i % 2 == 1, ran[i]); // the probe alternates, the default first
        Assert.Equal(1, choice.ProbesDone);
        Assert.True(choice.PrefersAlternative);

        ran = Run(choice, 32, 256, defaultTime: 100, alternativeTime: 60);
        Assert.All(ran, Assert.True);
    }

    [Fact]
    public void ALaterProbeFollowsAChangeOfSpeed()
    {
        var choice = new MeasuredChoice();
        Run(choice, 0, 256, defaultTime: 100, alternativeTime: 60);
        Assert.True(choice.PrefersAlternative);
        // The machine changes: the default path is now the faster one; the probe at pass 256 sees it.
        List<bool> ran = Run(choice, 256, 4096, defaultTime: 50, alternativeTime: 60);
        Assert.Equal(2, choice.ProbesDone);
        Assert.False(choice.PrefersAlternative);
        Assert.Equal(MeasuredChoice.TrialsPerPath, ran.FindAll(a => a).Count); // the alternative ran in the probe only
    }

    // The median decides: one very slow pass of the faster path (an interrupt) or one very fast pass of the slower path
    // does not flip the choice.
    [Fact]
    public void OneOutlyingPassDoesNotDecide()
    {
        var choice = new MeasuredChoice();
        Run(choice, 0, 16, 0, 0);
        for (int trial = 0; trial < 2 * MeasuredChoice.TrialsPerPath; trial++)
        {
            bool alternative = choice.NextRunsAlternative();
            long time = alternative ? 60 : 100;
            if (trial == 1)
                time = 1_000_000; // the faster (alternative) path interrupted once
            if (trial == 2)
                time = 1; // the slower (default) path lucky once
            choice.Record(time);
        }
        Assert.True(choice.PrefersAlternative);
    }

    [Theory]
    [InlineData(16L, true)]
    [InlineData(256L, true)]
    [InlineData(4096L, true)]
    [InlineData(65536L, true)]
    [InlineData(3L * 65536, true)]
    [InlineData(0L, false)]
    [InlineData(17L, false)]
    [InlineData(65535L, false)]
    public void ProbesBeginAtTheirPasses(long pass, bool begins) => Assert.Equal(begins, MeasuredChoice.IsProbeStart(pass));

    [Fact]
    public void ANegativeDurationIsRejectedByName()
    {
        var choice = new MeasuredChoice();
        Run(choice, 0, 16, 1, 1);
        choice.NextRunsAlternative();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => choice.Record(-5));
        Assert.Equal("duration", error.ParamName);
    }

    // A pass that failed is not reported; the probe goes on with the next pass, which runs the same path.
    [Fact]
    public void AnUnreportedPassIsRunAgainOnTheSamePath()
    {
        var choice = new MeasuredChoice();
        Run(choice, 0, 16, 1, 1);
        Assert.False(choice.NextRunsAlternative()); // trial 0, never reported
        Assert.False(choice.NextRunsAlternative()); // still trial 0
        choice.Record(100);
        Assert.True(choice.NextRunsAlternative()); // trial 1
    }
}
