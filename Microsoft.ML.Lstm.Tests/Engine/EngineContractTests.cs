using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Interop;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine;

/// <summary>Parameter counts, weight exchange, determinism, allocation-free steps, dropout and argument checks.</summary>
public class EngineContractTests
{
    [Theory]
    [InlineData(1, 64)]
    [InlineData(16, 128)]
    [InlineData(7, 3)]
    public void ParameterCountIs4mTimesMPlusPPlus1WhateverTheWindow(int p, int m)
    {
        var layer = new LstmLayer(p, new LstmLayerOptions { Units = m });
        Assert.Equal(4 * m * (m + p + 1), layer.ParameterCount);
        Assert.Equal(4 * m * (m + p), new LstmLayer(p, new LstmLayerOptions { Units = m, UseBias = false }).ParameterCount);
        foreach (int steps in new[] { 1, 10, 500 })
        {
            float[] output = new float[2 * m];
            layer.Forward(new float[2 * steps * p], 2, steps, output); // any window length runs with the same weights
            Assert.Equal(4 * m * (m + p + 1), layer.ParameterCount);
        }
        var network = new LstmNetwork(new LstmNetworkOptions
        {
            InputSize = p, OutputSize = 5, Layers = { new LstmLayerOptions { Units = m }, new LstmLayerOptions { Units = 4 } },
        });
        Assert.Equal(4 * m * (m + p + 1) + 4 * 4 * (4 + m + 1) + 4 * 5 + 5, network.ParameterCount);
    }

