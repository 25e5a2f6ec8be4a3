namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>One configuration tried by <see cref="AutoConfigurator"/> and its rolling-origin score.</summary>
/// <param name="Description">What differs from the defaults.</param>
/// <param name="Options">The options tried.</param>
/// <param name="Score">Mean absolute error over the folds divided by the in-sample seasonal-naive error (MASE-like; lower is better).</param>
/// <param name="Seconds">Time the evaluation took.</param>
/// <param name="FoldScores">The score of each rolling origin, oldest first.</param>
public sealed record ConfigurationScore(string Description, LstmForecasterOptions Options, double Score, double Seconds, double[] FoldScores);
