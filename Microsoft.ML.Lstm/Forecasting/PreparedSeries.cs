namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>
/// A series after preprocessing, as the network sees it: Z[i] is the processed target at raw time i + Lag and
/// Features[f][i] the scaled feature f at the same time.
/// </summary>
internal sealed class PreparedSeries
{
    public PreparedSeries(float[] z, float[][] features)
    {
        Z = z;
        Features = features;
    }

    /// <summary>The processed target.</summary>
    public float[] Z { get; }

    /// <summary>The scaled features, each as long as <see cref="Z"/>.</summary>
    public float[][] Features { get; }
}
