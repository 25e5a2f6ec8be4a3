using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>The outcome of a configuration search.</summary>
/// <param name="Options">The options to train the final forecaster with.</param>
/// <param name="Candidates">Every configuration evaluated, in order.</param>
/// <param name="Report">What was chosen and why.</param>
public sealed record AutoConfiguration(LstmForecasterOptions Options, IReadOnlyList<ConfigurationScore> Candidates, string Report);
