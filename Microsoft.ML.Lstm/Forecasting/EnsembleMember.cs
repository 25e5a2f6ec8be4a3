using Microsoft.ML.Lstm.Engine;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>One network of the ensemble with the window size it reads.</summary>
internal sealed class EnsembleMember
{
    private readonly float[] _x;
    private readonly float[] _y;

    public EnsembleMember(int window, int seed, LstmNetwork network)
    {
        Window = window;
        Seed = seed;
        Network = network;
        _x = new float[window * network.InputSize];
        _y = new float[network.OutputSize];
    }

    public int Window { get; }

    public int Seed { get; }

    public LstmNetwork Network { get; }

    /// <summary>h processed values after the end of <paramref name="series"/> (direct: one pass; recursive: h passes,
    /// each prediction appended to the window).</summary>
    public float[] ForecastProcessed(PreparedSeries series, int end, int h, bool normalize)
    {
        var result = new float[h];
        WindowSampler.WriteWindow(series, end, _x, Window, normalize);
        float anchor = normalize ? series.Z[end - 1] : 0f;
        if (Network.OutputSize >= h)
        {
            Network.Forward(_x, 1, Window, _y);
            for (int k = 0; k < h; k++)
                result[k] = _y[k] + anchor;
            return result;
        }
        // Recursive: univariate windows (channel 0 only); each new window is measured from its own last value, as in training.
        var absolute = new float[Window];
        for (int t = 0; t < Window; t++)
            absolute[t] = _x[t] + anchor;
        for (int k = 0; k < h; k++)
        {
            float last = normalize ? absolute[Window - 1] : 0f;
            for (int t = 0; t < Window; t++)
                _x[t] = absolute[t] - last;
            Network.Forward(_x, 1, Window, _y);
            float next = _y[0] + last;
            result[k] = next;
            System.Array.Copy(absolute, 1, absolute, 0, Window - 1);
            absolute[Window - 1] = next;
        }
        return result;
    }
}
