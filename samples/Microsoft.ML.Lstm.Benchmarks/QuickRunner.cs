using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Microsoft.ML.Lstm.Benchmarks;

/// <summary>
/// The median and best time of one call, from <see cref="Samples"/> timed samples of <see cref="CallsPerSample"/> calls
/// each; and, when the samples were paired with the peak (see <see cref="AdjacentPeak"/>), the median over the samples of
/// their GFLOP/s as a percentage of the peak measured right after each (NaN otherwise).
/// </summary>
internal readonly record struct Timing(double MedianSeconds, double BestSeconds, int Samples, int CallsPerSample, double PercentOfAdjacentPeak);

/// <summary>
/// The --quick mode: a plain Stopwatch harness. Per workload: warm up (at least <see cref="WarmupSeconds"/> and two
/// calls, so the JIT has tiered up the hot loops), then time samples of enough calls to last about
/// <see cref="SampleSeconds"/> each, until the samples add up to the minimum time (at least 3 samples) or
/// <see cref="MaxSamples"/> samples were taken. Reports the median and the best time per call.
/// </summary>
internal static class QuickRunner
{
    private const double WarmupSeconds = 0.25;
    private const double SampleSeconds = 0.005;
    private const int MinSamples = 3;
    private const int MaxSamples = 200;

    // A peak sample lasts as long as the workload's sample, within these bounds.
    private const double MinPeakSeconds = 0.005, MaxPeakSeconds = 0.05;

    private static readonly AdjacentPeak s_adjacentPeak = new();

