using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Forecasting.Csv;

/// <summary>One series read from a CSV file: the input for training, its timestamps, and where its rows were.</summary>
public sealed class CsvSeries
{
    internal CsvSeries(SeriesInput input, SeriesTimeline time, IReadOnlyList<string> featureNames, IReadOnlyList<int> lines)
    {
        Input = input;
        Time = time;
        FeatureNames = featureNames;
        Lines = lines;
    }

    /// <summary>The values and features, ready for <see cref="LstmForecaster.Train(IReadOnlyList{SeriesInput}, LstmForecasterOptions, System.Action{ForecasterProgress}?, System.Action{string}?, System.Threading.CancellationToken)"/>;
    /// its id is the series-id cell, or the file's name without extension for a file of one series.</summary>
    public SeriesInput Input { get; }

    /// <summary>The series' id.</summary>
    public string Id => Input.Id;

    /// <summary>The timestamps and their period.</summary>
    public SeriesTimeline Time { get; }

    /// <summary>The feature columns' headers, in the order of <see cref="SeriesInput.Features"/>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The 1-based file line of each point, for messages about a point.</summary>
    public IReadOnlyList<int> Lines { get; }
}
