using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Lstm.Forecasting.Csv;

/// <summary>
/// The time between consecutive points of a series: a number of calendar months (monthly, quarterly, yearly data, whose
/// steps differ in days), a fixed duration (daily, hourly data), or a numeric step (a numeric time column, or none).
/// Forecast dates are the last timestamp advanced by whole periods.
/// </summary>
public sealed class SeriesPeriod : IEquatable<SeriesPeriod>
{
    private SeriesPeriod(int months, TimeSpan duration, double step)
    {
        Months = months;
        Duration = duration;
        Step = step;
    }

    /// <summary>Calendar months per period (1 monthly, 3 quarterly, 12 yearly); 0 when the period is not in months.</summary>
    public int Months { get; }

    /// <summary>The fixed duration of a period of dates not in whole months; zero otherwise.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The numeric step of a numeric (or absent) time column; 0 otherwise.</summary>
    public double Step { get; }

    /// <summary>A period of whole calendar months.</summary>
    public static SeriesPeriod FromMonths(int months) => months > 0
        ? new SeriesPeriod(months, TimeSpan.Zero, 0)
        : throw new ArgumentOutOfRangeException(nameof(months), months, $"A period in months must be positive; got {months}.");

    /// <summary>A period of a fixed duration.</summary>
    public static SeriesPeriod FromDuration(TimeSpan duration) => duration > TimeSpan.Zero
        ? new SeriesPeriod(0, duration, 0)
        : throw new ArgumentOutOfRangeException(nameof(duration), duration, $"A period's duration must be positive; got {duration}.");

    /// <summary>A numeric step.</summary>
    public static SeriesPeriod FromStep(double step) => step > 0 && double.IsFinite(step)
        ? new SeriesPeriod(0, TimeSpan.Zero, step)
        : throw new ArgumentOutOfRangeException(nameof(step), step, $"A numeric step must be positive and finite; got {step}.");

    /// <summary>
    /// The period of sorted dates: whole months when every consecutive pair is the same day of the month (or both month
    /// ends) at the same time of day, the most frequent month gap; otherwise the most frequent duration between dates.
    /// Ties go to the shorter period. One date gives a monthly period for lack of evidence.
    /// </summary>
    public static SeriesPeriod Infer(IReadOnlyList<DateTime> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        if (dates.Count < 2)
            return FromMonths(1);
        var monthGaps = new List<int>();
        bool monthAligned = true;
        for (int i = 1; i < dates.Count && monthAligned; i++)
        {
            DateTime a = dates[i - 1], b = dates[i];
            bool sameDay = a.Day == b.Day || (IsMonthEnd(a) && IsMonthEnd(b));
            int gap = (b.Year - a.Year) * 12 + b.Month - a.Month;
            monthAligned = sameDay && a.TimeOfDay == b.TimeOfDay && gap > 0;
            monthGaps.Add(gap);
        }
        if (monthAligned)
            return FromMonths(Mode(monthGaps));
        var gaps = new List<long>();
        for (int i = 1; i < dates.Count; i++)
            gaps.Add((dates[i] - dates[i - 1]).Ticks);
        long ticks = Mode(gaps.Where(g => g > 0).DefaultIfEmpty(TimeSpan.TicksPerDay));
        return FromDuration(TimeSpan.FromTicks(ticks));
    }

    /// <summary>The period of sorted numbers: the median gap (robust to a few gaps in the data and to rounding in the
    /// file). One number gives a step of 1.</summary>
    public static SeriesPeriod Infer(IReadOnlyList<double> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        if (numbers.Count < 2)
            return FromStep(1);
        double[] gaps = new double[numbers.Count - 1];
        for (int i = 1; i < numbers.Count; i++)
            gaps[i - 1] = numbers[i] - numbers[i - 1];
        Array.Sort(gaps);
        double median = gaps.Length % 2 == 1 ? gaps[gaps.Length / 2] : (gaps[gaps.Length / 2 - 1] + gaps[gaps.Length / 2]) / 2;
        return FromStep(median > 0 ? median : 1);
    }

