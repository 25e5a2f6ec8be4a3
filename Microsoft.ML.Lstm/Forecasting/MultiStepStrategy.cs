namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>How a forecast of several steps is produced.</summary>
public enum MultiStepStrategy
{
    /// <summary>One network output per horizon step (the default): no error accumulation.</summary>
    Direct,
    /// <summary>One-step forecasts fed back as inputs; can forecast past the trained horizon. Univariate input only.</summary>
    Recursive,
}
