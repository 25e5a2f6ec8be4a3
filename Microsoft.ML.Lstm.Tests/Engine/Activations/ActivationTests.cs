using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine.Activations;

/// <summary>Every activation at every width against its scalar twin, against an independent double implementation,
/// its derivative against finite differences, known values, extremes and the name registry.</summary>
public class ActivationTests
{
    private readonly ITestOutputHelper _output;

    public ActivationTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> CanonicalNames() =>
        Activation.Names.Select(n => Activation.FromName(n).Name).Distinct().Select(n => new object[] { n });

    /// <summary>1000 points over [-20, 20] plus the kinks and tiny values; 1011 values so every width has a tail.</summary>
    private static float[] Points()
    {
        var points = new List<float> { 0f, 1e-6f, -1e-6f, 3f, -3f, 6f, -2.5f, 2.5f, 1f, -1f, 0.5f };
        for (int i = 0; i < 1000; i++)
            points.Add(-20f + 40f * i / 999f + 1e-3f);
        return points.ToArray();
    }

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void EveryWidthMatchesTheScalarTwin(string name)
    {
        Activation activation = Activation.FromName(name);
        float[] x = Points();
        float[] scalarY = x.Select(activation.Apply).ToArray();
        float[] scalarD = x.Select((v, i) => activation.Derivative(v, scalarY[i])).ToArray();
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] y = new float[x.Length], d = new float[x.Length];
            activation.Apply(x, y, width);
            activation.Derivative(x, y, d, width);
            double maxY = 0, maxD = 0;
            for (int i = 0; i < x.Length; i++)
            {
                maxY = Math.Max(maxY, Math.Abs(y[i] - scalarY[i]) / (1 + Math.Abs(scalarY[i])));
                maxD = Math.Max(maxD, Math.Abs(d[i] - scalarD[i]) / (1 + Math.Abs(scalarD[i])));
            }
            _output.WriteLine($"{name,-20} {width,-6} max rel diff f {maxY:E2}, f' {maxD:E2}");
            Assert.True(maxY <= 2e-6, $"{name} {width}: f differs from the scalar twin by {maxY:E2}");
            Assert.True(maxD <= 2e-6, $"{name} {width}: f' differs from the scalar twin by {maxD:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void ValuesMatchAnIndependentDoubleImplementationAndDerivativesMatchFiniteDifferences(string name)
    {
        Activation activation = Activation.FromName(name);
        Func<double, double> reference = DoubleReferenceLstm.ActivationByName(name);
        double[] kinks = { 0, 3, -3, 6, 2.5, -2.5 };
        double maxF = 0, maxD = 0;
        foreach (float x in Points().Where(v => Math.Abs(v) <= 10))
        {
            double expected = reference(x);
            maxF = Math.Max(maxF, Math.Abs(activation.Apply(x) - expected) / (1 + Math.Abs(expected)));
            if (kinks.Any(k => Math.Abs(x - k) < 1e-3))
                continue; // finite differences straddle the kink
            const double h = 1e-5;
            double numeric = (reference(x + h) - reference(x - h)) / (2 * h);
            float analytic = activation.Derivative(x, activation.Apply(x));
            maxD = Math.Max(maxD, Math.Abs(analytic - numeric) / (1 + Math.Abs(numeric)));
        }
        _output.WriteLine($"{name,-20} max rel error f {maxF:E2}, f' {maxD:E2}");
        Assert.True(maxF <= 1e-6, $"{name}: f is off the double reference by {maxF:E2}");
        Assert.True(maxD <= 1e-5, $"{name}: f' is off the finite difference by {maxD:E2}");
    }

    [Theory]
    [InlineData("tanh", 1f, 0.7615942f)]
    [InlineData("sigmoid", 1f, 0.7310586f)]
    [InlineData("hard_sigmoid", 1f, 0.6666667f)]
    [InlineData("hard_sigmoid_keras3", 1f, 0.6666667f)]
    [InlineData("hard_sigmoid_keras2", 1f, 0.7f)]
    [InlineData("hardSigmoid", 1f, 0.7f)]
    [InlineData("relu", -2f, 0f)]
    [InlineData("relu6", 7f, 6f)]
    [InlineData("linear", -3.5f, -3.5f)]
    [InlineData("elu", -1f, -0.63212055f)]
    [InlineData("selu", -1f, -1.1113307f)]
    [InlineData("selu", 2f, 2.101402f)]
    [InlineData("softplus", 0f, 0.6931472f)]
    [InlineData("softsign", 3f, 0.75f)]
    [InlineData("silu", 1f, 0.7310586f)]
    [InlineData("swish", -1f, -0.26894143f)]
    [InlineData("gelu", 1f, 0.8413447f)]
    [InlineData("gelu", -1f, -0.15865526f)]
    [InlineData("mish", 1f, 0.8650984f)]
    [InlineData("hard_silu", 1f, 0.6666667f)]
    [InlineData("hard_swish", -4f, 0f)]
    [InlineData("exponential", 1f, 2.7182817f)]
    public void KnownValues(string name, float x, float expected)
    {
        Activation activation = Activation.FromName(name);
        Assert.Equal(expected, activation.Apply(x), 5e-7f * Math.Max(1f, Math.Abs(expected)));
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] y = new float[17];
            activation.Apply(Enumerable.Repeat(x, 17).ToArray(), y, width);
            Assert.All(y, v => Assert.Equal(expected, v, 1e-6f * Math.Max(1f, Math.Abs(expected))));
        }
    }

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void ExtremeInputsGiveNoNaN(string name)
    {
        Activation activation = Activation.FromName(name);
        float[] x = { 1e30f, -1e30f, 88f, -88f, 100f, -100f, float.MaxValue, -float.MaxValue };
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] padded = Enumerable.Repeat(x, 3).SelectMany(v => v).ToArray(); // 24 values: vector body and tail
            float[] y = new float[padded.Length], d = new float[padded.Length];
            activation.Apply(padded, y, width);
            activation.Derivative(padded, y, d, width);
            for (int i = 0; i < padded.Length; i++)
            {
                Assert.False(float.IsNaN(y[i]), $"{name} {width}: f({padded[i]}) is NaN");
                Assert.False(float.IsNaN(d[i]), $"{name} {width}: f'({padded[i]}) is NaN");
                bool mayOverflow = name == "exponential" || ((name is "linear" or "relu" or "elu" or "selu" or "softplus" or "silu" or "gelu" or "mish" or "hard_silu") && padded[i] > 0)
                    || ((name is "linear" or "selu" or "hard_silu") && padded[i] < 0);
                if (!mayOverflow)
                    Assert.True(float.IsFinite(y[i]), $"{name} {width}: f({padded[i]}) = {y[i]}");
            }
        }
    }

    [Fact]
    public void InPlaceApplicationGivesTheSameValues()
    {
        foreach (string name in CanonicalNames().Select(o => (string)o[0]))
        {
            Activation activation = Activation.FromName(name);
            float[] x = Points();
            float[] y = new float[x.Length];
            activation.Apply(x, y);
            activation.Apply(x, x);
            Assert.Equal(y, x);
        }
    }

    [Fact]
    public void UnknownNamesListTheValidOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activation.FromName("nope"));
        Assert.Contains("'nope'", ex.Message);
        Assert.Contains("tanh", ex.Message);
        Assert.Contains("hard_sigmoid_keras2", ex.Message);
        Assert.Equal("name", ex.ParamName);
        Assert.Throws<ArgumentNullException>(() => Activation.FromName(null!));
        Assert.Throws<ArgumentException>(() => Activation.FromName("Tanh")); // Keras names are case-sensitive
    }

    [Fact]
    public void GateRangeFlagsAndCanonicalNames()
    {
        foreach (string name in new[] { "sigmoid", "hard_sigmoid", "hard_sigmoid_keras2" })
            Assert.True(Activation.FromName(name).IsWithinUnitInterval, name);
        foreach (string name in new[] { "tanh", "relu", "linear", "relu6", "exponential", "silu" })
            Assert.False(Activation.FromName(name).IsWithinUnitInterval, name);
        Assert.Equal("silu", Activation.FromName("swish").Name);
        Assert.Equal("hard_silu", Activation.FromName("hard_swish").Name);
        Assert.Equal("hard_sigmoid_keras2", Activation.FromName("hardSigmoid").Name);
        Assert.Equal("hard_sigmoid", Activation.FromName("hard_sigmoid_keras3").Name);
        Assert.Equal(16, Activation.Names.Select(n => Activation.FromName(n).Name).Distinct().Count());
    }

    [Fact]
    public void MismatchedSpansAreRejected()
    {
        Activation tanh = Activation.FromName("tanh");
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => tanh.Apply(new float[3], new float[2])).ParamName);
        Assert.Equal("dydx", Assert.Throws<ArgumentException>(() => tanh.Derivative(new float[3], new float[3], new float[4])).ParamName);
    }
}
