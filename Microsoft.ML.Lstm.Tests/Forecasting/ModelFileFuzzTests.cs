using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.Forecasting.ModelFile;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

/// <summary>
/// Loads thousands of damaged copies of a valid file (seeded, so a failure reproduces): every load must either succeed
/// or throw <see cref="ModelFileException"/> (no other exception, no hang), and none may allocate much more than the
/// file itself.
/// </summary>
[Collection(SmallForecasters.Collection)]
public class ModelFileFuzzTests
{
    private const int Mutations = 3000;

    private readonly ITestOutputHelper _output;

    public ModelFileFuzzTests(ITestOutputHelper output) => _output = output;

    private enum Mutation
    {
        /// <summary>1-4 random bytes flipped anywhere, CRC left as is: must be rejected (header checks or CRC).</summary>
        Flip,
        /// <summary>Cut at a random length: must be rejected as truncated (or as not a file, when cut in the magic).</summary>
        Truncate,
        /// <summary>1-4 random payload bytes flipped, then resealed: the payload parser meets them.</summary>
        FlipResealed,
        /// <summary>A boundary int32 (0, ±1, int.MinValue/MaxValue, 2^16, random) written at a random payload offset,
        /// resealed: corrupt counts and sizes reach the parser.</summary>
        IntResealed,
        /// <summary>The payload cut at a random length, resealed: every field can be the one that runs out.</summary>
        TruncateResealed,
    }

    [Fact]
    public void DamagedFiles_LoadOrThrowModelFileException_WithBoundedAllocation()
    {
        // The file with features: every section of the payload is present.
        byte[] valid = SmallForecasters.WithFeatures.ToBytes();
        LstmForecaster.FromBytes(valid); // first load: JIT and the shared worker pool, not counted below

        // What a load may allocate, per byte of file: the histories (float[] read, then List<float>: 2 x), the weights
        // and gradients of each rebuilt network (2 x its parameters' bytes), its random initialization before the stored
        // weights replace it (the orthogonal initializer's double matrix: 2 x the recurrent kernel's bytes), strings as
        // UTF-16 (2 x their UTF-8). That is at most ~6 x; 10 x leaves room. Plus a fixed 256 KB for the objects themselves,
        // the exception, its message and its stack trace.
        long bound = 10L * valid.Length + 256 * 1024;

        var random = new Random(20261121);
        var loaded = new int[5];
        var rejected = new int[5];
        long largest = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Mutations; i++)
        {
            var kind = (Mutation)(i % 5);
            byte[] file = Mutate(valid, kind, random);
            bool viaStream = i % 7 == 0; // the stream path has its own header and length handling
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                _ = viaStream ? LstmForecaster.Load(new MemoryStream(file)) : LstmForecaster.FromBytes(file);
                loaded[(int)kind]++;
            }
            catch (ModelFileException)
            {
                rejected[(int)kind]++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Mutation {i} ({kind}, {(viaStream ? "stream" : "bytes")}) threw {e.GetType().Name}, not ModelFileException: {e}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            largest = Math.Max(largest, allocated);
            Assert.True(allocated <= bound, $"Mutation {i} ({kind}) allocated {allocated} bytes; the bound is {bound} for a file of {valid.Length} bytes.");
        }
        clock.Stop();
        _output.WriteLine($"{Mutations} loads of {valid.Length}-byte files in {clock.ElapsedMilliseconds} ms; largest allocation {largest} bytes (bound {bound})");
        for (int k = 0; k < 5; k++)
            _output.WriteLine($"{(Mutation)k}: {loaded[k]} loaded, {rejected[k]} rejected");

        // Damage the parser never sees (CRC intact) or that removes bytes is always caught.
        Assert.Equal(0, loaded[(int)Mutation.Flip]);
        Assert.Equal(0, loaded[(int)Mutation.Truncate]);
        Assert.Equal(0, loaded[(int)Mutation.TruncateResealed]);
        // The resealed mutations reach the parser: some fields (weights, history values) take any value, others do not.
        Assert.True(loaded[(int)Mutation.FlipResealed] > 0 && rejected[(int)Mutation.FlipResealed] > 0);
        Assert.True(rejected[(int)Mutation.IntResealed] > 0);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    private static byte[] Mutate(byte[] valid, Mutation kind, Random random)
    {
        const int header = ModelFileBytes.HeaderSize;
        int payload = valid.Length - header - 4;
        byte[] file = (byte[])valid.Clone();
        switch (kind)
        {
            case Mutation.Flip:
                for (int n = random.Next(1, 5); n > 0; n--)
                    file[random.Next(file.Length)] ^= (byte)random.Next(1, 256);
                return file;
            case Mutation.Truncate:
                return file[..random.Next(file.Length)];
            case Mutation.FlipResealed:
                for (int n = random.Next(1, 5); n > 0; n--)
                    file[header + random.Next(payload)] ^= (byte)random.Next(1, 256);
                return ModelFileBytes.Reseal(file);
            case Mutation.IntResealed:
                int[] values = { 0, 1, -1, int.MinValue, int.MaxValue, 1 << 16, random.Next() };
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(header + random.Next(payload - 3)), values[random.Next(values.Length)]);
                return ModelFileBytes.Reseal(file);
            default:
                int keep = random.Next(payload);
                byte[] cut = new byte[header + keep + 4];
                Array.Copy(file, cut, header + keep);
                return ModelFileBytes.Reseal(cut);
        }
    }
}
