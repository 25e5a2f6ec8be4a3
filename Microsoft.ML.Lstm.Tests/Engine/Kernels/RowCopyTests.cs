using System;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

/// <summary>Rows copied between row strides: every width gives the element-by-element copy, and nothing outside the
/// rows' values is written.</summary>
public class RowCopyTests
{
    // Widths below a register, at one, between two and past several, with their tails; strides with gaps.
    [Theory]
    [InlineData(1, 24, 1, 7)]
    [InlineData(3, 5, 3, 11)]
    [InlineData(15, 4, 17, 15)]
    [InlineData(16, 6, 16, 160)]
    [InlineData(17, 5, 20, 33)]
    [InlineData(128, 7, 128, 144)]
    [InlineData(100, 3, 131, 101)]
    public void EveryWidthCopiesTheRowsAndNothingElse(int width, int rows, int sourceStride, int destinationStride)
    {
        var random = new Random(width * 31 + rows);
        float[] source = GemmTests.Fill(random, (rows - 1) * sourceStride + width);
        float[] before = GemmTests.Fill(random, (rows - 1) * destinationStride + width + 3);
        float[] expected = (float[])before.Clone();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++)
                expected[r * destinationStride + j] = source[r * sourceStride + j];
        foreach (VectorWidth vectorWidth in VectorWidths.All)
        {
            float[] destination = (float[])before.Clone();
            RowCopy.Copy(source, sourceStride, destination, destinationStride, rows, width, vectorWidth);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(destination[i]),
                    $"{vectorWidth}: destination[{i}] = {destination[i]}, expected {expected[i]}");
        }
    }

    [Fact]
    public void ShortOperandsAreRejectedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => RowCopy.Copy(new float[10], 5, new float[20], 10, 3, 5, VectorWidth.V256));
        Assert.Equal("source", error.ParamName);
        Assert.Contains("needs 15", error.Message);
        error = Assert.Throws<ArgumentException>(() => RowCopy.Copy(new float[15], 5, new float[20], 10, 3, 5, VectorWidth.V256));
        Assert.Equal("destination", error.ParamName);
        var stride = Assert.Throws<ArgumentOutOfRangeException>(() => RowCopy.Copy(new float[15], 4, new float[30], 10, 3, 5, VectorWidth.V256));
        Assert.Equal("source", stride.ParamName);
    }
}
