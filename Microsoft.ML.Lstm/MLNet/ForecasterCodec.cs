using System;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>
/// The one place the ML.NET layer turns a forecaster into bytes and back: the forecaster's own model file format
/// (<c>LstmForecaster.ToBytes</c> / <c>LstmForecaster.FromBytes</c>), which carries its own format version.
/// </summary>
internal static class ForecasterCodec
{
    public static byte[] ToBytes(LstmForecaster forecaster)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        throw new NotSupportedException("The forecaster's model file format (LstmForecaster.ToBytes) is not merged into this branch yet.");
    }

    public static LstmForecaster FromBytes(ReadOnlySpan<byte> bytes) =>
        throw new NotSupportedException("The forecaster's model file format (LstmForecaster.FromBytes) is not merged into this branch yet.");
}
