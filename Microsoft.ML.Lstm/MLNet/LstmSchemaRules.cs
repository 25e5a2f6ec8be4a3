using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>What the input columns say about how to feed the forecaster.</summary>
/// <param name="Kind">Streaming or windowed (never Auto).</param>
/// <param name="Window">Window size: the vector size in windowed mode (0 while unknown, from a schema shape); the
/// requested window (0: automatic) in streaming mode.</param>
/// <param name="Channels">1 + the number of feature columns (windowed regression: the number of windows the features
/// vector holds).</param>
internal sealed record LstmLayout(LstmInputKind Kind, int Window, int Channels)
{
    /// <summary>Floats per row in the concatenated data column: the window of every channel, or one value per channel.</summary>
    public int DataLength => Kind == LstmInputKind.Streaming ? Channels : Window * Channels;
}

/// <summary>
/// The schema checks of the ML.NET layer as pure functions over <see cref="ColumnTypeInfo"/>: every error names the
/// column, the type expected and the type found, in ML.NET's wording ("Schema mismatch for input column ...").
/// </summary>
internal static class LstmSchemaRules
{
    private const string ParamName = "inputSchema";

    /// <summary>The layout of <c>ForecastByLstm</c>'s input.</summary>
    /// <param name="input">The input column.</param>
    /// <param name="features">The feature columns (may be empty).</param>
    /// <param name="windowSize">The requested window size; 0 chooses (streaming) or takes the vector size (windowed).</param>
    /// <param name="requested">The requested input kind; Auto decides by the input column.</param>
    /// <param name="sizesKnown">False for schema shapes, which do not carry vector sizes (sizes are checked at Fit).</param>
    public static LstmLayout ResolveForecasting(ColumnTypeInfo input, IReadOnlyList<ColumnTypeInfo> features, int windowSize,
        LstmInputKind requested, bool sizesKnown)
    {
        string windowed = windowSize > 0 ? $"Vector<Single, {windowSize}>" : "a known-size Vector<Single>";
        string either = requested switch
        {
            LstmInputKind.Streaming => "Single (streaming: one observation per row)",
            LstmInputKind.Windowed => $"{windowed} (windowed: one window per row)",
            _ => $"Single (streaming: one observation per row) or {windowed} (windowed: one window per row)",
        };
        if (input.Shape == ColumnShape.Missing)
            throw Mismatch(input, "inputColumnName", either, "it was not found in the input data");
        if (!input.IsSingle)
            throw Mismatch(input, "inputColumnName", either, TypeHint(input));
        switch (input.Shape)
        {
            case ColumnShape.Scalar:
                if (requested == LstmInputKind.Windowed)
                    throw Mismatch(input, "inputColumnName", either, "windowed input needs one window (a vector) per row");
                foreach (ColumnTypeInfo f in features)
                    if (f.Shape != ColumnShape.Scalar || !f.IsSingle)
                        throw Mismatch(f, "featureColumnNames", "Single (streaming: one value per row, like the input column)",
                            f.Shape == ColumnShape.Missing ? "it was not found in the input data" : TypeHint(f));
                return new LstmLayout(LstmInputKind.Streaming, windowSize, 1 + features.Count);

            case ColumnShape.Vector:
                if (requested == LstmInputKind.Streaming)
                    throw Mismatch(input, "inputColumnName", either, "streaming input needs one observation (a scalar) per row");
                int window = windowSize;
                if (sizesKnown)
                {
                    if (windowSize > 0 && input.Size != windowSize)
                        throw Mismatch(input, "inputColumnName", either, $"the vector must hold exactly windowSize = {windowSize} values");
                    window = input.Size;
                }
                string featureExpected = window > 0 ? $"Vector<Single, {window}> (windowed: the feature's values over the window)"
                    : "a known-size Vector<Single> (windowed: the feature's values over the window)";
                foreach (ColumnTypeInfo f in features)
                {
                    bool ok = f.Shape == ColumnShape.Vector && f.IsSingle && (!sizesKnown || f.Size == window);
                    if (!ok)
                        throw Mismatch(f, "featureColumnNames", featureExpected,
                            f.Shape == ColumnShape.Missing ? "it was not found in the input data" : f.IsSingle ? "it must be as long as the input window" : TypeHint(f));
                }
                return new LstmLayout(LstmInputKind.Windowed, window, 1 + features.Count);

            default:
                throw Mismatch(input, "inputColumnName", either,
                    "a windowed input must declare its size (for example [VectorType(12)] on a float[] field, or build it with Concatenate)");
        }
    }

