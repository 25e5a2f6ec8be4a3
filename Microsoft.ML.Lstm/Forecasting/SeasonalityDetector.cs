using System;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>Finds the season period of a series from the autocorrelation of its first differences.</summary>
public static class SeasonalityDetector
{
    /// <summary>
    /// The lag in [2, n/3] (at most 400) with the highest local peak of the autocorrelation of the differenced series,
    /// if that peak exceeds 0.3 and twice the white-noise band 2/sqrt(n); otherwise 1 (no seasonality).
    /// Differencing first keeps a trend from masking the season.
    /// </summary>
    public static int Detect(ReadOnlySpan<float> values)
    {
        int n = values.Length - 1;
        if (n < 8)
            return 1;
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            d[i] = (double)values[i + 1] - values[i];
            mean += d[i];
        }
        mean /= n;
        double c0 = 0;
        for (int i = 0; i < n; i++)
        {
            d[i] -= mean;
            c0 += d[i] * d[i];
        }
        if (c0 <= 0)
            return 1;
        int maxLag = Math.Min(n / 3, 400);
        if (maxLag < 2)
            return 1;
        double[] acf = new double[maxLag + 2];
        for (int lag = 1; lag <= Math.Min(maxLag + 1, n - 1); lag++)
        {
            double s = 0;
            for (int i = lag; i < n; i++)
                s += d[i] * d[i - lag];
            acf[lag] = s / c0;
        }
        int best = 1;
        double bestValue = Math.Max(0.3, 4 / Math.Sqrt(n));
        for (int lag = 2; lag <= maxLag; lag++)
        {
            bool peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
            if (peak && acf[lag] > bestValue)
            {
                bestValue = acf[lag];
                best = lag;
            }
        }
        return best;
    }
}
