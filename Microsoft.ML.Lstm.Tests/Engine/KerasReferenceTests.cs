using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine;

/// <summary>
/// Agreement with Keras as implemented by TensorFlow.js: forward outputs, final states and every gradient, for every
/// activation pair, stacks, go_backwards, initial states and no-bias layers, at every register width.
/// The vectors come from build/reference/generate-keras-lstm-reference.mjs.
/// </summary>
public class KerasReferenceTests
{
    private const double ForwardTolerance = 1e-5;
    private readonly ITestOutputHelper _output;

    public KerasReferenceTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> CaseNames() => ReferenceCase.LoadAll().Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ForwardAndGradientsMatchKeras(string name)
    {
        ReferenceCase rc = ReferenceCase.LoadAll().Single(c => c.Name == name);
        foreach (VectorWidth width in VectorWidths.All)
        {
            var layers = new List<LstmLayer>();
            int inputSize = rc.Features;
            for (int l = 0; l < rc.Layers.Length; l++)
            {
                ReferenceLayer rl = rc.Layers[l];
                var options = new LstmLayerOptions
                {
                    Units = rl.Units, Activation = rl.Activation, RecurrentActivation = rl.RecurrentActivation, UseBias = rl.UseBias,
                    ReturnSequences = l < rc.Layers.Length - 1 || rc.ReturnSequences, GoBackwards = rc.GoBackwards,
                };
                var layer = new LstmLayer(inputSize, options, null, null, new Random(1), new GemmContext(width, 2));
                rl.Kernel.CopyTo(layer.Kernel);
                rl.RecurrentKernel.CopyTo(layer.RecurrentKernel);
                rl.Bias.CopyTo(layer.Bias);
                layers.Add(layer);
                inputSize = rl.Units;
            }

            // Forward through the stack; the initial state goes to the first layer only.
            var outputs = new List<float[]>();
            float[] input = rc.X;
            int last = layers.Count - 1;
            float[] hT = new float[rc.Batch * layers[last].Units], cT = new float[hT.Length];
            for (int l = 0; l < layers.Count; l++)
            {
                float[] output = new float[layers[l].OutputLength(rc.Batch, rc.TimeSteps)];
                layers[l].Forward(input, rc.Batch, rc.TimeSteps, output, training: false,
                    l == 0 ? rc.H0 : default, l == 0 ? rc.C0 : default,
                    l == last ? hT : default, l == last ? cT : default);
                outputs.Add(output);
                input = output;
            }
            Report(width, "output", outputs[last], rc.Output, ForwardTolerance);
            Report(width, "hT", hT, rc.HT, ForwardTolerance);
            Report(width, "cT", cT, rc.CT, ForwardTolerance);

            if (rc.Layers[0].DKernel.Length == 0)
                continue; // forward-only case
            // L = Σ output·upstream, so dL/doutput = upstream.
            float[] upstream = rc.Upstream;
            float[] dh0 = new float[rc.H0.Length], dc0 = new float[rc.C0.Length];
            for (int l = last; l >= 0; l--)
            {
                float[] dInput = new float[l == 0 ? rc.X.Length : outputs[l - 1].Length];
                layers[l].Backward(upstream, dInput, default, default, l == 0 ? dh0 : default, l == 0 ? dc0 : default);
                ReferenceLayer rl = rc.Layers[l];
                Report(width, $"layer {l} dKernel", layers[l].KernelGradient.ToArray(), rl.DKernel, GradientTolerance(rl.DKernel));
                Report(width, $"layer {l} dRecurrentKernel", layers[l].RecurrentKernelGradient.ToArray(), rl.DRecurrentKernel, GradientTolerance(rl.DRecurrentKernel));
                Report(width, $"layer {l} dBias", layers[l].BiasGradient.ToArray(), rl.DBias, GradientTolerance(rl.DBias));
                upstream = dInput;
            }
            Report(width, "dX", upstream, rc.DX, GradientTolerance(rc.DX));
            if (rc.HasInitialState)
            {
                Report(width, "dH0", dh0, rc.DH0, GradientTolerance(rc.DH0));
                Report(width, "dC0", dc0, rc.DC0, GradientTolerance(rc.DC0));
            }
        }
    }

