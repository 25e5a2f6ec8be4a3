using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>
/// The fitted, invertible preprocessing of one series: transform (Box-Cox λ, log when λ = 0), differencing, then
/// scaling. Fitted on the training part only; <see cref="Inverse"/> undoes it exactly for forecasts.
/// Layout of the processed series: z[i] corresponds to raw time i + <see cref="Lag"/> (differencing consumes the first
/// <see cref="Lag"/> points).
/// </summary>
internal sealed class SeriesPreprocessor
{
    /// <summary>Box-Cox λ; NaN for no transform, 0 for log.</summary>
    public double Lambda { get; init; } = double.NaN;

    /// <summary>0 (no differencing), 1 (first) or s (seasonal).</summary>
    public int Lag { get; init; }

    /// <summary>Subtracted before dividing by <see cref="Scale"/>.</summary>
    public double Center { get; init; }

    /// <summary>Divides the centered values; never 0.</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Fits the preprocessing on <paramref name="values"/> (the training part).</summary>
    public static SeriesPreprocessor Fit(ReadOnlySpan<float> values, TargetTransform transform, DifferencingMethod differencing,
        ScalingMethod scaling, int seasonPeriod)
    {
        double[] y = new double[values.Length];
        for (int i = 0; i < y.Length; i++)
            y[i] = values[i];
        double min = y.Min();
        double lambda = transform switch
        {
            TargetTransform.None => double.NaN,
            TargetTransform.Log => RequirePositive(min, "Log", 0),
            TargetTransform.BoxCox => RequirePositive(min, "BoxCox", BoxCoxLambda(y)),
            _ => min > 0 && SwingsGrowWithLevel(y, seasonPeriod) ? 0 : double.NaN,
        };
        int lag = differencing switch
        {
            DifferencingMethod.First => 1,
            DifferencingMethod.Seasonal => Math.Max(1, seasonPeriod),
            _ => 0,
        };
        double[] v = y.Select(x => Forward(x, lambda)).ToArray();
        double[] d = Difference(v, lag);
        if (d.Length == 0)
            throw new ArgumentException($"The series has {values.Length} points: too few to difference at lag {lag}.");
        (double center, double scale) = scaling switch
        {
            ScalingMethod.None => (0.0, 1.0),
            ScalingMethod.MinMax => (d.Min(), d.Max() - d.Min()),
            ScalingMethod.Robust => (Quantile(d, 0.5), Quantile(d, 0.75) - Quantile(d, 0.25)),
            _ => (d.Average(), Math.Sqrt(d.Select(x => (x - d.Average()) * (x - d.Average())).Average())),
        };
        if (!(scale > 1e-12) || !double.IsFinite(scale))
            scale = Math.Max(1.0, Math.Abs(center)) * 1e-3; // a flat stretch: keep values finite and near 0
        return new SeriesPreprocessor { Lambda = lambda, Lag = lag, Center = center, Scale = scale };
    }

    /// <summary>The processed series z for <paramref name="values"/> (length n - Lag).</summary>
    public float[] Apply(ReadOnlySpan<float> values)
    {
        float[] z = new float[Math.Max(0, values.Length - Lag)];
        ApplyTo(values, z);
        return z;
    }

    /// <summary>Writes the processed series for <paramref name="values"/> into <paramref name="z"/> (length n - Lag),
    /// without allocating.</summary>
    public void ApplyTo(ReadOnlySpan<float> values, Span<float> z)
    {
        if (z.Length != values.Length - Lag)
            throw new ArgumentException($"z has {z.Length} values; {values.Length} inputs at lag {Lag} give {values.Length - Lag}.", nameof(z));
        for (int i = 0; i < z.Length; i++)
        {
            double v = Checked(values, i + Lag);
            double d = Lag == 0 ? v : v - Checked(values, i);
            z[i] = (float)((d - Center) / Scale);
        }
    }

    private double Checked(ReadOnlySpan<float> values, int i)
    {
        double v = Forward(values[i], Lambda);
        if (!double.IsFinite(v))
            throw new ArgumentException($"Value {values[i]} at index {i} cannot be transformed (the series was fitted with {DescribeTransform()}).");
        return v;
    }

