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
}
