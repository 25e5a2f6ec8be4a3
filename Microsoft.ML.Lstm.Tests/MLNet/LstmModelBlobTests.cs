using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.MLNet;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

[Collection(MlNetTestData.Collection)]
public class LstmModelBlobTests
{
    [Fact]
    public void Text_round_trip_keeps_every_field_and_the_forecaster_bit_for_bit()
    {
        LstmForecaster forecaster = MlNetTestData.Streaming;
        var blob = new LstmModelBlob(LstmInputKind.Windowed, 12, 2, Enumerable.Range(1, 24).Select(i => i * 0.5f).ToArray(),
            Enumerable.Range(0, 24).Select(i => -i * 0.25f).ToArray(), forecaster.ToBytes());

        string text = blob.ToText();
        Assert.StartsWith("Microsoft.ML.Lstm.Model/1:", text);
        LstmModelBlob back = LstmModelBlob.Parse(text.AsSpan());

        Assert.Equal(LstmInputKind.Windowed, back.Kind);
        Assert.Equal(12, back.Window);
        Assert.Equal(2, back.Channels);
        Assert.Equal(24, back.DataLength);
        Assert.Equal(blob.SlotScale, back.SlotScale);
        Assert.Equal(blob.SlotOffset, back.SlotOffset);
        Assert.Equal(blob.ForecasterBytes, back.ForecasterBytes);
        MlNetTestData.AssertBitIdentical(forecaster.Forecast().Values, back.CreateForecaster().Forecast().Values);
    }

    [Fact]
    public void The_text_is_base64_of_the_envelope_after_the_version_prefix()
    {
        LstmModelBlob blob = MlNetTestData.StreamingBlob(MlNetTestData.Streaming);
        string text = blob.ToText();
        byte[] envelope = Convert.FromBase64String(text["Microsoft.ML.Lstm.Model/1:".Length..]);
        Assert.Equal(blob.ToBytes(), envelope);
        Assert.Equal("LSTE"u8.ToArray(), envelope[..4]);
        // The forecaster's own model file ends the envelope unchanged.
        Assert.Equal(MlNetTestData.Streaming.ToBytes(), envelope[^blob.ForecasterBytes.Length..]);
    }

    [Fact]
    public void Every_blob_decodes_a_new_forecaster()
    {
        LstmModelBlob blob = MlNetTestData.StreamingBlob(MlNetTestData.Streaming);
        LstmForecaster a = blob.CreateForecaster();
        LstmForecaster b = blob.CreateForecaster();
        Assert.NotSame(a, b);
        a.Append(30f);
        Assert.NotEqual(MlNetTestData.Bits(a.Forecast().Values), MlNetTestData.Bits(b.Forecast().Values));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Microsoft.ML.Lstm.Model/2:AAAA", "Microsoft.ML.Lstm.Model/2")]
    [InlineData("hello", "foreign")]
    [InlineData("Microsoft.ML.Lstm.Model/1:###", "base64")]
    [InlineData("Microsoft.ML.Lstm.Model/1:AAAAAAAA", "magic")]
    public void Bad_text_fails_with_a_clear_message(string text, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => LstmModelBlob.Parse(text.AsSpan()));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Truncated_or_padded_envelopes_are_refused()
    {
        byte[] bytes = MlNetTestData.StreamingBlob(MlNetTestData.Streaming).ToBytes();
        Assert.Contains("ends early", Assert.Throws<InvalidDataException>(() => LstmModelBlob.FromBytes(bytes[..^3])).Message);
        Assert.Contains("after the end", Assert.Throws<InvalidDataException>(() => LstmModelBlob.FromBytes(bytes.Append((byte)0).ToArray())).Message);
        byte[] newer = (byte[])bytes.Clone();
        newer[4] = 2; // envelope version 2
        Assert.Contains("envelope version 2", Assert.Throws<InvalidDataException>(() => LstmModelBlob.FromBytes(newer)).Message);
    }

    [Fact]
    public void A_corrupt_forecaster_inside_a_valid_envelope_fails_when_decoded()
    {
        LstmModelBlob good = MlNetTestData.StreamingBlob(MlNetTestData.Streaming);
        byte[] forecaster = (byte[])good.ForecasterBytes.Clone();
        forecaster[forecaster.Length / 2] ^= 0x5A;
        var bad = new LstmModelBlob(LstmInputKind.Streaming, good.Window, good.Channels, Array.Empty<float>(), Array.Empty<float>(), forecaster);
        LstmModelBlob parsed = LstmModelBlob.Parse(bad.ToText().AsSpan());
        Assert.ThrowsAny<Exception>(() => parsed.CreateForecaster());
    }

    [Fact]
    public void Inconsistent_envelopes_cannot_be_built()
    {
        byte[] bytes = MlNetTestData.Streaming.ToBytes();
        Assert.Throws<ArgumentOutOfRangeException>(() => new LstmModelBlob(LstmInputKind.Auto, 12, 1, Array.Empty<float>(), Array.Empty<float>(), bytes));
        Assert.Throws<ArgumentException>(() => new LstmModelBlob(LstmInputKind.Windowed, 12, 1, Array.Empty<float>(), Array.Empty<float>(), bytes));
        Assert.Throws<ArgumentException>(() => new LstmModelBlob(LstmInputKind.Windowed, 12, 1, new float[11], new float[11], bytes));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LstmModelBlob(LstmInputKind.Streaming, 0, 1, Array.Empty<float>(), Array.Empty<float>(), bytes));
    }
}
