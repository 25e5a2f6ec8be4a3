namespace Microsoft.ML.Lstm.Forecasting.Csv;

/// <summary>What the time column of a series holds.</summary>
public enum TimeColumnKind
{
    /// <summary>No time column: points are numbered 1, 2, ... in file order.</summary>
    None,
    /// <summary>Dates or date-times (yyyy-MM-dd, yyyy-MM, ISO 8601).</summary>
    Date,
    /// <summary>Numbers (a year, a fractional year, a step counter).</summary>
    Number,
}
