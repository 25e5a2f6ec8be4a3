using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

/// <summary>The pieces of a single sequence's forward pass split by units across two cores: the tabled-rows product,
/// the cache-set layout of a half's rows, and the exchange of h between the cores.</summary>
public class UnitSplitTests
{
    private readonly ITestOutputHelper _output;

    public UnitSplitTests(ITestOutputHelper output) => _output = output;

    // c (+)= a·B with B's rows wherever a table says (here shuffled, with gaps), every width against the scalar reference
    // on the same rows laid out contiguously.
    [Theory]
    [InlineData(64, 128, false)]
    [InlineData(32, 256, true)]
    [InlineData(7, 40, true)] // column blocks of 8, 4, 1 registers and a scalar tail at most widths
    public void TabledRowsMatchTheReference(int k, int n, bool accumulate)
    {
        var random = new Random(k + n);
        float[] a = GemmTests.Fill(random, k);
        int stride = n + 5;
        int[] order = new int[k];
        for (int i = 0; i < k; i++)
            order[i] = i;
        random.Shuffle(order);
        int[] offsets = new int[k];
        float[] b = GemmTests.Fill(random, k * stride);
        float[] contiguous = new float[k * n];
        for (int p = 0; p < k; p++)
        {
            offsets[p] = order[p] * stride + 2;
            Array.Copy(b, offsets[p], contiguous, p * n, n);
        }
        float[] c0 = GemmTests.Fill(random, n);
        float[] expected = (float[])c0.Clone();
        GemmReference.Multiply(a, k, false, contiguous, n, false, expected, n, 1, n, k, accumulate);
        double worst = 0;
        foreach (VectorWidth width in VectorWidths.All)
        {
            float[] c = (float[])c0.Clone();
            SmallRowsGemm.MultiplyTabled(a, b, offsets, c, accumulate, width);
            for (int j = 0; j < n; j++)
            {
                double error = Math.Abs(c[j] - expected[j]);
                worst = Math.Max(worst, error);
                Assert.True(error <= 1e-5 * (1 + Math.Abs(expected[j])), $"{width}: c[{j}] = {c[j]}, reference {expected[j]}");
            }
        }
        _output.WriteLine($"max |difference| over all widths: {worst:E2}");
    }

    // At m = 64 a half's rows are 512 B: 49 stay in slots 0-6 of 7 pages (sets 0-55, 7 ways), 15 are streamed through
    // slot 7 (sets 56-63). Rows that do not divide a page, or that all fit, are contiguous.
    [Fact]
    public void HalfRowsAreLaidOutByCacheSet()
    {
        int[] offsets = new int[64];
        int length = UnitHalf.Layout(offsets, 128);
        Assert.Equal(15 * 1024, length);
        var lines = new HashSet<int>();
        for (int k = 0; k < 64; k++)
        {
            Assert.True(offsets[k] % 16 == 0 && offsets[k] + 128 <= length, $"row {k} at {offsets[k]}");
            for (int line = 0; line < 8; line++)
                Assert.True(lines.Add(offsets[k] / 16 + line), $"row {k} overlaps another");
            int firstSet = offsets[k] * 4 / 64 % 64;
            if (k < 49)
                Assert.InRange(firstSet, 0, 48);
            else
                Assert.Equal(56, firstSet);
        }
        for (int k = 0; k < 49; k++)
            Assert.Equal(k / 7, offsets[k] / 1024); // 7 pages: 7 ways of sets 0-55

        // From row 32 on: rows 32-63 and 0-16 stay, rows 17-31 stream (half 0 multiplies them before h arrives).
        int[] rotated = new int[64];
        Assert.Equal(length, UnitHalf.Layout(rotated, 128, firstRow: 32));
        for (int k = 0; k < 64; k++)
            Assert.Equal(offsets[(k + 32) % 64], rotated[k]);
        Assert.Throws<ArgumentOutOfRangeException>(() => UnitHalf.Layout(rotated, 128, firstRow: 64));

        int[] odd = new int[96];
        Assert.Equal(96 * 192, UnitHalf.Layout(odd, 192)); // 768 B rows do not divide a page
        Assert.Equal(95 * 192, odd[95]);
        int[] small = new int[32];
        Assert.Equal(32 * 64, UnitHalf.Layout(small, 64)); // 8 KB: all of it stays in L1 anyway
    }

