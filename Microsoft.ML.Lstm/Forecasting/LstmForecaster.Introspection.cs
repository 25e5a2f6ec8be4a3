using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Engine.Introspection;

namespace Microsoft.ML.Lstm.Forecasting;

public sealed partial class LstmForecaster
{
    /// <summary>
    /// The gates, cell states and outputs of every layer of ensemble member <paramref name="member"/> while it reads the
    /// latest window of a series: what it opened, kept and forgot to produce the current forecast.
    /// </summary>
    public IReadOnlyList<LayerTrace> TraceLatestWindow(string? seriesId = null, int member = 0)
    {
        SeriesState state = Find(seriesId);
        if (member < 0 || member >= _members.Count)
            throw new ArgumentOutOfRangeException(nameof(member), member, $"The ensemble has {_members.Count} members.");
        EnsembleMember m = _members[member];
        PreparedSeries prepared = PrepareTail(state, state.History, state.FeatureHistory);
        var x = new float[m.Window * m.Network.InputSize];
        WindowSampler.WriteWindow(prepared, prepared.Z.Length, x, m.Window, Options.NormalizeWindows);
        return GateInspector.Trace(m.Network, x, m.Window);
    }

    /// <summary>Gate saturation of ensemble member <paramref name="member"/> over every window of <paramref name="series"/>
    /// (processed with the scaling fitted for its id, or the only series').</summary>
    public IReadOnlyList<GateSaturation> GateSaturation(SeriesInput series, int member = 0)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.Validate(nameof(series));
        SeriesState state = _series.Count == 1 ? _series[0] : Find(series.Id);
        if (member < 0 || member >= _members.Count)
            throw new ArgumentOutOfRangeException(nameof(member), member, $"The ensemble has {_members.Count} members.");
        EnsembleMember m = _members[member];
        PreparedSeries prepared = state.Prepare(series);
        float[] z = prepared.Z;
        int outputs = m.Network.OutputSize;
        if (z.Length < m.Window + outputs)
            throw new ArgumentException($"Series '{series.Id}' has {series.Values.Count} points; a window needs {m.Window + outputs + state.Preprocessor.Lag}.", nameof(series));
        var sampler = new WindowSampler(new[] { prepared }, m.Window, outputs,
            new[] { (m.Window, z.Length - outputs) }, Options.NormalizeWindows);
        return GateInspector.Saturation(m.Network, sampler);
    }

    /// <summary>The processed last window of a history, in the forecast scratch buffers (no allocation).</summary>
    private PreparedSeries PrepareTail(SeriesState state, IReadOnlyList<float> history, IReadOnlyList<IReadOnlyList<float>> featureHistory)
    {
        ForecastScratch scratch = Scratch(Horizon);
        int needed = RequiredHistory, lag = state.Preprocessor.Lag, start = history.Count - needed;
        float[] raw = scratch.Raw;
        for (int i = 0; i < needed; i++)
            raw[i] = history[start + i];
        PreparedSeries prepared = scratch.Prepared;
        state.Preprocessor.ApplyTo(raw, prepared.Z);
        for (int f = 0; f < FeatureCount; f++)
        {
            float[] column = prepared.Features[f];
            for (int i = 0; i < column.Length; i++)
                column[i] = state.FeatureScalers[f].Apply(featureHistory[f][start + lag + i]);
        }
        return prepared;
    }
}
