using System;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

/// <summary>The 8 x 8 register transpose against the index arithmetic it stands for.</summary>
public class BlockTransposeTests
{
    // Strides wider than the block (as the pass's rows of p and panels of w), and every value distinct, so that a value
    // in the wrong place or a store past the block's columns shows.
    [Theory]
    [InlineData(8, 8)]
    [InlineData(64, 48)]
    [InlineData(13, 32)]
    public unsafe void EachValueLandsAtItsTransposedPlace(int sourceStride, int destinationStride)
    {
        if (!BlockTranspose.IsSupported)
            return;
        float[] source = new float[8 * sourceStride];
        for (int i = 0; i < source.Length; i++)
            source[i] = i + 1;
        float[] destination = new float[8 * destinationStride];
        fixed (float* from = source, to = destination)
            BlockTranspose.Transpose8x8(from, sourceStride, to, destinationStride);
        for (int j = 0; j < 8; j++)
            for (int c = 0; c < destinationStride; c++)
                Assert.Equal(c < 8 ? source[c * sourceStride + j] : 0f, destination[j * destinationStride + c]);
    }

    // Whole matrices: blocks of eight and the edges (rows and columns past the last whole block), with gaps in the
    // destination's rows that must keep their values.
    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 5, 5, 4)]
    [InlineData(8, 8, 8, 8)]
    [InlineData(9, 24, 24, 9)]
    [InlineData(32, 24, 24, 64)]
    [InlineData(17, 13, 15, 20)]
    public void WholeMatricesLandTransposedAndNothingElseMoves(int rows, int columns, int sourceStride, int destinationStride)
    {
        float[] source = new float[(rows - 1) * sourceStride + columns];
        for (int i = 0; i < source.Length; i++)
            source[i] = i + 1;
        float[] destination = new float[(columns - 1) * destinationStride + rows + 3];
        for (int i = 0; i < destination.Length; i++)
            destination[i] = -(i + 1);
        float[] expected = (float[])destination.Clone();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < columns; j++)
                expected[j * destinationStride + r] = source[r * sourceStride + j];
        BlockTranspose.Transpose(source, sourceStride, destination, destinationStride, rows, columns);
        Assert.Equal(expected, destination);
    }

    [Fact]
    public void ShortOperandsAreRejectedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => BlockTranspose.Transpose(new float[23], 8, new float[24], 3, 3, 8));
        Assert.Equal("source", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => BlockTranspose.Transpose(new float[24], 8, new float[23], 3, 3, 8));
        Assert.Equal("destination", error.ParamName);
    }
}
