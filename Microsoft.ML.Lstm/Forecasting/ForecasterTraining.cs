using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>The training procedure of <see cref="LstmForecaster"/>: preprocessing, validation phase, epoch choice,
/// bound calibration, refit.</summary>
internal static class ForecasterTraining
{
    /// <summary>Cap on stored validation predictions (members x epochs x windows x steps) used to calibrate the bounds.</summary>
    private const long MaxStoredPredictions = 8_000_000;

    public static LstmForecaster Run(IReadOnlyList<SeriesInput> series, LstmForecasterOptions options,
        Action<ForecasterProgress>? progress, Action<string>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        if (series.Count == 0)
            throw new ArgumentException("No series to train on: the input is empty.", nameof(series));
        LstmForecasterOptions o = options.Clone();
        o.Validate();
        var ids = new HashSet<string>();
        for (int i = 0; i < series.Count; i++)
        {
            SeriesInput s = series[i] ?? throw new ArgumentException($"Series {i} is null.", nameof(series));
            s.Validate(nameof(series));
            if (!ids.Add(s.Id))
                throw new ArgumentException($"The series id '{s.Id}' appears twice.", nameof(series));
            if (s.Features.Count != series[0].Features.Count)
                throw new ArgumentException($"Series '{s.Id}' has {s.Features.Count} feature columns but '{series[0].Id}' has {series[0].Features.Count}.", nameof(series));
        }
        int featureCount = series[0].Features.Count;
        if (o.Strategy == MultiStepStrategy.Recursive && featureCount > 0)
            throw new ArgumentException("The recursive strategy feeds forecasts back as inputs, so it cannot use feature columns (their future values are unknown). Use the direct strategy.", nameof(options));

        var report = new StringBuilder();
        float[] first = series[0].Values.ToArray();
        int season = o.SeasonPeriod > 0 ? o.SeasonPeriod : SeasonalityDetector.Detect(first);
        report.AppendLine(o.SeasonPeriod > 0 ? $"season period: {season} (given)" : $"season period: {season} (detected from the autocorrelation)");
        int horizon = o.Horizon;
        int outputs = o.Strategy == MultiStepStrategy.Direct ? horizon : 1;
        int window = o.WindowSize > 0 ? o.WindowSize : DefaultWindow(season, outputs, series.Min(s => s.Values.Count));
        List<int> windows = o.WindowSizes.Count > 0 ? o.WindowSizes.ToList() : new List<int> { window };
        o.WindowSize = window;
        o.SeasonPeriod = season;
        int maxWindow = windows.Max();

        // Preprocessing, fitted per series on its own values.
        var states = new List<SeriesState>();
        var prepared = new List<PreparedSeries>();
        foreach (SeriesInput s in series)
        {
            float[] values = s.Values.ToArray();
            if (values.All(v => v == values[0]))
                throw new ArgumentException($"Series '{s.Id}' is constant ({values[0]} throughout): there is nothing to learn; its forecast is that constant.", nameof(series));
            SeriesPreprocessor pre = SeriesPreprocessor.Fit(values, o.Transform, o.Differencing, o.Scaling, season);
            int needed = maxWindow + outputs + pre.Lag;
            if (values.Length < needed)
                throw new ArgumentException(
                    $"Series '{s.Id}' has {values.Length} points; it needs at least windowSize + horizon = {maxWindow} + {outputs}" +
                    (o.Strategy == MultiStepStrategy.Recursive ? " (recursive: one step per window)" : "") +
                    (pre.Lag > 0 ? $" + {pre.Lag} (differencing lag)" : "") + $" = {needed}.", nameof(series));
            var scalers = new FeatureScaler[featureCount];
            for (int f = 0; f < featureCount; f++)
                scalers[f] = FeatureScaler.Fit(s.Features[f].ToArray());
            var state = new SeriesState(s.Id, pre, scalers, values.ToList(), s.Features.Select(c => c.ToList()).ToArray());
            prepared.Add(state.Prepare(s));
            states.Add(state);
        }
        SeriesPreprocessor p0 = states[0].Preprocessor;
        report.AppendLine($"transform: {p0.DescribeTransform()} ({(o.Transform == TargetTransform.Auto ? "auto: " + (double.IsNaN(p0.Lambda) ? "swings do not grow with the level" : "swings grow with the level") : "given")}); scaling: {o.Scaling}; differencing: {o.Differencing}; windows measured from their last value: {o.NormalizeWindows}");
        report.AppendLine($"window: {string.Join("/", windows)} steps; horizon: {horizon} ({o.Strategy}); network: {o.Layers} x LSTM({o.Units}) + dense({outputs}); ensemble of {o.EnsembleSize}");

        // Validation split: the last V window ends of each series are held out; training windows' targets stay before them.
        int validation = o.ValidationWindows;
        int shortest = prepared.Min(p => p.Z.Length) - maxWindow - outputs + 1; // windows of the shortest series
        if (validation < 0)
            validation = Math.Clamp((int)Math.Ceiling(0.2 * shortest), 1, Math.Max(1, horizon));
        if (validation > 0 && shortest - validation - outputs + 1 < 8)
        {
            log?.Invoke($"Only {shortest} windows in the shortest series: too few to hold {validation} out for validation; training on all of them with {o.Epochs} epochs and bounds from in-sample errors.");
            validation = 0;
        }

        int epochBudget = EpochsFor(o.Epochs, prepared.Sum(p => Math.Max(1, p.Z.Length - maxWindow - outputs + 1)));
        if (epochBudget < o.Epochs)
            report.AppendLine($"epoch budget: {epochBudget} (long series: about 40,000 windows per member and phase)");
        o.Epochs = epochBudget;

        var clock = Stopwatch.StartNew();
        int members = o.EnsembleSize;
        // Members are independent: train them side by side, one per core, each network single-threaded (its per-step
        // products are too small to split well). Results do not depend on this: each member's arithmetic is the same.
        int threads = o.ThreadCount;
        int memberThreads = Math.Max(1, Math.Min(threads, members));
        int networkThreads = memberThreads > 1 ? 1 : o.MaxThreads;
        var gate = new object();
        Action<string>? safeLog = log == null ? null : message => { lock (gate) log(message); };
        double phases = validation > 0 ? 2 : 1;
        long epochsDone = 0;
        double Fraction(int phase, int phaseEpochs) =>
            Math.Min(1, (phase + (double)Interlocked.Read(ref epochsDone) / Math.Max(1, members * phaseEpochs)) / phases);
        int epochsUsed = o.Epochs;
        float[] stepSigma;
        float coverage = float.NaN;

        if (validation > 0)
        {
            // Phase 1: train on the early windows, record validation loss and predictions every epoch.
            var validationCurves = new double[members][];
            var predictionsPerMember = new float[members][][];
            float[]? validationTargets = null; // the same for every member: targets do not depend on the window size
            var distinctWindows = windows.Distinct().ToList();
            var validationSamplers = distinctWindows
                .Select(w => Sampler(prepared, w, outputs, s => (s.Z.Length - outputs - validation + 1, s.Z.Length - outputs), o.NormalizeWindows))
                .ToList();
            int valCount = validationSamplers[0].Count;
            long perEpoch = (long)valCount * outputs;
            bool keepPredictions = perEpoch * o.Epochs * members <= MaxStoredPredictions;
            RunMembers(members, memberThreads, m =>
            {
                int w = windows[m % windows.Count];
                WindowSampler train = Sampler(prepared, w, outputs, s => (w, s.Z.Length - outputs - validation - outputs + 1), o.NormalizeWindows);
                WindowSampler val = validationSamplers[distinctWindows.IndexOf(w)];
                LstmNetwork network = CreateNetwork(o, featureCount, outputs, MemberSeed(o.Seed, m), networkThreads);
                var curve = new double[o.Epochs];
                var predictions = new float[o.Epochs][];
                var x = new float[val.Count * w * val.InputSize];
                var yTrue = new float[val.Count * outputs];
                var yPred = new float[val.Count * outputs];
                val.Fill(Enumerable.Range(0, val.Count).ToArray(), x, yTrue);
                TrainerOptions trainer = TrainerFor(o, o.Epochs, MemberSeed(o.Seed, m), safeLog);
                trainer.ValidationData = val;
                trainer.RestoreBestWeights = false;
                trainer.Progress = p =>
                {
                    curve[p.Epoch - 1] = p.ValidationLoss ?? 0;
                    if (keepPredictions)
                    {
                        network.Predict(x, val.Count, w, yPred);
                        predictions[p.Epoch - 1] = (float[])yPred.Clone();
                    }
                    Interlocked.Increment(ref epochsDone);
                    if (progress != null)
                        lock (gate)
                            progress(new ForecasterProgress("validate", m, members, p.Epoch, o.Epochs, p.Loss, p.ValidationLoss,
                                Fraction(0, o.Epochs), clock.Elapsed));
                };
                new LstmTrainer(trainer).Train(network, train, cancellationToken);
                validationCurves[m] = curve;
                predictionsPerMember[m] = predictions;
                validationTargets = yTrue;
            });

            // Summed in member order, so the choice does not depend on which thread finished first.
            double[] meanCurve = new double[o.Epochs];
            for (int m = 0; m < members; m++)
                for (int e = 0; e < o.Epochs; e++)
                    meanCurve[e] += validationCurves[m][e];
            epochsUsed = ChooseEpochs(meanCurve, o.Epochs);
            report.AppendLine($"epochs: {epochsUsed} of {o.Epochs} (minimum of the smoothed mean validation curve over {validation} held-out window(s) per series)");
            if (keepPredictions)
            {
                (stepSigma, coverage) = Calibrate(predictionsPerMember.Select(p => p[epochsUsed - 1]).ToList(), validationTargets!, outputs, o.ConfidenceLevel);
            }
            else
            {
                stepSigma = Enumerable.Repeat((float)Math.Sqrt(meanCurve[epochsUsed - 1] / members), outputs).ToArray();
                report.AppendLine("bounds: from the validation loss (too many validation windows to keep every prediction)");
            }
        }
        else
        {
            stepSigma = Array.Empty<float>();
        }

        // Phase 2: every member on every window for the chosen number of epochs.
        Interlocked.Exchange(ref epochsDone, 0);
        int phase = validation > 0 ? 1 : 0;
        var trained = new EnsembleMember[members];
        RunMembers(members, memberThreads, m =>
        {
            int w = windows[m % windows.Count];
            WindowSampler all = Sampler(prepared, w, outputs, s => (w, s.Z.Length - outputs), o.NormalizeWindows);
            LstmNetwork network = CreateNetwork(o, featureCount, outputs, MemberSeed(o.Seed, m), networkThreads);
            TrainerOptions trainer = TrainerFor(o, epochsUsed, MemberSeed(o.Seed, m), safeLog);
            trainer.Progress = p =>
            {
                Interlocked.Increment(ref epochsDone);
                if (progress != null)
                    lock (gate)
                        progress(new ForecasterProgress("fit", m, members, p.Epoch, epochsUsed, p.Loss, null, Fraction(phase, epochsUsed), clock.Elapsed));
            };
            new LstmTrainer(trainer).Train(network, all, cancellationToken);
            // The final networks forecast one window at a time: give them back the configured thread count.
            trained[m] = new EnsembleMember(w, MemberSeed(o.Seed, m), networkThreads == o.MaxThreads ? network : WithThreads(network, o.MaxThreads));
        });
        var ensemble = trained.ToList();

        if (stepSigma.Length == 0)
        {
            // No validation: in-sample errors of the final ensemble (optimistic; said in the summary).
            (stepSigma, coverage) = InSampleCalibration(ensemble, prepared, outputs, o);
            report.AppendLine("bounds: from in-sample errors (no validation windows), likely too narrow");
            coverage = float.NaN;
        }
        if (o.Strategy == MultiStepStrategy.Recursive)
            stepSigma = Enumerable.Range(0, horizon).Select(k => stepSigma[0] * MathF.Sqrt(k + 1)).ToArray();
        report.AppendLine(float.IsNaN(coverage)
            ? $"confidence level {o.ConfidenceLevel:P0}"
            : $"confidence level {o.ConfidenceLevel:P0}; coverage on validation windows {coverage:P1}");
        report.Append($"trained in {clock.Elapsed.TotalSeconds:F1} s");
        log?.Invoke(report.ToString());
        return new LstmForecaster(o, season, states, ensemble, stepSigma, coverage, epochsUsed, report.ToString());
    }

