namespace Microsoft.ML.Lstm.Forecasting.Backtesting;

/// <summary>Progress of a backtest: which training is running and that training's own progress.</summary>
/// <param name="Training">0-based index of the training running (one per origin when retraining, else only 0).</param>
/// <param name="Trainings">Trainings in the whole backtest.</param>
/// <param name="Progress">The running training's progress.</param>
public sealed record BacktestProgress(int Training, int Trainings, ForecasterProgress Progress)
{
    /// <summary>Fraction of the whole backtest done, in [0, 1].</summary>
    public double Fraction => (Training + Progress.Fraction) / Trainings;
}
