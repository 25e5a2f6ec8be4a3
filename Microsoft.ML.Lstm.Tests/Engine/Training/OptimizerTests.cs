using System;
using Microsoft.ML.Lstm.Engine.Kernels;
using Microsoft.ML.Lstm.Engine.Training;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

public class OptimizerTests
{
    public static TheoryData<string> OptimizerKinds => new() { "sgd", "momentum", "nesterov", "adam", "adamw" };

    private static Optimizer Create(string kind) => kind switch
    {
        "sgd" => new SgdOptimizer(),
        "momentum" => new SgdOptimizer(momentum: 0.9),
        "nesterov" => new SgdOptimizer(momentum: 0.9, nesterov: true),
        "adam" => new AdamOptimizer(),
        "adamw" => new AdamWOptimizer(),
        _ => throw new ArgumentException(kind),
    };

    private static float[] RandomVector(Random random, int n, double scale = 1.0)
    {
        float[] v = new float[n];
        for (int i = 0; i < n; i++)
            v[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return v;
    }

    [Theory]
    [MemberData(nameof(OptimizerKinds))]
    public void EveryWidth_MatchesScalarTwin_BitForBit(string kind)
    {
        foreach (int n in new[] { 1, 5, 16, 37, 100 })
        {
            var random = new Random(n);
            float[] initial = RandomVector(random, n);
            float[][] gradients = { RandomVector(random, n), RandomVector(random, n, 0.01), RandomVector(random, n, 10) };
            float[] expected = Run(VectorWidth.Scalar);
            foreach (VectorWidth width in VectorWidths.All)
                Assert.Equal(expected, Run(width));

            float[] Run(VectorWidth width)
            {
                Optimizer optimizer = Create(kind);
                float[] p = (float[])initial.Clone();
                foreach (float[] g in gradients)
                    optimizer.Step(p, g, 0.01f, width);
                return p;
            }
        }
    }

    [Fact]
    public void Sgd_Plain_HandComputed()
    {
        float[] p = { 1f };
        new SgdOptimizer().Step(p, new[] { 0.5f }, 0.1f);
        Assert.Equal(0.95, p[0], 6);
    }

    [Fact]
    public void Sgd_Momentum_HandComputed()
    {
        // m = 0.9 m - lr g; p += m. Step 1: m = -0.05, p = 0.95. Step 2: m = -0.045 - 0.05 = -0.095, p = 0.855.
        var optimizer = new SgdOptimizer(momentum: 0.9);
        float[] p = { 1f }, g = { 0.5f };
        optimizer.Step(p, g, 0.1f);
        Assert.Equal(0.95, p[0], 6);
        optimizer.Step(p, g, 0.1f);
        Assert.Equal(0.855, p[0], 6);
    }

    [Fact]
    public void Sgd_Nesterov_HandComputed()
    {
        // m as above; p += 0.9 m - lr g. Step 1: p += -0.045 - 0.05 = -0.095. Step 2: m = -0.095, p += -0.0855 - 0.05.
        var optimizer = new SgdOptimizer(momentum: 0.9, nesterov: true);
        float[] p = { 1f }, g = { 0.5f };
        optimizer.Step(p, g, 0.1f);
        Assert.Equal(0.905, p[0], 6);
        optimizer.Step(p, g, 0.1f);
        Assert.Equal(0.7695, p[0], 6);
    }

    [Fact]
    public void Adam_FirstStep_MovesEachParameterByAboutTheLearningRate()
    {
        // t = 1: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(0.001) / 0.1, so the step is lr |g| / (|g| + eps / sqrt(0.001)).
        float[] p = { 1f, -2f, 0.5f }, g = { 3f, -0.25f, 1e-3f };
        new AdamOptimizer().Step(p, g, 0.01f);
        Assert.Equal(1 - 0.01, p[0], 5);
        Assert.Equal(-2 + 0.01, p[1], 5);
        Assert.Equal(0.5 - 0.01 * 1e-3 / (1e-3 + 1e-7 / Math.Sqrt(0.001)), p[2], 5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Adam_SeveralSteps_MatchDoubleReference(bool decoupled)
    {
        const int n = 23, steps = 5;
        const double lr = 0.02, beta1 = 0.9, beta2 = 0.999, eps = 1e-7, wd = 0.004;
        var random = new Random(11);
        float[] p = RandomVector(random, n);
        double[] rp = Array.ConvertAll(p, x => (double)x), m = new double[n], v = new double[n];
        Optimizer optimizer = decoupled ? new AdamWOptimizer() : new AdamOptimizer();
        for (int t = 1; t <= steps; t++)
        {
            float[] g = RandomVector(random, n, t);
            optimizer.Step(p, g, (float)lr);
            double alpha = lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
            for (int i = 0; i < n; i++)
            {
                if (decoupled)
                    rp[i] -= rp[i] * wd * lr;
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                rp[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + eps);
            }
        }
        for (int i = 0; i < n; i++)
            Assert.Equal(rp[i], p[i], 1e-5);
        Assert.Equal(steps, optimizer.Iterations);
    }

    [Fact]
    public void Sgd_Momentum_SeveralSteps_MatchDoubleReference()
    {
        const int n = 19;
        const double lr = 0.05, momentum = 0.8;
        var random = new Random(5);
        float[] p = RandomVector(random, n);
        double[] rp = Array.ConvertAll(p, x => (double)x), m = new double[n];
        var optimizer = new SgdOptimizer(momentum, nesterov: true);
        for (int t = 0; t < 6; t++)
        {
            float[] g = RandomVector(random, n);
            optimizer.Step(p, g, (float)lr);
            for (int i = 0; i < n; i++)
            {
                m[i] = momentum * m[i] - lr * g[i];
                rp[i] += momentum * m[i] - lr * g[i];
            }
        }
        for (int i = 0; i < n; i++)
            Assert.Equal(rp[i], p[i], 1e-5);
    }

    [Fact]
    public void AdamW_ZeroGradient_OnlyDecays()
    {
        // m = v = 0 gives a zero Adam step, leaving p - p wd lr = 2 - 2 * 0.004 * 0.1.
        float[] p = { 2f };
        new AdamWOptimizer().Step(p, new[] { 0f }, 0.1f);
        Assert.Equal(1.9992, p[0], 6);
    }

    [Theory]
    [MemberData(nameof(OptimizerKinds))]
    public void Reset_StartsOver(string kind)
    {
        var random = new Random(1);
        float[] initial = RandomVector(random, 9), g1 = RandomVector(random, 9), g2 = RandomVector(random, 9);
        Optimizer fresh = Create(kind), reused = Create(kind);
        float[] a = (float[])initial.Clone(), b = (float[])initial.Clone(), scratch = (float[])initial.Clone();
        reused.Step(scratch, g2, 0.1f);
        reused.Step(scratch, g1, 0.1f);
        reused.Reset();
        Assert.Equal(0, reused.Iterations);
        fresh.Step(a, g1, 0.1f);
        fresh.Step(a, g2, 0.1f);
        reused.Step(b, g1, 0.1f);
        reused.Step(b, g2, 0.1f);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Step_OtherParameterCount_RequiresReset()
    {
        var optimizer = new AdamOptimizer();
        optimizer.Step(new float[4], new float[4], 0.1f);
        Assert.Throws<InvalidOperationException>(() => optimizer.Step(new float[5], new float[5], 0.1f));
        optimizer.Reset();
        optimizer.Step(new float[5], new float[5], 0.1f);
        Assert.Equal(1, optimizer.Iterations);
    }

    [Fact]
    public void Step_MismatchedLengths_NamesBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SgdOptimizer().Step(new float[4], new float[3], 0.1f));
        Assert.Equal("gradients", ex.ParamName);
        Assert.Contains("3", ex.Message);
        Assert.Contains("4", ex.Message);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Step_InvalidLearningRate_Throws(float learningRate) =>
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(
            () => new AdamOptimizer().Step(new float[2], new float[2], learningRate)).ParamName);

    [Fact]
    public void Constructors_RejectOutOfRangeHyperparameters()
    {
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new SgdOptimizer(momentum: 1.5)).ParamName);
        Assert.Equal("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(beta1: 1.0)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(beta2: -0.1)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(epsilon: double.NaN)).ParamName);
        Assert.Equal("weightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamWOptimizer(weightDecay: -1)).ParamName);
    }

    [Fact]
    public void Defaults_AreKeras()
    {
        var adamw = new AdamWOptimizer();
        Assert.Equal(0.9, adamw.Beta1);
        Assert.Equal(0.999, adamw.Beta2);
        Assert.Equal(1e-7, adamw.Epsilon);
        Assert.Equal(0.004, adamw.WeightDecay);
        var sgd = new SgdOptimizer();
        Assert.Equal(0.0, sgd.Momentum);
        Assert.False(sgd.Nesterov);
    }
}