    // Each half's packed columns are the layer's columns of its units, gate by gate.
    [Fact]
    public void HalvesHoldTheirUnitsColumns()
    {
        const int p = 2, m = 64;
        var random = new Random(5);
        float[] kernel = GemmTests.Fill(random, p * 4 * m), recurrent = GemmTests.Fill(random, m * 4 * m), bias = GemmTests.Fill(random, 4 * m);
        for (int half = 0; half < 2; half++)
        {
            var weights = new UnitHalf(p, m, half);
            weights.Pack(kernel, recurrent, bias);
            for (int g = 0; g < 4; g++)
                for (int u = 0; u < m / 2; u++)
                {
                    int column = g * m + half * m / 2 + u, packed = g * m / 2 + u;
                    Assert.Equal(bias[column], weights.Bias[packed]);
                    for (int r = 0; r < p; r++)
                        Assert.Equal(kernel[r * 4 * m + column], weights.Kernel[r * 2 * m + packed]);
                    for (int k = 0; k < m; k++)
                        Assert.Equal(recurrent[k * 4 * m + column], weights.Recurrent[weights.RowOffsets[k] + packed]);
                }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnitHalf(1, 48, 0));
    }

    // Two threads trade 33 values a step (three lines) for 2000 steps through the two parities; each receives exactly
    // what the other published for that step. Abandon releases a waiting reader.
    [Fact]
    public void ExchangeDeliversEachStepsValues()
    {
        const int values = 33, steps = 2000;
        var exchange = new HiddenExchange(values);
        int mismatches = 0;
        void Run(int core)
        {
            var mine = new float[values];
            var theirs = new float[values];
            for (int s = 0; s < steps; s++)
            {
                for (int i = 0; i < values; i++)
                    mine[i] = core * 1e6f + s * 100 + i;
                exchange.Publish(core, s + 1, mine);
                if (!exchange.Receive(1 - core, s + 1, theirs))
                    Interlocked.Increment(ref mismatches);
                for (int i = 0; i < values; i++)
                    if (theirs[i] != (1 - core) * 1e6f + s * 100 + i)
                        Interlocked.Increment(ref mismatches);
            }
        }
        var other = new Thread(() => Run(1));
        other.Start();
        Run(0);
        other.Join();
        Assert.Equal(0, mismatches);

        bool received = true;
        var waiting = new Thread(() => received = exchange.Receive(1, steps + 5, new float[values]));
        waiting.Start();
        Thread.Sleep(20);
        exchange.Abandon();
        Assert.True(waiting.Join(TimeSpan.FromSeconds(10)), "Receive kept waiting after Abandon");
        Assert.False(received);
    }

    // The layer times the split pass against the one-core pass from its 16th pass on (MeasuredChoice). Left to tiered
    // compilation, the split path's per-step chain ran unoptimized for 1-2.5 s (200-290 µs a pass against 8-12), and
    // the first probes of every fresh layer chose one core. Each method of both chains must be compiled optimized at
    // its first call; a new method in either chain belongs in this list.
    [Theory]
    [InlineData(typeof(SingleSequencePass), "RunHalf", 4)]
    [InlineData(typeof(SingleSequencePass), "RunWhole", 4)]
    [InlineData(typeof(SmallRowsGemm), "Rows", 3)]
    [InlineData(typeof(SmallRowsGemm), "SixteenRegisters", 3)]
    [InlineData(typeof(HiddenExchange), "Publish", 0)]
    [InlineData(typeof(HiddenExchange), "Receive", 0)]
    [InlineData(typeof(UnitHalf), "Pack", 0)]
    public void SingleSequenceChainsAreOptimizedFromTheirFirstCall(Type type, string name, int genericArguments)
    {
        var flags = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic |
            System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance;
        var methods = Array.FindAll(type.GetMethods(flags), m => m.Name == name && m.GetGenericArguments().Length == genericArguments);
        Assert.Single(methods);
        Assert.True(methods[0].MethodImplementationFlags.HasFlag(System.Reflection.MethodImplAttributes.AggressiveOptimization),
            $"{type.Name}.{name} is not marked AggressiveOptimization.");
    }
}