    public static int Run(BenchmarkOptions options)
    {
        PeakResult peak = MeasureAndPrintPeak();
        Console.WriteLine();
        Console.WriteLine("Cases (one LSTM layer + dense head of 1 output; FLOPs count the LSTM GEMMs: forward 2·B·T·4m(p+m), train 3x forward):");
        foreach (BenchmarkCase c in options.Cases)
            Console.WriteLine($"  {c.Name,-3} B={c.Batch,-4} T={c.Steps,-4} p={c.Features,-3} m={c.Units,-4} forward {c.ForwardFlops / 1e6,9:F1} MFLOP");
        Console.WriteLine();
        Console.WriteLine("samples/s: sequences per second; for the per-step kernels (gemm-recurrent, gates) the rate if a forward pass did");
        Console.WriteLine("only that kernel, T times. 'vs forward': train time / forward time; a kernel's share of the forward time (per-step x T).");
        Console.WriteLine();

        StreamWriter? json = options.JsonPath is null ? null : new StreamWriter(options.JsonPath, append: true, new UTF8Encoding(false));
        try
        {
            var total = Stopwatch.StartNew();
            int rounds = options.Rounds;
            // With rounds, each line's workload is built once and kept, so that later rounds time it in its steady state.
            var kept = new Dictionary<(int Threads, BenchmarkCase Case, WorkloadKind Kind), Workload>();
            var timings = new Dictionary<(int, BenchmarkCase, WorkloadKind), List<Timing>>();
            for (int round = 1; round <= rounds; round++)
            {
                if (rounds > 1)
                    Console.WriteLine($"Round {round} of {rounds}:");
                PrintHeader();
                ForEachLine(options, (threads, shape, kind) =>
                {
                    var key = (threads, shape, kind);
                    Workload workload = rounds == 1 ? Workload.Create(kind, shape, threads)
                        : kept.TryGetValue(key, out Workload? built) ? built : kept[key] = Workload.Create(kind, shape, threads);
                    Timing timing = Measure(workload, options.MinSeconds, s_adjacentPeak);
                    var row = new ResultRow(workload, timing, peak.For(threads));
                    if (rounds == 1)
                    {
                        json?.WriteLine(row.ToJson());
                        json?.Flush();
                    }
                    else
                    {
                        if (!timings.TryGetValue(key, out List<Timing>? list))
                            timings[key] = list = new List<Timing>();
                        list.Add(timing);
                    }
                    return (row, "");
                });
                Console.WriteLine();
            }
            if (rounds > 1)
                PrintMedianOfRounds(options, peak, kept, timings, json);
            Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:F1} s.{(options.JsonPath is null ? "" : $" Results appended to {options.JsonPath}.")}");
        }
        finally
        {
            json?.Dispose();
        }
        return 0;
    }

    private static void PrintHeader()
    {
        string header = $"{"case",-4} {"kind",-15} {"thr",3} {"median",10} {"best",10} {"samples/s",12} {"GFLOP/s",8} {"%peak",6} {"%adj",6}  {"vs forward",-12} {"samples",7}";
        Console.WriteLine(header);
        Console.WriteLine(new string('-', header.Length));
    }

    /// <summary>
    /// The summary of a run in rounds: per line, the median over the rounds of each round's median (and of its %adj),
    /// the best call of all rounds, and the rounds' %peak from lowest to highest. On a shared host a neighbour can slow
    /// the cores for tens of seconds; one round's line that falls into such a stretch moves the median of three rounds
    /// much less than it moves a single run.
    /// </summary>
    private static void PrintMedianOfRounds(BenchmarkOptions options, PeakResult peak,
        Dictionary<(int, BenchmarkCase, WorkloadKind), Workload> kept, Dictionary<(int, BenchmarkCase, WorkloadKind), List<Timing>> timings,
        StreamWriter? json)
    {
        Console.WriteLine($"Median of {options.Rounds} rounds (%peak of each round, lowest to highest, after the line):");
        PrintHeader();
        ForEachLine(options, (threads, shape, kind) =>
        {
            var key = (threads, shape, kind);
            List<Timing> list = timings[key];
            Workload workload = kept[key];
            var combined = new Timing(Median(list.Select(t => t.MedianSeconds).ToList()), list.Min(t => t.BestSeconds),
                list.Sum(t => t.Samples), list[0].CallsPerSample, Median(list.Select(t => t.PercentOfAdjacentPeak).ToList()));
            double peakGflops = peak.For(threads);
            double[] roundPercents = list.Select(t => new ResultRow(workload, t, peakGflops).PercentOfPeak).Where(double.IsFinite).Order().ToArray();
            var row = new ResultRow(workload, combined, peakGflops, options.Rounds);
            json?.WriteLine(row.ToJson());
            json?.Flush();
            return (row, roundPercents.Length == 0 ? "" : "  " + string.Join(" ", roundPercents.Select(v => v.ToString("F1", CultureInfo.InvariantCulture))));
        });
        Console.WriteLine();
    }

    /// <summary>Makes and prints the row of every line, in the options' order (threads, then cases, then kinds): each
    /// case's forward time goes into its later rows' "vs forward" column. <paramref name="line"/> returns the row and
    /// text to print after it.</summary>
    private static void ForEachLine(BenchmarkOptions options, Func<int, BenchmarkCase, WorkloadKind, (ResultRow Row, string After)> line)
    {
        foreach (int threads in options.Threads)
        {
            foreach (BenchmarkCase shape in options.Cases)
            {
                double forwardSeconds = double.NaN;
                foreach (WorkloadKind kind in options.Kinds)
                {
                    (ResultRow row, string after) = line(threads, shape, kind);
                    if (kind == WorkloadKind.Forward)
                        forwardSeconds = row.Seconds;
                    Console.WriteLine(row.Format(forwardSeconds) + after);
                }
            }
        }
    }

    public static PeakResult MeasureAndPrintPeak()
    {
        Console.WriteLine($"FMA peak ({(PeakFlops.Lanes == 16 ? "Vector512" : "Vector256")}, {PeakFlops.Lanes} lanes, 16 independent accumulators, registers only):");
        PeakResult peak = PeakFlops.Measure();
        Console.WriteLine($"  1 thread : {peak.OneThreadGflops,8:F1} GFLOP/s");
        Console.WriteLine($"  2 threads: {peak.TwoThreadGflops,8:F1} GFLOP/s  ({peak.TwoThreadGflops / peak.OneThreadGflops:F2}x)");
        if (Environment.ProcessorCount > 1)
        {
            // What splitting one step across the cores would cost on this machine, before any work is done.
            Timing handOff = Measure(new HandOffWorkload(), 0.5);
            Console.WriteLine($"Worker hand-off (an empty 2-chunk job on 2 threads): {handOff.MedianSeconds * 1e9:F0} ns median, {handOff.BestSeconds * 1e9:F0} ns best");
        }
        return peak;
    }

    /// <summary>Times <paramref name="workload"/>; with <paramref name="peak"/>, each sample is followed by a sample of the
    /// FMA peak on the workload's threads (workloads with a FLOP count only).</summary>
    public static Timing Measure(Workload workload, double minSeconds, AdjacentPeak? peak = null)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Warm-up; the shortest call seen estimates the cost of one call.
        double shortest = double.MaxValue;
        int calls = 0;
        var warmup = Stopwatch.StartNew();
        do
        {
            long start = Stopwatch.GetTimestamp();
            workload.Run();
            shortest = Math.Min(shortest, Stopwatch.GetElapsedTime(start).TotalSeconds);
            calls++;
        }
        while (warmup.Elapsed.TotalSeconds < WarmupSeconds || calls < 2);

        int perSample = (int)Math.Clamp(Math.Ceiling(SampleSeconds / shortest), 1, 1_000_000);
        bool paired = peak is not null && double.IsFinite(workload.Flops);
        var perCall = new List<double>();
        var percents = new List<double>();
        double measured = 0;
        while ((measured < minSeconds || perCall.Count < MinSamples) && perCall.Count < MaxSamples)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perSample; i++)
                workload.Run();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            measured += seconds;
            perCall.Add(seconds / perSample);
            shortest = Math.Min(shortest, seconds / perSample);
            if (paired)
            {
                double peakGflops = peak!.Measure(workload.Threads, Math.Clamp(seconds, MinPeakSeconds, MaxPeakSeconds));
                percents.Add(100 * workload.Flops / (seconds / perSample) / 1e9 / peakGflops);
            }
            // A warm-up that ended before the JIT had optimized the pass (new code paths keep delaying its promotion)
            // sized the samples from unoptimized calls: samples of a few calls, and 200 of them a fraction of the
            // minimum time. Re-sized from the shortest call so far, they reach their intended length after a few.
            perSample = (int)Math.Clamp(Math.Ceiling(SampleSeconds / shortest), 1, 1_000_000);
        }
        return new Timing(Median(perCall), perCall.Min(), perCall.Count, perSample, paired ? Median(percents) : double.NaN);
    }

    private static double Median(List<double> values)
    {
        values.RemoveAll(double.IsNaN);
        if (values.Count == 0)
            return double.NaN;
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }
}

