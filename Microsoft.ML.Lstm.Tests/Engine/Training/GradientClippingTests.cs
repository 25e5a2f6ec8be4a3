using System;
using Microsoft.ML.Lstm.Engine.Training;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

public class GradientClippingTests
{
    [Fact]
    public void GlobalNorm_IsL2Norm() => Assert.Equal(5f, GradientClipping.GlobalNorm(new[] { 3f, 0f, -4f }));

    [Fact]
    public void Clip_AboveMax_ScalesToMaxAndReturnsOriginalNorm()
    {
        float[] g = { 3f, -4f };
        Assert.Equal(5f, GradientClipping.ClipByGlobalNorm(g, 1f));
        Assert.Equal(0.6f, g[0], 6);
        Assert.Equal(-0.8f, g[1], 6);
        Assert.Equal(1f, GradientClipping.GlobalNorm(g), 6);
    }

    [Fact]
    public void Clip_BelowMax_LeavesGradientsUntouched()
    {
        float[] g = { 3f, -4f };
        Assert.Equal(5f, GradientClipping.ClipByGlobalNorm(g, 10f));
        Assert.Equal(new[] { 3f, -4f }, g);
    }

    [Fact]
    public void Clip_NonFiniteNorm_IsReturnedAndNothingScaled()
    {
        float[] g = { 3f, float.NaN, 1f };
        Assert.True(float.IsNaN(GradientClipping.ClipByGlobalNorm(g, 1f)));
        Assert.Equal(3f, g[0]);
        float[] h = { float.PositiveInfinity, 1f };
        Assert.True(float.IsPositiveInfinity(GradientClipping.ClipByGlobalNorm(h, 1f)));
        Assert.Equal(1f, h[1]);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void Clip_InvalidMax_Throws(float max) =>
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(new float[2], max)).ParamName);
}
