using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Kernels;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>
/// An LSTM forecaster over windows of one or more series: fit with <see cref="Train(IReadOnlyList{float}, LstmForecasterOptions, Action{ForecasterProgress}?, Action{string}?, CancellationToken)"/>,
/// forecast the next steps with confidence bounds from the latest window, append new observations without retraining,
/// save and load as one versioned file.
/// </summary>
/// <remarks>
/// Method: each series is transformed (log when its swings grow with its level), scaled, and cut into windows whose
/// values and targets are measured from the window's last value; an ensemble of networks (different seeds, optionally
/// window sizes) forecasts every horizon step directly and their outputs are averaged. Held-out trailing windows choose
/// the number of epochs on a smoothed validation curve (so a handful of noisy windows cannot stop training after 3
/// epochs) and calibrate the bounds; then every network is refitted on all windows. A forecaster is not thread-safe.
/// </remarks>
public sealed partial class LstmForecaster
{
    private readonly List<SeriesState> _series;
    private readonly List<EnsembleMember> _members;

    internal LstmForecaster(LstmForecasterOptions options, int seasonPeriod, List<SeriesState> series, List<EnsembleMember> members,
        float[] stepSigma, float validationCoverage, int epochsUsed, string summary)
    {
        Options = options;
        SeasonPeriod = seasonPeriod;
        _series = series;
        _members = members;
        StepSigma = stepSigma;
        ValidationCoverage = validationCoverage;
        EpochsUsed = epochsUsed;
        Summary = summary;
        RequiredHistory = members.Max(m => m.Window) + series[0].Preprocessor.Lag;
    }

    /// <summary>The options the forecaster was trained with, with the automatic choices filled in.</summary>
    public LstmForecasterOptions Options { get; }

    /// <summary>The season period used (given or detected); 1 when none.</summary>
    public int SeasonPeriod { get; }

    /// <summary>The trained horizon.</summary>
    public int Horizon => Options.Horizon;

    /// <summary>The ids of the series the forecaster knows, in training order.</summary>
    public IReadOnlyList<string> SeriesIds => _series.Select(s => s.Id).ToArray();

    /// <summary>Empirical coverage of the bounds on the validation windows (NaN when training had no validation).</summary>
    public float ValidationCoverage { get; }

    /// <summary>Epochs each final network was trained for (chosen on validation).</summary>
    public int EpochsUsed { get; }

    /// <summary>What was chosen and why, in a few lines.</summary>
    public string Summary { get; }

    /// <summary>Feature columns expected with every observation.</summary>
    public int FeatureCount => _series[0].FeatureScalers.Length;

    /// <summary>Per-step standard deviation of forecast errors in processed units, from validation.</summary>
    internal float[] StepSigma { get; }

    internal IReadOnlyList<EnsembleMember> Members => _members;

    internal IReadOnlyList<SeriesState> SeriesStates => _series;

    /// <summary>Trains a forecaster on one univariate series.</summary>
    /// <param name="values">The series, oldest first.</param>
    /// <param name="options">Settings; <see cref="LstmForecasterOptions.Horizon"/> is required.</param>
    /// <param name="progress">Called after every epoch.</param>
    /// <param name="log">Receives warnings and the choices made.</param>
    /// <param name="cancellationToken">Stops training at the next mini-batch.</param>
    public static LstmForecaster Train(IReadOnlyList<float> values, LstmForecasterOptions options,
        Action<ForecasterProgress>? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var input = new SeriesInput(values);
        input.Validate(nameof(values)); // here, so that errors name this method's parameter
        return Train(new[] { input }, options, progress, log, cancellationToken);
    }

    /// <summary>Trains one forecaster on one or more series (a global model; each series keeps its own scaling).</summary>
    /// <param name="series">The series; all must have the same number of feature columns.</param>
    /// <param name="options">Settings; <see cref="LstmForecasterOptions.Horizon"/> is required.</param>
    /// <param name="progress">Called after every epoch.</param>
    /// <param name="log">Receives warnings and the choices made.</param>
    /// <param name="cancellationToken">Stops training at the next mini-batch.</param>
    public static LstmForecaster Train(IReadOnlyList<SeriesInput> series, LstmForecasterOptions options,
        Action<ForecasterProgress>? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default) =>
        ForecasterTraining.Run(series, options, progress, log, cancellationToken);

