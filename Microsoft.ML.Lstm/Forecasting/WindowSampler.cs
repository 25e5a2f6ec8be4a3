using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>
/// Training samples cut from processed series on demand: sample i is a window of W steps ending before position e
/// and its next H targets. Nothing is materialized: a sample index maps to (series, e) through cumulative counts, so
/// a series of millions of points trains in memory proportional to the batch.
/// x is [B, W, p] with channel 0 the processed target (minus the window's last value when windows are normalized) and
/// channels 1.. the scaled features; y is [B, H].
/// </summary>
internal sealed class WindowSampler : ITrainingData
{
    private readonly IReadOnlyList<PreparedSeries> _series;
    private readonly int[] _firstEnd;   // per series: first window end e
    private readonly long[] _cumulative; // per series: samples before it
    private readonly bool _normalize;

    /// <param name="series">The processed series.</param>
    /// <param name="window">W.</param>
    /// <param name="horizon">H.</param>
    /// <param name="ranges">Per series, the window ends e in [from, to] (inclusive) to use.</param>
    /// <param name="normalize">Subtract each window's last target value from the window and its targets.</param>
    public WindowSampler(IReadOnlyList<PreparedSeries> series, int window, int horizon, IReadOnlyList<(int From, int To)> ranges, bool normalize)
    {
        _series = series;
        TimeSteps = window;
        OutputSize = horizon;
        InputSize = 1 + (series.Count > 0 ? series[0].Features.Length : 0);
        _normalize = normalize;
        _firstEnd = new int[series.Count];
        _cumulative = new long[series.Count + 1];
        for (int s = 0; s < series.Count; s++)
        {
            (int from, int to) = ranges[s];
            _firstEnd[s] = from;
            _cumulative[s + 1] = _cumulative[s] + Math.Max(0, to - from + 1);
        }
        if (_cumulative[^1] > int.MaxValue)
            throw new ArgumentException($"{_cumulative[^1]} windows exceed the {int.MaxValue} samples one training run supports.");
        Count = (int)_cumulative[^1];
    }

    public int Count { get; }

    public int TimeSteps { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>The series and window end of sample <paramref name="index"/>.</summary>
    public (int Series, int End) Locate(int index)
    {
        int lo = 0, hi = _series.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_cumulative[mid] <= index) lo = mid; else hi = mid - 1;
        }
        return (lo, _firstEnd[lo] + (int)(index - _cumulative[lo]));
    }

    public void Fill(ReadOnlySpan<int> sampleIndices, Span<float> x, Span<float> y)
    {
        int w = TimeSteps, p = InputSize, h = OutputSize;
        for (int b = 0; b < sampleIndices.Length; b++)
        {
            (int s, int end) = Locate(sampleIndices[b]);
            PreparedSeries series = _series[s];
            WriteWindow(series, end, x.Slice(b * w * p, w * p), w, _normalize);
            float anchor = _normalize ? series.Z[end - 1] : 0f;
            Span<float> target = y.Slice(b * h, h);
            for (int k = 0; k < h; k++)
                target[k] = series.Z[end + k] - anchor;
        }
    }

    /// <summary>Writes the window of W steps ending before <paramref name="end"/> into <paramref name="x"/> ([W, p]).</summary>
    public static void WriteWindow(PreparedSeries series, int end, Span<float> x, int w, bool normalize)
    {
        int p = 1 + series.Features.Length;
        float anchor = normalize ? series.Z[end - 1] : 0f;
        for (int t = 0; t < w; t++)
        {
            int i = end - w + t;
            x[t * p] = series.Z[i] - anchor;
            for (int f = 0; f < series.Features.Length; f++)
                x[t * p + 1 + f] = series.Features[f][i];
        }
    }
}
