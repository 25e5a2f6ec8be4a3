using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Microsoft.ML.Lstm.Forecasting.Csv;

/// <summary>
/// Reads series from a CSV file with a header row: a value column, optionally a time column, feature columns and a
/// series-id column (several series in one file, rows grouped by id in order of first appearance).
/// </summary>
/// <remarks>
/// Nothing is filled in or dropped silently: an empty or unreadable cell, a row with the wrong number of cells, and
/// timestamps out of order or repeated within a series are errors (<see cref="SeriesCsvException"/>) naming the line and
/// the column. Blank lines are skipped. Numbers use the invariant culture ('.' decimal point). Times are dates
/// (yyyy-MM-dd, yyyy-MM, ISO 8601 date-times; an offset is converted to UTC) or numbers; the first data row decides which.
/// </remarks>
public static class SeriesCsvReader
{
    /// <summary>Reads the series of a CSV file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Which columns hold what.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SeriesCsvException">The file cannot be read as series; the message says where and why.</exception>
    public static IReadOnlyList<CsvSeries> Read(string path, SeriesCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, options, path);
    }

    /// <summary>Reads the series of CSV text.</summary>
    /// <param name="reader">The text, header row first.</param>
    /// <param name="options">Which columns hold what.</param>
    /// <param name="sourceName">Names the text in messages; a file of one series takes its id from it (the name without
    /// folder and extension).</param>
    /// <exception cref="SeriesCsvException">The text cannot be read as series; the message says where and why.</exception>
    public static IReadOnlyList<CsvSeries> Read(TextReader reader, SeriesCsvOptions options, string sourceName = "CSV")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (string.IsNullOrWhiteSpace(options.ValueColumn))
            throw new ArgumentException($"{nameof(SeriesCsvOptions.ValueColumn)} is required: name the column to forecast.", nameof(options));
        return new Parser(reader, options, sourceName).Run();
    }

    /// <summary>The state of one read: the header, the columns' positions and the rows of each series so far.</summary>
    private sealed class Parser
    {
        private readonly TextReader _reader;
        private readonly SeriesCsvOptions _options;
        private readonly string _source;
        private readonly Dictionary<string, Rows> _series = new();
        private readonly List<string> _order = new();
        private List<string> _header = new();
        private int _headerLine;
        private int _valueColumn, _timeColumn = -1, _idColumn = -1;
        private int[] _featureColumns = Array.Empty<int>();
        private TimeColumnKind _kind = TimeColumnKind.None; // set by the first data row when there is a time column
        private (string Text, int Line) _firstTime;

        public Parser(TextReader reader, SeriesCsvOptions options, string source)
        {
            _reader = reader;
            _options = options;
            _source = source;
        }

        public IReadOnlyList<CsvSeries> Run()
        {
            int lineNumber = 0;
            string? line;
            do
            {
                line = _reader.ReadLine();
                lineNumber++;
            }
            while (line != null && line.Trim().Length == 0);
            if (line == null)
                throw Error(0, -1, "the file is empty; expected a header row naming the columns (for example 'date,value') and data rows.");
            _headerLine = lineNumber;
            _header = CsvLineSplitter.Split(line, _options.Separator)
                ?? throw Error(lineNumber, -1, "the header has a quote that is not closed on its line.");
            ResolveColumns();

            int rows = 0;
            while ((line = _reader.ReadLine()) != null)
            {
                lineNumber++;
                if (line.Trim().Length == 0)
                    continue;
                ReadRow(line, lineNumber);
                rows++;
            }
            if (rows == 0)
                throw Error(0, -1, $"there are no data rows after the header (line {_headerLine}).");
            return _order.Select(id => Build(id, _series[id])).ToArray();
        }

        private void ResolveColumns()
        {
            _valueColumn = Find(_options.ValueColumn, "value");
            if (_options.TimeColumn != null)
                _timeColumn = Find(_options.TimeColumn, "time");
            if (_options.SeriesIdColumn != null)
                _idColumn = Find(_options.SeriesIdColumn, "series-id");
            _featureColumns = (_options.FeatureColumns ?? Array.Empty<string>()).Select(f => Find(f, "feature")).ToArray();

            var roles = new List<(int Column, string Role)> { (_valueColumn, "the value") };
            if (_timeColumn >= 0) roles.Add((_timeColumn, "the time"));
            if (_idColumn >= 0) roles.Add((_idColumn, "the series id"));
            roles.AddRange(_featureColumns.Select(c => (c, "a feature")));
            foreach (var group in roles.GroupBy(r => r.Column).Where(g => g.Count() > 1))
                throw Error(_headerLine, group.Key, $"the column is used as {string.Join(" and as ", group.Select(r => r.Role))}; give each role its own column.");
        }

        /// <summary>The 0-based position of a column: the exact header, else the one header equal ignoring case.</summary>
        private int Find(string name, string role)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"The {role} column's name is empty.", "options");
            int exact = _header.IndexOf(name.Trim());
            if (exact >= 0 && _header.LastIndexOf(name.Trim()) == exact)
                return exact;
            var matches = Enumerable.Range(0, _header.Count).Where(i => string.Equals(_header[i], name.Trim(), StringComparison.OrdinalIgnoreCase)).ToArray();
            if (matches.Length == 1)
                return matches[0];
            string columns = string.Join(", ", _header.Select(h => $"'{h}'"));
            throw matches.Length == 0
                ? Error(_headerLine, -1, $"there is no {role} column '{name}'; the header has {columns}.")
                : Error(_headerLine, -1, $"the {role} column '{name}' appears {matches.Length} times in the header ({columns}); rename one.");
        }

        private void ReadRow(string line, int lineNumber)
        {
            List<string> cells = CsvLineSplitter.Split(line, _options.Separator)
                ?? throw Error(lineNumber, -1, "a quote is not closed on this line (cells spanning lines are not supported).");
            if (cells.Count != _header.Count)
                throw Error(lineNumber, -1, $"the row has {cells.Count} cell(s) but the header (line {_headerLine}) has {_header.Count}: '{Shorten(line)}'.");

            string id = _idColumn >= 0 ? cells[_idColumn] : SingleId();
            if (id.Length == 0)
                throw Error(lineNumber, _idColumn, "the series id is empty.");
            if (!_series.TryGetValue(id, out Rows? rows))
            {
                rows = new Rows(_featureColumns.Length);
                _series.Add(id, rows);
                _order.Add(id);
            }
            rows.Lines.Add(lineNumber);
            if (_timeColumn >= 0)
                ReadTime(cells[_timeColumn], lineNumber, rows);
            rows.Values.Add(ReadNumber(cells[_valueColumn], lineNumber, _valueColumn));
            for (int f = 0; f < _featureColumns.Length; f++)
                rows.Features[f].Add(ReadNumber(cells[_featureColumns[f]], lineNumber, _featureColumns[f]));
        }

        private void ReadTime(string text, int lineNumber, Rows rows)
        {
            if (text.Length == 0)
                throw Error(lineNumber, _timeColumn, "the time is empty; every row needs one.");
            if (_firstTime.Line == 0)
            {
                _firstTime = (text, lineNumber);
                _kind = TryDate(text, out _) ? TimeColumnKind.Date
                    : TryNumber(text, out _) ? TimeColumnKind.Number
                    : throw Error(lineNumber, _timeColumn, $"cannot read '{text}' as a time: it is neither a date (yyyy-MM-dd, yyyy-MM, ISO 8601) nor a number.");
            }
            if (_kind == TimeColumnKind.Date)
                rows.Dates.Add(TryDate(text, out DateTime date) ? date
                    : throw Error(lineNumber, _timeColumn, $"cannot read '{text}' as a date like '{_firstTime.Text}' on line {_firstTime.Line} (yyyy-MM-dd, yyyy-MM, ISO 8601)."));
            else
                rows.Numbers.Add(TryNumber(text, out double number) ? number
                    : throw Error(lineNumber, _timeColumn, $"cannot read '{text}' as a number like '{_firstTime.Text}' on line {_firstTime.Line}."));
            rows.TimeTexts.Add(text);
        }

        private float ReadNumber(string text, int lineNumber, int column)
        {
            if (text.Length == 0)
                throw Error(lineNumber, column, "the cell is empty; missing values are not filled in (fill or remove the row).");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw Error(lineNumber, column, $"cannot read '{text}' as a number (use '.' as the decimal point).");
            if (!double.IsFinite(value) || !float.IsFinite((float)value))
                throw Error(lineNumber, column, $"'{text}' is not a finite number a 32-bit float can hold.");
            return (float)value;
        }

        private CsvSeries Build(string id, Rows rows)
        {
            string prefix = _idColumn >= 0 ? $"series '{id}': " : "";
            for (int i = 1; i < rows.TimeTexts.Count; i++)
            {
                int order = _kind == TimeColumnKind.Date ? rows.Dates[i].CompareTo(rows.Dates[i - 1]) : rows.Numbers[i].CompareTo(rows.Numbers[i - 1]);
                if (order == 0)
                    throw Error(rows.Lines[i], _timeColumn, $"{prefix}lines {rows.Lines[i - 1]} and {rows.Lines[i]} have the same time ('{rows.TimeTexts[i - 1]}', '{rows.TimeTexts[i]}'); each time may appear once per series.");
                if (order < 0)
                    throw Error(rows.Lines[i], _timeColumn, $"{prefix}the time '{rows.TimeTexts[i]}' on line {rows.Lines[i]} is before '{rows.TimeTexts[i - 1]}' on line {rows.Lines[i - 1]}; sort the rows oldest first.");
            }
            SeriesTimeline time = _kind switch
            {
                TimeColumnKind.Date => SeriesTimeline.FromDates(rows.Dates),
                TimeColumnKind.Number => SeriesTimeline.FromNumbers(rows.Numbers),
                _ => SeriesTimeline.FromIndex(rows.Values.Count),
            };
            var input = new SeriesInput(rows.Values.ToArray(), rows.Features.Select(f => (IReadOnlyList<float>)f.ToArray()).ToArray(), id);
            return new CsvSeries(input, time, _featureColumns.Select(c => _header[c]).ToArray(), rows.Lines.ToArray());
        }

        private string SingleId()
        {
            string name = Path.GetFileNameWithoutExtension(_source);
            return name.Length > 0 ? name : "series";
        }

        /// <summary>An error at a line (0: none) and a 0-based column (-1: none).</summary>
        private SeriesCsvException Error(int line, int column, string problem) =>
            new(_source, line, column + 1, column >= 0 && column < _header.Count ? _header[column] : null, problem);

        private static string Shorten(string line) => line.Length <= 80 ? line : line[..77] + "...";

        private static bool TryNumber(string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

        private static readonly string[] DateFormats = { "yyyy-MM-dd", "yyyy-MM" };

        /// <summary>yyyy-MM-dd or yyyy-MM exactly; else an ISO 8601 date-time beginning with yyyy-MM-dd (an offset converted
        /// to UTC). Other layouts (01/02/1949) are refused: their day and month order is ambiguous.</summary>
        private static bool TryDate(string text, out DateTime date)
        {
            if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                return true;
            if (text.Length > 10 && (text[10] == 'T' || text[10] == ' ')
                && DateTime.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset moment))
            {
                date = DateTime.SpecifyKind(moment.UtcDateTime, DateTimeKind.Unspecified);
                return true;
            }
            date = default;
            return false;
        }
    }

    /// <summary>The rows of one series so far.</summary>
    private sealed class Rows
    {
        public Rows(int features)
        {
            Features = Enumerable.Range(0, features).Select(_ => new List<float>()).ToArray();
        }

        public List<float> Values { get; } = new();
        public List<float>[] Features { get; }
        public List<DateTime> Dates { get; } = new();
        public List<double> Numbers { get; } = new();
        public List<string> TimeTexts { get; } = new();
        public List<int> Lines { get; } = new();
    }
}