    /// <summary>Forecasts the next <paramref name="horizon"/> steps (default: the trained horizon) of a series after its
    /// latest observation.</summary>
    /// <param name="horizon">Steps; up to <see cref="Horizon"/> (any number with the recursive strategy).</param>
    /// <param name="seriesId">Which series; may be omitted when the forecaster knows one series.</param>
    public ForecastResult Forecast(int? horizon = null, string? seriesId = null)
    {
        SeriesState state = Find(seriesId);
        int h = CheckHorizon(horizon);
        var result = new ForecastResult(new float[h], new float[h], new float[h], Options.ConfidenceLevel);
        ForecastCore(state, state.History, state.FeatureHistory, result.Values, result.LowerBound, result.UpperBound);
        return result;
    }

    /// <summary>
    /// Forecasts the steps after a history the caller provides (stateless: the forecaster's own state is unchanged), with
    /// the scaling fitted for <paramref name="seriesId"/>. The history needs at least the window size (plus the
    /// differencing lag) of the most recent values.
    /// </summary>
    public ForecastResult ForecastAfter(IReadOnlyList<float> history, IReadOnlyList<IReadOnlyList<float>>? features = null,
        int? horizon = null, string? seriesId = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        SeriesState state = Find(seriesId);
        var input = new SeriesInput(history, features, state.Id);
        input.Validate(nameof(history));
        if (input.Features.Count != FeatureCount)
            throw new ArgumentException($"The forecaster was trained with {FeatureCount} feature columns; got {input.Features.Count}.", nameof(features));
        int needed = RequiredHistory;
        if (history.Count < needed)
            throw new ArgumentException($"The history has {history.Count} values; at least {needed} (the window plus the differencing lag) are needed.", nameof(history));
        int h = CheckHorizon(horizon);
        var result = new ForecastResult(new float[h], new float[h], new float[h], Options.ConfidenceLevel);
        var featureLists = input.Features.Select(f => (IReadOnlyList<float>)f).ToArray();
        ForecastCore(state, history, featureLists, result.Values, result.LowerBound, result.UpperBound);
        return result;
    }

    /// <summary>Appends a new observation of a series (and its features), so the next forecast starts after it.
    /// No retraining: the networks stay as they are.</summary>
    public void Append(float value, IReadOnlyList<float>? features = null, string? seriesId = null)
    {
        SeriesState state = Find(seriesId);
        if (!float.IsFinite(value))
            throw new ArgumentException($"The observation {value} is not finite; nothing was appended.", nameof(value));
        int count = features?.Count ?? 0;
        if (count != FeatureCount)
            throw new ArgumentException($"The forecaster expects {FeatureCount} feature values per observation; got {count}.", nameof(features));
        for (int f = 0; f < count; f++)
            if (!float.IsFinite(features![f]))
                throw new ArgumentException($"Feature {f} of the observation is {features[f]}, not finite; nothing was appended.", nameof(features));
        if (!double.IsNaN(state.Preprocessor.Lambda) && !(value > 0) && state.Preprocessor.Lambda <= 0)
            throw new ArgumentException($"The series was fitted with {state.Preprocessor.DescribeTransform()}, which needs positive values; got {value}.", nameof(value));
        state.Append(value, features, RequiredHistory);
    }

    /// <summary>Retrains from scratch on <paramref name="series"/> with the same options (for example after many appends).</summary>
    public LstmForecaster Retrain(IReadOnlyList<SeriesInput> series, Action<ForecasterProgress>? progress = null,
        Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        LstmForecasterOptions options = Options.Clone();
        return Train(series, options, progress, log, cancellationToken);
    }

    /// <summary>Values of history a forecast needs: the largest window plus the differencing lag.</summary>
    public int RequiredHistory { get; }

