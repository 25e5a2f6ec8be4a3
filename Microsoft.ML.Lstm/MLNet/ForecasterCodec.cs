using System;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>
/// The one place the ML.NET layer turns a forecaster into bytes and back: the forecaster's own model file format
/// (<see cref="LstmForecaster.ToBytes"/> / <see cref="LstmForecaster.FromBytes"/>: versioned, CRC-checked), which
/// the blob envelope (<see cref="LstmModelBlob"/>) carries as is.
/// </summary>
internal static class ForecasterCodec
{
    public static byte[] ToBytes(LstmForecaster forecaster)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        return forecaster.ToBytes();
    }

    public static LstmForecaster FromBytes(ReadOnlySpan<byte> bytes) => LstmForecaster.FromBytes(bytes);
}
