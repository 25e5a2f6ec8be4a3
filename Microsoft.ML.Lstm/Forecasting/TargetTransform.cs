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