    private int CheckHorizon(int? horizon)
    {
        int h = horizon ?? Horizon;
        if (h <= 0)
            throw new ArgumentOutOfRangeException(nameof(horizon), h, $"The horizon must be positive; got {h}.");
        if (h > Horizon && Options.Strategy == MultiStepStrategy.Direct)
            throw new ArgumentOutOfRangeException(nameof(horizon), h, $"The forecaster was trained for {Horizon} steps (direct strategy); got {h}. Train with a longer horizon or the recursive strategy.");
        return h;
    }

    private SeriesState Find(string? seriesId)
    {
        if (seriesId == null)
        {
            if (_series.Count == 1)
                return _series[0];
            throw new ArgumentException($"The forecaster knows {_series.Count} series; name one of: {string.Join(", ", _series.Select(s => s.Id))}.", nameof(seriesId));
        }
        // A loop, not FirstOrDefault: a lambda capturing the id would allocate on every forecast.
        foreach (SeriesState state in _series)
            if (state.Id == seriesId)
                return state;
        throw new ArgumentException($"Unknown series '{seriesId}'. Known: {string.Join(", ", SeriesIds)}.", nameof(seriesId));
    }

    /// <summary>
    /// Forecasts the next <c>values.Length</c> steps of a series after its latest observation into the caller's
    /// buffers, allocating nothing once the forecaster has made its first forecast (the path the ML.NET layer uses per row).
    /// </summary>
    public void Forecast(Span<float> values, Span<float> lowerBound, Span<float> upperBound, string? seriesId = null)
    {
        SeriesState state = Find(seriesId);
        CheckHorizon(values.Length);
        if (lowerBound.Length != values.Length || upperBound.Length != values.Length)
            throw new ArgumentException($"The bounds need {values.Length} values each, like the forecast; got {lowerBound.Length} and {upperBound.Length}.", nameof(lowerBound));
        ForecastCore(state, state.History, state.FeatureHistory, values, lowerBound, upperBound);
    }

    /// <summary>The ensemble forecast in processed units, averaged, then inverted; bounds at ±q·σ_k in processed units.</summary>
    private void ForecastCore(SeriesState state, IReadOnlyList<float> history, IReadOnlyList<IReadOnlyList<float>> featureHistory,
        Span<float> values, Span<float> lower, Span<float> upper)
    {
        int h = values.Length;
        ForecastScratch scratch = Scratch(h);
        Span<float> mean = scratch.Sum.AsSpan(0, h), lo = scratch.Low.AsSpan(0, h), hi = scratch.High.AsSpan(0, h);
        ForecastProcessed(state, history, featureHistory, mean);
        int lag = state.Preprocessor.Lag;
        Span<float> tail = scratch.Tail.AsSpan(0, lag);
        for (int i = 0; i < lag; i++)
            tail[i] = history[history.Count - lag + i];
        float q = scratch.Quantile;
        for (int k = 0; k < h; k++)
        {
            float sigma = k < StepSigma.Length ? StepSigma[k] : StepSigma[^1] * MathF.Sqrt((k + 1f) / StepSigma.Length);
            lo[k] = mean[k] - q * sigma;
            hi[k] = mean[k] + q * sigma;
        }
        state.Preprocessor.Inverse(tail, mean, values);
        state.Preprocessor.Inverse(tail, lo, lower);
        state.Preprocessor.Inverse(tail, hi, upper);
        for (int k = 0; k < h; k++)
        {
            if (lower[k] > upper[k])
                (lower[k], upper[k]) = (upper[k], lower[k]);
            lower[k] = Math.Min(lower[k], values[k]);
            upper[k] = Math.Max(upper[k], values[k]);
        }
    }

