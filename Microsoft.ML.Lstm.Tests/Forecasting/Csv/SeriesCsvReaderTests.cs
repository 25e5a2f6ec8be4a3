using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting.Csv;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting.Csv;

public class SeriesCsvReaderTests
{
    private static IReadOnlyList<CsvSeries> Read(string text, string value = "value", string? time = "date",
        string? id = null, params string[] features) =>
        SeriesCsvReader.Read(new StringReader(text), new SeriesCsvOptions
        {
            ValueColumn = value, TimeColumn = time, SeriesIdColumn = id, FeatureColumns = features.ToList(),
        }, "data/sales.csv");

    private static SeriesCsvException Fails(string text, string value = "value", string? time = "date", string? id = null, params string[] features) =>
        Assert.Throws<SeriesCsvException>(() => Read(text, value, time, id, features));

    [Fact]
    public void MultiSeriesFile_GroupsRowsById_WithFeaturesTimesAndLines()
    {
        const string text =
            "store,date,value,\"temp, C\"\n" +
            "b,2020-01-01,5,1.5\n" +
            "a,2020-01-01,10,2\n" +
            "b,2020-02-01,6,-1e1\n" +
            "\n" +
            "a,2020-02-01,11,2.5\n" +
            "a,2020-03-01,12.25,3\n";
        IReadOnlyList<CsvSeries> series = Read(text, id: "store", features: "temp, C");

        Assert.Equal(new[] { "b", "a" }, series.Select(s => s.Id));
        CsvSeries a = series[1];
        Assert.Equal(new[] { 10f, 11f, 12.25f }, a.Input.Values);
        Assert.Equal(new[] { 2f, 2.5f, 3f }, a.Input.Features.Single());
        Assert.Equal(new[] { "temp, C" }, a.FeatureNames);
        Assert.Equal(new[] { 3, 6, 7 }, a.Lines);
        Assert.Equal(new[] { -10f }, series[0].Input.Features[0].Skip(1));
        Assert.Equal(TimeColumnKind.Date, a.Time.Kind);
        Assert.Equal(SeriesPeriod.FromMonths(1), a.Time.Period);
        Assert.Equal(new DateTime(2020, 3, 1), a.Time.DateAt(2));
        Assert.Equal("2020-04", a.Time.LabelAt(3));
        Assert.Equal(0, a.Time.IrregularSteps);
    }

    [Fact]
    public void OneSeries_TakesItsIdFromTheFileName_ColumnsMatchIgnoringCase()
    {
        CsvSeries s = Read("Date,Value\n1949-01,112\n1949-02,118\n").Single();
        Assert.Equal("sales", s.Id);
        Assert.Equal(new[] { 112f, 118f }, s.Input.Values);
        Assert.Equal("1949-03", s.Time.LabelAt(2));
    }

    [Fact]
    public void NoTimeColumn_NumbersPointsFromOne()
    {
        CsvSeries s = Read("value\n3\n4\n5\n", time: null).Single();
        Assert.Equal(TimeColumnKind.None, s.Time.Kind);
        Assert.Equal("1", s.Time.LabelAt(0));
        Assert.Equal("4", s.Time.LabelAt(3));
    }

    [Fact]
    public void NumericTime_InfersTheStep()
    {
        CsvSeries s = Read("year,value\n1871,1120\n1872,1160\n1873,963\n", time: "year").Single();
        Assert.Equal(TimeColumnKind.Number, s.Time.Kind);
        Assert.Equal(1.0, s.Time.Period.Step);
        Assert.Equal("1874", s.Time.LabelAt(3));
    }

    [Fact]
    public void IsoDateTimes_HourlyPeriod_OffsetsConvertedToUtc()
    {
        CsvSeries s = Read("date,value\n2024-03-01T22:00:00Z,1\n2024-03-02T00:00:00+01:00,2\n2024-03-02 00:00,3\n").Single();
        Assert.Equal(SeriesPeriod.FromDuration(TimeSpan.FromHours(1)), s.Time.Period);
        Assert.Equal(new DateTime(2024, 3, 1, 23, 0, 0), s.Time.DateAt(1));
        Assert.Equal("2024-03-02 01:00", s.Time.LabelAt(3));
    }

    [Fact]
    public void MissingColumn_ListsTheHeader()
    {
        SeriesCsvException ex = Fails("date,passengers\n1949-01-01,112\n");
        Assert.Equal(1, ex.Line);
        Assert.Equal("data/sales.csv, line 1: there is no value column 'value'; the header has 'date', 'passengers'.", ex.Message);
    }

