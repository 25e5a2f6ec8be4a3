using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Forecasting.Csv;

/// <summary>Which columns of a CSV file hold what, for <see cref="SeriesCsvReader"/>. Column names are matched exactly,
/// or else ignoring case when that is unambiguous.</summary>
public sealed class SeriesCsvOptions
{
    /// <summary>The column to forecast. Required.</summary>
    public string ValueColumn { get; set; } = "";

    /// <summary>The time column (dates or numbers); null when the rows are in time order without one.</summary>
    public string? TimeColumn { get; set; }

    /// <summary>Columns of known values that go with each observation (inputs of the network besides the value).</summary>
    public IList<string> FeatureColumns { get; set; } = new List<string>();

    /// <summary>The column naming the series of each row, when one file holds several series; null for one series.</summary>
    public string? SeriesIdColumn { get; set; }

    /// <summary>The cell separator. Default ','.</summary>
    public char Separator { get; set; } = ',';
}
