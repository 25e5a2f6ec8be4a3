namespace Microsoft.ML.Lstm.Engine.Introspection;

/// <summary>
/// How one gate of one layer behaved over a data set: its mean and how often it sat near its ends. A gate that is
/// almost always near 0 or 1 acts as a hard switch; one always near 0.5 has learned little; a forget gate near 1 keeps
/// long memory.
/// </summary>
/// <param name="Layer">0-based layer index.</param>
/// <param name="Gate">"input", "forget" or "output".</param>
/// <param name="Mean">Mean activation over every unit, step and sample.</param>
/// <param name="LowFraction">Fraction of activations below <see cref="GateInspector.LowThreshold"/>.</param>
/// <param name="HighFraction">Fraction of activations above <see cref="GateInspector.HighThreshold"/>.</param>
/// <param name="UnitMeans">Mean activation per unit.</param>
public sealed record GateSaturation(int Layer, string Gate, double Mean, double LowFraction, double HighFraction, double[] UnitMeans)
{
    /// <summary>Low plus high fraction: how often the gate acts as a closed or open switch.</summary>
    public double SaturatedFraction => LowFraction + HighFraction;
}
