using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.MLNet;

/// <summary>The series a windowed model is trained on, and the per-slot maps from the rows' units to the model's.</summary>
internal sealed record WindowedSeries(SeriesInput Series, float[] SlotScale, float[] SlotOffset, string Description);

/// <summary>
/// Builds the forecaster's training series from the rows an ML.NET pipeline delivers (pure: no ML.NET types).
/// Streaming rows are observations; windowed rows are successive windows, reassembled into the series they slide over.
/// </summary>
internal static class TrainingSeries
{
    /// <summary>Largest unexplained variance fraction (1 - R²) accepted when matching a slot of one row with the next
    /// slot of the previous row: float rounding of affine featurizers is far below it, gaps or shuffles far above.</summary>
    internal const double SlidingTolerance = 1e-4;

    /// <summary>The series of streaming rows (each: the observation, then one value per feature column).</summary>
    public static SeriesInput FromStreaming(IReadOnlyList<float[]> rows, int channels, IReadOnlyList<string> columnNames)
    {
        if (rows.Count == 0)
            throw new ArgumentException($"The training data has no rows: column '{columnNames[0]}' needs the series, one observation per row.");
        var values = new float[rows.Count];
        var features = new float[channels - 1][];
        for (int f = 0; f < features.Length; f++)
            features[f] = new float[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            float[] row = rows[r];
            if (row.Length != channels)
                throw new InvalidOperationException($"Row {r} has {row.Length} values; {channels} (the input and {channels - 1} feature columns) were expected.");
            for (int c = 0; c < channels; c++)
                if (!float.IsFinite(row[c]))
                    throw new ArgumentException($"Row {r} of column '{columnNames[c]}' is {row[c]}: the training series must be complete and finite " +
                        "(fill or drop missing values first, e.g. mlContext.Transforms.ReplaceMissingValues).");
            values[r] = row[0];
            for (int f = 0; f < features.Length; f++)
                features[f][r] = row[1 + f];
        }
        return new SeriesInput(values, features);
    }

