// The forecaster file (LstmForecaster.Save / Load / ToBytes / FromBytes).
//
// Every number is little-endian. A string is an int32 byte count then that many UTF-8 bytes; a bool one byte, 0 or 1;
// an enum its member name as a string (names survive a reordering of the enum; numbers would not). An array is an
// int32 count then the elements. float32 and float64 are IEEE 754 bit patterns, so values (NaN included) round-trip
// exactly and a loaded forecaster forecasts bit for bit as the saved one.
//
//   offset  size  field
//   0       8     magic "LSTMFCST" (ASCII)
//   8       4     format version, uint32 (CurrentVersion below)
//   12      8     payload length L, uint64
//   20      L     payload (the layout of its version, below)
//   20 + L  4     CRC-32 (IEEE, as in zip) of bytes [0, 20 + L), uint32
//
// Payload, format 1:
//   options (every LstmForecasterOptions property, resolved: WindowSize and SeasonPeriod as chosen, Epochs as budgeted):
//     int32 Horizon, int32 WindowSize, int32 SeasonPeriod, enum Transform, enum Scaling, enum Differencing,
//     bool NormalizeWindows, enum Strategy, int32 Units, int32 Layers, string Activation, string RecurrentActivation,
//     int32 Epochs, int32 BatchSize, float32 LearningRate, string Loss, int32 EnsembleSize, int32[] WindowSizes,
//     int32 ValidationWindows, float32 ConfidenceLevel, int32 Seed, int32 MaxThreads
//   int32 season period (as LstmForecaster.SeasonPeriod; equals the options' SeasonPeriod)
//   int32 series count S, then per series:
//     string id
//     float64 Box-Cox λ (NaN: no transform, 0: log), int32 differencing lag, float64 center, float64 scale
//     int32 feature count F, then per feature: float64 mean, float64 scale
//     int32 history length N, float32[N] raw values (oldest first), then per feature float32[N] raw values
//     (N = the last RequiredHistory observations: enough to forecast right after them, and to append to them)
//   int32 member count M (= EnsembleSize), then per member:
//     int32 window, int32 seed
//     network: int32 input size, int32 output size, string output activation, int32 seed, int32 max threads,
//       int32 layer count, then per layer: int32 units, string activation, string recurrent activation, bool use bias,
//       bool unit forget bias, bool return sequences, bool go backwards, float32 dropout, float32 recurrent dropout
//       int32 parameter count P, float32[P] parameters (LstmNetwork.Parameters: layer by layer, then the head)
//   float32[] StepSigma (one per horizon step), float32 ValidationCoverage, int32 EpochsUsed, string Summary
//
// Format versions (a reader loads every version up to its own; a change of the payload takes the next number):
//   1: Microsoft.ML.Lstm 0.1, the first format.
//
// Loading trusts nothing before it is checked: the header, then the CRC over the whole file, then every count against
// the bytes left (before anything is allocated for it), every name against the known ones and every size against the
// others; whatever fails is a ModelFileException that says what and where.
using System;
using System.Buffers.Binary;
using System.IO;

namespace Microsoft.ML.Lstm.Forecasting.ModelFile;

/// <summary>The frame of a forecaster file: magic, format version, payload length, payload, CRC-32.</summary>
internal static class ModelFileFormat
{
    /// <summary>The format this library writes and the newest it reads: the one place the version number lives.</summary>
    public const uint CurrentVersion = 1;

    /// <summary>Magic, version and payload length.</summary>
    public const int HeaderSize = 8 + 4 + 8;

    /// <summary>The CRC-32 after the payload.</summary>
    public const int TrailerSize = 4;

    /// <summary>Payloads larger than this cannot be held in one array.</summary>
    private const long MaxPayload = 0x7FFFFFC7 - HeaderSize - TrailerSize; // Array.MaxLength for bytes

    /// <summary>Streams are read in pieces that grow with what actually arrives, so that a corrupt length field
    /// cannot make us allocate more than twice the bytes the stream really has.</summary>
    private const int FirstChunk = 64 * 1024;

