using System;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

/// <summary>The batch-major inference pass (batch along the registers, the cell in the product's register tile) against
/// the row-major pass (the GEMM, then the cell pass), which a forward pass that keeps its steps runs.</summary>
public class BatchMajorPassTests
{
    private readonly ITestOutputHelper _output;

    public BatchMajorPassTests(ITestOutputHelper output) => _output = output;

    private static bool Runs => BatchMajorPass.IsSupported && VectorWidths.Best == VectorWidth.V512;

    // h_T and c_T of an inference pass bit for bit those of the row-major pass, from non-zero initial states: panels of
    // 1, 2 and 3 registers and padded rows (two registers take the pairs three at a time: 64 rows of 16 units leave two
    // pairs to the 2 x 8 tile, 100 rows of 32 units one, 112 of 144 none), the input in the cell (p <= 4) or in the product, one to three K blocks
    // (K = 160: two of 80; K = 320: three of 107), with and without a bias, other activations, one and two tiles.
    [Theory]
    [InlineData(16, 3, 1, 16, true, "tanh", "sigmoid", 1)]
    [InlineData(40, 4, 3, 16, true, "tanh", "sigmoid", 2)]
    [InlineData(33, 5, 7, 48, false, "tanh", "sigmoid", 1)]
    [InlineData(64, 2, 16, 16, true, "softsign", "hard_sigmoid", 1)]
    [InlineData(112, 2, 16, 144, true, "tanh", "sigmoid", 2)]
    [InlineData(48, 2, 16, 144, true, "tanh", "sigmoid", 1)]
    [InlineData(16, 2, 64, 256, true, "tanh", "sigmoid", 1)]
    [InlineData(96, 3, 1, 64, true, "relu", "sigmoid", 2)]
    [InlineData(100, 6, 2, 32, false, "tanh", "hard_sigmoid", 2)]
    public void InferenceGivesTheRowMajorPassFloats(int batch, int steps, int p, int units, bool useBias, string activation,
        string recurrentActivation, int threads)
    {
        var options = new LstmLayerOptions
        {
            Units = units, UseBias = useBias, Activation = activation, RecurrentActivation = recurrentActivation,
        };
        var layer = new LstmLayer(p, options, seed: units + p, maxThreads: threads);
        var random = new Random(batch + units);
        float[] x = GradientCheckTests.Uniform(random, batch * steps * p, 1);
        float[] h0 = GradientCheckTests.Uniform(random, batch * units, 0.5f);
        float[] c0 = GradientCheckTests.Uniform(random, batch * units, 1);
        float[] expectedH = new float[batch * units], expectedC = new float[batch * units], output = new float[batch * units];
        layer.Forward(x, batch, steps, output, training: false, h0, c0, expectedH, expectedC);
        Assert.False(layer.LastPassBatchMajor);

        // By default only deep step products run the pass (K >= 256); lowered here so that every shape does.
        int depth = p > 4 ? p + units : units;
        layer.ForwardCore(x, timeMajor: false, batch, steps, training: false, h0, c0, keepSteps: false, keepHiddenSequence: false);
        Assert.Equal(Runs && depth >= 256, layer.LastPassBatchMajor);
        layer.BatchMajorMinDepth = 0;
        layer.ForwardCore(x, timeMajor: false, batch, steps, training: false, h0, c0, keepSteps: false, keepHiddenSequence: false);
        Assert.Equal(Runs, layer.LastPassBatchMajor);
        float[] h = layer.LastHidden.ToArray(), c = layer.LastCell.ToArray();
        _output.WriteLine($"batch-major: {layer.LastPassBatchMajor}, max |h - h_ref| {MaxDifference(h, expectedH)}, max |c - c_ref| {MaxDifference(c, expectedC)}");
        Assert.Equal(expectedH, h);
        Assert.Equal(expectedC, c);
        Assert.DoesNotContain(h, float.IsNaN);
    }

    // The pass has no recurrent dropout mask: a training pass with one runs the row-major pass even when it keeps no steps.
    [Fact]
    public void RecurrentDropoutKeepsTheRowMajorPass()
    {
        const int batch = 32, steps = 3, p = 6, units = 32;
        var layer = new LstmLayer(p, new LstmLayerOptions { Units = units, RecurrentDropout = 0.5f }, seed: 3, maxThreads: 1);
        layer.BatchMajorMinDepth = 0;
        float[] x = GradientCheckTests.Uniform(new Random(2), batch * steps * p, 1);
        layer.ForwardCore(x, timeMajor: false, batch, steps, training: false, default, default, keepSteps: false, keepHiddenSequence: false);
        Assert.Equal(Runs, layer.LastPassBatchMajor);
        layer.ForwardCore(x, timeMajor: false, batch, steps, training: true, default, default, keepSteps: false, keepHiddenSequence: false);
        Assert.False(layer.LastPassBatchMajor);
    }

    // A network's prediction (the batch-major pass, then the head) equals its forward pass's output bit for bit, also
    // after the weights change (the pass packs them again) and for a smaller batch in the same buffers.
    [Fact]
    public void NetworkPredictionMatchesItsForwardPass()
    {
        var options = new LstmNetworkOptions { InputSize = 5, OutputSize = 3, Seed = 4, MaxThreads = 2 };
        options.Layers.Add(new LstmLayerOptions { Units = 32 });
        var network = new LstmNetwork(options);
        network.Layers[0].BatchMajorMinDepth = 0;
        var random = new Random(5);
        foreach (int batch in new[] { 70, 32 })
        {
            const int steps = 7;
            float[] x = GradientCheckTests.Uniform(random, batch * steps * 5, 1);
            float[] predicted = new float[batch * 3], forward = new float[batch * 3];
            network.Predict(x, batch, steps, predicted);
            Assert.Equal(Runs, network.Layers[0].LastPassBatchMajor);
            network.Forward(x, batch, steps, forward);
            Assert.Equal(forward, predicted);
            Span<float> w = network.Parameters;
            for (int i = 0; i < w.Length; i++)
                w[i] += 0.01f * MathF.Cos(i);
        }
    }

