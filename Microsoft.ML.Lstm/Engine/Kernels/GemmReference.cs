using System;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>The scalar twin of <see cref="Gemm"/>: the textbook triple loop, the reference the packed kernels are tested against.</summary>
internal static class GemmReference
{
    /// <summary>C = op(A)·op(B) (+ C), summing in double so that the reference is more exact than what it checks.</summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * ldc + j] : 0.0;
                for (int p = 0; p < k; p++)
                {
                    float av = transposeA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)av * bv;
                }
                c[i * ldc + j] = (float)sum;
            }
        }
    }
}
