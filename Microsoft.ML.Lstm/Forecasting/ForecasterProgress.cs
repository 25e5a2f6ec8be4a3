using System;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>Progress of <see cref="LstmForecaster.Train(System.Collections.Generic.IReadOnlyList{SeriesInput}, LstmForecasterOptions, Action{ForecasterProgress}?, Action{string}?, System.Threading.CancellationToken)"/>, reported after every epoch.</summary>
/// <param name="Phase">"validate" while the epoch count and the bounds are chosen on held-out windows, "fit" while the final networks train on every window.</param>
/// <param name="Member">0-based ensemble member.</param>
/// <param name="Members">Ensemble size.</param>
/// <param name="Epoch">1-based epoch within this member's phase.</param>
/// <param name="Epochs">Epochs of this member's phase.</param>
/// <param name="Loss">Training loss of the epoch.</param>
/// <param name="ValidationLoss">Validation loss of the epoch, when validating.</param>
/// <param name="Fraction">Fraction of the whole training done, in [0, 1].</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record ForecasterProgress(string Phase, int Member, int Members, int Epoch, int Epochs, float Loss,
    float? ValidationLoss, double Fraction, TimeSpan Elapsed)
{
    /// <summary>Estimated time left, from the elapsed time and <see cref="Fraction"/>.</summary>
    public TimeSpan Remaining => Fraction > 0 ? TimeSpan.FromSeconds(Elapsed.TotalSeconds * (1 - Fraction) / Fraction) : TimeSpan.Zero;
}
