using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

public class GemmTests
{
    private readonly ITestOutputHelper _output;

    public GemmTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<int, int, int, bool, bool, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, bool, bool, bool>();
        int[][] shapes =
        {
            new[] { 1, 1, 1 }, new[] { 1, 256, 64 }, new[] { 5, 33, 7 }, new[] { 6, 32, 16 }, new[] { 7, 17, 300 },
            new[] { 13, 100, 1 }, new[] { 97, 65, 257 }, new[] { 200, 96, 40 }, new[] { 2, 1024, 256 },
            new[] { 8, 208, 700 }, // split over threads by column panels, an odd number of panels (13 at 256 bits)
            new[] { 10, 64, 33 }, new[] { 9, 80, 20 }, // last row panels of 4 and 3 rows against pairs of whole panels
            new[] { 30, 300, 200 }, // many rows, but more columns: split over threads by column panels, one range per thread
        };
        foreach (int[] s in shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    data.Add(s[0], s[1], s[2], ta, tb, s[0] % 2 == 1);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryWidthMatchesTheScalarReference(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        var random = new Random(m * 1000 + n * 10 + k);
        int lda = (transposeA ? m : k) + 3, ldb = (transposeB ? k : n) + 1, ldc = n + 2;
        float[] a = Fill(random, (transposeA ? k : m) * lda);
        float[] b = Fill(random, (transposeB ? n : k) * ldb);
        float[] c0 = Fill(random, m * ldc);
        float[] expected = (float[])c0.Clone();
        GemmReference.Multiply(a, lda, transposeA, b, ldb, transposeB, expected, ldc, m, n, k, accumulate);

        foreach (VectorWidth width in VectorWidths.All)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                float[] c = (float[])c0.Clone();
                var context = new GemmContext(width, threads);
                Gemm.Multiply(a, lda, transposeA, b, ldb, transposeB, c, ldc, m, n, k, accumulate, context);
                CheckAgainstReference(c, c0, expected, m, n, k, ldc, $"{width}, {threads} threads");
            }
        }
    }

    // Each element of C is one chain of multiply-adds over K in order, from C when accumulating, whatever the K blocks
    // (320 is three of 107): the batch-major pass sums all of K at once and must give the row-major pass's z bit for bit.
    // 14 and 16 rows take the 6 x 4, 2 x 4 and 4 x 4 tiles; 100 columns end in whole and partial single panels.
    [Theory]
    [InlineData(14, 100, 320, false)]
    [InlineData(16, 100, 320, true)]
    [InlineData(6, 64, 145, true)]
    public void EachElementIsOneChainOverKWhateverTheBlocks(int m, int n, int k, bool accumulate)
    {
        var random = new Random(m + n + k);
        float[] a = Fill(random, m * k), b = Fill(random, k * n), c0 = Fill(random, m * n);
        foreach (VectorWidth width in VectorWidths.All)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                float[] c = (float[])c0.Clone();
                Gemm.Multiply(a, k, false, b, n, false, c, n, m, n, k, accumulate, new GemmContext(width, threads));
                int differing = 0;
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        float sum = accumulate ? c0[i * n + j] : 0f;
                        for (int p = 0; p < k; p++)
                            sum = MultiplyAddAt(width, a[i * k + p], b[p * n + j], sum);
                        if (BitConverter.SingleToInt32Bits(sum) != BitConverter.SingleToInt32Bits(c[i * n + j]))
                            differing++;
                    }
                }
                _output.WriteLine($"{width}, {threads} threads: {differing} of {m * n} differ from the chain");
                Assert.Equal(0, differing);
            }
        }
    }

    /// <summary>One lane of the width's multiply-add (fused or not, as the width's kernels run it on this machine).</summary>
    private static float MultiplyAddAt(VectorWidth width, float a, float b, float c) => width switch
    {
        VectorWidth.V128 => Vector128.MultiplyAddEstimate(Vector128.Create(a), Vector128.Create(b), Vector128.Create(c)).ToScalar(),
        VectorWidth.V256 => Vector256.MultiplyAddEstimate(Vector256.Create(a), Vector256.Create(b), Vector256.Create(c)).ToScalar(),
        VectorWidth.V512 => Vector512.MultiplyAddEstimate(Vector512.Create(a), Vector512.Create(b), Vector512.Create(c)).ToScalar(),
        _ => a * b + c,
    };

    // The weight gradients' product [dW; dU; db] = [X, H, 1]ᵀ·dZ: op(A) stacks two or three transposed operands, and the
    // blocks of Aᵀ the product packs take their rows from any of them, the splits anywhere in a row panel or a row block.
    [Theory]
    [InlineData(1, 64, 0, 96, 257, false)] // p = 1 (S): the first operand is one row of the first panel; three K blocks
    [InlineData(16, 128, 0, 64, 300, true)] // M: the split inside the third panel; the second row block all from A2
    [InlineData(6, 7, 0, 40, 20, false)] // the split on a panel boundary
    [InlineData(2, 2, 0, 33, 9, true)] // fewer rows than a panel: read in place, as two products
    [InlineData(100, 3, 0, 208, 130, false)] // the split inside the second row block (of 96 rows)
    [InlineData(0, 9, 0, 32, 10, true)] // no first operand
    [InlineData(1, 64, 1, 96, 257, false)] // S with its bias row (a third operand of one row, row stride 1)
    [InlineData(16, 128, 1, 64, 300, true)] // M with its bias row: alone in the last panel, in the second row block
    [InlineData(64, 31, 1, 40, 20, false)] // the third operand's row last in the first row block
    [InlineData(3, 2, 1, 33, 9, true)] // six rows: the third operand's row ends the only panel
    [InlineData(2, 2, 1, 33, 9, false)] // five rows: read in place, as three products
    [InlineData(4, 3, 2, 16, 12, true)] // a third operand of two rows across a panel boundary
    public void StackedTransposedOperandsMatchTheScalarReference(int m1, int m2, int m3, int n, int k, bool accumulate)
    {
        var random = new Random(m1 * 7919 + m2 * 31 + m3 * 5 + k);
        int m = m1 + m2 + m3, lda1 = m1 + 2, lda2 = m2 + 1, lda3 = m3 == 1 ? 1 : m3 + 1, ldc = n + 3;
        float[] a1 = Fill(random, k * lda1), a2 = Fill(random, k * lda2), a3 = Fill(random, k * lda3), b = Fill(random, k * n);
        float[] c0 = Fill(random, m * ldc);
        // The reference multiplies the stacked operand as one matrix: A = [A1, A2, A3] is [K, m1 + m2 + m3].
        float[] a = new float[k * m];
        for (int p = 0; p < k; p++)
            for (int i = 0; i < m; i++)
                a[p * m + i] = i < m1 ? a1[p * lda1 + i] : i < m1 + m2 ? a2[p * lda2 + i - m1] : a3[p * lda3 + i - m1 - m2];
        float[] expected = (float[])c0.Clone();
        GemmReference.Multiply(a, m, true, b, n, false, expected, ldc, m, n, k, accumulate);

        foreach (VectorWidth width in VectorWidths.All)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                var context = new GemmContext(width, threads);
                PackedMatrix packed = PackedB(b, k, n, width);
                float[] c = (float[])c0.Clone();
                if (m3 == 0)
                    Gemm.MultiplyStackedTransposed(a1, lda1, m1, a2, lda2, m2, packed, c, ldc, accumulate, context);
                else
                    Gemm.MultiplyStackedTransposed(a1, lda1, m1, a2, lda2, m2, a3, lda3, m3, packed, c, ldc, accumulate, context);
                CheckAgainstReference(c, c0, expected, m, n, k, ldc, $"{width}, {threads} threads");
            }
        }
    }

    // B [k, n] (ldb n) packed for the micro-kernels of one width.
    private static PackedMatrix PackedB(float[] b, int k, int n, VectorWidth width)
    {
        var packed = new PackedMatrix();
        packed.Pack(b, n, false, k, n, width);
        return packed;
    }

    // The weight gradients' product sums the first and the second half of its K blocks apart, each one chain in order
    // (the first from C when accumulating), and adds the two: the same floats on one thread and on two, whose halves run
    // on different cores. One K block is one chain. K = 300 is three blocks of 100 (halves of 200 and 100), 1536 twelve
    // of 128 (S: 64 sequences of 24 steps), 100 one block.
    [Theory]
    [InlineData(16, 128, 1, 100, 300, false)]
    [InlineData(16, 128, 1, 100, 300, true)]
    [InlineData(1, 64, 1, 256, 1536, false)]
    [InlineData(6, 7, 0, 40, 100, true)]
    public void StackedTransposedSumsAreTwoHalfChainsAdded(int m1, int m2, int m3, int n, int k, bool accumulate)
    {
        var random = new Random(m1 + m2 * 3 + n + k);
        int m = m1 + m2 + m3, lda1 = m1 + 1, lda2 = m2 + 2, ldc = n + 1;
        float[] a1 = Fill(random, k * lda1), a2 = Fill(random, k * lda2), a3 = Fill(random, k * Math.Max(m3, 1)), b = Fill(random, k * n);
        float[] c0 = Fill(random, m * ldc);
        int blocks = (k + Gemm.KBlock - 1) / Gemm.KBlock, depth = (k + blocks - 1) / blocks;
        int middle = blocks == 1 ? k : (blocks + 1) / 2 * depth;
        float ValueOfA(int i, int p) => i < m1 ? a1[p * lda1 + i] : i < m1 + m2 ? a2[p * lda2 + i - m1] : a3[p * m3 + i - m1 - m2];
        foreach (VectorWidth width in VectorWidths.All)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                var context = new GemmContext(width, threads);
                PackedMatrix packed = PackedB(b, k, n, width);
                // Twice with one context: the second half's sums must not start from what the first call left there.
                float[] c = (float[])c0.Clone();
                Gemm.MultiplyStackedTransposed(a1, lda1, m1, a2, lda2, m2, a3, m3 == 0 ? 1 : m3, m3, packed, c, ldc, accumulate, context);
                c = (float[])c0.Clone();
                Gemm.MultiplyStackedTransposed(a1, lda1, m1, a2, lda2, m2, a3, m3 == 0 ? 1 : m3, m3, packed, c, ldc, accumulate, context);
                int differing = 0;
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        float first = accumulate ? c0[i * ldc + j] : 0f, second = 0f;
                        for (int p = 0; p < middle; p++)
                            first = MultiplyAddAt(width, ValueOfA(i, p), b[p * n + j], first);
                        for (int p = middle; p < k; p++)
                            second = MultiplyAddAt(width, ValueOfA(i, p), b[p * n + j], second);
                        float expected = middle < k ? first + second : first;
                        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(c[i * ldc + j]))
                            differing++;
                    }
                }
                _output.WriteLine($"{width}, {threads} threads: {differing} of {m * n} differ from the two half chains");
                Assert.Equal(0, differing);
            }
        }
    }

    [Fact]
    public void PackedOperandIsReusedAcrossCalls()
    {
        var random = new Random(7);
        const int m = 3, n = 40, k = 20;
        float[] b = Fill(random, k * n);
        var context = new GemmContext(VectorWidths.Best, 1);
        var packed = new PackedMatrix();
        packed.Pack(b, n, false, k, n, context.Width);
        for (int call = 0; call < 3; call++)
        {
            float[] a = Fill(random, m * k);
            float[] c = new float[m * n], expected = new float[m * n];
            Gemm.Multiply(a, k, false, packed, c, n, m, false, context);
            GemmReference.Multiply(a, k, false, b, n, false, expected, n, m, n, k, false);
            for (int i = 0; i < c.Length; i++)
                Assert.Equal(expected[i], c[i], 4);
        }
    }

    // The backward pass packs dZ a step's rows at a time, from several threads: the row chunks together must give the
    // whole packing, bit for bit, also where a chunk crosses a K block (K = 300 is two blocks of 150), and the same
    // packing as Bᵀ packed through the transposing path.
    [Theory]
    [InlineData(300, 70, new[] { 0, 100, 217, 300 })]
    [InlineData(300, 64, new[] { 0, 150, 300 })]
    [InlineData(9, 16, new[] { 0, 1, 9 })]
    public void PackingRowChunksGivesTheWholePacking(int k, int n, int[] bounds)
    {
        float[] b = GradientCheckTests.Uniform(new Random(k + n), k * n, 1);
        float[] bT = new float[n * k];
        for (int r = 0; r < k; r++)
            for (int j = 0; j < n; j++)
                bT[j * k + r] = b[r * n + j];
        foreach (VectorWidth width in VectorWidths.All)
        {
            var whole = new PackedMatrix();
            whole.Pack(bT, k, true, k, n, width);
            var chunked = new PackedMatrix();
            chunked.Prepare(k, n, width);
            for (int c = 0; c + 1 < bounds.Length; c++)
                chunked.PackRows(b.AsSpan(bounds[c] * n), n, bounds[c], bounds[c + 1] - bounds[c]);
            int size = k * whole.Panels * whole.PanelWidth;
            Assert.Equal(whole.Data.Slice(0, size).ToArray(), chunked.Data.Slice(0, size).ToArray());
        }
    }

    [Fact]
    public void TooShortSpansAreRejectedWithTheirNames()
    {
        var context = new GemmContext(VectorWidth.Scalar, 1);
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(new float[5], 3, false, new float[6], 2, false, new float[4], 2, 2, 2, 3, false, context));
        Assert.Contains("a", ex.ParamName);
        Assert.Contains("needs 6 values", ex.Message);
        var exC = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(new float[6], 3, false, new float[6], 2, false, new float[3], 2, 2, 2, 3, false, context));
        Assert.Equal("c", exC.ParamName);
    }

    [Fact]
    public void ZeroDepthClearsOrKeepsC()
    {
        var context = new GemmContext(VectorWidths.Best, 1);
        float[] c = { 1, 2, 3, 4 };
        Gemm.Multiply(Array.Empty<float>(), 0, false, Array.Empty<float>(), 2, false, c, 2, 2, 2, 0, true, context);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c);
        Gemm.Multiply(Array.Empty<float>(), 0, false, Array.Empty<float>(), 2, false, c, 2, 2, 2, 0, false, context);
        Assert.Equal(new float[4], c);
    }

    /// <summary>C against the reference within a tolerance that grows with the depth K; the padding between C's rows
    /// (columns n..ldc) must be as it was. Prints the max difference.</summary>
    private void CheckAgainstReference(float[] c, float[] c0, float[] expected, int m, int n, int k, int ldc, string what)
    {
        double maxDiff = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                int at = i * ldc + j;
                if (j >= n)
                    Assert.Equal(c0[at], c[at]); // padding between rows is never written
                else
                    maxDiff = Math.Max(maxDiff, Math.Abs(c[at] - expected[at]));
            }
        }
        _output.WriteLine($"{what}: max |diff| {maxDiff:E2}");
        double tolerance = 1e-5 * Math.Sqrt(k) + 1e-6;
        Assert.True(maxDiff <= tolerance, $"{what}: max |diff| {maxDiff:E2} > {tolerance:E2}");
    }

    internal static float[] Fill(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}

