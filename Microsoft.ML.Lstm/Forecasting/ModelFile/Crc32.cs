using System;

namespace Microsoft.ML.Lstm.Forecasting.ModelFile;

/// <summary>
/// CRC-32 as in zip, PNG and Ethernet (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final XOR
/// 0xFFFFFFFF); the check value of "123456789" is 0xCBF43926. Our own rather than a package's: the model file needs
/// only this, and the table is a few lines.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320u;

    private static readonly uint[] s_table = CreateTable();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(0xFFFFFFFFu, data);

    /// <summary>Runs the raw register <paramref name="state"/> over <paramref name="data"/> (no initial or final XOR), so
    /// a CRC can be computed over pieces.</summary>
    private static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        foreach (byte b in data)
            state = table[(state ^ b) & 0xFF] ^ (state >> 8);
        return state;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
