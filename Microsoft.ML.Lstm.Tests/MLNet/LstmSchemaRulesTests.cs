using System;
using Microsoft.ML.Lstm.MLNet;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>The schema checks as pure functions: every error names the column, the type expected and the type found.</summary>
public class LstmSchemaRulesTests
{
    private static readonly ColumnTypeInfo[] s_none = Array.Empty<ColumnTypeInfo>();

    private static string Error(Action check)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(check);
        Assert.Equal("inputSchema", e.ParamName);
        return e.Message;
    }

    [Fact]
    public void A_Single_column_is_streaming_and_a_known_size_vector_is_windowed()
    {
        LstmLayout streaming = LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Scalar("y", typeof(float)),
            new[] { ColumnTypeInfo.Scalar("f", typeof(float)) }, 0, LstmInputKind.Auto, sizesKnown: true);
        Assert.Equal(new LstmLayout(LstmInputKind.Streaming, 0, 2), streaming);
        Assert.Equal(2, streaming.DataLength);

        LstmLayout windowed = LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Vector("w", typeof(float), 12),
            new[] { ColumnTypeInfo.Vector("f", typeof(float), 12) }, 0, LstmInputKind.Auto, sizesKnown: true);
        Assert.Equal(new LstmLayout(LstmInputKind.Windowed, 12, 2), windowed);
        Assert.Equal(24, windowed.DataLength);
    }

    [Fact]
    public void A_missing_column_is_named_with_what_was_expected()
    {
        string m = Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Missing("Passengers"), s_none, 12, LstmInputKind.Auto, true));
        Assert.Contains("'Passengers' (inputColumnName)", m);
        Assert.Contains("expected Single (streaming", m);
        Assert.Contains("Vector<Single, 12> (windowed", m);
        Assert.Contains("found no such column", m);
        Assert.Contains("not found in the input data", m);
    }

    [Fact]
    public void A_text_column_says_text_was_found_and_how_to_fix_it()
    {
        string m = Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Scalar("Date", typeof(ReadOnlyMemory<char>)), s_none, 0, LstmInputKind.Auto, true));
        Assert.Contains("'Date'", m);
        Assert.Contains("expected Single", m);
        Assert.Contains("found String", m);
        Assert.Contains("parsed to numbers", m);
    }

    [Fact]
    public void A_Double_column_suggests_ConvertType()
    {
        string m = Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Scalar("y", typeof(double)), s_none, 0, LstmInputKind.Auto, true));
        Assert.Contains("found Double", m);
        Assert.Contains("ConvertType", m);
    }

    [Fact]
    public void A_vector_of_the_wrong_size_gives_both_sizes()
    {
        string m = Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Vector("Window", typeof(float), 10), s_none, 12, LstmInputKind.Auto, true));
        Assert.Contains("'Window'", m);
        Assert.Contains("Vector<Single, 12>", m);
        Assert.Contains("found Vector<Single, 10>", m);
    }

    [Fact]
    public void Vector_sizes_are_not_checked_on_schema_shapes_which_have_none()
    {
        var shape = new ColumnTypeInfo("Window", ColumnShape.Vector, typeof(float));
        Assert.Equal(LstmInputKind.Windowed, LstmSchemaRules.ResolveForecasting(shape, s_none, 12, LstmInputKind.Auto, sizesKnown: false).Kind);
    }

    [Fact]
    public void A_variable_size_vector_asks_for_a_declared_size()
    {
        string m = Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Vector("w", typeof(float)), s_none, 0, LstmInputKind.Auto, true));
        Assert.Contains("found Vector<Single> of variable size", m);
        Assert.Contains("VectorType", m);
    }

    [Fact]
    public void Feature_columns_must_match_the_input_kind_and_size()
    {
        string m = Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Scalar("y", typeof(float)),
            new[] { ColumnTypeInfo.Vector("Holiday", typeof(float), 12) }, 0, LstmInputKind.Auto, true));
        Assert.Contains("'Holiday' (featureColumnNames)", m);
        Assert.Contains("found Vector<Single, 12>", m);

        m = Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Vector("w", typeof(float), 12),
            new[] { ColumnTypeInfo.Vector("Holiday", typeof(float), 8) }, 0, LstmInputKind.Auto, true));
        Assert.Contains("expected Vector<Single, 12>", m);
        Assert.Contains("found Vector<Single, 8>", m);

        m = Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Scalar("y", typeof(float)),
            new[] { ColumnTypeInfo.Missing("Holiday") }, 0, LstmInputKind.Auto, true));
        Assert.Contains("'Holiday'", m);
        Assert.Contains("not found", m);
    }

    [Fact]
    public void A_forced_input_kind_must_match_the_column()
    {
        Assert.Contains("windowed input needs one window",
            Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Scalar("y", typeof(float)), s_none, 12, LstmInputKind.Windowed, true)));
        Assert.Contains("streaming input needs one observation",
            Error(() => LstmSchemaRules.ResolveForecasting(ColumnTypeInfo.Vector("y", typeof(float), 12), s_none, 0, LstmInputKind.Streaming, true)));
    }

    [Fact]
    public void Regression_reads_a_Single_label_and_whole_windows()
    {
        Assert.Equal(new LstmLayout(LstmInputKind.Windowed, 12, 1),
            LstmSchemaRules.ResolveRegression(ColumnTypeInfo.Scalar("Label", typeof(float)), ColumnTypeInfo.Vector("Features", typeof(float), 12), 0, true));
        Assert.Equal(new LstmLayout(LstmInputKind.Windowed, 12, 2),
            LstmSchemaRules.ResolveRegression(ColumnTypeInfo.Scalar("Label", typeof(float)), ColumnTypeInfo.Vector("Features", typeof(float), 24), 12, true));

        string m = Error(() => LstmSchemaRules.ResolveRegression(ColumnTypeInfo.Scalar("Label", typeof(bool)), ColumnTypeInfo.Vector("Features", typeof(float), 12), 0, true));
        Assert.Contains("'Label' (labelColumnName)", m);
        Assert.Contains("found Boolean", m);

        m = Error(() => LstmSchemaRules.ResolveRegression(ColumnTypeInfo.Scalar("Label", typeof(float)), ColumnTypeInfo.Vector("Features", typeof(float), 20), 12, true));
        Assert.Contains("'Features' (featureColumnName)", m);
        Assert.Contains("not a whole number of windows", m);

        m = Error(() => LstmSchemaRules.ResolveRegression(ColumnTypeInfo.Scalar("Label", typeof(float)), ColumnTypeInfo.Scalar("Features", typeof(float)), 0, true));
        Assert.Contains("found Single", m);
        Assert.Contains("Concatenate", m);

        m = Error(() => LstmSchemaRules.ResolveRegression(ColumnTypeInfo.Scalar("Label", typeof(float)), ColumnTypeInfo.Vector("Features", typeof(uint), 12) with { IsKey = true }, 0, true));
        Assert.Contains("Key<UInt32>", m);
    }

    [Fact]
    public void Internal_column_names_are_refused_in_the_input()
    {
        Assert.Contains("'__LstmModel'", Error(() => LstmSchemaRules.CheckReservedNames(new[] { "y", "__LstmModel" })));
        LstmSchemaRules.CheckReservedNames(new[] { "y", "__Other" });
    }
}
