namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>A variance-stabilizing transform of the target, fitted on the training part and inverted exactly.</summary>
public enum TargetTransform
{
    /// <summary>Log for strictly positive series whose seasonal swings grow with their level; none otherwise.</summary>
    Auto,
    /// <summary>Values as they are.</summary>
    None,
    /// <summary>Natural log (needs strictly positive values): multiplicative seasonality becomes additive.</summary>
    Log,
    /// <summary>Box-Cox with λ fitted by maximum likelihood on the training part (needs strictly positive values).</summary>
    BoxCox,
}

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

/// <summary>How a forecast of several steps is produced.</summary>
public enum MultiStepStrategy
{
    /// <summary>One network output per horizon step (the default): no error accumulation.</summary>
    Direct,
    /// <summary>One-step forecasts fed back as inputs; can forecast past the trained horizon. Univariate input only.</summary>
    Recursive,
}