    /// <summary>"LSTMFCST" in ASCII.</summary>
    public static ReadOnlySpan<byte> Magic => "LSTMFCST"u8;

    /// <summary>The whole file for <paramref name="payload"/>: header, payload, CRC.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> payload)
    {
        var file = new byte[HeaderSize + payload.Length + TrailerSize];
        Magic.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), CurrentVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(12), (ulong)payload.Length);
        payload.CopyTo(file.AsSpan(HeaderSize));
        int end = HeaderSize + payload.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(end), Crc32.Compute(file.AsSpan(0, end)));
        return file;
    }

    /// <summary>Checks the frame of <paramref name="file"/> (exactly one file, nothing after it) and returns its payload.</summary>
    public static ReadOnlySpan<byte> Open(ReadOnlySpan<byte> file, out uint version)
    {
        long total = CheckHeader(file, out version);
        if (file.Length < total)
            throw Truncated(file.Length, total);
        if (file.Length > total)
            throw new ModelFileException(
                $"The forecaster file has {file.Length - total} extra bytes after its end at byte {total}: it is not one whole model file.");
        int end = (int)total - TrailerSize;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(end));
        uint computed = Crc32.Compute(file.Slice(0, end));
        if (stored != computed)
            throw new ModelFileException(
                $"The forecaster file is corrupt: checksum mismatch (stored CRC-32 0x{stored:X8}, computed 0x{computed:X8} over {end} bytes).");
        return file.Slice(HeaderSize, end - HeaderSize);
    }

    /// <summary>Reads exactly one file from <paramref name="stream"/>, leaving the stream just after it. Only the frame
    /// is checked here (enough to stop early on a file of another kind); <see cref="Open"/> checks the rest.</summary>
    public static byte[] ReadFrom(Stream stream)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        int got = ReadAtMost(stream, header);
        long total = CheckHeader(header.Slice(0, got), out _);
        var file = new byte[Math.Min(total, FirstChunk)];
        header.CopyTo(file);
        int filled = HeaderSize;
        while (filled < total)
        {
            if (filled == file.Length)
                Array.Resize(ref file, (int)Math.Min(total, 2L * file.Length));
            int n = stream.Read(file, filled, file.Length - filled);
            if (n <= 0)
                throw Truncated(filled, total);
            filled += n;
        }
        return file;
    }

    /// <summary>Checks magic, version and length against the bytes available; returns the file's total length.</summary>
    private static long CheckHeader(ReadOnlySpan<byte> available, out uint version)
    {
        int prefix = Math.Min(available.Length, Magic.Length);
        if (!available.Slice(0, prefix).SequenceEqual(Magic.Slice(0, prefix)))
            throw new ModelFileException(
                "Not a Microsoft.ML.Lstm forecaster file: it does not start with the magic \"LSTMFCST\".");
        if (available.Length < HeaderSize)
            throw new ModelFileException(
                $"The forecaster file is truncated: it ends after {available.Length} bytes; expected at least {HeaderSize + TrailerSize} (its header and checksum).");
        version = BinaryPrimitives.ReadUInt32LittleEndian(available.Slice(8));
        if (version == 0)
            throw new ModelFileException("The forecaster file declares format version 0, which no version of this library writes: the file is corrupt.");
        if (version > CurrentVersion)
            throw new ModelFileException(
                $"The forecaster file was written by a newer version (format {version}); this library reads up to {CurrentVersion}. Update Microsoft.ML.Lstm to load it.");
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(available.Slice(12));
        if (length > (ulong)MaxPayload)
            throw new ModelFileException(
                $"The forecaster file declares a payload of {length} bytes, more than one file can hold ({MaxPayload}): the file is corrupt.");
        return HeaderSize + (long)length + TrailerSize;
    }

    private static ModelFileException Truncated(long got, long expected) =>
        new($"The forecaster file is truncated: it ends after {got} bytes; expected {expected}.");

    private static int ReadAtMost(Stream stream, Span<byte> buffer)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int n = stream.Read(buffer.Slice(filled));
            if (n <= 0)
                break;
            filled += n;
        }
        return filled;
    }
}
