using System;
using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Tests.Engine;

/// <summary>Arguments for the activations' accuracy sweeps.</summary>
internal static class FloatSweeps
{
    /// <summary>Every <paramref name="step"/>th float from 0 up to <paramref name="limit"/>, each with its negation (about
    /// 2·2^30 / step of them for a limit near 10): the sweep covers every binade, where evenly spaced values would skip the
    /// small ones.</summary>
    public static List<float> EveryNthFloatBothSigns(float limit, uint step)
    {
        var points = new List<float>();
        for (uint bits = 0; bits <= BitConverter.SingleToUInt32Bits(limit); bits += step)
        {
            float x = BitConverter.UInt32BitsToSingle(bits);
            points.Add(x);
            points.Add(-x);
        }
        return points;
    }
}
