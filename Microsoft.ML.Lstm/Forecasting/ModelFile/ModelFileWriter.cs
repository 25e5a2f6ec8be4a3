using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Microsoft.ML.Lstm.Forecasting.ModelFile;

/// <summary>Writes a payload in the model file's encoding (see <see cref="ModelFileFormat"/>); the mirror of
/// <see cref="ModelFileReader"/>.</summary>
internal sealed class ModelFileWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>Everything written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteBoolean(bool value)
    {
        _buffer.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        _buffer.Advance(1);
    }

    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteString(string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length)));
    }

    public void WriteEnum<T>(T value) where T : struct, Enum => WriteString(value.ToString());

    /// <summary>The values without a count (the reader knows it from an earlier field).</summary>
    public void WriteSingles(ReadOnlySpan<float> values)
    {
        Span<byte> span = _buffer.GetSpan(4 * values.Length);
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(span.Slice(4 * i), values[i]);
        _buffer.Advance(4 * values.Length);
    }

    /// <summary>A count, then the values.</summary>
    public void WriteSingleArray(ReadOnlySpan<float> values)
    {
        WriteInt32(values.Length);
        WriteSingles(values);
    }

    /// <summary>A count, then the values.</summary>
    public void WriteInt32Array(ICollection<int> values)
    {
        WriteInt32(values.Count);
        foreach (int v in values)
            WriteInt32(v);
    }
}