    /// <summary>The averaged ensemble forecast of the next <c>mean.Length</c> processed values.</summary>
    internal void ForecastProcessed(SeriesState state, IReadOnlyList<float> history, IReadOnlyList<IReadOnlyList<float>> featureHistory, Span<float> mean)
    {
        PreparedSeries prepared = PrepareTail(state, history, featureHistory);
        mean.Clear();
        int threads = Options.ThreadCount;
        if (_members.Count > 1 && threads > 1)
        {
            // The members forecast side by side on the worker pool, each into a row of its own, and the rows are then
            // added in member order: the same sums as one member after another, in less time on several cores.
            // A forecast per row (the ML.NET layer's use) is a handful of one-sequence passes, too small to split inside.
            ForecastScratch scratch = Scratch(mean.Length);
            MemberForecastWork work = scratch.MemberWork;
            work.Set(_members, prepared, scratch.MemberSums, mean.Length, Options.NormalizeWindows);
            WorkerPool.Shared.Run(work, _members.Count, threads);
            work.Clear();
            for (int m = 0; m < _members.Count; m++)
            {
                ReadOnlySpan<float> row = scratch.MemberSums[m].AsSpan(0, mean.Length);
                for (int k = 0; k < mean.Length; k++)
                    mean[k] += row[k];
            }
        }
        else
        {
            foreach (EnsembleMember member in _members)
                member.AddForecast(prepared, prepared.Z.Length, mean, Options.NormalizeWindows);
        }
        for (int k = 0; k < mean.Length; k++)
            mean[k] /= _members.Count;
    }

    /// <summary>One member's forecast per chunk, into its own row; reused, so a forecast allocates nothing.</summary>
    private sealed class MemberForecastWork : IParallelWork
    {
        private IReadOnlyList<EnsembleMember>? _members;
        private PreparedSeries? _series;
        private float[][]? _sums;
        private int _horizon;
        private bool _normalize;

        public void Set(IReadOnlyList<EnsembleMember> members, PreparedSeries series, float[][] sums, int horizon, bool normalize)
        {
            _members = members;
            _series = series;
            _sums = sums;
            _horizon = horizon;
            _normalize = normalize;
        }

        public void Clear()
        {
            _members = null;
            _series = null;
            _sums = null;
        }

        public void Execute(int chunk, int thread)
        {
            Span<float> sum = _sums![chunk].AsSpan(0, _horizon);
            sum.Clear();
            _members![chunk].AddForecast(_series!, _series!.Z.Length, sum, _normalize);
        }
    }

    /// <summary>Buffers of the forecast path, grown to the longest horizon asked so far.</summary>
    private ForecastScratch Scratch(int h)
    {
        if (_scratch == null || _scratch.Sum.Length < h)
            _scratch = new ForecastScratch(RequiredHistory, RequiredHistory - _series[0].Preprocessor.Lag, FeatureCount,
                Math.Max(h, Horizon), _series[0].Preprocessor.Lag, NormalQuantile(0.5 + Options.ConfidenceLevel / 2.0), _members.Count);
        return _scratch;
    }

    private ForecastScratch? _scratch;

    private sealed class ForecastScratch
    {
        public ForecastScratch(int history, int window, int features, int horizon, int lag, float quantile, int members)
        {
            MemberSums = new float[members][];
            for (int m = 0; m < members; m++)
                MemberSums[m] = new float[horizon];
            Raw = new float[history];
            var columns = new float[features][];
            for (int f = 0; f < features; f++)
                columns[f] = new float[window];
            Prepared = new PreparedSeries(new float[window], columns);
            Sum = new float[horizon];
            Low = new float[horizon];
            High = new float[horizon];
            Tail = new float[lag];
            Quantile = quantile;
        }

        public float[] Raw { get; }
        public PreparedSeries Prepared { get; }
        public float[] Sum { get; }
        public float[] Low { get; }
        public float[] High { get; }
        public float[] Tail { get; }
        public float Quantile { get; }
        public float[][] MemberSums { get; }
        public MemberForecastWork MemberWork { get; } = new();
    }

    /// <summary>Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9).</summary>
    internal static float NormalQuantile(double p)
    {
        double[] a = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
        double[] b = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
        double[] c = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
        double[] d = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
        double q, r;
        if (p < 0.02425)
        {
            q = Math.Sqrt(-2 * Math.Log(p));
            return (float)((((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1));
        }
        if (p > 1 - 0.02425)
        {
            q = Math.Sqrt(-2 * Math.Log(1 - p));
            return (float)-((((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1));
        }
        q = p - 0.5;
        r = q * q;
        return (float)((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1));
    }
}
