namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>How <see cref="MissingValues.Fill"/> replaces missing values (NaN). Nothing is filled unless asked for:
/// training rejects a series with a missing value and names its index.</summary>
public enum MissingValueFill
{
    /// <summary>Fill nothing: a missing value is an error that names its index.</summary>
    None,
    /// <summary>Last observation carried forward; missing values before the first observation take the first observed value.</summary>
    Previous,
    /// <summary>Linear interpolation between the nearest observations on both sides; missing values before the first or
    /// after the last observation take that observation.</summary>
    Linear,
}