    /// <summary>The layout of the regression trainer's features column (a window, or several windows end to end).</summary>
    /// <param name="label">The label column; null at Transform time, where it is not needed.</param>
    /// <param name="features">The features column.</param>
    /// <param name="windowSize">Window size; 0 takes the whole vector as one window.</param>
    /// <param name="sizesKnown">False for schema shapes.</param>
    public static LstmLayout ResolveRegression(ColumnTypeInfo? label, ColumnTypeInfo features, int windowSize, bool sizesKnown)
    {
        if (label is { } l && (l.Shape != ColumnShape.Scalar || !l.IsSingle))
            throw Mismatch(l, "labelColumnName", "Single (the value that follows each row's window)",
                l.Shape == ColumnShape.Missing ? "it was not found in the input data" : TypeHint(l));
        string expected = windowSize > 0
            ? $"a known-size Vector<Single> of windowSize = {windowSize} values (or a multiple: one window per channel, the target's first)"
            : "a known-size Vector<Single> (the window, oldest value first)";
        if (features.Shape == ColumnShape.Missing)
            throw Mismatch(features, "featureColumnName", expected, "it was not found in the input data");
        if (!features.IsSingle || features.Shape == ColumnShape.Scalar)
            throw Mismatch(features, "featureColumnName", expected, features.IsSingle ? "a window needs a vector (Concatenate the lag columns)" : TypeHint(features));
        if (features.Shape == ColumnShape.VariableVector)
            throw Mismatch(features, "featureColumnName", expected, "declare the vector's size (for example [VectorType(12)], or build it with Concatenate)");
        if (!sizesKnown)
            return new LstmLayout(LstmInputKind.Windowed, windowSize, 1);
        int window = windowSize > 0 ? windowSize : features.Size;
        if (features.Size % window != 0)
            throw Mismatch(features, "featureColumnName", expected, $"{features.Size} values are not a whole number of windows of {window}");
        return new LstmLayout(LstmInputKind.Windowed, window, features.Size / window);
    }

    /// <summary>Refuses input data that already has one of the contract's internal column names (they would be replaced
    /// and then dropped).</summary>
    public static void CheckReservedNames(IEnumerable<string> columnNames)
    {
        foreach (string name in columnNames)
            if (LstmColumns.Reserved.Contains(name))
                throw new ArgumentOutOfRangeException(ParamName,
                    $"The input data has a column named '{name}', a name the LSTM forecaster uses internally (every name starting with '__Lstm' is reserved); rename it.");
    }

    private static ArgumentOutOfRangeException Mismatch(ColumnTypeInfo column, string role, string expected, string why) =>
        new(ParamName, $"Schema mismatch for input column '{column.Name}' ({role}): expected {expected}, found {column.Describe()}; {why}.");

    private static string TypeHint(ColumnTypeInfo column)
    {
        if (column.IsKey)
            return "key (categorical) columns are not numeric observations";
        if (column.ItemType == typeof(double))
            return "convert it to Single first (mlContext.Transforms.Conversion.ConvertType with outputKind DataKind.Single)";
        if (column.ItemType == typeof(ReadOnlyMemory<char>) || column.ItemType == typeof(string))
            return "text must be parsed to numbers when loading (a Single column in TextLoader, a float field in your class)";
        return "the LSTM reads Single (float) values";
    }
}
