namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>Differencing applied after the transform and inverted by cumulative sums at prediction time.</summary>
public enum DifferencingMethod
{
    /// <summary>No differencing.</summary>
    None,
    /// <summary>x_t - x_{t-1}.</summary>
    First,
    /// <summary>x_t - x_{t-s}, with s the season period.</summary>
    Seasonal,
}
