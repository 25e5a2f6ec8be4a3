using System;

namespace Microsoft.ML.Lstm.Engine;

/// <summary>Keras' weight initializers, drawn from a seeded <see cref="Random"/> so that a seed fixes every weight.</summary>
internal static class Initializers
{
    /// <summary>Keras <c>glorot_uniform</c>: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)); <paramref name="weights"/> is [fanIn, fanOut].</summary>
    public static void GlorotUniform(Span<float> weights, int fanIn, int fanOut, Random random)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (float)((random.NextDouble() * 2 - 1) * limit);
    }

    /// <summary>
    /// Keras <c>orthogonal</c> (gain 1) for a [rows, cols] matrix: QR of a standard normal matrix of shape
    /// [max, min], Q's signs fixed by R's diagonal, transposed when rows &lt; cols, so the rows (or columns) are orthonormal.
    /// Modified Gram-Schmidt in double gives R's diagonal positive, which is that sign fix.
    /// </summary>
    public static void Orthogonal(Span<float> weights, int rows, int cols, Random random)
    {
        int tall = Math.Max(rows, cols), narrow = Math.Min(rows, cols);
        var q = new double[tall * narrow]; // [tall, narrow]
        for (int i = 0; i < q.Length; i++)
            q[i] = StandardNormal(random);
        for (int j = 0; j < narrow; j++)
        {
            for (int prev = 0; prev < j; prev++)
            {
                double dot = 0;
                for (int i = 0; i < tall; i++)
                    dot += q[i * narrow + j] * q[i * narrow + prev];
                for (int i = 0; i < tall; i++)
                    q[i * narrow + j] -= dot * q[i * narrow + prev];
            }
            double norm = 0;
            for (int i = 0; i < tall; i++)
                norm += q[i * narrow + j] * q[i * narrow + j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < tall; i++)
                q[i * narrow + j] /= norm;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                weights[r * cols + c] = (float)(rows >= cols ? q[r * narrow + c] : q[c * narrow + r]);
    }

    private static double StandardNormal(Random random)
    {
        // Box-Muller; 1 - U keeps the logarithm's argument in (0, 1].
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
