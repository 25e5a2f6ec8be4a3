using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>What a forecaster keeps per series: its fitted preprocessing and the recent history forecasts start from.</summary>
internal sealed class SeriesState
{
    public SeriesState(string id, SeriesPreprocessor preprocessor, FeatureScaler[] featureScalers, List<float> history, List<float>[] featureHistory)
    {
        Id = id;
        Preprocessor = preprocessor;
        FeatureScalers = featureScalers;
        History = history;
        FeatureHistory = featureHistory;
    }

    public string Id { get; }

    public SeriesPreprocessor Preprocessor { get; }

    public FeatureScaler[] FeatureScalers { get; }

    /// <summary>The latest raw values, oldest first (at least the forecaster's required history).</summary>
    public List<float> History { get; }

    /// <summary>The latest raw feature values, aligned with <see cref="History"/>.</summary>
    public List<float>[] FeatureHistory { get; }

    /// <summary>A whole series processed with this state's fitted preprocessing and feature scaling, as the network sees it.</summary>
    public PreparedSeries Prepare(SeriesInput input)
    {
        float[] z = Preprocessor.Apply(input.Values.ToArray());
        var features = new float[FeatureScalers.Length][];
        for (int f = 0; f < features.Length; f++)
            features[f] = input.Features[f].Skip(Preprocessor.Lag).Select(FeatureScalers[f].Apply).ToArray();
        return new PreparedSeries(z, features);
    }

    public void Append(float value, IReadOnlyList<float>? features, int keep)
    {
        History.Add(value);
        for (int f = 0; f < FeatureHistory.Length; f++)
            FeatureHistory[f].Add(features![f]);
        int excess = History.Count - keep;
        if (excess > 64) // trim in blocks, not on every append
        {
            History.RemoveRange(0, excess);
            foreach (List<float> column in FeatureHistory)
                column.RemoveRange(0, excess);
        }
    }
}