/// <summary>One printed line and one JSON object.</summary>
internal sealed class ResultRow
{
    private readonly Workload _workload;
    private readonly Timing _timing;

    public ResultRow(Workload workload, Timing timing, double peakGflops, int rounds = 1)
    {
        _workload = workload;
        _timing = timing;
        Rounds = rounds;
        Seconds = timing.MedianSeconds;
        SamplesPerSecond = workload.SamplesPerCall / Seconds;
        Gflops = workload.Flops / Seconds / 1e9; // NaN for the gate pass
        PercentOfPeak = 100 * Gflops / peakGflops;
    }

    /// <summary>How many rounds the timing is the median of (1: a single run).</summary>
    public int Rounds { get; }

    public double Seconds { get; }
    public double SamplesPerSecond { get; }
    public double Gflops { get; }
    public double PercentOfPeak { get; }

    public string Format(double forwardSeconds)
    {
        string share = "";
        if (!double.IsNaN(forwardSeconds))
        {
            double t = _timing.MedianSeconds;
            share = _workload.Kind switch
            {
                WorkloadKind.Train => $"{t / forwardSeconds:F1}x",
                WorkloadKind.GemmInput => $"{100 * t / forwardSeconds:F0}%",
                WorkloadKind.GemmRecurrent or WorkloadKind.Gates => $"{100 * t * _workload.Case.Steps / forwardSeconds:F0}% (xT)",
                _ => "",
            };
        }
        var inv = CultureInfo.InvariantCulture;
        return string.Format(inv, "{0,-4} {1,-15} {2,3} {3,10} {4,10} {5,12} {6,8} {7,6} {8,6}  {9,-12} {10,7}",
            _workload.Case.Name, _workload.Kind.Label(), _workload.Threads,
            FormatTime(_timing.MedianSeconds), FormatTime(_timing.BestSeconds),
            SamplesPerSecond.ToString(SamplesPerSecond >= 100 ? "N0" : "F1", inv),
            double.IsNaN(Gflops) ? "-" : Gflops.ToString("F1", inv),
            double.IsNaN(PercentOfPeak) ? "-" : PercentOfPeak.ToString("F1", inv) + "%",
            double.IsNaN(_timing.PercentOfAdjacentPeak) ? "-" : _timing.PercentOfAdjacentPeak.ToString("F1", inv) + "%",
            share, $"{_timing.Samples}x{_timing.CallsPerSample}");
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("case", _workload.Case.Name);
            writer.WriteString("kind", _workload.Kind.Label());
            writer.WriteNumber("threads", _workload.Threads);
            writer.WriteNumber("seconds", Seconds);
            writer.WriteNumber("samplesPerSecond", SamplesPerSecond);
            WriteNumberOrNull(writer, "gflops", Gflops);
            WriteNumberOrNull(writer, "percentOfPeak", PercentOfPeak);
            WriteNumberOrNull(writer, "percentOfAdjacentPeak", _timing.PercentOfAdjacentPeak);
            if (Rounds > 1)
                writer.WriteNumber("rounds", Rounds);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
            writer.WriteNumber(name, value);
        else
            writer.WriteNull(name);
    }

    public static string FormatTime(double seconds) =>
        seconds >= 1 ? seconds.ToString("F3", CultureInfo.InvariantCulture) + " s"
        : seconds >= 1e-3 ? (seconds * 1e3).ToString("F3", CultureInfo.InvariantCulture) + " ms"
        : (seconds * 1e6).ToString("F2", CultureInfo.InvariantCulture) + " us";
}
