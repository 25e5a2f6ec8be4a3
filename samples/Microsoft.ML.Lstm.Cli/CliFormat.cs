using System;
using System.Globalization;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>How the tool writes numbers, so every command prints them alike (invariant culture, no space before %).</summary>
internal static class CliFormat
{
    /// <summary>Five significant digits, fewer decimals for large values: enough to read, not more than the model knows.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 1e5 ? value.ToString("F0", CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) >= 1e3 ? "F1" : "G5", CultureInfo.InvariantCulture);

    /// <summary>A metric with two decimals; "n/a" for NaN (a MASE without scale).</summary>
    public static string Metric(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage: 0.917 -> "91.7%".</summary>
    public static string Percent(double fraction, int decimals = 1) =>
        double.IsNaN(fraction) ? "n/a" : (fraction * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%";

    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
}