    [Theory]
    [InlineData("keras_known_values", new[] { 0.6288687f, 0.86899155f, 0.9460773f })]
    [InlineData("keras_known_values_go_backwards", new[] { 0.35622165f, 0.74789524f, 0.8872726f })]
    public void KerasOwnTestValues(string name, float[] lastOutputPerSequence)
    {
        // Keras' lstm_test: x = arange(72) as (3, 6, 4), 3 units, kernel 0.01, recurrent kernel 0.02, bias 0.03 with
        // unit_forget_bias (forget gate 1).
        ReferenceCase rc = ReferenceCase.LoadAll().Single(c => c.Name == name);
        var options = new LstmLayerOptions { Units = 3, GoBackwards = rc.GoBackwards };
        var layer = new LstmLayer(4, options);
        layer.Kernel.Fill(0.01f);
        layer.RecurrentKernel.Fill(0.02f);
        layer.Bias.Fill(0.03f);
        layer.Bias.Slice(3, 3).Fill(1f);
        float[] x = Enumerable.Range(0, 72).Select(i => (float)i).ToArray();
        float[] output = new float[9];
        layer.Forward(x, 3, 6, output);
        for (int b = 0; b < 3; b++)
            for (int u = 0; u < 3; u++)
                Assert.Equal(lastOutputPerSequence[b], output[b * 3 + u], 1e-6f);
    }

    private static double GradientTolerance(float[] reference) =>
        1e-5 + 1e-4 * (reference.Length == 0 ? 0 : reference.Max(v => Math.Abs(v)));

    private void Report(VectorWidth width, string what, float[] actual, float[] expected, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
            max = Math.Max(max, Math.Abs(actual[i] - expected[i]));
        _output.WriteLine($"{width,-6} {what,-26} max |diff| {max:E2} (tolerance {tolerance:E2})");
        Assert.True(max <= tolerance, $"{width}: {what} differs from Keras by {max:E2} > {tolerance:E2}");
    }

    internal sealed class ReferenceLayer
    {
        public int Units { get; init; }
        public string Activation { get; init; } = "";
        public string RecurrentActivation { get; init; } = "";
        public bool UseBias { get; init; }
        public float[] Kernel { get; init; } = Array.Empty<float>();
        public float[] RecurrentKernel { get; init; } = Array.Empty<float>();
        public float[] Bias { get; init; } = Array.Empty<float>();
        public float[] DKernel { get; init; } = Array.Empty<float>();
        public float[] DRecurrentKernel { get; init; } = Array.Empty<float>();
        public float[] DBias { get; init; } = Array.Empty<float>();
    }

    internal sealed class ReferenceCase
    {
        private static List<ReferenceCase>? s_cases;

        public string Name { get; init; } = "";
        public int Batch { get; init; }
        public int TimeSteps { get; init; }
        public int Features { get; init; }
        public bool GoBackwards { get; init; }
        public bool ReturnSequences { get; init; }
        public bool HasInitialState { get; init; }
        public float[] H0 { get; init; } = Array.Empty<float>();
        public float[] C0 { get; init; } = Array.Empty<float>();
        public ReferenceLayer[] Layers { get; init; } = Array.Empty<ReferenceLayer>();
        public float[] X { get; init; } = Array.Empty<float>();
        public float[] Output { get; init; } = Array.Empty<float>();
        public float[] HT { get; init; } = Array.Empty<float>();
        public float[] CT { get; init; } = Array.Empty<float>();
        public float[] Upstream { get; init; } = Array.Empty<float>();
        public float[] DX { get; init; } = Array.Empty<float>();
        public float[] DH0 { get; init; } = Array.Empty<float>();
        public float[] DC0 { get; init; } = Array.Empty<float>();

        public static List<ReferenceCase> LoadAll()
        {
            if (s_cases != null)
                return s_cases;
            string path = Path.Combine(AppContext.BaseDirectory, "TestData", "keras_lstm_reference.json");
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
            s_cases = doc.RootElement.GetProperty("cases").EnumerateArray()
                .Select(e => e.Deserialize<ReferenceCase>(options)!).ToList();
            return s_cases;
        }
    }
}