public class WorkerPoolTests
{
    private sealed class Nested : Microsoft.ML.Lstm.Engine.Kernels.IParallelWork
    {
        public readonly int[] Runs = new int[8];
        public Nested? Inner;

        public void Execute(int chunk, int thread)
        {
            System.Threading.Interlocked.Increment(ref Runs[chunk]);
            if (Inner != null && chunk == 0)
                Microsoft.ML.Lstm.Engine.Kernels.WorkerPool.Shared.Run(Inner, 4, 2); // from inside a chunk: must run inline
        }
    }

    [Fact]
    public void EveryChunkRunsOnceEvenWhenAJobStartsAnotherFromInside()
    {
        var inner = new Nested();
        var outer = new Nested { Inner = inner };
        for (int round = 0; round < 50; round++)
            Microsoft.ML.Lstm.Engine.Kernels.WorkerPool.Shared.Run(outer, 8, 2);
        Assert.All(outer.Runs, r => Assert.Equal(50, r));
        Assert.Equal(new[] { 50, 50, 50, 50, 0, 0, 0, 0 }, inner.Runs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(1000)]
    public void AlignedMemoryStartsOnACacheLineAndIsZeroed(int length)
    {
        Memory<float> memory = AlignedMemory.Allocate(length);
        Assert.Equal(length, memory.Length);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray((ReadOnlyMemory<float>)memory, out ArraySegment<float> segment));
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(segment.Array, System.Runtime.InteropServices.GCHandleType.Pinned);
        nint start = handle.AddrOfPinnedObject() + segment.Offset * sizeof(float);
        handle.Free();
        Assert.True(start % AlignedMemory.Alignment == 0, $"{start:X} is not on a {AlignedMemory.Alignment}-byte boundary");
        Assert.All(memory.ToArray(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(128, 128)]
    [InlineData(129, 65)]
    [InlineData(256, 128)]
    [InlineData(320, 107)]
    [InlineData(6400, 128)]
    [InlineData(700, 117)]
    public void KIsCutIntoBlocksOfEqualDepth(int k, int expected)
    {
        int kb = Gemm.KBlockFor(k);
        Assert.Equal(expected, kb);
        Assert.True(kb <= Gemm.KBlock);
        int blocks = (k + kb - 1) / kb;
        Assert.True(k - (blocks - 1) * kb > kb / 2 || blocks == 1, $"last block of {k - (blocks - 1) * kb} for {kb}");
    }
}
