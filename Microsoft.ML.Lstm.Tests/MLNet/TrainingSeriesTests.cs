using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Lstm.MLNet;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

public class TrainingSeriesTests
{
    private static readonly float[] s_series = MlNetTestData.Series(60);

    [Fact]
    public void Streaming_rows_are_the_series_and_its_features()
    {
        float[] feature = MlNetTestData.Feature(60);
        var rows = s_series.Select((v, i) => new[] { v, feature[i] }).ToList();
        var series = TrainingSeries.FromStreaming(rows, 2, new[] { "y", "f" });
        Assert.Equal(s_series, series.Values);
        Assert.Equal(feature, series.Features.Single());
    }

    [Fact]
    public void A_missing_streaming_value_names_its_row_and_column()
    {
        var rows = s_series.Select(v => new[] { v, 1f }).ToList();
        rows[17][1] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => TrainingSeries.FromStreaming(rows, 2, new[] { "Passengers", "Holiday" }));
        Assert.Contains("Row 17", e.Message);
        Assert.Contains("'Holiday'", e.Message);
    }

    [Fact]
    public void Successive_windows_give_back_the_series_exactly()
    {
        List<float[]> windows = MlNetTestData.Windows(s_series, 12);
        WindowedSeries w = TrainingSeries.FromWindows(windows, 12, 1, labels: null, "Window");
        Assert.Equal(s_series, w.Series.Values);
        Assert.All(w.SlotScale, a => Assert.Equal(1f, a));
        Assert.All(w.SlotOffset, b => Assert.Equal(0f, b));
        Assert.Contains("the rows are the series' own values", w.Description);
    }

    [Fact]
    public void A_per_slot_affine_featurizer_is_undone_slot_by_slot()
    {
        // What NormalizeMinMax does to a vector column: every slot rescaled by its own min and max.
        List<float[]> windows = MlNetTestData.Windows(s_series, 12);
        var (scale, offset) = SlotwiseMinMax(windows);
        List<float[]> normalized = windows.Select(w => w.Select((v, s) => (v - offset[s]) / scale[s]).ToArray()).ToList();

        WindowedSeries w = TrainingSeries.FromWindows(normalized, 12, 1, labels: null, "Window");

        // The series comes back in the newest slot's units: x = (y - offset[11]) / scale[11].
        float[] expected = s_series.Select(v => (v - offset[11]) / scale[11]).ToArray();
        Assert.Equal(expected.Length, w.Series.Values.Count);
        for (int t = 0; t < expected.Length; t++)
            Assert.Equal(expected[t], w.Series.Values[t], 3e-4f);
        // And every slot's map takes a normalized window to the same units.
        for (int s = 0; s < 12; s++)
            Assert.Equal(expected[5 + s], TrainingSeries.ToModel(normalized[5][s], w.SlotScale[s], w.SlotOffset[s]), 3e-4f);
        Assert.Contains("per-slot featurizer undone", w.Description);
    }

    [Fact]
    public void With_labels_the_series_and_the_maps_are_in_the_label_units()
    {
        List<float[]> windows = MlNetTestData.Windows(s_series, 12)[..^1]; // every window that has a next value
        float[] labels = Enumerable.Range(0, windows.Count).Select(r => s_series[r + 12]).ToArray();
        var (scale, offset) = SlotwiseMinMax(windows);
        List<float[]> normalized = windows.Select(w => w.Select((v, s) => (v - offset[s]) / scale[s]).ToArray()).ToList();

        WindowedSeries w = TrainingSeries.FromWindows(normalized, 12, 1, labels, "Features", "Label");

        Assert.Equal(s_series.Length, w.Series.Values.Count);
        for (int t = 0; t < s_series.Length; t++)
            Assert.Equal(s_series[t], w.Series.Values[t], 2e-3f);
        for (int s = 0; s < 12; s++)
        {
            Assert.Equal(windows[3][s], TrainingSeries.ToModel(normalized[3][s], w.SlotScale[s], w.SlotOffset[s]), 2e-3f);
        }
    }

    [Fact]
    public void Feature_windows_follow_the_target_and_are_padded_after_the_last_label()
    {
        float[] feature = MlNetTestData.Feature(60);
        var rows = new List<float[]>();
        var labels = new List<float>();
        for (int r = 0; r + 12 < 60; r++)
        {
            rows.Add(s_series.Skip(r).Take(12).Concat(feature.Skip(r).Take(12)).ToArray());
            labels.Add(s_series[r + 12]);
        }
        WindowedSeries w = TrainingSeries.FromWindows(rows, 12, 2, labels, "Features", "Label");
        Assert.Equal(s_series.Length, w.Series.Values.Count);
        for (int t = 0; t < s_series.Length; t++)
            Assert.Equal(s_series[t], w.Series.Values[t], 1e-3f);
        IReadOnlyList<float> f = w.Series.Features.Single();
        for (int t = 0; t < 59; t++)
            Assert.Equal(feature[t], f[t], 1e-4f);
        Assert.Equal(f[58], f[59]); // the feature at the last label's time is unknown: the last known value
    }

    [Fact]
    public void Shuffled_rows_are_refused_with_the_reason()
    {
        List<float[]> windows = MlNetTestData.Windows(s_series, 12);
        var shuffled = windows.OrderBy(w => w[3] * 7919 % 13).ToList();
        var e = Assert.Throws<ArgumentException>(() => TrainingSeries.FromWindows(shuffled, 12, 1, null, "Window"));
        Assert.Contains("column 'Window'", e.Message);
        Assert.Contains("not successive windows", e.Message);
        Assert.Contains("R²", e.Message);
        Assert.Contains("TakeRows", e.Message);
    }

    [Fact]
    public void Rows_with_gaps_such_as_a_random_split_are_refused()
    {
        List<float[]> windows = MlNetTestData.Windows(s_series, 12);
        var sampled = windows.Where((w, i) => i % 5 != 3).ToList(); // 80 % kept, in order
        var e = Assert.Throws<ArgumentException>(() => TrainingSeries.FromWindows(sampled, 12, 1, null, "Window"));
        Assert.Contains("not successive windows", e.Message);
    }

    [Fact]
    public void Newest_first_windows_are_recognized()
    {
        List<float[]> reversed = MlNetTestData.Windows(s_series, 12).Select(w => w.Reverse().ToArray()).ToList();
        var e = Assert.Throws<ArgumentException>(() => TrainingSeries.FromWindows(reversed, 12, 1, null, "Lags"));
        Assert.Contains("newest value first", e.Message);
    }

    [Fact]
    public void Labels_that_are_not_the_next_value_are_refused()
    {
        List<float[]> windows = MlNetTestData.Windows(s_series, 12)[..^1];
        float[] labels = Enumerable.Range(0, windows.Count).Select(r => s_series[r + 11]).ToArray(); // the window's own last value
        var e = Assert.Throws<ArgumentException>(() => TrainingSeries.FromWindows(windows, 12, 1, labels, "Features", "Label"));
        Assert.Contains("label", e.Message);
        Assert.Contains("'Label'", e.Message);
    }

    [Fact]
    public void Missing_values_and_too_few_rows_are_refused()
    {
        List<float[]> windows = MlNetTestData.Windows(s_series, 12);
        windows[4][2] = float.NaN;
        Assert.Contains("Row 4", Assert.Throws<ArgumentException>(() => TrainingSeries.FromWindows(windows, 12, 1, null, "Window")).Message);
        Assert.Contains("at least 3", Assert.Throws<ArgumentException>(() =>
            TrainingSeries.FromWindows(MlNetTestData.Windows(s_series, 12).Take(2).ToList(), 12, 1, null, "Window")).Message);
    }

    private static (float[] Scale, float[] Offset) SlotwiseMinMax(List<float[]> windows)
    {
        int w = windows[0].Length;
        var scale = new float[w];
        var offset = new float[w];
        for (int s = 0; s < w; s++)
        {
            float min = windows.Min(x => x[s]), max = windows.Max(x => x[s]);
            offset[s] = min;
            scale[s] = max - min;
        }
        return (scale, offset);
    }
}
