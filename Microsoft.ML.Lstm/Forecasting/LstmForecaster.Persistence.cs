using System;
using System.IO;
using Microsoft.ML.Lstm.Forecasting.ModelFile;

namespace Microsoft.ML.Lstm.Forecasting;

public sealed partial class LstmForecaster
{
    /// <summary>
    /// Writes the forecaster as one versioned file: the resolved options, per series its preprocessing and the latest
    /// observations a forecast needs, every network's shape and weights, and the calibration of the bounds. A forecaster
    /// loaded from it forecasts bit for bit as this one does, now and after the same appends.
    /// </summary>
    /// <param name="stream">Where to write; the file is written at its current position.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes());
    }

    /// <summary>Writes the forecaster to the file <paramref name="path"/> (replaced if it exists); see
    /// <see cref="Save(Stream)"/>.</summary>
    /// <param name="path">The file to write, by convention with the extension <c>.lstm</c>.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, ToBytes());
    }

    /// <summary>The forecaster as the bytes of a model file; see <see cref="Save(Stream)"/>.</summary>
    public byte[] ToBytes()
    {
        var writer = new ModelFileWriter();
        ForecasterPayload.Write(writer, this);
        return ModelFileFormat.Seal(writer.WrittenSpan);
    }

    /// <summary>Reads one forecaster file from <paramref name="stream"/>, which is left just after it.</summary>
    /// <param name="stream">Positioned at the start of a file written by <see cref="Save(Stream)"/>.</param>
    /// <exception cref="ModelFileException">The bytes are not a forecaster file, were written by a newer version of the
    /// format, are truncated or corrupt, or are inconsistent; the message says which.</exception>
    public static LstmForecaster Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromBytes(ModelFileFormat.ReadFrom(stream));
    }

    /// <summary>Reads the forecaster file <paramref name="path"/>, which must hold exactly one forecaster.</summary>
    /// <param name="path">A file written by <see cref="Save(string)"/>.</param>
    /// <exception cref="ModelFileException">The file is not a forecaster file, was written by a newer version of the
    /// format, is truncated, corrupt or inconsistent, or has bytes after the forecaster; the message says which.</exception>
    public static LstmForecaster Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        LstmForecaster forecaster = Load(stream);
        if (stream.Position != stream.Length)
            throw new ModelFileException(
                $"The forecaster file '{path}' has {stream.Length - stream.Position} extra bytes after its end at byte {stream.Position}: it is not one whole model file.");
        return forecaster;
    }

    /// <summary>Reads a forecaster from the bytes of a model file (exactly one file, nothing after it).</summary>
    /// <param name="bytes">Bytes returned by <see cref="ToBytes"/> or written by <see cref="Save(Stream)"/>.</param>
    /// <exception cref="ModelFileException">The bytes are not a forecaster file, were written by a newer version of the
    /// format, are truncated or corrupt, or are inconsistent; the message says which.</exception>
    public static LstmForecaster FromBytes(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> payload = ModelFileFormat.Open(bytes, out uint version);
        var reader = new ModelFileReader(payload, ModelFileFormat.HeaderSize);
        return ForecasterPayload.Read(ref reader, version);
    }
}