    /// <summary>
    /// Turns processed forecasts back into raw values. <paramref name="history"/> is the raw series up to the forecast
    /// origin (at least <see cref="Lag"/> points); <paramref name="processed"/> the forecast of z for the next steps.
    /// </summary>
    public void Inverse(ReadOnlySpan<float> history, ReadOnlySpan<float> processed, Span<float> raw)
    {
        int h = processed.Length, n = history.Length;
        Span<double> v = h + Lag <= 512 ? stackalloc double[h + Lag] : new double[h + Lag];
        for (int i = 0; i < Lag; i++)
            v[i] = Forward(history[n - Lag + i], Lambda);
        for (int k = 0; k < h; k++)
        {
            double d = processed[k] * Scale + Center;
            v[Lag + k] = Lag == 0 ? d : v[k] + d;
            raw[k] = (float)Backward(v[Lag + k], Lambda);
        }
    }

    public string DescribeTransform() => double.IsNaN(Lambda) ? "no transform" : Lambda == 0 ? "log" : $"Box-Cox λ={Lambda:G3}";

    internal static double Forward(double y, double lambda) =>
        double.IsNaN(lambda) ? y : lambda == 0 ? Math.Log(y) : (Math.Pow(y, lambda) - 1) / lambda;

    internal static double Backward(double v, double lambda)
    {
        if (double.IsNaN(lambda))
            return v;
        if (lambda == 0)
            return Math.Exp(v);
        double b = lambda * v + 1;
        return b <= 0 ? 0 : Math.Pow(b, 1 / lambda); // below the transform's range: the smallest positive limit
    }

    private static double RequirePositive(double min, string transform, double lambda)
    {
        if (!(min > 0))
            throw new ArgumentException($"The {transform} transform needs strictly positive values, but the training part has the value {min}.");
        return lambda;
    }

    private static double[] Difference(double[] v, int lag)
    {
        if (lag == 0)
            return v;
        double[] d = new double[Math.Max(0, v.Length - lag)];
        for (int i = 0; i < d.Length; i++)
            d[i] = v[i + lag] - v[i];
        return d;
    }

    /// <summary>Box-Cox λ on a grid over [-1, 2] by profile likelihood: -n/2 log σ²(λ) + (λ - 1) Σ log y.</summary>
    internal static double BoxCoxLambda(double[] y)
    {
        double sumLog = y.Sum(Math.Log);
        double best = 1, bestLike = double.NegativeInfinity;
        for (int step = 0; step <= 60; step++)
        {
            double lambda = -1 + step * 0.05;
            if (Math.Abs(lambda) < 1e-9) lambda = 0;
            double[] v = y.Select(x => Forward(x, lambda)).ToArray();
            double mean = v.Average();
            double variance = v.Select(x => (x - mean) * (x - mean)).Average();
            double like = -0.5 * y.Length * Math.Log(variance) + (lambda - 1) * sumLog;
            if (like > bestLike)
            {
                bestLike = like;
                best = lambda;
            }
        }
        return best;
    }

    /// <summary>Whether the spread inside each season (or block of 8 points) rises with its mean: the sign of a
    /// multiplicative pattern, which the log makes additive.</summary>
    internal static bool SwingsGrowWithLevel(double[] y, int seasonPeriod)
    {
        int block = seasonPeriod > 1 ? seasonPeriod : 8;
        int blocks = y.Length / block;
        if (blocks < 4)
            return false;
        var means = new List<double>();
        var spreads = new List<double>();
        for (int b = 0; b < blocks; b++)
        {
            var seg = y.Skip(b * block).Take(block).ToArray();
            double mean = seg.Average();
            // Spread around the block's own linear trend, so that a steep trend alone does not count as a swing.
            double slope = 0, tMean = (block - 1) / 2.0, den = 0;
            for (int t = 0; t < block; t++) { slope += (t - tMean) * (seg[t] - mean); den += (t - tMean) * (t - tMean); }
            slope /= den;
            double spread = Math.Sqrt(seg.Select((x, t) => Math.Pow(x - mean - slope * (t - tMean), 2)).Average());
            means.Add(mean);
            spreads.Add(spread);
        }
        double ratio = means.Max() / means.Min();
        return ratio > 1.3 && Correlation(means, spreads) > 0.6;
    }

    private static double Correlation(List<double> a, List<double> b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }

    internal static double Quantile(double[] values, double q)
    {
        double[] sorted = values.OrderBy(x => x).ToArray();
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
