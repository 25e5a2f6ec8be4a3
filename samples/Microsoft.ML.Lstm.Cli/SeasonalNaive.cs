using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>The seasonal naive forecast, the baseline MASE is scaled by: each step repeats the value one season
/// earlier (s = 1: the last value), f_(n+k) = y_(n+k-s*ceil(k/s)).</summary>
internal static class SeasonalNaive
{
    public static float[] Forecast(IReadOnlyList<float> history, int season, int horizon)
    {
        var forecast = new float[horizon];
        int n = history.Count;
        for (int k = 1; k <= horizon; k++)
            forecast[k - 1] = history[n + k - season * ((k + season - 1) / season) - 1];
        return forecast;
    }
}