    /// <summary>Three seasons (or 2·horizon + 8 without seasonality), shortened on short series so that at least 40
    /// windows remain, but never below one season (or 8 steps).</summary>
    internal static int DefaultWindow(int season, int outputs, int shortestLength)
    {
        int preferred = season > 1 ? Math.Min(3 * season, 3 * outputs + 24) : 2 * outputs + 8;
        int floor = season > 1 ? Math.Max(season, 8) : 8;
        int fitting = shortestLength - outputs + 1 - 40;
        return Math.Max(floor, Math.Min(preferred, fitting));
    }

    /// <summary>Epochs for this many training windows: the configured maximum, reduced on long series so that a member
    /// sees about 40,000 windows per phase (more passes add time, not accuracy), but at least 50.</summary>
    internal static int EpochsFor(int configured, int windows) =>
        Math.Min(configured, Math.Max(50, (int)Math.Ceiling(40_000.0 / Math.Max(1, windows))));

    internal static int MemberSeed(int seed, int member) => unchecked(seed * 7919 + member * 104729 + 17);

    /// <summary>Runs <paramref name="body"/> for members 0..count-1 on up to <paramref name="threads"/> threads; the first
    /// failure is rethrown as itself (cancellation, divergence), not wrapped.</summary>
    private static void RunMembers(int count, int threads, Action<int> body)
    {
        if (threads <= 1)
        {
            for (int m = 0; m < count; m++)
                body(m);
            return;
        }
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
        }
        catch (AggregateException ex)
        {
            Exception first = ex.InnerExceptions.FirstOrDefault(e => e is OperationCanceledException) ?? ex.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary>The same weights in a network allowed <paramref name="maxThreads"/> threads.</summary>
    private static LstmNetwork WithThreads(LstmNetwork network, int maxThreads)
    {
        var options = new LstmNetworkOptions
        {
            InputSize = network.InputSize, OutputSize = network.OutputSize, Seed = network.Seed, MaxThreads = maxThreads,
            OutputActivation = network.Head.Activation.Name,
        };
        foreach (LstmLayer layer in network.Layers)
            options.Layers.Add(layer.Options.Clone());
        var copy = new LstmNetwork(options);
        copy.SetParameters(network.Parameters);
        return copy;
    }

    internal static LstmNetwork CreateNetwork(LstmForecasterOptions o, int featureCount, int outputs, int seed) =>
        CreateNetwork(o, featureCount, outputs, seed, o.MaxThreads);

    internal static LstmNetwork CreateNetwork(LstmForecasterOptions o, int featureCount, int outputs, int seed, int maxThreads)
    {
        var options = new LstmNetworkOptions { InputSize = 1 + featureCount, OutputSize = outputs, Seed = seed, MaxThreads = maxThreads };
        for (int l = 0; l < o.Layers; l++)
            options.Layers.Add(new LstmLayerOptions { Units = o.Units, Activation = o.Activation, RecurrentActivation = o.RecurrentActivation });
        return new LstmNetwork(options);
    }

    private static TrainerOptions TrainerFor(LstmForecasterOptions o, int epochs, int seed, Action<string>? log) => new()
    {
        Epochs = epochs,
        BatchSize = o.BatchSize,
        LearningRate = o.LearningRate,
        Loss = Loss.FromName(o.Loss),
        Schedule = new CosineSchedule(epochs, o.LearningRate / 30f),
        ClipNorm = 1f,
        Seed = seed,
        Log = log,
    };

    private static WindowSampler Sampler(List<PreparedSeries> prepared, int window, int outputs,
        Func<PreparedSeries, (int From, int To)> range, bool normalize) =>
        new(prepared, window, outputs, prepared.Select(range).ToList(), normalize);

    /// <summary>The epoch at the minimum of the validation curve smoothed by a centered moving average, never before a
    /// quarter of the budget: a few noisy validation windows must not stop training at epoch 3.</summary>
    internal static int ChooseEpochs(double[] curve, int epochs)
    {
        int half = Math.Max(2, epochs / 40);
        int minEpoch = Math.Max(1, epochs / 4);
        int best = epochs;
        double bestValue = double.PositiveInfinity;
        for (int e = minEpoch; e <= epochs; e++)
        {
            int lo = Math.Max(0, e - 1 - half), hi = Math.Min(epochs - 1, e - 1 + half);
            double sum = 0;
            for (int i = lo; i <= hi; i++) sum += curve[i];
            double smoothed = sum / (hi - lo + 1);
            if (smoothed < bestValue)
            {
                bestValue = smoothed;
                best = e;
            }
        }
        return best;
    }

    /// <summary>Per-step error σ_k of the ensemble mean over validation windows, made non-decreasing in k, and the
    /// fraction of validation targets inside mean ± q·σ_k.</summary>
    private static (float[] Sigma, float Coverage) Calibrate(List<float[]> memberPredictions, float[] targets, int outputs, float level)
    {
        int n = targets.Length / outputs;
        var sigma = new float[outputs];
        var mean = new float[targets.Length];
        for (int i = 0; i < targets.Length; i++)
            mean[i] = memberPredictions.Average(p => p[i]);
        for (int k = 0; k < outputs; k++)
        {
            double sum = 0;
            for (int s = 0; s < n; s++)
            {
                double r = targets[s * outputs + k] - mean[s * outputs + k];
                sum += r * r;
            }
            // Inflate by sqrt(1 + 1/n): the spread of a new error around an estimate from n errors.
            sigma[k] = (float)Math.Sqrt(sum / n * (1 + 1.0 / n));
            if (k > 0) sigma[k] = Math.Max(sigma[k], sigma[k - 1]);
        }
        float q = LstmForecaster.NormalQuantile(0.5 + level / 2.0);
        int inside = 0;
        for (int i = 0; i < targets.Length; i++)
            if (Math.Abs(targets[i] - mean[i]) <= q * sigma[i % outputs]) inside++;
        return (sigma, (float)inside / targets.Length);
    }

    private static (float[] Sigma, float Coverage) InSampleCalibration(List<EnsembleMember> ensemble, List<PreparedSeries> prepared, int outputs, LstmForecasterOptions o)
    {
        var memberPredictions = new List<float[]>();
        float[]? targets = null;
        int maxWindow = ensemble.Max(m => m.Window);
        foreach (EnsembleMember member in ensemble)
        {
            WindowSampler sampler = Sampler(prepared, member.Window, outputs, s => (maxWindow, s.Z.Length - outputs), o.NormalizeWindows);
            var x = new float[sampler.Count * member.Window * sampler.InputSize];
            var y = new float[sampler.Count * outputs];
            var pred = new float[y.Length];
            sampler.Fill(Enumerable.Range(0, sampler.Count).ToArray(), x, y);
            member.Network.Predict(x, sampler.Count, member.Window, pred);
            memberPredictions.Add(pred);
            targets = y;
        }
        return Calibrate(memberPredictions, targets!, outputs, o.ConfidenceLevel);
    }
}
