using System;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting.Csv;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting.Csv;

public class SeriesPeriodTests
{
    [Fact]
    public void Quarterly_IsThreeMonths_AndAdvancesByQuarters()
    {
        var dates = new[] { new DateTime(1971, 4, 1), new DateTime(1971, 7, 1), new DateTime(1971, 10, 1), new DateTime(1972, 1, 1) };
        SeriesPeriod p = SeriesPeriod.Infer(dates);
        Assert.Equal(3, p.Months);
        Assert.Equal("quarterly", p.Describe());
        Assert.Equal(new DateTime(1972, 7, 1), p.Advance(dates[^1], 2));
    }

    [Fact]
    public void MonthEnds_AreMonthly_AndStayMonthEnds()
    {
        var dates = new[] { new DateTime(2023, 1, 31), new DateTime(2023, 2, 28), new DateTime(2023, 3, 31) };
        SeriesPeriod p = SeriesPeriod.Infer(dates);
        Assert.Equal(SeriesPeriod.FromMonths(1), p);
        Assert.Equal(new DateTime(2023, 4, 30), p.Advance(dates[^1], 1));
        Assert.Equal(new DateTime(2024, 2, 29), p.Advance(dates[^1], 11));
    }

    [Fact]
    public void YearlyOnJanuaryFirst_IsLabelledByYear()
    {
        SeriesTimeline t = SeriesTimeline.FromDates(Enumerable.Range(1871, 3).Select(y => new DateTime(y, 1, 1)).ToArray());
        Assert.Equal("yearly", t.Period.Describe());
        Assert.Equal("1874", t.LabelAt(3));
    }

    [Fact]
    public void BusinessDays_AreDailyByTheMostFrequentGap_WithTheWeekendsCountedAsIrregular()
    {
        // Mon..Fri, Mon..Fri: gaps of 1 day eight times, 3 days once.
        var dates = Enumerable.Range(0, 12).Select(d => new DateTime(2024, 1, 1).AddDays(d)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToArray();
        SeriesTimeline t = SeriesTimeline.FromDates(dates);
        Assert.Equal("daily", t.Period.Describe());
        Assert.Equal(1, t.IrregularSteps);
        Assert.Equal("2024-01-13", t.LabelAt(dates.Length));
    }

    [Fact]
    public void Numbers_UseTheMedianGap()
    {
        SeriesPeriod p = SeriesPeriod.Infer(new[] { 0.0, 0.25, 0.5, 1.5, 1.75 });
        Assert.Equal(0.25, p.Step);
        Assert.Equal(2.25, p.Advance(1.75, 2));
    }

    [Theory]
    [InlineData("months:12", "yearly")]
    [InlineData("months:2", "every 2 months")]
    [InlineData("duration:00:15:00", "every 15 minutes")]
    [InlineData("duration:7.00:00:00", "weekly")]
    [InlineData("step:0.5", "step 0.5")]
    public void ParseAndToString_RoundTrip(string text, string description)
    {
        SeriesPeriod p = SeriesPeriod.Parse(text);
        Assert.Equal(description, p.Describe());
        Assert.Equal(text, p.ToString());
        Assert.Equal(p, SeriesPeriod.Parse(p.ToString()));
    }

    [Theory]
    [InlineData("monthly")]
    [InlineData("months:0")]
    [InlineData("step:-1")]
    public void Parse_BadText_SaysWhatIsExpected(string text)
    {
        var ex = Assert.Throws<FormatException>(() => SeriesPeriod.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
        Assert.Contains("months:N", ex.Message);
    }
}
