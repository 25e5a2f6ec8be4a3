namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>How the (transformed) target is scaled before it reaches the network. Fitted on the training part;
/// nothing is clipped, so a series can leave its training range.</summary>
public enum ScalingMethod
{
    /// <summary>(x - mean) / standard deviation.</summary>
    Standard,
    /// <summary>(x - min) / (max - min) of the training part, without clipping outside it.</summary>
    MinMax,
    /// <summary>(x - median) / interquartile range: insensitive to outliers.</summary>
    Robust,
    /// <summary>No scaling.</summary>
    None,
}
