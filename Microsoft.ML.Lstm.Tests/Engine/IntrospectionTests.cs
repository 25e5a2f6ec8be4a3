using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Introspection;
using Microsoft.ML.Lstm.Engine.Training;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine;

public class IntrospectionTests
{
    [Fact]
    public void TraceFollowsTheLstmEquationsStepByStep()
    {
        var network = new LstmNetwork(new LstmNetworkOptions
        {
            InputSize = 2, OutputSize = 1, Seed = 3,
            Layers = { new LstmLayerOptions { Units = 4 }, new LstmLayerOptions { Units = 3 } },
        });
        float[] x = GradientCheckTests.Uniform(new Random(1), 6 * 2, 1);
        IReadOnlyList<LayerTrace> traces = GateInspector.Trace(network, x, 6);
        Assert.Equal(2, traces.Count);
        foreach (LayerTrace trace in traces)
        {
            int m = trace.Units;
            for (int t = 0; t < trace.Steps; t++)
            {
                for (int u = 0; u < m; u++)
                {
                    int at = t * m + u;
                    float cPrev = t == 0 ? 0f : trace.CellState[at - m];
                    Assert.InRange(trace.InputGate[at], 0f, 1f);
                    Assert.InRange(trace.ForgetGate[at], 0f, 1f);
                    Assert.InRange(trace.OutputGate[at], 0f, 1f);
                    Assert.Equal(trace.ForgetGate[at] * cPrev + trace.InputGate[at] * trace.Candidate[at], trace.CellState[at], 5);
                    Assert.Equal(trace.OutputGate[at] * MathF.Tanh(trace.CellState[at]), trace.Hidden[at], 5);
                }
            }
        }
        // The last layer's last hidden state is what the head reads: the head's output must follow from it.
        float[] y = new float[1];
        network.Forward(x, 1, 6, y);
        LayerTrace top = traces[^1];
        float expected = network.Head.Bias[0];
        for (int u = 0; u < 3; u++)
            expected += top.Hidden[5 * 3 + u] * network.Head.Kernel[u];
        Assert.Equal(expected, y[0], 5);
    }

    [Fact]
    public void SaturationSeesGatesForcedOpenAndClosed()
    {
        var network = new LstmNetwork(new LstmNetworkOptions { InputSize = 1, OutputSize = 1, Layers = { new LstmLayerOptions { Units = 5 } } });
        Span<float> bias = network.Layers[0].Bias;
        bias.Slice(0, 5).Fill(-20f);  // input gate closed
        bias.Slice(5, 5).Fill(20f);   // forget gate open
        bias.Slice(15, 5).Fill(0f);   // output gate near 0.5 for small inputs
        network.Layers[0].Kernel.Clear();
        network.Layers[0].RecurrentKernel.Clear();
        var data = new ArrayTrainingData(GradientCheckTests.Uniform(new Random(2), 10 * 4, 1), new float[10], 4, 1);
        IReadOnlyList<GateSaturation> stats = GateInspector.Saturation(network, data, batchSize: 3);
        GateSaturation input = stats.Single(s => s.Gate == "input"), forget = stats.Single(s => s.Gate == "forget"), output = stats.Single(s => s.Gate == "output");
        Assert.Equal(1.0, input.LowFraction, 6);
        Assert.Equal(1.0, forget.HighFraction, 6);
        Assert.Equal(0.0, output.SaturatedFraction, 6);
        Assert.Equal(0.5, output.Mean, 6);
        Assert.Equal(5, forget.UnitMeans.Length);
    }

    [Fact]
    public void LayerGradientNormsAddUpToTheGlobalNorm()
    {
        var network = new LstmNetwork(new LstmNetworkOptions
        {
            InputSize = 1, OutputSize = 2, Seed = 1,
            Layers = { new LstmLayerOptions { Units = 6 }, new LstmLayerOptions { Units = 4 } },
        });
        var random = new Random(4);
        var data = new ArrayTrainingData(GradientCheckTests.Uniform(random, 8 * 5, 1), GradientCheckTests.Uniform(random, 8 * 2, 1), 5, 1);
        var reports = new List<EpochProgress>();
        // One batch per epoch: the epoch's mean norms are that batch's norms.
        new LstmTrainer(new TrainerOptions { Epochs = 3, BatchSize = 8, Seed = 1, Progress = reports.Add }).Train(network, data);
        foreach (EpochProgress report in reports)
        {
            Assert.Equal(3, report.LayerGradientNorms.Count); // two layers and the head
            Assert.All(report.LayerGradientNorms, n => Assert.True(n > 0 && float.IsFinite(n)));
            double squares = report.LayerGradientNorms.Sum(n => (double)n * n);
            Assert.Equal(report.GradientNorm, Math.Sqrt(squares), 4);
        }
    }
}
