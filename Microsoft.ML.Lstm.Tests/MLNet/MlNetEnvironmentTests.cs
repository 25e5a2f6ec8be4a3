using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.MLNet;
using Microsoft.ML.Runtime;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

public class MlNetEnvironmentTests
{
    [MlNetRuntimeFact]
    public void Seeds_repeat_for_the_same_context_seed_and_differ_for_another()
    {
        int[] Draw(int? seed)
        {
            var env = new MlNetEnvironment(new MLContext(seed));
            return Enumerable.Range(0, 4).Select(_ => env.NextSeed()).ToArray();
        }

        Assert.Equal(Draw(7), Draw(7));
        Assert.NotEqual(Draw(7), Draw(8));
        Assert.Equal(4, Draw(7).Distinct().Count());
    }

    [MlNetRuntimeFact]
    public void Messages_reach_the_context_log_with_their_kind_and_source()
    {
        var context = new MLContext(seed: 1);
        var log = new List<LoggingEventArgs>();
        context.Log += (_, e) => log.Add(e);
        var env = new MlNetEnvironment(context);

        env.Info("Training", "epoch 1: loss {0.5}");
        env.Warning("Training", "learning rate was NaN");

        var info = Assert.Single(log, e => e.RawMessage == "epoch 1: loss {0.5}");
        Assert.Equal(ChannelMessageKind.Info, info.Kind);
        Assert.StartsWith(MlNetEnvironment.ComponentName, info.Source);
        Assert.Contains("Training", info.Source);
        var warning = Assert.Single(log, e => e.RawMessage == "learning rate was NaN");
        Assert.Equal(ChannelMessageKind.Warning, warning.Kind);
    }

    [Fact]
    public void Arguments_are_checked_before_ML_NET_is_touched()
    {
        Assert.Throws<ArgumentNullException>(() => new MlNetEnvironment(null!));
    }
}
