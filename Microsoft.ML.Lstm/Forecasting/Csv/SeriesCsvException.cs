using System;

namespace Microsoft.ML.Lstm.Forecasting.Csv;

/// <summary>A CSV file that cannot be read as series; the message names the file, the line and the column.</summary>
public sealed class SeriesCsvException : FormatException
{
    /// <summary>Creates the exception; the message is prefixed with the place.</summary>
    /// <param name="source">The file (or the name given for a reader).</param>
    /// <param name="line">1-based line, 0 when the problem is not on one line.</param>
    /// <param name="column">1-based column, 0 when the problem is not in one column.</param>
    /// <param name="columnName">The column's header, when known.</param>
    /// <param name="problem">What is wrong and what to do about it.</param>
    public SeriesCsvException(string source, int line, int column, string? columnName, string problem)
        : base(Place(source, line, column, columnName) + problem)
    {
        SourceName = source;
        Line = line;
        Column = column;
        ColumnName = columnName;
    }

    /// <summary>The file (or the name given for a reader).</summary>
    public string SourceName { get; }

    /// <summary>1-based line of the problem; 0 when it is not on one line.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem; 0 when it is not in one column.</summary>
    public int Column { get; }

    /// <summary>The header of <see cref="Column"/>, when known.</summary>
    public string? ColumnName { get; }

    private static string Place(string source, int line, int column, string? columnName)
    {
        string place = source;
        if (line > 0) place += $", line {line}";
        if (column > 0) place += $", column {column}";
        if (columnName != null) place += $" ('{columnName}')";
        return place + ": ";
    }
}
