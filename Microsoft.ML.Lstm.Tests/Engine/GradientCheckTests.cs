using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Activations;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine;

/// <summary>
/// Every analytic gradient of the engine (weights, input, initial state) against central finite differences of the
/// independent double-precision LSTM, for every activation x recurrent_activation pair, stacks and the dense head.
/// Prints the largest difference of each check, as llm.c's test does.
/// </summary>
public class GradientCheckTests
{
    private const double Step = 1e-6;
    private readonly ITestOutputHelper _output;

    public GradientCheckTests(ITestOutputHelper output) => _output = output;

    private static readonly string[] s_canonicalNames = Activation.Names.Select(n => Activation.FromName(n).Name).Distinct().ToArray();

    public static IEnumerable<object[]> ActivationPairs() =>
        from a in s_canonicalNames from r in s_canonicalNames select new object[] { a, r };

    [Theory]
    [MemberData(nameof(ActivationPairs))]
    public void LayerGradientsMatchFiniteDifferences(string activation, string recurrentActivation)
    {
        foreach (bool initialState in new[] { false, true })
            foreach (bool goBackwards in new[] { false, true })
                CheckLayer(activation, recurrentActivation, initialState, goBackwards, useBias: true, returnSequences: true, seed: activation.Length * 31 + recurrentActivation.Length);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void LayerWithoutBiasOrReturningTheLastStep(bool useBias, bool returnSequences) =>
        CheckLayer("tanh", "sigmoid", initialState: true, goBackwards: false, useBias, returnSequences, seed: 5);

    [Theory]
    [InlineData("tanh", "sigmoid")]
    [InlineData("relu", "hard_sigmoid")]
    [InlineData("gelu", "sigmoid")]
    public void StackedNetworkGradientsMatchFiniteDifferences(string activation, string recurrentActivation)
    {
        const int batch = 2, steps = 4, p = 2, outputs = 3;
        var options = new LstmNetworkOptions
        {
            InputSize = p, OutputSize = outputs, Seed = 3,
            Layers =
            {
                new LstmLayerOptions { Units = 5, Activation = activation, RecurrentActivation = recurrentActivation },
                new LstmLayerOptions { Units = 3, Activation = activation, RecurrentActivation = recurrentActivation, GoBackwards = true },
            },
        };
        var network = new LstmNetwork(options);
        var random = new Random(11);
        float[] x = Uniform(random, batch * steps * p, 1);
        float[] upstream = Uniform(random, batch * outputs, 1);
        Uniform(random, network.ParameterCount, 0.5f).CopyTo(network.Parameters);

        float[] y = new float[batch * outputs];
        network.Forward(x, batch, steps, y, training: true);
        float[] dx = new float[x.Length];
        network.Backward(upstream, dx);

        double[] theta = network.Parameters.ToArray().Select(v => (double)v).ToArray();
        double[] xd = x.Select(v => (double)v).ToArray();
        double[] Run(double[] parameters, double[] input)
        {
            var layers = new List<DoubleReferenceLstm.Layer>();
            int offset = 0, inputSize = p;
            for (int l = 0; l < network.Layers.Count; l++)
            {
                LstmLayer engineLayer = network.Layers[l];
                int m = engineLayer.Units;
                var layer = new DoubleReferenceLstm.Layer
                {
                    InputSize = inputSize, Units = m, Activation = activation, RecurrentActivation = recurrentActivation,
                    GoBackwards = engineLayer.Options.GoBackwards, ReturnSequences = l < network.Layers.Count - 1,
                    Kernel = parameters[offset..(offset += inputSize * 4 * m)],
                    RecurrentKernel = parameters[offset..(offset += m * 4 * m)],
                    Bias = parameters[offset..(offset += 4 * m)],
                };
                layers.Add(layer);
                inputSize = m;
            }
            double[] headKernel = parameters[offset..(offset += inputSize * outputs)];
            double[] headBias = parameters[offset..(offset + outputs)];
            return DoubleReferenceLstm.Network(layers, headKernel, headBias, outputs, input, batch, steps);
        }
        double Loss(double[] parameters, double[] input) => Dot(Run(parameters, input), upstream);

        Compare("network y", y, Run(theta, xd), absolute: 2e-6);
        Compare("network parameters", network.Gradients.ToArray(), FiniteDifferences(theta, t => Loss(t, xd)));
        Compare("network dX", dx, FiniteDifferences(xd, xx => Loss(theta, xx)));
    }

    // From 6 rows per batch tile and 5 features on, the layer takes x_t·W into the step's GEMM ([x_t, h_{t-1}]·[W; U])
    // instead of projecting all steps first: a different code path for the same gradients. With tanh and sigmoid the
    // backward pass needs no z, so only one step's is kept; relu's derivative reads z, so every step's is.
    [Theory]
    [InlineData(true, "tanh", "sigmoid")]
    [InlineData(false, "tanh", "sigmoid")]
    [InlineData(true, "relu", "hard_sigmoid")]
    public void LayerWithManyRowsAndFeaturesFusesTheInputIntoTheStep(bool useBias, string activation, string recurrentActivation) =>
        CheckLayer(activation, recurrentActivation, initialState: true, goBackwards: useBias, useBias, returnSequences: true, seed: 9,
            batch: 7, steps: 3, p: 6, m: 4);

    private void CheckLayer(string activation, string recurrentActivation, bool initialState, bool goBackwards, bool useBias,
        bool returnSequences, int seed, int batch = 2, int steps = 3, int p = 2, int m = 3)
    {
        var options = new LstmLayerOptions
        {
            Units = m, Activation = activation, RecurrentActivation = recurrentActivation,
            UseBias = useBias, GoBackwards = goBackwards, ReturnSequences = returnSequences,
        };
        var layer = new LstmLayer(p, options, seed);
        var random = new Random(seed);
        // exponential of exponential grows fast: smaller weights, inputs and states keep the loss in a range where
        // double finite differences are still accurate.
        bool exponential = activation == "exponential" || recurrentActivation == "exponential";
        bool both = activation == "exponential" && recurrentActivation == "exponential";
        float weightScale = both ? 0.05f : exponential ? 0.2f : 0.5f, valueScale = exponential ? 0.4f : 1f;
        Uniform(random, layer.ParameterCount, weightScale).CopyTo(layer.Parameters);
        float[] x = Uniform(random, batch * steps * p, valueScale);
        float[] h0 = initialState ? Uniform(random, batch * m, valueScale) : Array.Empty<float>();
        float[] c0 = initialState ? Uniform(random, batch * m, valueScale) : Array.Empty<float>();
        float[] output = new float[layer.OutputLength(batch, steps)];
        float[] upstream = Uniform(random, output.Length, 1);

        layer.Forward(x, batch, steps, output, training: false, h0, c0);
        float[] dx = new float[x.Length], dh0 = new float[batch * m], dc0 = new float[batch * m];
        layer.Backward(upstream, dx, default, default, dh0, dc0);

        double[] theta = layer.Parameters.ToArray().Select(v => (double)v).ToArray();
        double[] xd = x.Select(v => (double)v).ToArray();
        double[]? h0d = initialState ? h0.Select(v => (double)v).ToArray() : null;
        double[]? c0d = initialState ? c0.Select(v => (double)v).ToArray() : null;
        int nk = p * 4 * m, nr = m * 4 * m;
        double Loss(double[] parameters, double[] input, double[]? hInit, double[]? cInit)
        {
            var reference = new DoubleReferenceLstm.Layer
            {
                InputSize = p, Units = m, Activation = activation, RecurrentActivation = recurrentActivation, UseBias = useBias,
                GoBackwards = goBackwards, ReturnSequences = returnSequences,
                Kernel = parameters[..nk], RecurrentKernel = parameters[nk..(nk + nr)],
                Bias = useBias ? parameters[(nk + nr)..] : Array.Empty<double>(),
            };
            return Dot(DoubleReferenceLstm.Forward(reference, input, batch, steps, hInit, cInit, out _, out _), upstream);
        }

        string label = $"{activation}/{recurrentActivation}{(initialState ? " h0" : "")}{(goBackwards ? " backwards" : "")}";
        var referenceLayer = new DoubleReferenceLstm.Layer
        {
            InputSize = p, Units = m, Activation = activation, RecurrentActivation = recurrentActivation, UseBias = useBias,
            GoBackwards = goBackwards, ReturnSequences = returnSequences,
            Kernel = theta[..nk], RecurrentKernel = theta[nk..(nk + nr)], Bias = useBias ? theta[(nk + nr)..] : Array.Empty<double>(),
        };
        Compare($"{label} output", output, DoubleReferenceLstm.Forward(referenceLayer, xd, batch, steps, h0d, c0d, out _, out _), absolute: 2e-6);
        Compare($"{label} dW,dU,db", layer.Gradients.ToArray(), FiniteDifferences(theta, t => Loss(t, xd, h0d, c0d)));
        Compare($"{label} dX", dx, FiniteDifferences(xd, xx => Loss(theta, xx, h0d, c0d)));
        if (initialState)
        {
            Compare($"{label} dh0", dh0, FiniteDifferences(h0d!, hh => Loss(theta, xd, hh, c0d)));
            Compare($"{label} dc0", dc0, FiniteDifferences(c0d!, cc => Loss(theta, xd, h0d, cc)));
        }
    }

    private void Compare(string what, float[] actual, double[] expected, double absolute = 0)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Length == 0 ? 0 : expected.Max(Math.Abs);
        double tolerance = absolute > 0 ? absolute * Math.Max(1, scale) : 1e-5 + 1e-4 * scale;
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
            max = Math.Max(max, Math.Abs(actual[i] - expected[i]));
        _output.WriteLine($"{what,-48} max |diff| {max:E2} (tolerance {tolerance:E2})");
        Assert.True(max <= tolerance, $"{what}: max |analytic - numeric| = {max:E2} > {tolerance:E2}");
    }

    private static double[] FiniteDifferences(double[] point, Func<double[], double> loss)
    {
        double[] gradient = new double[point.Length];
        double[] probe = (double[])point.Clone();
        for (int i = 0; i < point.Length; i++)
        {
            probe[i] = point[i] + Step;
            double plus = loss(probe);
            probe[i] = point[i] - Step;
            double minus = loss(probe);
            probe[i] = point[i];
            gradient[i] = (plus - minus) / (2 * Step);
        }
        return gradient;
    }

    private static double Dot(double[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    internal static float[] Uniform(Random random, int length, float scale)
    {
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }
}