    /// <summary>
    /// The series successive windows slide over, in the units of the reference (the label when given, else each
    /// channel's newest slot), with the affine map of every slot to those units.
    /// </summary>
    /// <param name="rows">Per row: channel-major windows (channel c, step t at c·window + t), oldest step first.</param>
    /// <param name="window">Steps per window.</param>
    /// <param name="channels">Windows per row: the target's, then one per feature.</param>
    /// <param name="labels">Per row, the value after its window (regression); null for forecasting.</param>
    /// <param name="inputColumn">Name of the windows' column, for messages.</param>
    /// <param name="labelColumn">Name of the label column, for messages.</param>
    public static WindowedSeries FromWindows(IReadOnlyList<float[]> rows, int window, int channels, IReadOnlyList<float>? labels,
        string inputColumn, string? labelColumn = null)
    {
        int n = rows.Count;
        if (window <= 0 || channels <= 0)
            throw new ArgumentOutOfRangeException(nameof(window), $"Window ({window}) and channels ({channels}) must be positive.");
        if (labels != null && labels.Count != n)
            throw new ArgumentException($"{labels.Count} labels for {n} rows.");
        if (n < 3)
            throw new ArgumentException($"The training data has {n} rows of column '{inputColumn}': windowed training needs at least 3 successive windows " +
                "(and, for the forecaster, as many as the horizon and its validation need).");
        for (int r = 0; r < n; r++)
        {
            if (rows[r].Length != window * channels)
                throw new InvalidOperationException($"Row {r} of column '{inputColumn}' has {rows[r].Length} values; {window * channels} were expected.");
            for (int i = 0; i < rows[r].Length; i++)
                if (!float.IsFinite(rows[r][i]))
                    throw new ArgumentException($"Row {r} of column '{inputColumn}' has {rows[r][i]} at slot {i}: training windows must be complete and finite.");
            if (labels != null && !float.IsFinite(labels[r]))
                throw new ArgumentException($"Row {r} of column '{labelColumn}' is {labels[r]}: labels must be finite.");
        }

        var scale = new float[window * channels];
        var offset = new float[window * channels];
        for (int c = 0; c < channels; c++)
        {
            string? failure = FitSlotMaps(rows, window, c, c == 0 ? labels : null, scale, offset, reversed: false);
            if (failure != null)
            {
                bool newestFirst = FitSlotMaps(rows, window, c, c == 0 ? labels : null, new float[scale.Length], new float[offset.Length], reversed: true) == null;
                string what = c == 0 ? $"column '{inputColumn}'" : $"feature window {c} of column '{inputColumn}'";
                throw new ArgumentException(newestFirst
                    ? $"The windows of {what} hold the newest value first; the LSTM reads windows oldest value first. Reverse the lag order (e.g. Concatenate lag{window}, ..., lag1)."
                    : $"The rows of {what} are not successive windows of one series in time order: {failure}. " +
                      "Windowed training needs each row's window to be the previous row's shifted by one step " +
                      (labels != null ? $"and each row's label ('{labelColumn}') to be the value after its window " : "") +
                      "(featurizers that rescale each slot, such as NormalizeMinMax, are fine). Do not shuffle or sample the rows; split by time " +
                      "(mlContext.Data.TakeRows / SkipRows), or train on the series itself (streaming input).");
            }
        }

        int length = window + n - 1 + (labels != null ? 1 : 0);
        var series = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            float[] s = series[c] = new float[length];
            int b = c * window;
            for (int t = 0; t < window; t++)
                s[t] = ToModel(rows[0][b + t], scale[b + t], offset[b + t]);
            for (int r = 1; r < n; r++)
                s[window - 1 + r] = ToModel(rows[r][b + window - 1], scale[b + window - 1], offset[b + window - 1]);
            if (labels != null)
                // The value after the last window: the label for the target; a feature's value there is unknown, and only a
                // window ending after it would read it (none in training), so the last known value stands in.
                s[length - 1] = c == 0 ? labels[n - 1] : s[length - 2];
        }
        bool identity = scale.All(a => a == 1f) && offset.All(b => b == 0f);
        string description = $"windowed training: {n} rows of {window} steps x {channels} channel(s) from column '{inputColumn}' -> a series of {length} points" +
            (labels != null ? $" (the last from '{labelColumn}')" : "") +
            (identity ? "; the rows are the series' own values" : $"; per-slot featurizer undone (slot scales {scale.Min():G4}..{scale.Max():G4})");
        return new WindowedSeries(new SeriesInput(series[0], series.Skip(1).ToArray()), scale, offset, description);
    }

    /// <summary>The model-unit value of a slot value: x = (y - offset) / scale.</summary>
    public static float ToModel(float raw, float scale, float offset) => (raw - offset) / scale;

    /// <summary>
    /// Fits y = a·x + b for every slot of channel <paramref name="channel"/> against the reference, newest slot first;
    /// null when every slot fits, else why not. The newest slot's reference is the label of the previous row when labels
    /// are given, else itself (identity); slot s is matched with slot s + 1 of the previous row, mapped to the reference.
    /// </summary>
    private static string? FitSlotMaps(IReadOnlyList<float[]> rows, int window, int channel, IReadOnlyList<float>? labels,
        float[] scale, float[] offset, bool reversed)
    {
        int n = rows.Count;
        int b = channel * window;
        double Slot(int r, int s) => rows[r][b + (reversed ? window - 1 - s : s)];
        var x = new double[n - 1];
        var y = new double[n - 1];
        if (labels != null)
        {
            for (int r = 0; r < n - 1; r++)
            {
                x[r] = labels[r];
                y[r] = Slot(r + 1, window - 1);
            }
            if (!Fit(x, y, out double a, out double c, out double badness))
                return $"the label of each row should be the newest value of the next row's window, but they fit with R² = {1 - badness:F4}";
            scale[b + window - 1] = (float)a;
            offset[b + window - 1] = (float)c;
        }
        else
        {
            scale[b + window - 1] = 1f;
            offset[b + window - 1] = 0f;
        }
        for (int s = window - 2; s >= 0; s--)
        {
            for (int r = 0; r < n - 1; r++)
            {
                x[r] = (Slot(r, s + 1) - offset[b + s + 1]) / (double)scale[b + s + 1];
                y[r] = Slot(r + 1, s);
            }
            if (!Fit(x, y, out double a, out double c, out double badness))
                return $"slot {s} of each row should repeat slot {s + 1} of the previous row, but they fit with R² = {1 - badness:F4}";
            scale[b + s] = (float)a;
            offset[b + s] = (float)c;
        }
        return null;
    }

    /// <summary>Least squares y ≈ a·x + b; false when the fit leaves more than <see cref="SlidingTolerance"/> of y's
    /// variance unexplained or a vanishes.</summary>
    private static bool Fit(double[] x, double[] y, out double a, out double b, out double badness)
    {
        int n = x.Length;
        double mx = x.Average(), my = y.Average();
        double sxx = 0, sxy = 0, syy = 0, scaleSq = 0;
        for (int i = 0; i < n; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
            scaleSq += y[i] * y[i];
        }
        double floor = 1e-12 * (scaleSq + n);
        if (sxx <= floor)
        {
            // A constant reference: the slot must be constant too; keep the scale, carry the shift.
            a = 1;
            b = my - mx;
            badness = syy <= floor ? 0 : 1;
            return badness == 0;
        }
        a = sxy / sxx;
        b = my - a * mx;
        double ssRes = 0;
        for (int i = 0; i < n; i++)
        {
            double e = y[i] - (a * x[i] + b);
            ssRes += e * e;
        }
        badness = syy <= floor ? (ssRes <= floor ? 0 : 1) : ssRes / syy;
        return badness <= SlidingTolerance && Math.Abs(a) > 1e-9;
    }
}
