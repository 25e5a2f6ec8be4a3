using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine.Activations;

public sealed class ActivationTests
{
    /// <summary>Every name the registry must accept, aliases included.</summary>
    private static readonly string[] s_expectedNames =
    {
        "elu", "exponential", "gelu", "hardSigmoid", "hard_sigmoid", "hard_sigmoid_keras2", "hard_sigmoid_keras3", "hard_silu", "hard_swish",
        "linear", "mish", "relu", "relu6", "selu", "sigmoid", "silu", "softplus", "softsign", "swish", "tanh",
    };

    /// <summary>Where some activation has a kink (a jump in f, f' or f''): finite differences must not straddle them.</summary>
    private static readonly double[] s_kinks = { -3, -2.5, 0, 2.5, 3, 6 };

    private readonly ITestOutputHelper _output;

    public ActivationTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> AllNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in Activation.Names)
            data.Add(name);
        return data;
    }

    /// <summary>
    /// About 1000 points over [-20, 20], then the special points: zeros, tiny values, the kinks of the piecewise
    /// activations (around which rounding decides the branch), the switch points of the vector algorithms (expm1's
    /// polynomial at ln(2)/2, gelu's clamp at 15, mish's at 20). The length is odd so every width runs a scalar tail.
    /// </summary>
    private static float[] SweepPoints()
    {
        var points = new List<float>();
        float[] specials =
        {
            0f, -0f, 1e-6f, -1e-6f, 1e-30f, -1e-30f, float.Epsilon, -float.Epsilon, 1f, -1f,
            3f, -3f, 6f, -6f, 2.5f, -2.5f, 2.9999998f, -2.9999998f, 3.0000002f, -3.0000002f, 5.9999995f, 6.0000005f,
            2.4999998f, -2.4999998f, 2.5000002f, -2.5000002f,
            0.34657359f, -0.34657359f, 0.3465736f, -0.3465736f, 15f, -15f, 14.99f, -14.99f, 20f, -20f, 19.99f, 20.01f,
        };
        points.AddRange(specials);
        for (int i = 0; i <= 1000; i++)
            points.Add(-20f + 40f * i / 1000f);
        points.AddRange(specials.Take(7)); // Some specials in the scalar tail too.
        if (points.Count % 2 == 0)
            points.Add(0.123f);
        return points.ToArray();
    }

    private static bool Close(double actual, double expected, double absTol, double relTol) =>
        actual.Equals(expected) || Math.Abs(actual - expected) <= absTol + relTol * Math.Abs(expected);

    // 1. Every vector width agrees with the scalar twin, for f and f'.
    [Theory]
    [MemberData(nameof(AllNames))]
    public void VectorPathsMatchScalarTwin(string name)
    {
        const double tol = 2e-6;
        Activation activation = Activation.FromName(name);
        float[] x = SweepPoints();
        Assert.NotEqual(0, x.Length % 4);
        float[] yRef = x.Select(activation.Apply).ToArray();
        float[] dRef = x.Select((v, i) => activation.Derivative(v, yRef[i])).ToArray();

        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] y = new float[x.Length];
            float[] d = new float[x.Length];
            activation.Apply(x, y, width);
            activation.Derivative(x, yRef, d, width);
            var (yAbs, yRel) = (0.0, 0.0);
            var (dAbs, dRel) = (0.0, 0.0);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.True(Close(y[i], yRef[i], tol, tol),
                    $"{name} at {width}: f({x[i]:R}) = {y[i]:R}, scalar twin {yRef[i]:R}");
                Assert.True(Close(d[i], dRef[i], tol, tol),
                    $"{name} at {width}: f'({x[i]:R}) = {d[i]:R}, scalar twin {dRef[i]:R}");
                Track(y[i], yRef[i], ref yAbs, ref yRel);
                Track(d[i], dRef[i], ref dAbs, ref dRel);
            }

            _output.WriteLine($"{name,-20} {width,-6} f: max abs {yAbs:E2} max rel {yRel:E2}   f': max abs {dAbs:E2} max rel {dRel:E2}");
        }

        static void Track(float actual, float expected, ref double maxAbs, ref double maxRel)
        {
            double err = Math.Abs((double)actual - expected);
            maxAbs = Math.Max(maxAbs, err);
            // Relative error is only meaningful for normal floats; subnormal results carry fewer bits.
            if (Math.Abs(expected) >= 1.1754944e-38f)
                maxRel = Math.Max(maxRel, err / Math.Abs(expected));
        }
    }

    // 1b. Stronger than 1 where the outputs are tiny: the tails (gelu and silu for negative x, softplus, elu and selu
    // near 0 through expm1) keep their relative precision, which the 2e-6 absolute floor above would not notice.
    // Observed: at most 2.6e-7 (about 4 ulps). tanh is left out: its existing vector form, 1 - 2 / (exp(2|x|) + 1),
    // is accurate to 1.2e-7 absolute only, not relative, for |x| below about 1e-3.
    [Theory]
    [MemberData(nameof(AllNames))]
    public void VectorPathsKeepRelativePrecision(string name)
    {
        if (name == "tanh")
            return;
        const double rel = 1e-6;
        Activation activation = Activation.FromName(name);
        float[] x = SweepPoints();
        float[] yRef = x.Select(activation.Apply).ToArray();
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] y = new float[x.Length];
            activation.Apply(x, y, width);
            for (int i = 0; i < x.Length; i++)
            {
                if (Math.Abs(yRef[i]) < 1.1754944e-38f) // Zero or subnormal: fewer bits to be relative about.
                    continue;
                Assert.True(Math.Abs((double)y[i] - yRef[i]) <= rel * Math.Abs(yRef[i]),
                    $"{name} at {width}: f({x[i]:R}) = {y[i]:R}, scalar twin {yRef[i]:R}");
            }
        }
    }

    // 1c. tanh's own bound, where 1b leaves it out: within 2.5e-7 absolute of the exact tanh on every 509th float of
    // [-10, 10] (about 4 million) at every width, exactly ±1 from |x| = 10 up to infinity, 0 at 0, NaN for NaN. With
    // AVX-512 DQ the vector form has no bound on x (2 / (1 + e) - 1 is -1 where e overflows); without, it bounds x by 9.
    [Fact]
    public void TanhIsWithinItsAbsoluteBoundEverywhere()
    {
        List<float> points = FloatSweeps.EveryNthFloatBothSigns(10f, 509);
        int inside = points.Count;
        for (int e = 3; e <= 127; e++) // from 10 up to float.MaxValue
            for (int mantissa = e == 3 ? 0x200000 : 0; mantissa < 1 << 23; mantissa += 104_729)
            {
                float x = BitConverter.UInt32BitsToSingle((uint)((e + 127) << 23 | mantissa));
                points.Add(x);
                points.Add(-x);
            }
        points.AddRange(new[] { float.PositiveInfinity, float.NegativeInfinity, 0f, float.NaN });
        float[] xs = points.ToArray();
        Activation tanh = Activation.FromName("tanh");
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] y = new float[xs.Length];
            tanh.Apply(xs, y, width);
            double max = 0;
            for (int i = 0; i < inside; i++)
            {
                double error = Math.Abs(y[i] - Math.Tanh(xs[i]));
                if (error > max)
                    max = error;
                if (error > 2.5e-7)
                    Assert.Fail($"tanh({xs[i]:R}) = {y[i]:R} at {width}, exact {Math.Tanh(xs[i]):R}");
            }
            for (int i = inside; i < xs.Length - 2; i++)
                Assert.True(y[i] == Math.Sign(xs[i]), $"tanh({xs[i]:R}) = {y[i]:R} at {width}");
            Assert.Equal(0f, y[^2]);
            Assert.True(float.IsNaN(y[^1]), $"tanh(NaN) = {y[^1]} at {width}");
            _output.WriteLine($"tanh at {width}: max absolute error {max:E2} on [-10, 10]");
        }
    }

    // 2. The derivative is the derivative of the function.
    [Theory]
    [MemberData(nameof(AllNames))]
    public void DerivativeMatchesFiniteDifference(string name)
    {
        // Richardson-extrapolated central difference R = (4 D(h/2) - D(h)) / 3 with D(s) = (f(x+s) - f(x-s)) / 2s,
        // in double on the float-valued scalar twin, at points x = k/16 + 1/128 so that every x +- s is exact in float.
        // Truncation error: h^4 |f'''''| / 480 = 3e-8 |f'''''| for h = 1/16, negligible for these functions (their fifth
        // derivative is at most a few units on [-8, 8], and for exp it is f itself, covered below).
        // Rounding: each f value is within 1 ulp <= 2^-23 M of exact (M = max |f| on the stencil), and R weighs the four
        // values by 3/h = 48 in total: at most 48 * 2^-23 M = 5.7e-6 M. The derivative formulas themselves are accurate
        // to about 2e-7 absolute (elu and selu use y + const), hence the tolerance 1e-5 M + 2e-6.
        const double h = 1.0 / 16;
        Activation activation = Activation.FromName(name);
        int checkedPoints = 0;
        for (int k = -128; k < 128; k++)
        {
            double x = k / 16.0 + 1.0 / 128;
            if (s_kinks.Any(kink => Math.Abs(x - kink) <= h))
                continue;
            double F(double t) => activation.Apply((float)t);
            double[] stencil = { F(x - h), F(x - h / 2), F(x + h / 2), F(x + h) };
            double dh = (stencil[3] - stencil[0]) / (2 * h);
            double dh2 = (stencil[2] - stencil[1]) / h;
            double richardson = (4 * dh2 - dh) / 3;
            double m = stencil.Max(Math.Abs);
            float y = activation.Apply((float)x);
            double derivative = activation.Derivative((float)x, y);
            double tol = 1e-5 * m + 2e-6;
            Assert.True(Math.Abs(derivative - richardson) <= tol,
                $"{name}: f'({x}) = {derivative:R}, finite difference {richardson:R}, tolerance {tol:E2}");
            checkedPoints++;
        }

        Assert.True(checkedPoints > 200);
    }

    // 3. Known values, from the Keras/PyTorch definitions evaluated to 10 digits in high precision.
    [Theory]
    [InlineData("tanh", 1f, 0.761594156, 0.4199743416)]
    [InlineData("sigmoid", 0f, 0.5, 0.25)]
    [InlineData("sigmoid", 2f, 0.880797078, 0.1049935854)]
    [InlineData("relu", -1f, 0, 0)]
    [InlineData("relu", 2.5f, 2.5, 1)]
    [InlineData("relu", 0f, 0, 0)] // Kink: TensorFlow's and PyTorch's subgradient 0.
    [InlineData("relu6", 3f, 3, 1)]
    [InlineData("relu6", 7f, 6, 0)]
    [InlineData("relu6", 6f, 6, 0)] // Kink: 0.
    [InlineData("relu6", -1f, 0, 0)]
    [InlineData("linear", -3.5f, -3.5, 1)]
    [InlineData("elu", -1f, -0.6321205588, 0.3678794412)]
    [InlineData("elu", -1e-6f, -9.999995e-7, 0.999999)]
    [InlineData("elu", 2f, 2, 1)]
    [InlineData("elu", -10f, -0.9999546001, double.NaN)] // f' = y + 1 is only accurate to 6e-8 absolute.
    [InlineData("selu", -1f, -1.111330738, 0.646768603)]
    [InlineData("selu", 1f, 1.050700987, 1.050700987)]
    [InlineData("selu", 0f, 0, 1.050700987)] // Kink: TensorFlow's SeluGrad gives scale at 0.
    [InlineData("selu", -10f, -1.758019523, double.NaN)] // Likewise y + scale alpha.
    [InlineData("softplus", 0f, 0.6931471806, 0.5)]
    [InlineData("softplus", 1f, 1.313261688, 0.7310585786)]
    [InlineData("softplus", -20f, 2.06115362e-9, 2.06115362e-9)]
    [InlineData("softplus", 20f, 20.0, 1)]
    [InlineData("softsign", 1f, 0.5, 0.25)]
    [InlineData("softsign", -3f, -0.75, 0.0625)]
    [InlineData("silu", 1f, 0.7310585786, 0.9276705119)]
    [InlineData("silu", -1f, -0.2689414214, 0.07232948813)]
    [InlineData("silu", 0f, 0, 0.5)]
    [InlineData("silu", -20f, -4.122307236e-8, -3.916191866e-8)]
    [InlineData("swish", 1f, 0.7310585786, 0.9276705119)]
    [InlineData("gelu", 1f, 0.8413447461, 1.083315471)]
    [InlineData("gelu", -1f, -0.1586552539, -0.08331547059)]
    [InlineData("gelu", 0f, 0, 0.5)]
    [InlineData("gelu", 0.5f, 0.3457312306, 0.8674951247)]
    [InlineData("gelu", 2f, 1.954499736, 1.085231801)]
    [InlineData("gelu", -3f, -0.004049694095, -0.0119456472)]
    [InlineData("gelu", -5f, -1.433257859e-6, -7.146946002e-6)]
    [InlineData("mish", 1f, 0.8650983883, 1.04903622)]
    [InlineData("mish", -1f, -0.3034014614, 0.05921675588)]
    [InlineData("mish", 0f, 0, 0.6)]
    [InlineData("mish", 0.5f, 0.3752452113, 0.8864243754)]
    [InlineData("mish", -10f, -0.0004539889919, -0.0004085797869)]
    [InlineData("hard_sigmoid", 1f, 0.6666666667, 0.1666666667)]
    [InlineData("hard_sigmoid", -1f, 0.3333333333, 0.1666666667)]
    [InlineData("hard_sigmoid", 4f, 1, 0)]
    [InlineData("hard_sigmoid", -4f, 0, 0)]
    [InlineData("hard_sigmoid", 3f, 1, 0)] // Kink: 0 (TensorFlow Relu6Grad, PyTorch hardsigmoid_backward).
    [InlineData("hard_sigmoid", -3f, 0, 0)]
    [InlineData("hard_sigmoid", 2.8f, 0.9666666667, 0.1666666667)] // Beyond 2.5, where the Keras 2 one is already 1.
    [InlineData("hard_sigmoid_keras2", 1f, 0.7, 0.2)]
    [InlineData("hard_sigmoid_keras2", -1f, 0.3, 0.2)]
    [InlineData("hard_sigmoid_keras2", 2.8f, 1, 0)]
    [InlineData("hard_sigmoid_keras2", -3f, 0, 0)]
    [InlineData("hard_sigmoid_keras2", 2.5f, 1, 0.2)] // Kink: TensorFlow's clip gradient passes on the closed interval.
    [InlineData("hard_sigmoid_keras2", -2.5f, 0, 0.2)]
    [InlineData("hardSigmoid", 1f, 0.7, 0.2)] // TensorFlow.js's name means the Keras 2 function.
    [InlineData("hard_silu", 1f, 0.6666666667, 0.8333333333)]
    [InlineData("hard_silu", -1f, -0.3333333333, 0.1666666667)]
    [InlineData("hard_silu", 0f, 0, 0.5)]
    [InlineData("hard_silu", 4f, 4, 1)]
    [InlineData("hard_silu", -4f, 0, 0)]
    [InlineData("hard_silu", 3f, 3, 1)] // Kinks: TensorFlow's autodiff of x * relu6(x + 3) / 6.
    [InlineData("hard_silu", -3f, 0, 0)]
    [InlineData("hard_swish", 1f, 0.6666666667, 0.8333333333)]
    [InlineData("exponential", 1f, 2.718281828, 2.718281828)]
    [InlineData("exponential", -1f, 0.3678794412, 0.3678794412)]
    [InlineData("exponential", 10f, 22026.46579, 22026.46579)]
    public void KnownValues(string name, float x, double expectedY, double expectedDydx)
    {
        // expectedDydx NaN: the derivative is not checked to 1e-6 relative there (see the comment on the case).
        // 1e-6 relative: the reference values carry 7 to 10 digits; float results are within a few ulps of exact.
        // The absolute floor only matters for the exact zeros.
        const double rel = 1e-6, abs = 1e-12;
        Activation activation = Activation.FromName(name);
        // 19 copies: the vector bodies and the scalar tail of every width all see x.
        float[] xs = Enumerable.Repeat(x, 19).ToArray();
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] y = new float[xs.Length];
            float[] d = new float[xs.Length];
            activation.Apply(xs, y, width);
            activation.Derivative(xs, y, d, width);
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.True(Close(y[i], expectedY, abs, rel), $"{name}({x}) at {width}[{i}] = {y[i]:R}, expected {expectedY}");
                Assert.True(double.IsNaN(expectedDydx) || Close(d[i], expectedDydx, abs, rel),
                    $"{name}'({x}) at {width}[{i}] = {d[i]:R}, expected {expectedDydx}");
            }
        }
    }

    // 4. Extreme inputs give the limits, never NaN.
    [Theory]
    [MemberData(nameof(AllNames))]
    public void ExtremesStayFinite(string name)
    {
        Activation activation = Activation.FromName(name);
        bool overflowAllowed = activation.Name == "exponential";
        float[] x = { 1e30f, -1e30f, 88f, -88f, 100f, -100f, 89f, -89f, 200f, -200f, 1e10f, -1e10f, 1e20f, -1e20f, 1e30f, -1e30f, 88f };
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] y = new float[x.Length];
            float[] d = new float[x.Length];
            activation.Apply(x, y, width);
            activation.Derivative(x, y, d, width);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.False(float.IsNaN(y[i]), $"{name}({x[i]}) is NaN at {width}");
                Assert.False(float.IsNaN(d[i]), $"{name}'({x[i]}) is NaN at {width}");
                if (!overflowAllowed)
                {
                    Assert.True(float.IsFinite(y[i]), $"{name}({x[i]}) = {y[i]} at {width}");
                    Assert.True(float.IsFinite(d[i]), $"{name}'({x[i]}) = {d[i]} at {width}");
                }
            }

            var (atPlus, atMinus) = Limits(activation.Name);
            Assert.True(Close(y[0], atPlus, 0, 1e-6), $"{name}(1e30) = {y[0]} at {width}, expected {atPlus}");
            Assert.True(Close(y[1], atMinus, 0, 1e-6), $"{name}(-1e30) = {y[1]} at {width}, expected {atMinus}");
        }
    }

    private static (double AtPlus, double AtMinus) Limits(string canonicalName) => canonicalName switch
    {
        "relu" or "linear" or "elu" or "softplus" or "silu" or "gelu" or "mish" or "hard_silu" =>
            (1e30f, canonicalName switch { "linear" => -1e30f, "elu" => -1, _ => 0 }),
        "selu" => ((float)(1.0507009873554805 * 1e30f), -1.7580993408473766),
        "relu6" => (6, 0),
        "tanh" or "softsign" => (1, -1),
        "sigmoid" or "hard_sigmoid" or "hard_sigmoid_keras2" => (1, 0),
        "exponential" => (double.PositiveInfinity, 0),
        _ => throw new ArgumentException($"No limits known for {canonicalName}: add them to this test."),
    };

    // NaN in, NaN out: a diverging model shows NaN instead of silently producing a finite value.
    [Theory]
    [MemberData(nameof(AllNames))]
    public void NaNPropagates(string name)
    {
        Activation activation = Activation.FromName(name);
        float[] x = Enumerable.Repeat(float.NaN, 21).ToArray();
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] y = new float[x.Length];
            activation.Apply(x, y, width);
            Assert.All(y, v => Assert.True(float.IsNaN(v), $"{name}(NaN) = {v} at {width}"));
        }
    }

    // 5. The registry.
    [Fact]
    public void UnknownNameThrowsListingValidNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => Activation.FromName("nope"));
        Assert.Contains("nope", ex.Message);
        Assert.Contains("tanh", ex.Message);
        Assert.Contains("hard_sigmoid_keras2", ex.Message);
        Assert.Contains("gelu", ex.Message);
    }

    [Fact]
    public void NamesAreExactlyTheExpectedOnes()
    {
        Assert.Equal(s_expectedNames.OrderBy(n => n, StringComparer.Ordinal), Activation.Names);
        Assert.All(Activation.Names, n => Assert.NotNull(Activation.FromName(n)));
    }

    [Theory]
    [InlineData("sigmoid", true)]
    [InlineData("hard_sigmoid", true)]
    [InlineData("hard_sigmoid_keras2", true)]
    [InlineData("hardSigmoid", true)]
    [InlineData("tanh", false)]
    [InlineData("relu", false)]
    [InlineData("relu6", false)]
    [InlineData("linear", false)]
    [InlineData("softplus", false)]
    [InlineData("exponential", false)]
    [InlineData("gelu", false)]
    public void IsWithinUnitInterval(string name, bool expected) =>
        Assert.Equal(expected, Activation.FromName(name).IsWithinUnitInterval);

    [Fact]
    public void UnitIntervalFlagMatchesTheOutputs()
    {
        float[] x = SweepPoints();
        foreach (string name in Activation.Names)
        {
            Activation activation = Activation.FromName(name);
            float[] y = new float[x.Length];
            activation.Apply(x, y);
            bool inUnit = y.All(v => v >= 0f && v <= 1f);
            Assert.True(inUnit == activation.IsWithinUnitInterval, $"{name}: IsWithinUnitInterval is {activation.IsWithinUnitInterval}");
        }
    }

    [Theory]
    [InlineData("swish", "silu")]
    [InlineData("hard_swish", "hard_silu")]
    [InlineData("hardSigmoid", "hard_sigmoid_keras2")]
    [InlineData("hard_sigmoid", "hard_sigmoid")]
    [InlineData("gelu", "gelu")]
    public void AliasesResolveToTheCanonicalName(string name, string canonical)
    {
        Assert.Equal(canonical, Activation.FromName(name).Name);
        Assert.Same(Activation.FromName(canonical), Activation.FromName(name));
    }

    // 6. y may alias x.
    [Theory]
    [MemberData(nameof(AllNames))]
    public void InPlaceApplyGivesTheSameValues(string name)
    {
        Activation activation = Activation.FromName(name);
        float[] x = SweepPoints();
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] expected = new float[x.Length];
            activation.Apply(x, expected, width);
            float[] buffer = (float[])x.Clone();
            activation.Apply(buffer, buffer, width);
            Assert.Equal(expected, buffer);
        }
    }

    [Fact]
    public void MismatchedLengthsThrow()
    {
        Activation activation = Activation.FromName("gelu");
        Assert.Throws<ArgumentException>(() => activation.Apply(new float[5], new float[4]));
        Assert.Throws<ArgumentException>(() => activation.Derivative(new float[5], new float[5], new float[4]));
    }
}
