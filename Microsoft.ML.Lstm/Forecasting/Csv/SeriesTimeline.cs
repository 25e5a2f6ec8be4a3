using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Lstm.Forecasting.Csv;

/// <summary>
/// The timestamps of a series and its period, extended past the end: point i of the series is at index i, forecast step
/// k (1-based) at index Count + k - 1. Gives the dates of forecasts and the labels of chart axes.
/// </summary>
public sealed class SeriesTimeline
{
    private readonly DateTime[] _dates;
    private readonly double[] _numbers;
    private readonly string _dateFormat;

    private SeriesTimeline(TimeColumnKind kind, DateTime[] dates, double[] numbers, int count, SeriesPeriod period)
    {
        Kind = kind;
        _dates = dates;
        _numbers = numbers;
        Count = count;
        Period = period;
        _dateFormat = kind == TimeColumnKind.Date ? DateFormatFor(dates, period) : "";
        for (int i = 1; i < dates.Length; i++)
            if (!period.IsOneStep(dates[i - 1], dates[i])) IrregularSteps++;
        if (kind == TimeColumnKind.Number)
            for (int i = 1; i < numbers.Length; i++)
                if (!period.IsOneStep(numbers[i - 1], numbers[i])) IrregularSteps++;
    }

    /// <summary>A timeline of dates, sorted ascending; the period is inferred when not given.</summary>
    public static SeriesTimeline FromDates(IReadOnlyList<DateTime> dates, SeriesPeriod? period = null)
    {
        ArgumentNullException.ThrowIfNull(dates);
        CheckNotEmpty(dates.Count, nameof(dates));
        period ??= SeriesPeriod.Infer(dates);
        if (period.Months == 0 && period.Duration == TimeSpan.Zero)
            throw new ArgumentException($"Dates need a calendar period; got {period.Describe()}.", nameof(period));
        return new SeriesTimeline(TimeColumnKind.Date, dates.ToArray(), Array.Empty<double>(), dates.Count, period);
    }

    /// <summary>A timeline of numbers, sorted ascending; the step is inferred when not given.</summary>
    public static SeriesTimeline FromNumbers(IReadOnlyList<double> numbers, SeriesPeriod? period = null)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        CheckNotEmpty(numbers.Count, nameof(numbers));
        period ??= SeriesPeriod.Infer(numbers);
        if (period.Step == 0)
            throw new ArgumentException($"Numbers need a numeric step; got {period.Describe()}.", nameof(period));
        return new SeriesTimeline(TimeColumnKind.Number, Array.Empty<DateTime>(), numbers.ToArray(), numbers.Count, period);
    }

    /// <summary>A timeline without timestamps: points numbered 1..<paramref name="count"/>.</summary>
    public static SeriesTimeline FromIndex(int count)
    {
        CheckNotEmpty(count, nameof(count));
        return new SeriesTimeline(TimeColumnKind.None, Array.Empty<DateTime>(), Array.Empty<double>(), count, SeriesPeriod.FromStep(1));
    }

    /// <summary>What the timestamps are.</summary>
    public TimeColumnKind Kind { get; }

    /// <summary>Points of the series.</summary>
    public int Count { get; }

    /// <summary>The time between points (inferred or given).</summary>
    public SeriesPeriod Period { get; }

    /// <summary>Consecutive points not exactly one <see cref="Period"/> apart (gaps in the data): the model treats points
    /// as evenly spaced, so a non-zero count deserves a warning.</summary>
    public int IrregularSteps { get; }

    /// <summary>The date of point <paramref name="index"/>; past the end, the last date advanced by whole periods.</summary>
    public DateTime DateAt(int index)
    {
        if (Kind != TimeColumnKind.Date)
            throw new InvalidOperationException($"The timeline has no dates (its time column is {Kind}).");
        CheckIndex(index);
        return index < _dates.Length ? _dates[index] : Period.Advance(_dates[^1], index - _dates.Length + 1);
    }

    /// <summary>The numeric time of point <paramref name="index"/>: the number of a numeric time column, the 1-based
    /// position without one; past the end, extrapolated by the step.</summary>
    public double NumberAt(int index)
    {
        if (Kind == TimeColumnKind.Date)
            throw new InvalidOperationException("The timeline holds dates; use DateAt.");
        CheckIndex(index);
        if (Kind == TimeColumnKind.None)
            return index + 1;
        return index < _numbers.Length ? _numbers[index] : Period.Advance(_numbers[^1], index - _numbers.Length + 1);
    }

    /// <summary>The timestamp of point <paramref name="index"/> as text: dates as precise as the period needs
    /// ("1960" yearly on January 1, "1960-12" monthly on day 1, "1960-12-31", "1960-12-31 18:00"), numbers as written.</summary>
    public string LabelAt(int index) => Kind == TimeColumnKind.Date
        ? DateAt(index).ToString(_dateFormat, CultureInfo.InvariantCulture)
        : NumberAt(index).ToString("G10", CultureInfo.InvariantCulture);

    /// <summary>The shortest date format that tells every point apart, from the period and the dates' day and time.</summary>
    private static string DateFormatFor(DateTime[] dates, SeriesPeriod period)
    {
        bool midnight = dates.All(d => d.TimeOfDay == TimeSpan.Zero) && period.Duration.Ticks % TimeSpan.TicksPerDay == 0;
        if (!midnight)
            return dates.All(d => d.Second == 0 && d.Millisecond == 0) && period.Duration.Ticks % TimeSpan.TicksPerMinute == 0
                ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss";
        if (period.Months > 0 && dates.All(d => d.Day == 1))
            return period.Months % 12 == 0 && dates.All(d => d.Month == dates[0].Month) && dates[0].Month == 1 ? "yyyy" : "yyyy-MM";
        return "yyyy-MM-dd";
    }

    private static void CheckNotEmpty(int count, string name)
    {
        if (count < 1)
            throw new ArgumentException($"A timeline needs at least one point; got {count}.", name);
    }

    private static void CheckIndex(int index)
    {
        if (index < 0)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must not be negative; got {index}.");
    }
}