    /// <summary>The date <paramref name="periods"/> periods after <paramref name="date"/> (before, when negative); month
    /// ends stay month ends.</summary>
    public DateTime Advance(DateTime date, int periods)
    {
        if (Months > 0)
        {
            DateTime shifted = date.AddMonths(Months * periods);
            return IsMonthEnd(date) ? shifted.AddDays(DateTime.DaysInMonth(shifted.Year, shifted.Month) - shifted.Day) : shifted;
        }
        if (Duration > TimeSpan.Zero)
            return date + Duration * periods;
        throw new InvalidOperationException($"A numeric period ({Describe()}) cannot advance a date.");
    }

    /// <summary>The number <paramref name="periods"/> periods after <paramref name="number"/>.</summary>
    public double Advance(double number, int periods) => Step > 0
        ? number + Step * periods
        : throw new InvalidOperationException($"A calendar period ({Describe()}) cannot advance a number.");

    /// <summary>Whether <paramref name="next"/> is exactly one period after <paramref name="previous"/>.</summary>
    public bool IsOneStep(DateTime previous, DateTime next) => Advance(previous, 1) == next;

    /// <summary>Whether <paramref name="next"/> is one period after <paramref name="previous"/>, within 0.1% of a step
    /// (numbers in files are rounded).</summary>
    public bool IsOneStep(double previous, double next) => Math.Abs(next - previous - Step) <= 1e-3 * Step;

    /// <summary>In words: "monthly", "quarterly", "yearly", "every 2 months", "daily", "weekly", "hourly",
    /// "every 15 minutes", "step 0.25".</summary>
    public string Describe()
    {
        if (Months > 0)
            return Months switch
            {
                1 => "monthly",
                3 => "quarterly",
                12 => "yearly",
                _ when Months % 12 == 0 => $"every {Months / 12} years",
                _ => $"every {Months} months",
            };
        if (Duration > TimeSpan.Zero)
        {
            if (Duration == TimeSpan.FromDays(1)) return "daily";
            if (Duration == TimeSpan.FromDays(7)) return "weekly";
            if (Duration == TimeSpan.FromHours(1)) return "hourly";
            if (Duration.Ticks % TimeSpan.TicksPerDay == 0) return $"every {Duration.Days} days";
            if (Duration.Ticks % TimeSpan.TicksPerHour == 0) return $"every {(long)Duration.TotalHours} hours";
            if (Duration.Ticks % TimeSpan.TicksPerMinute == 0) return $"every {(long)Duration.TotalMinutes} minutes";
            return $"every {Duration.TotalSeconds.ToString("G6", CultureInfo.InvariantCulture)} seconds";
        }
        return $"step {Step.ToString("G6", CultureInfo.InvariantCulture)}";
    }

    /// <summary>A text that <see cref="Parse"/> reads back: "months:3", "duration:1.00:00:00", "step:0.25".</summary>
    public override string ToString() =>
        Months > 0 ? $"months:{Months.ToString(CultureInfo.InvariantCulture)}"
        : Duration > TimeSpan.Zero ? $"duration:{Duration.ToString("c", CultureInfo.InvariantCulture)}"
        : $"step:{Step.ToString("R", CultureInfo.InvariantCulture)}";

    /// <summary>Reads the text of <see cref="ToString"/>.</summary>
    public static SeriesPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(':', 2);
        if (parts.Length == 2)
        {
            switch (parts[0])
            {
                case "months" when int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int m) && m > 0:
                    return FromMonths(m);
                case "duration" when TimeSpan.TryParseExact(parts[1], "c", CultureInfo.InvariantCulture, out TimeSpan d) && d > TimeSpan.Zero:
                    return FromDuration(d);
                case "step" when double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 && double.IsFinite(s):
                    return FromStep(s);
            }
        }
        throw new FormatException($"'{text}' is not a series period; expected 'months:N', 'duration:d.hh:mm:ss' or 'step:X'.");
    }

    /// <inheritdoc/>
    public bool Equals(SeriesPeriod? other) =>
        other is not null && Months == other.Months && Duration == other.Duration && Step.Equals(other.Step);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SeriesPeriod);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Months, Duration, Step);

    internal static bool IsMonthEnd(DateTime date) => date.Day == DateTime.DaysInMonth(date.Year, date.Month);

    /// <summary>The most frequent value; the smallest among equally frequent ones.</summary>
    private static T Mode<T>(IEnumerable<T> values) where T : IComparable<T> =>
        values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
}
