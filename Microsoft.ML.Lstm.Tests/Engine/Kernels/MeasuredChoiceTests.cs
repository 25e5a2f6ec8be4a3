using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

/// <summary>The timed choice between two equivalent paths, fed made-up durations.</summary>
public class MeasuredChoiceTests
{
    // Segments of at least 1000 time units: 10 passes of 100, or MinPassesPerSegment (4) of anything longer.
    private const long SegmentLength = 1000;

    // Runs `count` passes of a choice whose default path takes defaultTime and alternative alternativeTime; returns
    // which path each pass ran, as a string of D and A.
    private static string Run(MeasuredChoice choice, int count, long defaultTime, long alternativeTime, long shape = 0)
    {
        var ran = new List<char>();
        for (int pass = 0; pass < count; pass++)
        {
            bool alternative = choice.NextRunsAlternative(shape);
            ran.Add(alternative ? 'A' : 'D');
            choice.Record(alternative ? alternativeTime : defaultTime);
        }
        return new string(ran.ToArray());
    }

    [Fact]
    public void TheDefaultRunsUntilAProbeFindsTheAlternativeFaster()
    {
        var choice = new MeasuredChoice(SegmentLength);
        Assert.Equal(new string('D', 16), Run(choice, 16, defaultTime: 400, alternativeTime: 250));
        Assert.Equal(0, choice.ProbesDone);
        // Segments of at least 1000: three passes of 400 are 1200, four of 250 are 1000, but four passes at least.
        Assert.Equal("DDDDAAAADDDDAAAA", Run(choice, 16, defaultTime: 400, alternativeTime: 250));
        Assert.Equal(1, choice.ProbesDone);
        Assert.True(choice.PrefersAlternative);
        Assert.Equal((400L, 250L), choice.LastTimes);
        Assert.Equal(new string('A', 200), Run(choice, 200, defaultTime: 400, alternativeTime: 250));
    }

    // Short passes make long segments: 10 passes of 100 fill 1000.
    [Fact]
    public void ASegmentLastsItsTimeNotACountOfPasses()
    {
        var choice = new MeasuredChoice(SegmentLength);
        Run(choice, 16, 100, 100);
        string probe = Run(choice, 40, defaultTime: 100, alternativeTime: 100);
        Assert.Equal(new string('D', 10) + new string('A', 10) + new string('D', 10) + new string('A', 10), probe);
        Assert.Equal(1, choice.ProbesDone);
    }

    [Fact]
    public void ALaterProbeFollowsAChangeOfSpeed()
    {
        var choice = new MeasuredChoice(SegmentLength);
        Run(choice, 256, defaultTime: 400, alternativeTime: 250);
        Assert.True(choice.PrefersAlternative);
        // The machine changes: the default path is now the faster one; the probe at pass 256 sees it. Passes of 200
        // make default segments of five.
        string ran = Run(choice, 4096 - 256, defaultTime: 200, alternativeTime: 250);
        Assert.Equal(2, choice.ProbesDone);
        Assert.False(choice.PrefersAlternative);
        Assert.Equal("DDDDDAAAADDDDDAAAA" + new string('D', 4096 - 256 - 18), ran);
    }

    // A segment's earlier half is not timed (the JIT and the caches warm up there), and a path is judged by its better
    // segment (its first may be the first time the process runs it): unoptimized first passes and a whole slow
    // segment of the faster path do not decide.
    [Fact]
    public void EarlyPassesAndOneSlowSegmentDoNotDecide()
    {
        var choice = new MeasuredChoice(SegmentLength);
        Run(choice, 16, 0, 0);
        int segment = 0, inSegment = 0;
        long[] typical = { 600, 500, 600, 500 }; // the alternative is faster; four passes fill every segment
        while (choice.ProbesDone == 0)
        {
            bool alternative = choice.NextRunsAlternative();
            Assert.Equal(segment % 2 == 1, alternative);
            long time = typical[segment];
            if (inSegment < 2)
                time = alternative ? 100_000 : 1; // the first half: misleading either way
            else if (segment == 1)
                time *= 3; // the alternative's first segment: unoptimized code throughout its timed half
            choice.Record(time);
            if (++inSegment == MeasuredChoice.MinPassesPerSegment)
            {
                segment++;
                inSegment = 0;
            }
        }
        Assert.Equal(MeasuredChoice.SegmentsPerProbe, segment);
        Assert.True(choice.PrefersAlternative);
        Assert.Equal((600L, 500L), choice.LastTimes);
    }

    // Passes of another shape within a probe run the preferred path and are not timed: the probe ends after its
    // passes of the shape it began with, however many others come between.
    [Fact]
    public void APassOfAnotherShapeIsNotTimed()
    {
        var choice = new MeasuredChoice(SegmentLength);
        Run(choice, 16, 400, 250, shape: 7);
        var ran = new List<char>();
        while (choice.ProbesDone == 0)
        {
            bool alternative = choice.NextRunsAlternative(shape: 7); // the probe began with this shape
            ran.Add(alternative ? 'A' : 'D');
            choice.Record(alternative ? 250 : 400);
            if (choice.ProbesDone == 0)
            {
                Assert.False(choice.NextRunsAlternative(shape: 3)); // the preferred (default) path, untimed
                choice.Record(1); // a very short pass: counted, it would make the default look fastest
            }
        }
        Assert.Equal("DDDDAAAADDDDAAAA", new string(ran.ToArray()));
        Assert.True(choice.PrefersAlternative);
    }

    // A probe whose shape does not come back is given up after MaxForeignPasses passes of others, undecided; the next
    // probe begins at its pass as usual.
    [Fact]
    public void AProbeWhoseShapeDoesNotComeBackIsGivenUp()
    {
        var choice = new MeasuredChoice(SegmentLength);
        Run(choice, 17, 400, 250, shape: 7); // the probe begins at pass 16 with shape 7
        Assert.Equal(new string('D', MeasuredChoice.MaxForeignPasses), Run(choice, MeasuredChoice.MaxForeignPasses, 400, 250, shape: 3));
        int next = 4096 - 17 - MeasuredChoice.MaxForeignPasses; // passes up to the next probe, at 4096
        Assert.Equal(new string('D', next), Run(choice, next, 400, 250, shape: 3));
        Assert.Equal(0, choice.ProbesDone);
        Assert.Equal("DDDDAAAADDDDAAAA", Run(choice, 16, 400, 250, shape: 3));
        Assert.Equal(1, choice.ProbesDone);
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
    public void BadArgumentsAreRejectedByName()
    {
        var choice = new MeasuredChoice(SegmentLength);
        choice.NextRunsAlternative();
        Assert.Equal("duration", Assert.Throws<ArgumentOutOfRangeException>(() => choice.Record(-5)).ParamName);
        Assert.Equal("segmentLength", Assert.Throws<ArgumentOutOfRangeException>(() => new MeasuredChoice(-1)).ParamName);
    }

    // A pass that failed is not reported; the probe goes on with the next pass, which runs the same path.
    [Fact]
    public void AnUnreportedPassIsRunAgainOnTheSamePath()
    {
        var choice = new MeasuredChoice(SegmentLength);
        Run(choice, 16, 1, 1);
        Assert.False(choice.NextRunsAlternative()); // never reported
        Assert.Equal("DDDDAAAA", Run(choice, 8, 400, 250)); // the first segment still has its four passes to run
    }
}