    [Fact]
    public void InitializersFollowKeras()
    {
        const int p = 3, m = 8;
        var layer = new LstmLayer(p, new LstmLayerOptions { Units = m }, seed: 4);
        double limit = Math.Sqrt(6.0 / (p + 4 * m));
        Assert.All(layer.Kernel.ToArray(), w => Assert.InRange(Math.Abs(w), 0, limit));
        // orthogonal [m, 4m]: rows orthonormal.
        float[] u = layer.RecurrentKernel.ToArray();
        for (int r1 = 0; r1 < m; r1++)
            for (int r2 = 0; r2 < m; r2++)
            {
                double dot = 0;
                for (int c = 0; c < 4 * m; c++)
                    dot += u[r1 * 4 * m + c] * u[r2 * 4 * m + c];
                Assert.Equal(r1 == r2 ? 1.0 : 0.0, dot, 5);
            }
        float[] bias = layer.Bias.ToArray();
        Assert.All(bias[..m], b => Assert.Equal(0f, b));
        Assert.All(bias[m..(2 * m)], b => Assert.Equal(1f, b)); // unit_forget_bias
        Assert.All(bias[(2 * m)..], b => Assert.Equal(0f, b));
        var noForgetBias = new LstmLayer(p, new LstmLayerOptions { Units = m, UnitForgetBias = false });
        Assert.All(noForgetBias.Bias.ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void KerasWeightsRoundTrip()
    {
        var random = new Random(1);
        var layer = new LstmLayer(3, new LstmLayerOptions { Units = 5 });
        float[] kernel = GradientCheckTests.Uniform(random, 3 * 20, 1), recurrent = GradientCheckTests.Uniform(random, 5 * 20, 1);
        float[] bias = GradientCheckTests.Uniform(random, 20, 1);
        KerasWeights.Import(layer, kernel, recurrent, bias);
        float[] k2 = new float[kernel.Length], r2 = new float[recurrent.Length], b2 = new float[bias.Length];
        KerasWeights.Export(layer, k2, r2, b2);
        Assert.Equal(kernel, k2);
        Assert.Equal(recurrent, r2);
        Assert.Equal(bias, b2);
        var ex = Assert.Throws<ArgumentException>(() => KerasWeights.Import(layer, kernel.AsSpan(1), recurrent, bias));
        Assert.Equal("kernel", ex.ParamName);
    }

    [Fact]
    public void PyTorchWeightsGiveThePyTorchOutputs()
    {
        // PyTorch's own equations, written independently: gates = W_ih x + b_ih + W_hh h + b_hh, chunks i, f, g, o.
        const int p = 2, m = 3, batch = 2, steps = 4, g4 = 4 * m;
        var random = new Random(9);
        float[] wih = GradientCheckTests.Uniform(random, g4 * p, 0.6f), whh = GradientCheckTests.Uniform(random, g4 * m, 0.6f);
        float[] bih = GradientCheckTests.Uniform(random, g4, 0.6f), bhh = GradientCheckTests.Uniform(random, g4, 0.6f);
        float[] x = GradientCheckTests.Uniform(random, batch * steps * p, 1);
        var layer = new LstmLayer(p, new LstmLayerOptions { Units = m, ReturnSequences = true });
        PyTorchWeights.Import(layer, wih, whh, bih, bhh);
        float[] output = new float[batch * steps * m];
        layer.Forward(x, batch, steps, output);

        for (int b = 0; b < batch; b++)
        {
            double[] h = new double[m], c = new double[m];
            for (int t = 0; t < steps; t++)
            {
                double[] gates = new double[g4];
                for (int r = 0; r < g4; r++)
                {
                    double s = bih[r] + bhh[r];
                    for (int k = 0; k < p; k++) s += wih[r * p + k] * x[(b * steps + t) * p + k];
                    for (int k = 0; k < m; k++) s += whh[r * m + k] * h[k];
                    gates[r] = s;
                }
                static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
                for (int u = 0; u < m; u++)
                {
                    c[u] = Sigmoid(gates[m + u]) * c[u] + Sigmoid(gates[u]) * Math.Tanh(gates[2 * m + u]);
                    h[u] = Sigmoid(gates[3 * m + u]) * Math.Tanh(c[u]);
                    Assert.Equal(h[u], output[(b * steps + t) * m + u], 5);
                }
            }
        }

        float[] wih2 = new float[wih.Length], whh2 = new float[whh.Length], bih2 = new float[g4], bhh2 = new float[g4];
        PyTorchWeights.Export(layer, wih2, whh2, bih2, bhh2);
        Assert.Equal(wih, wih2);
        Assert.Equal(whh, whh2);
        Assert.All(bhh2, v => Assert.Equal(0f, v));
        for (int j = 0; j < g4; j++)
            Assert.Equal(bih[j] + bhh[j], bih2[j]);
    }

    [Fact]
    public void DenseHeadExchangesKerasAndPyTorchLayouts()
    {
        var network = new LstmNetwork(new LstmNetworkOptions { InputSize = 1, OutputSize = 2, Layers = { new LstmLayerOptions { Units = 3 } } });
        float[] linearWeight = { 1, 2, 3, 4, 5, 6 }; // PyTorch [n_out = 2, n_in = 3]
        PyTorchWeights.ImportLinear(network.Head, linearWeight, new float[] { 7, 8 });
        float[] kernel = new float[6], bias = new float[2];
        KerasWeights.ExportDense(network.Head, kernel, bias);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, kernel); // Keras [n_in = 3, n_out = 2]
        Assert.Equal(new float[] { 7, 8 }, bias);
        float[] back = new float[6];
        PyTorchWeights.ExportLinear(network.Head, back, bias);
        Assert.Equal(linearWeight, back);
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(0.3f, 0.2f)]
    public void SameSeedGivesBitIdenticalTrainingWhateverTheThreadCount(float dropout, float recurrentDropout)
    {
        float[] Train(int threads)
        {
            var network = new LstmNetwork(new LstmNetworkOptions
            {
                InputSize = 4, OutputSize = 2, Seed = 17, MaxThreads = threads,
                Layers =
                {
                    new LstmLayerOptions { Units = 40, Dropout = dropout, RecurrentDropout = recurrentDropout },
                    new LstmLayerOptions { Units = 24 },
                },
            });
            var random = new Random(2);
            const int batch = 64, steps = 12;
            float[] y = new float[batch * 2];
            for (int step = 0; step < 3; step++)
            {
                float[] x = GradientCheckTests.Uniform(random, batch * steps * 4, 1);
                network.Forward(x, batch, steps, y, training: true);
                network.Backward(y); // d(½‖y‖²)/dy = y
                Span<float> w = network.Parameters;
                ReadOnlySpan<float> g = network.Gradients;
                for (int i = 0; i < w.Length; i++)
                    w[i] -= 0.01f * g[i];
            }
            float[] result = network.Parameters.ToArray();
            float[] x2 = GradientCheckTests.Uniform(new Random(5), batch * steps * 4, 1);
            network.Forward(x2, batch, steps, y);
            return result.Concat(y).ToArray();
        }

        float[] first = Train(2);
        Assert.Equal(first, Train(2));
        Assert.Equal(first, Train(1));
    }

    // Predict reuses one step's place for z, the gates and a(c), and two alternating places for c (and for the last
    // layer's h): the same outputs as Forward on every input path (x·W in the gate pass for p <= 4, in the step GEMM
    // for 6+ rows, projected up front for fewer rows), for an odd and an even number of steps, and nothing left for
    // Backward.
    [Theory]
    [InlineData(1, 3, 5)]
    [InlineData(6, 7, 5)]
    [InlineData(6, 2, 5)]
    [InlineData(2, 64, 5)]
    [InlineData(2, 64, 6)]
    [InlineData(6, 7, 1)]
    public void PredictGivesForwardsOutputsAndLeavesNothingToDifferentiate(int p, int batch, int steps)
    {
        var network = new LstmNetwork(new LstmNetworkOptions
        {
            InputSize = p, OutputSize = 2, Seed = 6,
            Layers = { new LstmLayerOptions { Units = 9 }, new LstmLayerOptions { Units = 40, GoBackwards = true } },
        });
        float[] x = GradientCheckTests.Uniform(new Random(p + batch), batch * steps * p, 1);
        float[] forward = new float[batch * 2], predicted = new float[batch * 2];
        network.Forward(x, batch, steps, forward);
        network.Predict(x, batch, steps, predicted);
        Assert.Equal(forward, predicted);
        var error = Assert.Throws<InvalidOperationException>(() => network.Backward(predicted));
        Assert.Contains("Predict", error.Message);
        network.Forward(x, batch, steps, forward, training: true);
        network.Backward(forward); // a Forward makes Backward available again
        Assert.Contains(network.Gradients.ToArray(), g => g != 0);
    }

    // Each batch tile packs its own copy of the recurrent weights for a pass when the copy is small, else all tiles read
    // one copy packed by the caller: either way every pass after an update reads the new weights, forward and backward,
    // with the input in the step's product (p = 8) or in the gate pass (p = 2).
    [Theory]
    [InlineData(2, 40)]   // U packed by each tile
    [InlineData(8, 40)]   // [W; U] packed by each tile
    [InlineData(2, 184)]  // U, 135K floats: one copy for both tiles
    [InlineData(8, 184)]  // [W; U], 141K floats: one copy for both tiles
    public void EveryPassOnTwoThreadsReadsTheUpdatedWeights(int p, int units)
    {
        float[] Train(int threads)
        {
            var network = new LstmNetwork(new LstmNetworkOptions
            {
                InputSize = p, OutputSize = 1, Seed = 3, MaxThreads = threads, Layers = { new LstmLayerOptions { Units = units } },
            });
            const int batch = 12, steps = 3;
            var random = new Random(units);
            float[] y = new float[batch], predicted = new float[batch];
            var results = new List<float>();
            for (int update = 0; update < 3; update++)
            {
                float[] x = GradientCheckTests.Uniform(random, batch * steps * p, 1);
                network.Predict(x, batch, steps, predicted);
                network.Forward(x, batch, steps, y, training: true);
                network.Backward(y);
                results.AddRange(predicted);
                results.AddRange(y);
                results.AddRange(network.Gradients.ToArray());
                Span<float> w = network.Parameters;
                ReadOnlySpan<float> g = network.Gradients;
                for (int i = 0; i < w.Length; i++)
                    w[i] -= 0.05f * g[i];
            }
            return results.ToArray();
        }

        float[] one = Train(1);
        Assert.Equal(one, Train(2));
    }

    // One to five sequences (the matrix-vector path) on one and two threads: outputs and gradients bit for bit the
    // same, on every input path and with recurrent dropout.
    [Theory]
    [InlineData(1, 1, 64, 0f)]
    [InlineData(3, 2, 72, 0.3f)]
    [InlineData(5, 7, 64, 0f)]
    public void FewSequencesGiveTheSameResultsOnOneAndTwoThreads(int batch, int p, int units, float recurrentDropout)
    {
        (float[] Predicted, float[] Trained, float[] Gradients) Run(int threads)
        {
            var network = new LstmNetwork(new LstmNetworkOptions
            {
                InputSize = p, OutputSize = 2, Seed = 12, MaxThreads = threads,
                Layers = { new LstmLayerOptions { Units = units, RecurrentDropout = recurrentDropout, ReturnSequences = true }, new LstmLayerOptions { Units = 64 } },
            });
            const int steps = 9;
            float[] x = GradientCheckTests.Uniform(new Random(batch + p), batch * steps * p, 1);
            float[] predicted = new float[batch * 2], trained = new float[batch * 2];
            network.Predict(x, batch, steps, predicted);
            network.Forward(x, batch, steps, trained, training: true);
            network.Backward(trained);
            return (predicted, trained, network.Gradients.ToArray());
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Contains(one.Gradients, g => g != 0);
        Assert.Equal(one.Predicted, two.Predicted);
        Assert.Equal(one.Trained, two.Trained);
        Assert.Equal(one.Gradients, two.Gradients);
    }

    // By default a sequence that can be split by units is run split or on one core, whichever the timing of both found
    // faster (MeasuredChoice): through the first probe (passes 16 to 31, in segments of 4 here), which runs both, and
    // after it, every pass gives the one-thread result, and the probe's unsplit segments say so.
    [Fact]
    public void OneSequenceRunsTheTimedChoiceWithTheOneThreadResults()
    {
        LstmNetwork Create(int threads)
        {
            var options = new LstmNetworkOptions { InputSize = 1, OutputSize = 1, Seed = 5, MaxThreads = threads };
            options.Layers.Add(new LstmLayerOptions { Units = 64 });
            return new LstmNetwork(options);
        }
        LstmNetwork one = Create(1), two = Create(2);
        two.Layers[0].UnitSplitChoice = new MeasuredChoice(segmentLength: 1); // segments of 4 passes
        float[] x = GradientCheckTests.Uniform(new Random(64), 24, 1);
        float[] expected = new float[1], actual = new float[1];
        one.Predict(x, 1, 24, expected);
        const int passes = 40;
        int unsplitInProbe = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            two.Predict(x, 1, 24, actual);
            Assert.Equal(expected, actual);
            bool unsplitRun = pass >= 16 && pass < 32 && (pass - 16) / 4 % 2 == 1;
            if (unsplitRun && !two.Layers[0].LastPassSplitUnits)
                unsplitInProbe++;
        }
        Assert.Equal(8, unsplitInProbe);
        Assert.Equal(1, two.Layers[0].UnitSplitChoice.ProbesDone);
        Assert.Equal(0, one.Layers[0].UnitSplitChoice.ProbesDone); // one thread: nothing to choose, nothing timed
    }

    // One sequence on two threads runs split by units, each core half of them, trading h every step: bit for bit the
    // one-thread pass at every register width, with the cache-set layout (m = 64) and without it (m = 96, 128), with and
    // without a bias, going backwards, with other activations, returning the sequence to a second layer, and reading the
    // weights as they are after an update. The first passes may run on one core while the worker wakes up or while other
    // tests hold the pool, so the test predicts until one ran split.
    [Theory]
    [InlineData(1, 64, true, false, false, "tanh", "sigmoid")]
    [InlineData(3, 96, false, true, false, "tanh", "sigmoid")]
    [InlineData(2, 128, true, false, false, "tanh", "sigmoid")]
    [InlineData(1, 64, true, false, true, "softsign", "hard_sigmoid")]
    public void OneSequenceSplitByUnitsGivesTheOneThreadResults(int p, int units, bool useBias, bool goBackwards, bool returnSequences,
        string activation, string recurrentActivation)
    {
        foreach (VectorWidth width in VectorWidths.All)
        {
            LstmNetwork Create(int threads)
            {
                var options = new LstmNetworkOptions { InputSize = p, OutputSize = 2, Seed = 8, MaxThreads = threads };
                options.Layers.Add(new LstmLayerOptions
                {
                    Units = units, UseBias = useBias, GoBackwards = goBackwards, ReturnSequences = returnSequences,
                    Activation = activation, RecurrentActivation = recurrentActivation,
                });
                if (returnSequences)
                    options.Layers.Add(new LstmLayerOptions { Units = 8 });
                return new LstmNetwork(options, width);
            }
            LstmNetwork one = Create(1), two = Create(2);
            two.Layers[0].TimesItsChoices = false; // else the split and the whole pass are timed against each other
            const int steps = 11;
            var random = new Random(units);
            for (int update = 0; update < 2; update++)
            {
                float[] x = GradientCheckTests.Uniform(random, steps * p, 1);
                float[] expected = new float[2], actual = new float[2], forward = new float[2];
                one.Predict(x, 1, steps, expected);
                Assert.False(one.Layers[0].LastPassSplitUnits);
                bool split = false;
                // Tests of other classes run beside this one and may hold the worker pool (a pass then runs on one core),
                // so the test tries for a while rather than a number of times.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (!split && clock.Elapsed < TimeSpan.FromSeconds(30))
                {
                    two.Predict(x, 1, steps, actual);
                    split = two.Layers[0].LastPassSplitUnits;
                    Assert.Equal(expected, actual);
                }
                Assert.True(split, $"No pass ran split across the two cores at {width}.");
                two.Forward(x, 1, steps, forward); // keeps its steps: never split
                Assert.False(two.Layers[0].LastPassSplitUnits);
                Assert.Equal(expected, forward);
                foreach (LstmNetwork network in new[] { one, two })
                {
                    Span<float> w = network.Parameters;
                    for (int i = 0; i < w.Length; i++)
                        w[i] += 0.01f * MathF.Sin(i);
                }
            }
        }
    }

    // Predicting one sequence runs all its steps in one method (SingleSequencePass.RunWhole) when the units fill whole
    // registers: bit for bit the general kernels' pass that Forward runs, at every width, for unit counts that are
    // summed as two halves of U's rows (64) or in one (48, 80), and for one that does not fill registers (20).
    [Theory]
    [InlineData(1, 48, true, false)]
    [InlineData(2, 64, false, true)]
    [InlineData(4, 80, true, true)]
    [InlineData(1, 20, true, false)]
    public void OneSequencePredictionIsTheForwardPass(int p, int units, bool useBias, bool returnSequences)
    {
        foreach (VectorWidth width in VectorWidths.All)
        {
            var options = new LstmNetworkOptions { InputSize = p, OutputSize = 3, Seed = 5, MaxThreads = 1 };
            options.Layers.Add(new LstmLayerOptions { Units = units, UseBias = useBias, ReturnSequences = returnSequences });
            if (returnSequences)
                options.Layers.Add(new LstmLayerOptions { Units = 16 });
            var network = new LstmNetwork(options, width);
            const int steps = 9;
            float[] x = GradientCheckTests.Uniform(new Random(units), steps * p, 2);
            float[] predicted = new float[3], forward = new float[3];
            network.Predict(x, 1, steps, predicted);
            network.Forward(x, 1, steps, forward);
            Assert.Contains(predicted, v => v != 0);
            Assert.Equal(forward, predicted);
        }
    }

    // Predicting many sequences with x_t in the step's product (p > 4, more than five rows a tile) writes each h_t
    // straight into the next step's operand: bit for bit the forward pass, at every width, on one and two threads, for
    // units that fill whole registers and that do not, behind a layer that returns its sequence (which keeps every h_t
    // and so copies them), and after the weights change.
    // One feature: the input [B, T, 1] goes to processing order by 8 x 8 register transposes, the sequences and steps
    // past the last whole block value by value; on two threads each tile transposes its own rows (the second from row 9
    // or 20, not a multiple of 8). Every step's h against the double reference shows a value in the wrong place.
    [Theory]
    [InlineData(9, 5, 1)]
    [InlineData(17, 24, 2)]
    [InlineData(40, 13, 2)]
    [InlineData(64, 16, 2)]
    public void OneFeatureSequencesGiveTheReferenceOutputs(int batch, int steps, int threads)
    {
        const int m = 64;
        var layer = new LstmLayer(1, new LstmLayerOptions { Units = m, ReturnSequences = true }, seed: 4, maxThreads: threads);
        var random = new Random(batch + steps);
        GradientCheckTests.Uniform(random, layer.ParameterCount, 0.3f).CopyTo(layer.Parameters);
        float[] x = GradientCheckTests.Uniform(random, batch * steps, 1);
        float[] output = new float[layer.OutputLength(batch, steps)];
        layer.Forward(x, batch, steps, output);
        double[] parameters = layer.Parameters.ToArray().Select(v => (double)v).ToArray();
        int g4 = 4 * m;
        var reference = new DoubleReferenceLstm.Layer
        {
            InputSize = 1, Units = m, ReturnSequences = true,
            Kernel = parameters[..g4], RecurrentKernel = parameters[g4..(g4 + m * g4)], Bias = parameters[(g4 + m * g4)..],
        };
        double[] expected = DoubleReferenceLstm.Forward(reference, x.Select(v => (double)v).ToArray(), batch, steps, null, null, out _, out _);
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
            max = Math.Max(max, Math.Abs(output[i] - expected[i]));
        Assert.True(max < 2e-6, $"max |h - reference| = {max:E2}");
    }

    [Theory]
    [InlineData(7, 40, 1)]
    [InlineData(16, 20, 2)]
    [InlineData(9, 64, 2)]
    public void ManySequencesPredictionIsTheForwardPass(int p, int units, int threads)
    {
        foreach (VectorWidth width in VectorWidths.All)
        {
            var options = new LstmNetworkOptions { InputSize = p, OutputSize = 3, Seed = 6, MaxThreads = threads };
            options.Layers.Add(new LstmLayerOptions { Units = units, ReturnSequences = true });
            options.Layers.Add(new LstmLayerOptions { Units = units });
            var network = new LstmNetwork(options, width);
            const int batch = 30, steps = 6;
            var random = new Random(units + p);
            for (int update = 0; update < 2; update++)
            {
                float[] x = GradientCheckTests.Uniform(random, batch * steps * p, 1);
                float[] predicted = new float[batch * 3], forward = new float[batch * 3];
                network.Predict(x, batch, steps, predicted);
                network.Forward(x, batch, steps, forward);
                Assert.Contains(predicted, v => v != 0);
                Assert.Equal(forward, predicted);
                Span<float> w = network.Parameters;
                for (int i = 0; i < w.Length; i++)
                    w[i] += 0.01f * MathF.Cos(i);
            }
        }
    }

    // From about a million floats of dZ the backward pass packs it, and sums the bias gradient, on both cores.
    [Fact]
    public void GradientsOfALargeBatchAreTheSameOnOneAndTwoThreads()
    {
        float[] Gradients(int threads)
        {
            var network = new LstmNetwork(new LstmNetworkOptions
            {
                InputSize = 3, OutputSize = 1, Seed = 4, MaxThreads = threads, Layers = { new LstmLayerOptions { Units = 128 } },
            });
            const int batch = 64, steps = 32;
            float[] x = GradientCheckTests.Uniform(new Random(8), batch * steps * 3, 1), y = new float[batch];
            network.Forward(x, batch, steps, y, training: true);
            network.Backward(y);
            return network.Gradients.ToArray();
        }
        float[] one = Gradients(1);
        Assert.Contains(one, g => g != 0);
        Assert.Equal(one, Gradients(2));
    }

    [Theory]
    [InlineData(2, 8, 3, 16)]     // small: one thread
    [InlineData(64, 10, 8, 64)]   // large enough for the GEMMs to use both cores
    [InlineData(1, 10, 1, 64)]    // one sequence: the matrix-vector path
    public void ForwardAndBackwardAllocateNothingOnceBuffersExist(int batch, int steps, int p, int m)
    {
        var network = new LstmNetwork(new LstmNetworkOptions
        {
            InputSize = p, OutputSize = 3, Layers = { new LstmLayerOptions { Units = m, Dropout = 0.1f, RecurrentDropout = 0.1f }, new LstmLayerOptions { Units = m } },
        });
        float[] x = GradientCheckTests.Uniform(new Random(1), batch * steps * p, 1);
        float[] y = new float[batch * 3], dx = new float[x.Length];
        long allocated = SteadyStateAllocations.Measure(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                network.Forward(x, batch, steps, y, training: true);
                network.Backward(y, dx);
                network.Forward(x, batch, steps, y);
                network.Predict(x, batch, steps, y);
            }
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void DropoutActsInTrainingOnly()
    {
        var options = new LstmLayerOptions { Units = 6, Dropout = 0.5f, RecurrentDropout = 0.5f };
        var layer = new LstmLayer(3, options, seed: 1);
        float[] x = GradientCheckTests.Uniform(new Random(3), 4 * 5 * 3, 1);
        float[] inference1 = new float[24], inference2 = new float[24], training = new float[24];
        layer.Forward(x, 4, 5, inference1);
        layer.Forward(x, 4, 5, training, training: true);
        layer.Forward(x, 4, 5, inference2);
        Assert.Equal(inference1, inference2);
        Assert.NotEqual(inference1, training);
        var noDropout = new LstmLayer(3, new LstmLayerOptions { Units = 6 }, seed: 1);
        float[] plain = new float[24];
        noDropout.Forward(x, 4, 5, plain, training: true);
        Assert.Equal(inference1, plain); // same seed, same weights: dropout off in inference
    }

    [Fact]
    public void DropoutGradientsMatchFiniteDifferencesOfTheMaskedForward()
    {
        // A fresh layer with the same seed draws the same masks on its first training forward, so the loss is a
        // deterministic function of the weights and can be differenced (in float: coarse step, loose tolerance).
        const int p = 2, m = 3, batch = 3, steps = 4, seed = 8;
        var options = new LstmLayerOptions { Units = m, Dropout = 0.4f, RecurrentDropout = 0.4f, ReturnSequences = true };
        float[] weights = GradientCheckTests.Uniform(new Random(4), LstmLayer.CountParameters(p, m), 0.7f);
        float[] x = GradientCheckTests.Uniform(new Random(6), batch * steps * p, 1);
        float[] upstream = GradientCheckTests.Uniform(new Random(7), batch * steps * m, 1);
        double Loss(float[] w, out LstmLayer layer)
        {
            layer = new LstmLayer(p, options, seed);
            w.CopyTo(layer.Parameters);
            float[] output = new float[batch * steps * m];
            layer.Forward(x, batch, steps, output, training: true);
            double sum = 0;
            for (int i = 0; i < output.Length; i++)
                sum += (double)output[i] * upstream[i];
            return sum;
        }
        Loss(weights, out LstmLayer analytic);
        analytic.Backward(upstream);
        float[] gradient = analytic.Gradients.ToArray();
        const float step = 1e-2f;
        for (int i = 0; i < weights.Length; i++)
        {
            float[] w = (float[])weights.Clone();
            w[i] = weights[i] + step;
            double plus = Loss(w, out _);
            w[i] = weights[i] - step;
            double minus = Loss(w, out _);
            double numeric = (plus - minus) / (2 * step);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 2e-3 + 1e-2 * Math.Abs(numeric), $"weight {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void BadArgumentsGiveClearExceptions()
    {
        var unitsError = Assert.Throws<ArgumentOutOfRangeException>(() => new LstmLayer(2, new LstmLayerOptions { Units = -3 }));
        Assert.Contains("-3", unitsError.Message);
        Assert.Contains("Units", unitsError.Message);
        var inputError = Assert.Throws<ArgumentOutOfRangeException>(() => new LstmLayer(0, new LstmLayerOptions { Units = 3 }));
        Assert.Equal("inputSize", inputError.ParamName);
        var activationError = Assert.Throws<ArgumentException>(() => new LstmLayer(2, new LstmLayerOptions { Units = 3, Activation = "tanhh" }));
        Assert.Contains("tanhh", activationError.Message);
        Assert.Contains("sigmoid", activationError.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LstmLayer(2, new LstmLayerOptions { Units = 3, Dropout = 1f }));

        var layer = new LstmLayer(2, new LstmLayerOptions { Units = 3 });
        var xError = Assert.Throws<ArgumentException>(() => layer.Forward(new float[11], 2, 3, new float[6]));
        Assert.Equal("x", xError.ParamName);
        Assert.Contains("11", xError.Message);
        Assert.Contains("12", xError.Message);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => layer.Forward(new float[12], 2, 3, new float[5])).ParamName);
        Assert.Equal("initialHidden", Assert.Throws<ArgumentException>(() => layer.Forward(new float[12], 2, 3, new float[6], false, new float[4])).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(new float[12], 0, 3, new float[6])).ParamName);
        Assert.Equal("timeSteps", Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(new float[12], 2, -1, new float[6])).ParamName);
        Assert.Throws<InvalidOperationException>(() => new LstmLayer(2, new LstmLayerOptions { Units = 3 }).Backward(new float[6]));
        layer.Forward(new float[12], 2, 3, new float[6]);
        Assert.Equal("outputGradient", Assert.Throws<ArgumentException>(() => layer.Backward(new float[7])).ParamName);

        Assert.Throws<ArgumentException>(() => new LstmNetwork(new LstmNetworkOptions { InputSize = 1, OutputSize = 1 }));
        var lastSequences = Assert.Throws<ArgumentException>(() => new LstmNetwork(new LstmNetworkOptions
        {
            InputSize = 1, OutputSize = 1, Layers = { new LstmLayerOptions { Units = 2, ReturnSequences = true } },
        }));
        Assert.Contains("cannot return sequences", lastSequences.Message);
        Assert.Equal("OutputSize", Assert.Throws<ArgumentOutOfRangeException>(() => new LstmNetwork(new LstmNetworkOptions
        {
            InputSize = 1, OutputSize = 0, Layers = { new LstmLayerOptions { Units = 2 } },
        })).ParamName);
    }
}