    // Which pass a prediction runs is timed (MeasuredChoice): through the first probe (passes 16 to 31, in segments of 4
    // here), whose second and fourth segments run the pass the default does not (here the batch-major one: K = 32 is
    // below BatchMajorMinDepth), and after it,
    // every prediction equals the forward pass's output bit for bit. A pass of another batch size within the probe
    // runs the preferred pass untimed.
    [Fact]
    public void PredictionsThroughTheTimedChoiceOfPassMatchTheForwardPass()
    {
        var options = new LstmNetworkOptions { InputSize = 1, OutputSize = 1, Seed = 6, MaxThreads = 2 };
        options.Layers.Add(new LstmLayerOptions { Units = 32 });
        var network = new LstmNetwork(options);
        network.Layers[0].PassChoice = new MeasuredChoice(segmentLength: 1); // segments of 4 passes
        const int batch = 32, steps = 5;
        float[] x = GradientCheckTests.Uniform(new Random(7), batch * steps, 1);
        float[] expected = new float[batch], predicted = new float[batch];
        network.Forward(x, batch, steps, expected);
        int alternativeInProbe = 0;
        for (int pass = 0; pass < 40; pass++)
        {
            if (pass == 20)
            {
                float[] small = new float[16], smallExpected = new float[16];
                network.Predict(x.AsSpan(0, 16 * steps), 16, steps, small);
                network.Forward(x.AsSpan(0, 16 * steps), 16, steps, smallExpected);
                Assert.Equal(smallExpected, small);
            }
            network.Predict(x, batch, steps, predicted);
            Assert.Equal(expected, predicted);
            bool alternativeRun = pass >= 16 && pass < 32 && (pass - 16) / 4 % 2 == 1;
            if (pass < 32)
                Assert.Equal(Runs && alternativeRun, network.Layers[0].LastPassBatchMajor);
            if (alternativeRun && network.Layers[0].LastPassBatchMajor)
                alternativeInProbe++;
        }
        Assert.Equal(Runs ? 8 : 0, alternativeInProbe);
        Assert.Equal(Runs ? 1 : 0, network.Layers[0].PassChoice.ProbesDone);
    }

    // Batch panels: three registers where they fit, never one beside others (a one-register tile is load-bound).
    [Theory]
    [InlineData(16, "0:1")]
    [InlineData(32, "0:2")]
    [InlineData(48, "0:3")]
    [InlineData(64, "0:2 32:2")]
    [InlineData(80, "0:3 48:2")]
    [InlineData(112, "0:3 48:2 80:2")]
    [InlineData(128, "0:3 48:3 96:2")]
    [InlineData(144, "0:3 48:3 96:3")]
    public void PanelsCoverThePaddedRows(int paddedRows, string expected)
    {
        var panels = BatchMajorState.CutPanels(paddedRows);
        Assert.Equal(expected, string.Join(" ", Array.ConvertAll(panels, q => $"{q.Start}:{q.Vectors}")));
    }

    // A pair's block: [K, 8] of the product, [p', 8] of W for the cell, the bias; gates i, f, c, o of the two units.
    // Four pairs at a time go through registers: 2, 5 and 10 pairs leave 2, 1 and 2 to the values one by one.
    [Theory]
    [InlineData(true, 4, true)]
    [InlineData(false, 4, true)]
    [InlineData(true, 10, false)]
    [InlineData(false, 20, true)]
    public void WeightsArePackedByPairsOfUnits(bool inputFused, int m, bool hasBias)
    {
        const int p = 3;
        int g4 = 4 * m;
        float[] parameters = new float[(p + m + 1) * g4];
        for (int i = 0; i < parameters.Length; i++)
            parameters[i] = i; // row r, column j holds r·4m + j
        var weights = new BatchMajorWeights();
        weights.Pack(parameters, p, m, hasBias, inputFused);
        Assert.Equal(inputFused ? p + m : m, weights.Depth);
        Assert.Equal(inputFused ? 0 : p, weights.CellInputRows);
        float[] data = weights.Data.ToArray();
        Assert.Equal(m / 2 * (p + m + 1) * 8, data.Length);
        for (int pair = 0; pair < m / 2; pair++)
        {
            for (int r = 0; r < p + m + 1; r++)
            {
                // The block's rows: the product's (W then U, or U), then W's (unfused), then the bias.
                int row = inputFused || r >= p + m ? r : r < m ? p + r : r - m;
                for (int gate = 0; gate < 4; gate++)
                {
                    for (int unit = 0; unit < 2; unit++)
                    {
                        float expected = r == p + m && !hasBias ? 0f : row * g4 + gate * m + 2 * pair + unit;
                        Assert.Equal(expected, data[pair * weights.PairStride + r * 8 + 2 * gate + unit]);
                    }
                }
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>("units", () => weights.Pack(parameters, p, 3, true, inputFused));
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        float max = 0;
        for (int i = 0; i < a.Length; i++)
            max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }
}
