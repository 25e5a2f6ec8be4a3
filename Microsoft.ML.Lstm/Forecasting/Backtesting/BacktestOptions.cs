using System;

namespace Microsoft.ML.Lstm.Forecasting.Backtesting;

/// <summary>Where the forecast origins of a backtest are and whether the forecaster is retrained at each.</summary>
public sealed class BacktestOptions
{
    /// <summary>Forecast origins per series. The last one is h steps before the series' end, so its forecast ends with
    /// the data; each earlier one is <see cref="Step"/> steps before the next. Default 3.</summary>
    public int Origins { get; set; } = 3;

    /// <summary>Steps between consecutive origins; 0 (default) uses the horizon, so the forecast periods do not overlap.</summary>
    public int Step { get; set; }

    /// <summary>
    /// True (default): at every origin a new forecaster is trained on the data before it, which is what a forecaster
    /// retrained whenever new data comes in would have achieved; costs one training per origin.
    /// False: one forecaster is trained on the data before the first origin and every origin is forecast from the history
    /// up to it (<see cref="LstmForecaster.ForecastAfter"/>) without retraining, which is what a deployed forecaster that
    /// is never retrained would have achieved; costs one training, and later origins usually score a little worse.
    /// </summary>
    public bool Retrain { get; set; } = true;

    /// <summary>The season period s of the MASE scale; 0 (default) uses the trained forecaster's season period
    /// (given or detected).</summary>
    public int SeasonPeriod { get; set; }

    /// <summary>A copy of these options.</summary>
    public BacktestOptions Clone() => (BacktestOptions)MemberwiseClone();

    internal void Validate()
    {
        if (Origins < 1)
            throw new ArgumentOutOfRangeException(nameof(Origins), Origins, $"{nameof(Origins)} must be at least 1; got {Origins}.");
        if (Step < 0)
            throw new ArgumentOutOfRangeException(nameof(Step), Step, $"{nameof(Step)} must be positive (or 0 for the horizon); got {Step}.");
        if (SeasonPeriod < 0)
            throw new ArgumentOutOfRangeException(nameof(SeasonPeriod), SeasonPeriod, $"{nameof(SeasonPeriod)} must be positive (or 0 for the forecaster's); got {SeasonPeriod}.");
    }
}
