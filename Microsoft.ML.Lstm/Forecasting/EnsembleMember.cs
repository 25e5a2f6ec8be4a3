using System;
using Microsoft.ML.Lstm.Engine;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>One network of the ensemble with the window size it reads.</summary>
internal sealed class EnsembleMember
{
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[] _absolute;

    public EnsembleMember(int window, int seed, LstmNetwork network)
    {
        Window = window;
        Seed = seed;
        Network = network;
        _x = new float[window * network.InputSize];
        _y = new float[network.OutputSize];
        _absolute = new float[window];
    }

    public int Window { get; }

    public int Seed { get; }

    public LstmNetwork Network { get; }

    /// <summary>Adds the h processed values after position <paramref name="end"/> of <paramref name="series"/> to
    /// <paramref name="sum"/> (direct: one pass; recursive: h passes, each prediction appended to the window).
    /// Allocates nothing.</summary>
    public void AddForecast(PreparedSeries series, int end, Span<float> sum, bool normalize)
    {
        int h = sum.Length;
        WindowSampler.WriteWindow(series, end, _x, Window, normalize);
        float anchor = normalize ? series.Z[end - 1] : 0f;
        if (Network.OutputSize >= h)
        {
            Network.Predict(_x, 1, Window, _y);
            for (int k = 0; k < h; k++)
                sum[k] += _y[k] + anchor;
            return;
        }
        // Recursive: univariate windows (channel 0 only); each new window is measured from its own last value, as in training.
        Span<float> absolute = _absolute;
        for (int t = 0; t < Window; t++)
            absolute[t] = _x[t] + anchor;
        for (int k = 0; k < h; k++)
        {
            float last = normalize ? absolute[Window - 1] : 0f;
            for (int t = 0; t < Window; t++)
                _x[t] = absolute[t] - last;
            Network.Predict(_x, 1, Window, _y);
            float next = _y[0] + last;
            sum[k] += next;
            absolute.Slice(1).CopyTo(absolute);
            absolute[Window - 1] = next;
        }
    }
}
