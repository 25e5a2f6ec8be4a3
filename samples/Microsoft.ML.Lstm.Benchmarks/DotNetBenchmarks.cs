using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;
using BdnCase = BenchmarkDotNet.Running.BenchmarkCase;

namespace Microsoft.ML.Lstm.Benchmarks;

/// <summary>
/// The default mode: the same workloads as --quick under BenchmarkDotNet, one benchmark method per kind, with
/// [ParamsSource] over the cases and thread counts (narrowed by --cases and --threads). GFLOP/s, % of peak and
/// samples/s are added as columns, from the median and the FMA peak measured in this (host) process first.
/// </summary>
internal static class DotNetBenchmarks
{
    /// <summary>Set from the command line before BenchmarkDotNet enumerates the parameters (in this process; the values
    /// are strings and integers, so the generated child projects receive them as literals).</summary>
    internal static IReadOnlyList<string> CaseNames = BenchmarkCase.All.Select(c => c.Name).ToArray();
    internal static IReadOnlyList<int> ThreadCounts = new[] { 1, 2 };
    internal static PeakResult? Peak;

    public static int Run(BenchmarkOptions options)
    {
        CaseNames = options.Cases.Select(c => c.Name).ToArray();
        ThreadCounts = options.Threads.ToArray();
        Peak = QuickRunner.MeasureAndPrintPeak();
        Console.WriteLine();

        var args = new List<string>(options.Rest);
        bool hasFilter = args.Any(a => a is "--filter" or "-f");
        if (options.KindsGiven)
        {
            if (hasFilter)
                throw new ArgumentException("Give either --kinds or --filter, not both.");
            args.Add("--filter");
            args.AddRange(options.Kinds.Select(k => $"*{nameof(LstmBenchmarks)}.{k}"));
        }
        else if (!hasFilter)
        {
            args.AddRange(new[] { "--filter", "*" }); // no interactive menu
        }

        IConfig config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new DerivedColumn(DerivedColumn.Quantity.SamplesPerSecond), new DerivedColumn(DerivedColumn.Quantity.Gflops),
                new DerivedColumn(DerivedColumn.Quantity.PercentOfPeak));
        if (!args.Any(a => a is "--job" or "-j" or "--runtimes" or "-r"))
        {
            // The large cases take a good fraction of a second per call: a few iterations of ~0.25 s are plenty.
            config = config.AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10)
                .WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("lstm"));
        }
        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromTypes(new[] { typeof(LstmBenchmarks) }).Run(args.ToArray(), config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

/// <summary>The benchmarks (public and not sealed, as BenchmarkDotNet needs). One method per <see cref="WorkloadKind"/>.</summary>
public class LstmBenchmarks
{
    private Workload? _workload;

    public static IEnumerable<string> Cases => DotNetBenchmarks.CaseNames;

    public static IEnumerable<int> ThreadCounts => DotNetBenchmarks.ThreadCounts;

    /// <summary>The shape: L1, S, M or L.</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "L1";

    /// <summary>MaxThreads of the network / GEMM context.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; } = 1;

    [GlobalSetup(Target = nameof(Forward))] public void SetupForward() => Setup(WorkloadKind.Forward);
    [GlobalSetup(Target = nameof(Train))] public void SetupTrain() => Setup(WorkloadKind.Train);
    [GlobalSetup(Target = nameof(GemmInput))] public void SetupGemmInput() => Setup(WorkloadKind.GemmInput);
    [GlobalSetup(Target = nameof(GemmRecurrent))] public void SetupGemmRecurrent() => Setup(WorkloadKind.GemmRecurrent);
    [GlobalSetup(Target = nameof(Gates))] public void SetupGates() => Setup(WorkloadKind.Gates);

    /// <summary>network.Predict(x, B, T, y): inference.</summary>
    [Benchmark] public void Forward() => _workload!.Run();

    /// <summary>Forward(training) + Backward + Adam.</summary>
    [Benchmark] public void Train() => _workload!.Run();

    /// <summary>[T·B, p]·[p, 4m], W packed per call.</summary>
    [Benchmark] public void GemmInput() => _workload!.Run();

    /// <summary>[B, m]·[m, 4m] against the packed U: one step.</summary>
    [Benchmark] public void GemmRecurrent() => _workload!.Run();

    /// <summary>The fused gate pass of one step, [B, 4m].</summary>
    [Benchmark] public void Gates() => _workload!.Run();

    private void Setup(WorkloadKind kind) => _workload = Workload.Create(kind, BenchmarkCase.Get(Case), Threads);
}

/// <summary>samples/s, GFLOP/s and % of the measured peak, from a benchmark's median time.</summary>
internal sealed class DerivedColumn : IColumn
{
    public enum Quantity { SamplesPerSecond, Gflops, PercentOfPeak }

    private readonly Quantity _quantity;

    public DerivedColumn(Quantity quantity) => _quantity = quantity;

    public string Id => "Lstm." + _quantity;

    public string ColumnName => _quantity switch
    {
        Quantity.SamplesPerSecond => "samples/s",
        Quantity.Gflops => "GFLOP/s",
        _ => "% peak",
    };

    public string Legend => _quantity switch
    {
        Quantity.SamplesPerSecond => "Sequences per second at the median time (per-step kernels: as if a forward pass did only that kernel, T times)",
        Quantity.Gflops => "GEMM FLOPs per second at the median time (forward 2·B·T·4m(p+m), train 3x forward, GEMM 2·M·N·K)",
        _ => "GFLOP/s as a percentage of the FMA peak measured for the same thread count",
    };

    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)_quantity;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BdnCase benchmarkCase) => false;
    public string GetValue(Summary summary, BdnCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BdnCase benchmarkCase, SummaryStyle style)
    {
        double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (nanoseconds is not double ns || ns <= 0)
            return "-";
        double seconds = ns * 1e-9;
        BenchmarkCase shape = BenchmarkCase.Get((string)benchmarkCase.Parameters[nameof(LstmBenchmarks.Case)]);
        int threads = (int)benchmarkCase.Parameters[nameof(LstmBenchmarks.Threads)];
        WorkloadKind kind = Enum.Parse<WorkloadKind>(benchmarkCase.Descriptor.WorkloadMethod.Name);
        double flops = kind switch
        {
            WorkloadKind.Forward => shape.ForwardFlops,
            WorkloadKind.Train => shape.TrainFlops,
            WorkloadKind.GemmInput => shape.InputGemmFlops,
            WorkloadKind.GemmRecurrent => shape.RecurrentGemmFlops,
            _ => double.NaN,
        };
        double samples = kind is WorkloadKind.GemmRecurrent or WorkloadKind.Gates ? (double)shape.Batch / shape.Steps : shape.Batch;
        double value = _quantity switch
        {
            Quantity.SamplesPerSecond => samples / seconds,
            Quantity.Gflops => flops / seconds / 1e9,
            _ => DotNetBenchmarks.Peak is PeakResult peak ? 100 * flops / seconds / 1e9 / peak.For(threads) : double.NaN,
        };
        if (double.IsNaN(value))
            return "-";
        return _quantity == Quantity.SamplesPerSecond
            ? value.ToString(value >= 100 ? "N0" : "F1", CultureInfo.InvariantCulture)
            : value.ToString("F1", CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
