using System;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>Standard scaling of one feature column, fitted on the training part.</summary>
internal readonly record struct FeatureScaler(double Mean, double Scale)
{
    public static FeatureScaler Fit(ReadOnlySpan<float> values)
    {
        double mean = 0;
        foreach (float v in values) mean += v;
        mean /= values.Length;
        double variance = 0;
        foreach (float v in values) variance += (v - mean) * (v - mean);
        double scale = Math.Sqrt(variance / values.Length);
        return new FeatureScaler(mean, scale > 1e-12 ? scale : 1.0);
    }

    public float Apply(float value) => (float)((value - Mean) / Scale);
}
