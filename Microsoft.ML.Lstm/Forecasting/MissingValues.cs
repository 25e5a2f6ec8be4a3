using System;
using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>
/// Fills missing values (NaN) of a series before training, by a method the caller names. Training itself never fills
/// or drops anything: a missing value there is an error.
/// </summary>
public static class MissingValues
{
    /// <summary>A copy of <paramref name="values"/> with every NaN replaced as <paramref name="method"/> says.</summary>
    /// <param name="values">The series, oldest first; NaN marks a missing value.</param>
    /// <param name="method">How to fill; <see cref="MissingValueFill.None"/> fills nothing and throws on the first NaN.</param>
    /// <returns>A new array as long as <paramref name="values"/>.</returns>
    /// <exception cref="ArgumentException">A value is infinite (that is an error, not a missing value), a value is
    /// missing with <see cref="MissingValueFill.None"/>, or every value is missing.</exception>
    public static float[] Fill(IReadOnlyList<float> values, MissingValueFill method)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!Enum.IsDefined(method))
            throw new ArgumentOutOfRangeException(nameof(method), method, $"Unknown fill method {method}; use None, Previous or Linear.");
        var result = new float[values.Count];
        int firstObserved = -1, firstMissing = -1;
        for (int i = 0; i < result.Length; i++)
        {
            float v = values[i];
            if (float.IsInfinity(v))
                throw new ArgumentException($"{nameof(values)}[{i}] is {v}: an infinite value is an error in the data, not a missing value, and is not filled.", nameof(values));
            if (float.IsNaN(v))
            {
                if (firstMissing < 0) firstMissing = i;
            }
            else if (firstObserved < 0)
            {
                firstObserved = i;
            }
            result[i] = v;
        }
        if (firstMissing < 0)
            return result;
        if (method == MissingValueFill.None)
            throw new ArgumentException($"{nameof(values)}[{firstMissing}] is missing (NaN) and the fill method is None; name a method (Previous or Linear) to fill it, or remove it.", nameof(values));
        if (firstObserved < 0)
            throw new ArgumentException($"Every one of the {result.Length} values is missing (NaN): there is nothing to fill them from.", nameof(values));

        for (int i = 0; i < firstObserved; i++)
            result[i] = result[firstObserved];
        int previous = firstObserved;
        for (int i = firstObserved + 1; i < result.Length; i++)
        {
            if (float.IsNaN(result[i]))
                continue;
            if (i - previous > 1)
                FillGap(result, previous, i, method);
            previous = i;
        }
        for (int i = previous + 1; i < result.Length; i++)
            result[i] = result[previous];
        return result;
    }

    /// <summary>Fills the missing values strictly between the observations at <paramref name="left"/> and <paramref name="right"/>.</summary>
    private static void FillGap(float[] values, int left, int right, MissingValueFill method)
    {
        double a = values[left], b = values[right];
        for (int i = left + 1; i < right; i++)
            values[i] = method == MissingValueFill.Previous ? values[left] : (float)(a + (b - a) * (i - left) / (right - left));
    }
}
