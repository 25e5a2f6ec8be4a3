using System.Collections.Generic;
using System.Text;

namespace Microsoft.ML.Lstm.Forecasting.Csv;

/// <summary>Splits one CSV line into cells (RFC 4180 quoting: a quoted cell may hold the separator and doubled quotes).</summary>
internal static class CsvLineSplitter
{
    /// <summary>The cells of <paramref name="line"/>, trimmed; null when a quote is not closed on the line
    /// (cells spanning lines are not supported).</summary>
    public static List<string>? Split(string line, char separator)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"')
                    cell.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"')
                    cell.Append(line[++i]);
                else
                    quoted = false;
            }
            else if (c == '"' && cell.ToString().Trim().Length == 0 && !wasQuoted)
            {
                cell.Clear();
                quoted = wasQuoted = true;
            }
            else if (c == separator)
            {
                cells.Add(Finish(cell));
                wasQuoted = false;
            }
            else
            {
                cell.Append(c);
            }
        }
        if (quoted)
            return null;
        cells.Add(Finish(cell));
        return cells;
    }

    private static string Finish(StringBuilder cell)
    {
        string text = cell.ToString().Trim();
        cell.Clear();
        return text;
    }
}
