using System;
using System.Buffers.Binary;
using System.Text;
using Microsoft.ML.Lstm.Forecasting.ModelFile;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

/// <summary>Surgery on model files for tests: find a field by its bytes, patch it, and reseal the file (length and
/// CRC-32 recomputed) so that the payload parser, not the checksum, meets the change.</summary>
internal static class ModelFileBytes
{
    /// <summary>Bytes of the header before the payload: magic, version, payload length.</summary>
    public const int HeaderSize = 20;

    /// <summary>Sets the payload length and the CRC-32 to match the file's current bytes.</summary>
    public static byte[] Reseal(byte[] file)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(12), (ulong)(file.Length - HeaderSize - 4));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), Crc32.Compute(file.AsSpan(0, file.Length - 4)));
        return file;
    }

    /// <summary>The offset of the only occurrence of <paramref name="pattern"/> in the payload (fails if there is not
    /// exactly one, so a test cannot silently patch the wrong field).</summary>
    public static int FindUnique(byte[] file, ReadOnlySpan<byte> pattern)
    {
        ReadOnlySpan<byte> payload = file.AsSpan(HeaderSize, file.Length - HeaderSize - 4);
        int first = payload.IndexOf(pattern);
        Assert.True(first >= 0, "pattern not found in the payload");
        Assert.True(payload.Slice(first + 1).IndexOf(pattern) < 0, "pattern found more than once in the payload");
        return HeaderSize + first;
    }

    /// <summary>The offset of the first occurrence of the stored string <paramref name="value"/> (its length prefix).</summary>
    public static int FindString(byte[] file, string value, int occurrence = 0)
    {
        byte[] pattern = StringBytes(value);
        int from = HeaderSize;
        for (int k = 0; ; k++)
        {
            int at = file.AsSpan(from).IndexOf(pattern);
            Assert.True(at >= 0, $"occurrence {occurrence} of the string '{value}' not found");
            if (k == occurrence)
                return from + at;
            from += at + 1;
        }
    }

    /// <summary>A string as the model file stores it: int32 byte length, UTF-8.</summary>
    public static byte[] StringBytes(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        var bytes = new byte[4 + utf8.Length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, utf8.Length);
        utf8.CopyTo(bytes, 4);
        return bytes;
    }

    /// <summary>An int32 followed by a float32, as a count is followed by its first value.</summary>
    public static byte[] CountThenFirst(int count, float first)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, count);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4), first);
        return bytes;
    }

    public static void WriteInt32(byte[] file, int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(offset), value);
}
