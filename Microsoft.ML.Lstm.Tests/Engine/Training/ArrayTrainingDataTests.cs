using System;
using Microsoft.ML.Lstm.Engine.Training;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

public class ArrayTrainingDataTests
{
    [Fact]
    public void DeducesCountAndOutputSize_AndFillsInRequestedOrder()
    {
        // 3 samples of T = 2, p = 2; 2 targets each.
        float[] x = { 0, 1, 2, 3, /**/ 10, 11, 12, 13, /**/ 20, 21, 22, 23 };
        float[] y = { 0, -1, /**/ 10, -11, /**/ 20, -21 };
        var data = new ArrayTrainingData(x, y, timeSteps: 2, inputSize: 2);
        Assert.Equal(3, data.Count);
        Assert.Equal(2, data.OutputSize);
        float[] bx = new float[8], by = new float[4];
        data.Fill(new[] { 2, 0 }, bx, by);
        Assert.Equal(new float[] { 20, 21, 22, 23, 0, 1, 2, 3 }, bx);
        Assert.Equal(new float[] { 20, -21, 0, -1 }, by);
    }

    [Fact]
    public void Constructor_RejectsRaggedBuffers()
    {
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new ArrayTrainingData(new float[7], new float[2], 2, 2)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new ArrayTrainingData(new float[8], new float[3], 2, 2)).ParamName);
        Assert.Equal("timeSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrayTrainingData(new float[8], new float[2], 0, 2)).ParamName);
    }

    [Fact]
    public void Fill_RejectsBadIndexAndLengths()
    {
        var data = new ArrayTrainingData(new float[8], new float[2], 2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Fill(new[] { 2 }, new float[4], new float[1]));
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => data.Fill(new[] { 0 }, new float[5], new float[1])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => data.Fill(new[] { 0 }, new float[4], new float[2])).ParamName);
    }
}
