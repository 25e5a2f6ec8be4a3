using System;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>A forecast of the next steps with lower and upper confidence bounds per step.</summary>
public sealed class ForecastResult
{
    /// <summary>Creates a result; the arrays must have one value per step.</summary>
    public ForecastResult(float[] values, float[] lowerBound, float[] upperBound, float confidenceLevel)
    {
        if (lowerBound.Length != values.Length || upperBound.Length != values.Length)
            throw new ArgumentException("Bounds must have one value per forecast step.");
        Values = values;
        LowerBound = lowerBound;
        UpperBound = upperBound;
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>The forecast, one value per step after the origin.</summary>
    public float[] Values { get; }

    /// <summary>Lower bound per step at <see cref="ConfidenceLevel"/>.</summary>
    public float[] LowerBound { get; }

    /// <summary>Upper bound per step at <see cref="ConfidenceLevel"/>.</summary>
    public float[] UpperBound { get; }

    /// <summary>The probability the bounds were calibrated for (0.95 by default).</summary>
    public float ConfidenceLevel { get; }
}
