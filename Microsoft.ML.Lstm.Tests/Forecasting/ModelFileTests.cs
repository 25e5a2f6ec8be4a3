using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.Forecasting.ModelFile;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

[Collection(SmallForecasters.Collection)]
public class ModelFileTests
{
    [Theory]
    [InlineData("123456789", 0xCBF43926u)] // the standard check value of CRC-32/ISO-HDLC
    [InlineData("", 0x00000000u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Crc32_MatchesStandardValues(string text, uint expected) =>
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Header_IsMagicVersionLengthThenCrc()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        Assert.Equal("LSTMFCST", Encoding.ASCII.GetString(file, 0, 8));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8)));
        Assert.Equal((ulong)(file.Length - 24), BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(12)));
        Assert.Equal(Crc32.Compute(file.AsSpan(0, file.Length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(file.Length - 4)));
    }

    [Fact]
    public void RoundTrip_Univariate_ForecastsBitIdenticalAndRewritesTheSameBytes()
    {
        LstmForecaster original = SmallForecasters.Univariate;
        byte[] bytes = original.ToBytes();
        LstmForecaster loaded = LstmForecaster.FromBytes(bytes);

        SmallForecasters.AssertBitIdentical(original.Forecast(), loaded.Forecast());
        SmallForecasters.AssertBitIdentical(original.Forecast(3), loaded.Forecast(3));
        Assert.Equal(bytes, loaded.ToBytes());
        Assert.Equal(original.SeasonPeriod, loaded.SeasonPeriod);
        Assert.Equal(original.EpochsUsed, loaded.EpochsUsed);
        Assert.Equal(BitConverter.SingleToInt32Bits(original.ValidationCoverage), BitConverter.SingleToInt32Bits(loaded.ValidationCoverage));
        Assert.Equal(original.Summary, loaded.Summary);
        Assert.Equal(original.StepSigma, loaded.StepSigma);
        Assert.Equal(original.RequiredHistory, loaded.RequiredHistory);
        Assert.Equal(original.SeriesIds, loaded.SeriesIds);
    }

    [Fact]
    public void RoundTrip_KeepsOnlyTheHistoryTailAForecastNeeds()
    {
        LstmForecaster original = SmallForecasters.Univariate;
        LstmForecaster loaded = LstmForecaster.FromBytes(original.ToBytes());
        Assert.Equal(120, original.SeriesStates[0].History.Count);
        Assert.Equal(original.RequiredHistory, loaded.SeriesStates[0].History.Count);
        Assert.Equal(original.SeriesStates[0].History.Skip(120 - original.RequiredHistory), loaded.SeriesStates[0].History);
    }

    [Fact]
    public void RoundTrip_ThenAppend_ForecastsBitIdentical()
    {
        // 70 appends: past the 64 extra values after which the history is trimmed.
        LstmForecaster original = SmallForecasters.Copy(SmallForecasters.Univariate);
        LstmForecaster loaded = LstmForecaster.FromBytes(original.ToBytes());
        float[] next = SmallForecasters.Seasonal(190, seed: 1).Skip(120).ToArray();
        foreach (float v in next)
        {
            original.Append(v);
            loaded.Append(v);
        }
        SmallForecasters.AssertBitIdentical(original.Forecast(), loaded.Forecast());

        // And a file written after the appends starts from the appended values.
        LstmForecaster reloaded = LstmForecaster.FromBytes(original.ToBytes());
        SmallForecasters.AssertBitIdentical(original.Forecast(), reloaded.Forecast());
        Assert.NotEqual(SmallForecasters.Univariate.Forecast().Values, reloaded.Forecast().Values);
    }

    [Fact]
    public void RoundTrip_WithFeatures_ForecastsBitIdenticalAlsoAfterAppend()
    {
        LstmForecaster original = SmallForecasters.Copy(SmallForecasters.WithFeatures);
        LstmForecaster loaded = LstmForecaster.FromBytes(original.ToBytes());
        Assert.Equal(1, loaded.FeatureCount);
        SmallForecasters.AssertBitIdentical(original.Forecast(), loaded.Forecast());

        float[] feature = SmallForecasters.Feature(120, 3);
        for (int t = 0; t < 3; t++)
        {
            original.Append(25 + t, new[] { feature[t] });
            loaded.Append(25 + t, new[] { feature[t] });
        }
        SmallForecasters.AssertBitIdentical(original.Forecast(), loaded.Forecast());
    }

    [Fact]
    public void RoundTrip_TwoSeries_ForecastsEachBitIdentical()
    {
        LstmForecaster original = SmallForecasters.TwoSeries;
        LstmForecaster loaded = LstmForecaster.FromBytes(original.ToBytes());
        Assert.Equal(new[] { "north", "south" }, loaded.SeriesIds);
        SmallForecasters.AssertBitIdentical(original.Forecast(seriesId: "north"), loaded.Forecast(seriesId: "north"));
        SmallForecasters.AssertBitIdentical(original.Forecast(seriesId: "south"), loaded.Forecast(seriesId: "south"));
        Assert.NotEqual(loaded.Forecast(seriesId: "north").Values, loaded.Forecast(seriesId: "south").Values);
    }

    [Fact]
    public void RoundTrip_Recursive_ForecastsBitIdenticalBeyondTheHorizon()
    {
        LstmForecaster original = SmallForecasters.Recursive;
        LstmForecaster loaded = LstmForecaster.FromBytes(original.ToBytes());
        Assert.Equal(MultiStepStrategy.Recursive, loaded.Options.Strategy);
        SmallForecasters.AssertBitIdentical(original.Forecast(15), loaded.Forecast(15));
    }

    [Fact]
    public void SaveAndLoad_ThroughAPath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lstm-{Guid.NewGuid():N}.lstm");
        try
        {
            SmallForecasters.Univariate.Save(path);
            Assert.Equal(SmallForecasters.Univariate.ToBytes(), File.ReadAllBytes(path));
            SmallForecasters.AssertBitIdentical(SmallForecasters.Univariate.Forecast(), LstmForecaster.Load(path).Forecast());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_FromAStream_ReadsExactlyOneFile()
    {
        using var stream = new MemoryStream();
        SmallForecasters.Univariate.Save(stream);
        long firstEnd = stream.Position;
        SmallForecasters.TwoSeries.Save(stream);
        stream.WriteByte(42);
        stream.Position = 0;

        LstmForecaster first = LstmForecaster.Load(stream);
        Assert.Equal(firstEnd, stream.Position);
        LstmForecaster second = LstmForecaster.Load(stream);
        Assert.Equal(42, stream.ReadByte());

        SmallForecasters.AssertBitIdentical(SmallForecasters.Univariate.Forecast(), first.Forecast());
        Assert.Equal(new[] { "north", "south" }, second.SeriesIds);
    }

    [Fact]
    public void Load_FromAStreamThatArrivesInSmallPieces_ReadsTheWholeFile()
    {
        byte[] bytes = SmallForecasters.Univariate.ToBytes();
        using var stream = new TrickleStream(bytes, pieceSize: 7);
        SmallForecasters.AssertBitIdentical(SmallForecasters.Univariate.Forecast(), LstmForecaster.Load(stream).Forecast());
    }

    [Fact]
    public void Options_EveryPropertyRoundTrips()
    {
        // Fails when LstmForecasterOptions gains a property: OptionsPayload must save it (and the format take a new version).
        string[] saved =
        {
            "Horizon", "WindowSize", "SeasonPeriod", "Transform", "Scaling", "Differencing", "NormalizeWindows", "Strategy",
            "Units", "Layers", "Activation", "RecurrentActivation", "Epochs", "BatchSize", "LearningRate", "Loss",
            "EnsembleSize", "WindowSizes", "ValidationWindows", "ConfidenceLevel", "Seed", "MaxThreads",
        };
        Assert.Equal(saved.OrderBy(n => n), typeof(LstmForecasterOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).OrderBy(n => n));

        var options = new LstmForecasterOptions
        {
            Horizon = 9, WindowSize = 31, SeasonPeriod = 7, Transform = TargetTransform.BoxCox, Scaling = ScalingMethod.Robust,
            Differencing = DifferencingMethod.Seasonal, NormalizeWindows = false, Strategy = MultiStepStrategy.Recursive,
            Units = 17, Layers = 3, Activation = "swish", RecurrentActivation = "hard_sigmoid", Epochs = 123, BatchSize = 5,
            LearningRate = 0.0123f, Loss = "mae", EnsembleSize = 4, WindowSizes = new List<int> { 20, 31 },
            ValidationWindows = 3, ConfidenceLevel = 0.8f, Seed = -99, MaxThreads = 3,
        };
        var writer = new ModelFileWriter();
        OptionsPayload.Write(writer, options);
        var reader = new ModelFileReader(writer.WrittenSpan, 0);
        LstmForecasterOptions read = OptionsPayload.Read(ref reader);
        Assert.Equal(0, reader.Remaining);
        foreach (PropertyInfo property in typeof(LstmForecasterOptions).GetProperties())
        {
            object? expected = property.GetValue(options), actual = property.GetValue(read);
            if (expected is IEnumerable<int> list)
                Assert.Equal(list, (IEnumerable<int>)actual!);
            else
                Assert.Equal(expected, actual);
        }
    }

    // ---- errors ----

    [Fact]
    public void Load_WrongMagic_SaysNotAForecasterFile()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        file[3] = (byte)'X';
        AssertFails(file, "Not a Microsoft.ML.Lstm forecaster file");
        AssertFails(Encoding.UTF8.GetBytes("{\"model\": \"json, not ours\"}"), "Not a Microsoft.ML.Lstm forecaster file");
    }

    [Fact]
    public void Load_NewerVersion_SaysWhichFormatAndWhatThisLibraryReads()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), 2);
        AssertFails(file, "written by a newer version (format 2); this library reads up to 1");
    }

    [Fact]
    public void Load_VersionZero_IsCorrupt()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), 0);
        AssertFails(file, "format version 0");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(500)]
    public void Load_Truncated_SaysWhereItEndsAndTheExpectedLength(int cut)
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        AssertFails(file[..^cut], $"ends after {file.Length - cut} bytes; expected {file.Length}");
    }

    [Fact]
    public void Load_TruncatedInTheHeader_SaysSo()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        AssertFails(Array.Empty<byte>(), "ends after 0 bytes; expected at least 24");
        AssertFails(file[..13], "ends after 13 bytes; expected at least 24");
    }

    [Fact]
    public void Load_TruncatedStream_SaysWhereItEnds()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        var ex = Assert.Throws<ModelFileException>(() => LstmForecaster.Load(new MemoryStream(file[..^100])));
        Assert.Contains($"ends after {file.Length - 100} bytes; expected {file.Length}", ex.Message);
    }

    [Fact]
    public void Load_CorruptLengthInAStream_DoesNotAllocateIt()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(12), 0x7FFF0000); // about 2 GB
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ModelFileException>(() => LstmForecaster.Load(new MemoryStream(file)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains($"ends after {file.Length} bytes; expected {0x7FFF0000L + 24}", ex.Message);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Load_ChecksumMismatch_SaysCorrupt()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        file[file.Length / 2] ^= 0x10;
        AssertFails(file, "checksum mismatch");
    }

    [Fact]
    public void Load_BytesAfterTheFile_AreRejected()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        AssertFails(file.Append((byte)0).ToArray(), $"1 extra bytes after its end at byte {file.Length}", alsoFromStream: false);

        string path = Path.Combine(Path.GetTempPath(), $"lstm-{Guid.NewGuid():N}.lstm");
        try
        {
            File.WriteAllBytes(path, file.Concat(new byte[3]).ToArray());
            var ex = Assert.Throws<ModelFileException>(() => LstmForecaster.Load(path));
            Assert.Contains("3 extra bytes", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_NegativeHistoryLength_SaysNegative()
    {
        (byte[] file, int at) = HistoryLengthField();
        ModelFileBytes.WriteInt32(file, at, -3);
        AssertFails(ModelFileBytes.Reseal(file), $"inconsistent at byte {at}: series 0 history length is negative (-3)");
    }

    [Fact]
    public void Load_CountBeyondTheRemainingBytes_IsCaughtBeforeAllocating()
    {
        (byte[] file, int at) = HistoryLengthField();
        ModelFileBytes.WriteInt32(file, at, int.MaxValue);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ModelFileException>(() => LstmForecaster.FromBytes(ModelFileBytes.Reseal(file)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains($"series 0 history length is {int.MaxValue}, beyond what the remaining", ex.Message);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Load_UnknownActivationInTheOptions_NamesIt()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        int at = ModelFileBytes.FindString(file, "tanh");
        Encoding.ASCII.GetBytes("tanq").CopyTo(file, at + 4);
        AssertFails(ModelFileBytes.Reseal(file), $"inconsistent at byte {at}: Options.Activation is the unknown activation 'tanq'");
    }

    [Fact]
    public void Load_UnknownActivationInANetwork_NamesTheLayer()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        int at = ModelFileBytes.FindString(file, "sigmoid", occurrence: 1); // 0 is the options', 1 member 0's layer
        Encoding.ASCII.GetBytes("sigmoix").CopyTo(file, at + 4);
        AssertFails(ModelFileBytes.Reseal(file), "member 0 network layer 0 recurrent activation is the unknown activation 'sigmoix'");
    }

    [Fact]
    public void Load_UnknownEnumName_ListsTheValidOnes()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        int at = ModelFileBytes.FindString(file, "Standard");
        Encoding.ASCII.GetBytes("Stanford").CopyTo(file, at + 4);
        AssertFails(ModelFileBytes.Reseal(file), "Options.Scaling is 'Stanford', not one of Standard, MinMax, Robust, None");
    }

    [Fact]
    public void Load_ParameterCountMismatch_SaysBothCounts()
    {
        LstmForecaster forecaster = SmallForecasters.Univariate;
        byte[] file = forecaster.ToBytes();
        var network = forecaster.Members[0].Network;
        int at = ModelFileBytes.FindUnique(file, ModelFileBytes.CountThenFirst(network.ParameterCount, network.Parameters[0]));
        ModelFileBytes.WriteInt32(file, at, network.ParameterCount - 1);
        AssertFails(ModelFileBytes.Reseal(file),
            $"parameter count mismatch: member 0 network stores {network.ParameterCount - 1} parameters; its layers need {network.ParameterCount}");
    }

    [Fact]
    public void Load_InvalidOptions_SaysWhichOption()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        ModelFileBytes.WriteInt32(file, ModelFileBytes.HeaderSize, 0); // Horizon, the payload's first field
        AssertFails(ModelFileBytes.Reseal(file), "its options are invalid: Horizon must be positive; got 0.");
    }

    [Fact]
    public void Load_LeftoverBytesInThePayload_AreRejected()
    {
        byte[] file = SmallForecasters.Univariate.ToBytes();
        byte[] longer = file[..^4].Concat(new byte[5]).Concat(new byte[4]).ToArray();
        AssertFails(ModelFileBytes.Reseal(longer), "5 bytes are left after the last field");
    }

    private static (byte[] File, int Offset) HistoryLengthField()
    {
        LstmForecaster forecaster = SmallForecasters.Univariate;
        byte[] file = forecaster.ToBytes();
        List<float> history = forecaster.SeriesStates[0].History;
        int keep = forecaster.RequiredHistory;
        return (file, ModelFileBytes.FindUnique(file, ModelFileBytes.CountThenFirst(keep, history[^keep])));
    }

    /// <summary>Both entry points fail with <paramref name="expected"/>; a stream is read only up to the file's end, so
    /// bytes after it are no error there (<paramref name="alsoFromStream"/> false).</summary>
    private static void AssertFails(byte[] file, string expected, bool alsoFromStream = true)
    {
        var ex = Assert.Throws<ModelFileException>(() => LstmForecaster.FromBytes(file));
        Assert.Contains(expected, ex.Message);
        if (alsoFromStream)
        {
            var fromStream = Assert.Throws<ModelFileException>(() => LstmForecaster.Load(new MemoryStream(file)));
            Assert.Contains(expected, fromStream.Message);
        }
    }
}