    [Fact]
    public void UnparsableNumber_GivesLineColumnAndQuotedText()
    {
        SeriesCsvException ex = Fails("date,value\n1949-01-01,112\n1949-02-01,11 8\n");
        Assert.Equal((3, 2, "value"), (ex.Line, ex.Column, ex.ColumnName));
        Assert.Equal("data/sales.csv, line 3, column 2 ('value'): cannot read '11 8' as a number (use '.' as the decimal point).", ex.Message);
    }

    [Fact]
    public void EmptyCell_IsNotFilledIn()
    {
        SeriesCsvException ex = Fails("date,value,x\n1949-01-01,1,\n", features: "x");
        Assert.Equal((2, 3), (ex.Line, ex.Column));
        Assert.Contains("the cell is empty", ex.Message);
    }

    [Fact]
    public void NonFiniteNumber_IsRefused()
    {
        SeriesCsvException ex = Fails("date,value\n1949-01-01,NaN\n");
        Assert.Equal((2, 2), (ex.Line, ex.Column));
        Assert.Contains("'NaN' is not a finite number", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n")]
    public void EmptyFile_SaysSo(string text)
    {
        SeriesCsvException ex = Fails(text);
        Assert.Equal(0, ex.Line);
        Assert.Contains("the file is empty", ex.Message);
    }

    [Fact]
    public void HeaderWithoutRows_SaysSo() =>
        Assert.Contains("no data rows after the header (line 1)", Fails("date,value\n").Message);

    [Fact]
    public void UnsortedTimes_GiveBothLines()
    {
        SeriesCsvException ex = Fails("date,value\n1949-01-01,1\n1949-03-01,2\n1949-02-01,3\n");
        Assert.Equal((4, 1), (ex.Line, ex.Column));
        Assert.Contains("the time '1949-02-01' on line 4 is before '1949-03-01' on line 3; sort the rows oldest first", ex.Message);
    }

    [Fact]
    public void DuplicateTimes_GiveBothLines_AndTheSeries()
    {
        SeriesCsvException ex = Fails("id,date,value\na,2020-01-01,1\nb,2020-01-01,1\na,2020-01-01,2\n", id: "id");
        Assert.Equal(4, ex.Line);
        Assert.Contains("series 'a': lines 2 and 4 have the same time ('2020-01-01', '2020-01-01')", ex.Message);
    }

    [Fact]
    public void RaggedRow_GivesBothCounts()
    {
        SeriesCsvException ex = Fails("date,value\n1949-01-01,1\n1949-02-01,2,7\n");
        Assert.Equal(3, ex.Line);
        Assert.Contains("the row has 3 cell(s) but the header (line 1) has 2: '1949-02-01,2,7'", ex.Message);
    }

    [Fact]
    public void TimeOfAnotherKindThanTheFirstRow_IsRefused()
    {
        SeriesCsvException ex = Fails("date,value\n1949-01-01,1\n1949,2\n");
        Assert.Equal((3, 1, "date"), (ex.Line, ex.Column, ex.ColumnName));
        Assert.Contains("cannot read '1949' as a date like '1949-01-01' on line 2", ex.Message);
    }

    [Fact]
    public void AmbiguousDateLayout_IsRefused() =>
        Assert.Contains("neither a date", Fails("date,value\n01/02/1949,1\n").Message);

    [Fact]
    public void UnclosedQuote_IsReported() =>
        Assert.Equal(2, Fails("date,value\n1949-01-01,\"1\n").Line);

    [Fact]
    public void ColumnInTwoRoles_IsRefused() =>
        Assert.Contains("used as the value and as a feature", Fails("date,value\n1949-01-01,1\n", features: "value").Message);

    [Fact]
    public void MissingFile_NamesThePath()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => SeriesCsvReader.Read("no/such.csv", new SeriesCsvOptions { ValueColumn = "v" }));
        Assert.Contains("'no/such.csv'", ex.Message);
    }

    [Fact]
    public void ValueColumnNotGiven_NamesTheOption()
    {
        var ex = Assert.Throws<ArgumentException>(() => SeriesCsvReader.Read(new StringReader("v\n1\n"), new SeriesCsvOptions()));
        Assert.Contains("ValueColumn", ex.Message);
    }
}
