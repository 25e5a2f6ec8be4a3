using System;
using System.Buffers.Binary;
using System.Text;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Forecasting.ModelFile;

/// <summary>
/// Reads a payload in the model file's encoding (see <see cref="ModelFileFormat"/>) and checks every field as it goes:
/// counts and lengths against the bytes left before anything is allocated for them, names against the known ones. Every
/// failure is a <see cref="ModelFileException"/> that names the field and the byte offset in the file.
/// </summary>
internal ref struct ModelFileReader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _payload;
    private readonly int _fileOffset;
    private int _position;

    /// <summary>Reads <paramref name="payload"/>, which starts at byte <paramref name="fileOffset"/> of the file
    /// (for the offsets in the messages).</summary>
    public ModelFileReader(ReadOnlySpan<byte> payload, int fileOffset)
    {
        _payload = payload;
        _fileOffset = fileOffset;
        _position = 0;
    }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _payload.Length - _position;

    /// <summary>The offset in the file of the next byte to read.</summary>
    public readonly long FileOffset => (long)_fileOffset + _position;

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    public float ReadSingle(string field) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, field));

    public double ReadDouble(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

    public bool ReadBoolean(string field)
    {
        long at = FileOffset;
        byte b = Take(1, field)[0];
        if (b > 1)
            throw Inconsistent(at, $"{field} is a bool stored as the byte {b}; only 0 and 1 are valid");
        return b == 1;
    }

    /// <summary>An int32 count of items of at least <paramref name="minBytesPerItem"/> bytes each, checked against
    /// the bytes left, so that a corrupt count is caught before anything is allocated for it.</summary>
    public int ReadCount(string field, int minBytesPerItem)
    {
        long at = FileOffset;
        int count = ReadInt32(field);
        if (count < 0)
            throw Inconsistent(at, $"{field} is negative ({count})");
        if ((long)count * minBytesPerItem > Remaining)
            throw Inconsistent(at, $"{field} is {count}, beyond what the remaining {Remaining} bytes can hold ({minBytesPerItem} bytes or more each)");
        return count;
    }

    public string ReadString(string field)
    {
        long at = FileOffset;
        int length = ReadCount(field + " (its byte length)", 1);
        try
        {
            return s_strictUtf8.GetString(Take(length, field));
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelFileException(Describe(at, $"{field} is not valid UTF-8"), e);
        }
    }

    /// <summary>An enum stored by member name; numbers and unknown names are rejected.</summary>
    public T ReadEnum<T>(string field) where T : struct, Enum
    {
        long at = FileOffset;
        string name = ReadString(field);
        foreach (string known in Enum.GetNames<T>())
            if (string.Equals(known, name, StringComparison.Ordinal))
                return Enum.Parse<T>(name);
        throw Inconsistent(at, $"{field} is '{name}', not one of {string.Join(", ", Enum.GetNames<T>())}");
    }

    /// <summary>A Keras activation name that <see cref="Activation.FromName"/> knows.</summary>
    public string ReadActivationName(string field)
    {
        long at = FileOffset;
        string name = ReadString(field);
        try
        {
            _ = Activation.FromName(name);
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException(Describe(at, $"{field} is the unknown activation '{name}'"), e);
        }
        return name;
    }

    /// <summary>A Keras loss name that <see cref="Loss.FromName"/> knows.</summary>
    public string ReadLossName(string field)
    {
        long at = FileOffset;
        string name = ReadString(field);
        try
        {
            _ = Loss.FromName(name);
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException(Describe(at, $"{field} is the unknown loss '{name}'"), e);
        }
        return name;
    }

    /// <summary>Fills <paramref name="destination"/> (whose length an earlier, checked field gave).</summary>
    public void ReadSingles(Span<float> destination, string field)
    {
        if ((long)destination.Length * 4 > Remaining)
            throw Inconsistent(FileOffset, $"{field} needs {(long)destination.Length * 4} bytes; only {Remaining} remain");
        ReadOnlySpan<byte> bytes = Take(destination.Length * 4, field);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i));
    }

    /// <summary>A count, then that many float32.</summary>
    public float[] ReadSingleArray(string field)
    {
        var values = new float[ReadCount(field + " (its count)", 4)];
        ReadSingles(values, field);
        return values;
    }

    /// <summary>A count, then that many int32.</summary>
    public int[] ReadInt32Array(string field)
    {
        var values = new int[ReadCount(field + " (its count)", 4)];
        for (int i = 0; i < values.Length; i++)
            values[i] = ReadInt32(field);
        return values;
    }

    /// <summary>Fails unless the whole payload was read: bytes left over mean the payload is not what the format says.</summary>
    public readonly void CheckEnd()
    {
        if (Remaining != 0)
            throw Inconsistent(FileOffset, $"{Remaining} bytes are left after the last field");
    }

    /// <summary>A <see cref="ModelFileException"/> for content found inconsistent at <paramref name="fileOffset"/>.</summary>
    public static ModelFileException Inconsistent(long fileOffset, string reason) => new(Describe(fileOffset, reason));

    private static string Describe(long fileOffset, string reason) =>
        $"The forecaster file is inconsistent at byte {fileOffset}: {reason}.";

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > Remaining)
            throw Inconsistent(FileOffset, $"{field} needs {count} bytes; only {Remaining} remain");
        ReadOnlySpan<byte> bytes = _payload.Slice(_position, count);
        _position += count;
        return bytes;
    }
}
