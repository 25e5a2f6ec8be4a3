using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Forecasting;

public sealed partial class LstmForecaster
{
    /// <summary>
    /// Continues training every ensemble member on <paramref name="series"/> (typically the old data plus new
    /// observations) for a few epochs at a tenth of the learning rate, keeping the fitted scaling, and moves each
    /// series' forecast origin to the end of the data given. Cheaper than <see cref="Retrain"/>; the bounds keep their
    /// original calibration.
    /// </summary>
    /// <param name="series">Series known to the forecaster (matched by id; a single series may keep the default id).</param>
    /// <param name="epochs">Passes over the windows. Default 20.</param>
    /// <param name="cancellationToken">Stops at the next mini-batch; the weights of the best epoch so far are kept.</param>
    public void FineTune(IReadOnlyList<SeriesInput> series, int epochs = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
            throw new ArgumentException("No series to fine-tune on: the input is empty.", nameof(series));
        if (epochs <= 0)
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"The number of epochs must be positive; got {epochs}.");
        var prepared = new List<PreparedSeries>();
        var states = new List<SeriesState>();
        foreach (SeriesInput input in series)
        {
            input.Validate(nameof(series));
            SeriesState state = _series.Count == 1 ? _series[0] : Find(input.Id);
            if (input.Features.Count != FeatureCount)
                throw new ArgumentException($"Series '{input.Id}' has {input.Features.Count} feature columns; the forecaster was trained with {FeatureCount}.", nameof(series));
            prepared.Add(state.Prepare(input));
            states.Add(state);
        }
        foreach (EnsembleMember member in _members)
        {
            int outputs = member.Network.OutputSize;
            PreparedSeries tooShort = prepared.FirstOrDefault(p => p.Z.Length < member.Window + outputs)!;
            if (tooShort != null)
                throw new ArgumentException($"A series has {tooShort.Z.Length} processed points; fine-tuning needs at least window + horizon = {member.Window + outputs}.", nameof(series));
            var sampler = new WindowSampler(prepared, member.Window, outputs, prepared.Select(p => (member.Window, p.Z.Length - outputs)).ToList(), Options.NormalizeWindows);
            var trainer = new TrainerOptions
            {
                Epochs = epochs,
                BatchSize = Options.BatchSize,
                LearningRate = Options.LearningRate / 10,
                Loss = Loss.FromName(Options.Loss),
                ClipNorm = 1f,
                Seed = member.Seed,
            };
            new LstmTrainer(trainer).Train(member.Network, sampler, cancellationToken);
        }
        for (int i = 0; i < states.Count; i++)
        {
            SeriesState state = states[i];
            SeriesInput input = series[i];
            state.History.Clear();
            state.History.AddRange(input.Values.Skip(Math.Max(0, input.Values.Count - RequiredHistory)));
            for (int f = 0; f < FeatureCount; f++)
            {
                state.FeatureHistory[f].Clear();
                state.FeatureHistory[f].AddRange(input.Features[f].Skip(Math.Max(0, input.Values.Count - RequiredHistory)));
            }
        }
    }
}
