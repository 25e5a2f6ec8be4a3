using System;
using System.IO;
using System.Text;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>
/// The trained model as the one text value a saved ML.NET model carries (the value of the ValueMapping lookup table):
/// <c>"Microsoft.ML.Lstm.Model/1:" + base64(envelope)</c>. The envelope (little-endian) is what the mapping needs
/// beyond the forecaster: the input kind, the window layout and, for windowed input, the per-slot affine maps that undo
/// per-slot featurizers; then the forecaster's own model bytes (<see cref="ForecasterCodec"/>), which carry their own
/// format version.
/// </summary>
/// <remarks>
/// Envelope v1: bytes "LSTE"; int32 envelope version (1); int32 input kind (1 streaming, 2 windowed); int32 window;
/// int32 channels; int32 map count m (0, or channels·window); m × (float32 scale, float32 offset); int32 forecaster byte
/// count n; n bytes. A slot value y maps to the model's units as x = (y - offset) / scale.
/// </remarks>
internal sealed class LstmModelBlob
{
    /// <summary>The text prefix: names the envelope format and its version.</summary>
    public const string Prefix = "Microsoft.ML.Lstm.Model/1:";

    private const int EnvelopeVersion = 1;
    private static ReadOnlySpan<byte> Magic => "LSTE"u8;

    public LstmModelBlob(LstmInputKind kind, int window, int channels, float[] slotScale, float[] slotOffset, byte[] forecasterBytes)
    {
        if (kind is not (LstmInputKind.Streaming or LstmInputKind.Windowed))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A trained model is streaming or windowed.");
        if (window <= 0 || channels <= 0)
            throw new ArgumentOutOfRangeException(nameof(window), $"Window ({window}) and channels ({channels}) must be positive.");
        if (slotScale.Length != slotOffset.Length || (slotScale.Length != 0 && slotScale.Length != window * channels))
            throw new ArgumentException($"Slot maps must be empty or have window x channels = {window * channels} entries; got {slotScale.Length} and {slotOffset.Length}.");
        if (kind == LstmInputKind.Windowed && slotScale.Length == 0)
            throw new ArgumentException("A windowed model needs its slot maps.");
        Kind = kind;
        Window = window;
        Channels = channels;
        SlotScale = slotScale;
        SlotOffset = slotOffset;
        ForecasterBytes = forecasterBytes ?? throw new ArgumentNullException(nameof(forecasterBytes));
    }

    public LstmInputKind Kind { get; }

    /// <summary>The forecaster's window (its required history).</summary>
    public int Window { get; }

    /// <summary>1 + feature columns.</summary>
    public int Channels { get; }

    /// <summary>Per slot (channel-major: channel c, step t at c·Window + t): raw = scale · model + offset.</summary>
    public float[] SlotScale { get; }

    public float[] SlotOffset { get; }

    public byte[] ForecasterBytes { get; }

    /// <summary>Floats per row of the data column this model reads.</summary>
    public int DataLength => Kind == LstmInputKind.Streaming ? Channels : Window * Channels;

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(EnvelopeVersion);
            w.Write((int)Kind);
            w.Write(Window);
            w.Write(Channels);
            w.Write(SlotScale.Length);
            for (int i = 0; i < SlotScale.Length; i++)
            {
                w.Write(SlotScale[i]);
                w.Write(SlotOffset[i]);
            }
            w.Write(ForecasterBytes.Length);
            w.Write(ForecasterBytes);
        }
        return stream.ToArray();
    }

    public string ToText() => Prefix + Convert.ToBase64String(ToBytes());

    public static LstmModelBlob FromBytes(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var r = new SpanReader(bytes);
            if (!r.Take(4).SequenceEqual(Magic))
                throw Invalid("it does not start with the LSTM envelope's magic bytes");
            int version = r.Int32();
            if (version != EnvelopeVersion)
                throw Invalid($"envelope version {version}; this version of Microsoft.ML.Lstm reads version {EnvelopeVersion} (a newer library wrote it?)");
            var kind = (LstmInputKind)r.Int32();
            int window = r.Int32();
            int channels = r.Int32();
            int maps = r.Int32();
            if (maps < 0 || maps > 1 << 24)
                throw Invalid($"{maps} slot maps");
            var scale = new float[maps];
            var offset = new float[maps];
            for (int i = 0; i < maps; i++)
            {
                scale[i] = r.Single();
                offset[i] = r.Single();
            }
            int n = r.Int32();
            if (n < 0)
                throw Invalid($"forecaster length {n}");
            byte[] forecaster = r.Take(n).ToArray();
            if (r.Remaining != 0)
                throw Invalid($"{r.Remaining} bytes after the end");
            return new LstmModelBlob(kind, window, channels, scale, offset, forecaster);
        }
        catch (ArgumentException e)
        {
            throw Invalid(e.Message);
        }
    }

    /// <summary>Parses the text a saved model carries (no copy of the text: base64 decodes from the span).</summary>
    public static LstmModelBlob Parse(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            throw new InvalidDataException("The LSTM model blob is empty: the model key did not match the lookup table (a damaged or foreign model?).");
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            int colon = text.IndexOf(':');
            string seen = colon > 0 && colon < 64 ? text[..colon].ToString() : text[..Math.Min(24, text.Length)].ToString() + "...";
            throw new InvalidDataException($"The LSTM model blob starts with '{seen}', not '{Prefix}': a newer or foreign model format.");
        }
        ReadOnlySpan<char> payload = text[Prefix.Length..];
        byte[] bytes = new byte[payload.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64Chars(payload, bytes, out int written))
            throw new InvalidDataException("The LSTM model blob is not valid base64 after its prefix.");
        return FromBytes(bytes.AsSpan(0, written));
    }

    /// <summary>Decodes the forecaster (a new instance every call: forecasters are not thread-safe and streaming state
    /// appends to them).</summary>
    public LstmForecaster CreateForecaster() => ForecasterCodec.FromBytes(ForecasterBytes);

    private static InvalidDataException Invalid(string why) => new($"The LSTM model blob is damaged: {why}.");

    private ref struct SpanReader
    {
        private ReadOnlySpan<byte> _rest;

        public SpanReader(ReadOnlySpan<byte> bytes) => _rest = bytes;

        public readonly int Remaining => _rest.Length;

        public ReadOnlySpan<byte> Take(int n)
        {
            if (n > _rest.Length)
                throw new ArgumentException($"it ends early ({_rest.Length} bytes left, {n} needed)");
            ReadOnlySpan<byte> head = _rest[..n];
            _rest = _rest[n..];
            return head;
        }

        public int Int32() => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public float Single() => System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    }
}
