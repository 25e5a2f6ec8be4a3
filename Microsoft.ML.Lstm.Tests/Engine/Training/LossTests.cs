using System;
using Microsoft.ML.Lstm.Engine.Kernels;
using Microsoft.ML.Lstm.Engine.Training;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

public class LossTests
{
    public static TheoryData<string> LossNames => new() { "mse", "mae", "huber" };

    [Theory]
    [InlineData("mse", typeof(MeanSquaredErrorLoss))]
    [InlineData("mean_squared_error", typeof(MeanSquaredErrorLoss))]
    [InlineData("mae", typeof(MeanAbsoluteErrorLoss))]
    [InlineData("mean_absolute_error", typeof(MeanAbsoluteErrorLoss))]
    [InlineData("huber", typeof(HuberLoss))]
    public void FromName_ResolvesKerasNames(string name, Type expected) =>
        Assert.IsType(expected, Loss.FromName(name));

    [Fact]
    public void FromName_UnknownName_ListsValidNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.FromName("msle"));
        Assert.Equal("name", ex.ParamName);
        Assert.Contains("'msle'", ex.Message);
        foreach (string name in new[] { "mse", "mean_squared_error", "mae", "mean_absolute_error", "huber" })
            Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void Compute_MismatchedTarget_NamesParameterAndBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.FromName("mse").Compute(new float[4], new float[3], new float[4]));
        Assert.Equal("target", ex.ParamName);
        Assert.Contains("3", ex.Message);
        Assert.Contains("4", ex.Message);
    }

    [Fact]
    public void Compute_MismatchedGradient_NamesParameterAndBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.FromName("mae").Compute(new float[4], new float[4], new float[5]));
        Assert.Equal("gradient", ex.ParamName);
        Assert.Contains("5", ex.Message);
        Assert.Contains("4", ex.Message);
    }

    [Fact]
    public void Compute_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => Loss.FromName("huber").Compute(default, default, default));

    // Errors e = p - t = [1, 0, -2]; values worked out by hand.
    [Theory]
    [InlineData("mse", 5.0 / 3, 2.0 / 3, 0.0, -4.0 / 3)]
    [InlineData("mae", 1.0, 1.0 / 3, 0.0, -1.0 / 3)]
    // Huber, delta 1: 0.5 * 1^2 = 0.5; 0; 1 * 2 - 0.5 = 1.5; mean 2/3. Gradient clamp(e, -1, 1) / 3.
    [InlineData("huber", 2.0 / 3, 1.0 / 3, 0.0, -1.0 / 3)]
    public void Compute_MatchesHandComputedValues(string name, double loss, double g0, double g1, double g2)
    {
        float[] prediction = { 1f, 2f, 3f }, target = { 0f, 2f, 5f }, gradient = new float[3];
        foreach (VectorWidth width in VectorWidths.All)
        {
            Assert.Equal(loss, Loss.FromName(name).Compute(prediction, target, gradient, width), 6);
            Assert.Equal(g0, gradient[0], 6);
            Assert.Equal(g1, gradient[1], 6);
            Assert.Equal(g2, gradient[2], 6);
        }
    }

    [Fact]
    public void Huber_WithLargerDelta_IsQuadraticWithinDelta()
    {
        // delta 2: |e| = 2 is still on the quadratic side (<=), |e| = 3 on the linear one: 2 * 3 - 0.5 * 4 = 4.
        float[] prediction = { -2f, 3f }, target = { 0f, 0f }, gradient = new float[2];
        float loss = new HuberLoss(2f).Compute(prediction, target, gradient);
        Assert.Equal((2.0 + 4.0) / 2, loss, 6);
        Assert.Equal(-2.0 / 2, gradient[0], 6);
        Assert.Equal(2.0 / 2, gradient[1], 6);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void Huber_InvalidDelta_Throws(float delta) =>
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => new HuberLoss(delta)).ParamName);

    [Theory]
    [MemberData(nameof(LossNames))]
    public void EveryWidth_MatchesScalarTwin(string name)
    {
        var random = new Random(7);
        Loss loss = Loss.FromName(name);
        foreach (int n in new[] { 1, 3, 4, 7, 8, 15, 16, 17, 33, 64, 100 })
        {
            float[] p = new float[n], t = new float[n];
            for (int i = 0; i < n; i++)
            {
                p[i] = (float)(random.NextDouble() * 6 - 3);
                t[i] = (float)(random.NextDouble() * 6 - 3);
            }
            t[0] = p[0]; // e = 0 exercises the sign / clamp at zero.
            float[] expected = new float[n];
            float expectedLoss = loss.Compute(p, t, expected, VectorWidth.Scalar);
            foreach (VectorWidth width in VectorWidths.All)
            {
                float[] actual = new float[n];
                float actualLoss = loss.Compute(p, t, actual, width);
                // Gradients are element-wise, so bit-identical; the loss sum is accumulated in a different order.
                Assert.Equal(expected, actual);
                Assert.Equal(expectedLoss, actualLoss, expectedLoss * 1e-5f + 1e-7f);
            }
        }
    }

    [Theory]
    [MemberData(nameof(LossNames))]
    public void Gradient_MatchesFiniteDifferences(string name)
    {
        var random = new Random(3);
        Loss loss = Loss.FromName(name);
        const int n = 9;
        float[] p = new float[n], t = new float[n], g = new float[n], scratch = new float[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = (float)(random.NextDouble() * 4 - 2);
            // Keep |e| away from 0 and from Huber's kink at 1, where the derivative jumps.
            double e = (0.2 + random.NextDouble() * 0.6 + (i % 2) * 1.0) * (i % 3 == 0 ? -1 : 1);
            p[i] = t[i] + (float)e;
        }
        loss.Compute(p, t, g);
        const float h = 1e-2f;
        for (int i = 0; i < n; i++)
        {
            float saved = p[i];
            p[i] = saved + h;
            double up = loss.Compute(p, t, scratch);
            p[i] = saved - h;
            double down = loss.Compute(p, t, scratch);
            p[i] = saved;
            Assert.Equal((up - down) / (2 * h), g[i], 3);
        }
    }
}
