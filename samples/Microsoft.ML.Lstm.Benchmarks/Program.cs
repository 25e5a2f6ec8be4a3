using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Benchmarks;

/// <summary>
/// Speed benchmarks of the LSTM engine. <c>--quick</c>: a Stopwatch harness, one line per case (seconds per case).
/// Default: the same workloads under BenchmarkDotNet. See README.md.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine();
            Console.Error.WriteLine(BenchmarkOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        BuildCheck.WarnIfNotOptimized();
        PrintEnvironment();

        if (options.ActivationsOnly)
        {
            ActivationSpeed.Run();
            return 0;
        }
        if (options.PeakOnly)
        {
            QuickRunner.MeasureAndPrintPeak();
            return 0;
        }
        return options.Quick ? QuickRunner.Run(options) : DotNetBenchmarks.Run(options);
    }

    private static void PrintEnvironment()
    {
        Console.WriteLine($"Microsoft.ML.Lstm benchmarks | {RuntimeInformation.FrameworkDescription} | {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"{Environment.ProcessorCount} logical cores | kernel width {VectorWidths.Best} | Vector512 accelerated: {Vector512.IsHardwareAccelerated} | " +
            $"Vector256 accelerated: {Vector256.IsHardwareAccelerated} | library {typeof(LstmNetwork).Assembly.GetName().Version}");
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported && !Vector512.IsHardwareAccelerated)
            Console.WriteLine(VectorWidths.Best == VectorWidth.V512
                ? "Note: .NET does not prefer Vector512 on this CPU (it lowers its clock under AVX-512), but the library uses it where " +
                  "there is AVX-512, and so does the peak. DOTNET_PreferredVectorBitWidth=256 keeps both at 256 bits."
                : "Note: DOTNET_PreferredVectorBitWidth keeps the kernels and the peak at 256 bits on this AVX-512 CPU.");
        if (Workload.HeadActivation != "linear")
            Console.WriteLine($"Note: the library has no \"linear\" activation (LstmNetworkOptions.OutputActivation's default), so the head uses \"{Workload.HeadActivation}\".");
        Console.WriteLine();
    }
}

/// <summary>The command line.</summary>
internal sealed class BenchmarkOptions
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project samples/Microsoft.ML.Lstm.Benchmarks -- [options] [BenchmarkDotNet options]

          --quick               Stopwatch harness (a few seconds per case) instead of BenchmarkDotNet.
          --peak                Only measure and print the FMA peak (1 and 2 threads).
          --activations         Only time every activation (ns per value at the kernel width) and exp against the runtime's.
          --cases L1,S,M,L      Cases to run (default: all).
          --threads 1,2         MaxThreads values to run (default: 1,2).
          --kinds K,...         forward, train, gemm (= gemm-input,gemm-recurrent), gemm-input, gemm-recurrent, gates (default: all).
          --json FILE           --quick only: append one JSON object per result line to FILE (JSON Lines).
          --min-time SECONDS    --quick only: time measured per result line, after warm-up (default 1).
          --rounds N            --quick only: run every line N times, in turn, and report the median of the rounds (default 1).
          -h, --help            This text.

        Without --quick, anything else (--filter, --job, --inProcess, --exporters ...) goes to BenchmarkDotNet.
        """;

    public bool Quick { get; private set; }
    public bool PeakOnly { get; private set; }
    public bool ActivationsOnly { get; private set; }
    public bool Help { get; private set; }
    public string? JsonPath { get; private set; }
    public double MinSeconds { get; private set; } = 1.0;
    public int Rounds { get; private set; } = 1;
    public IReadOnlyList<BenchmarkCase> Cases { get; private set; } = BenchmarkCase.All;
    public IReadOnlyList<int> Threads { get; private set; } = new[] { 1, 2 };
    public IReadOnlyList<WorkloadKind> Kinds { get; private set; } = WorkloadKinds.All;
    public bool KindsGiven { get; private set; }

    /// <summary>Arguments this program does not know, passed on to BenchmarkDotNet.</summary>
    public IReadOnlyList<string> Rest { get; private set; } = Array.Empty<string>();

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            switch (arg.ToLowerInvariant())
            {
                case "--quick": options.Quick = true; break;
                case "--peak": options.PeakOnly = true; break;
                case "--activations": options.ActivationsOnly = true; break;
                case "-h" or "--help" or "-?": options.Help = true; break;
                case "--json": options.JsonPath = Value(); break;
                case "--min-time":
                    string text = Value();
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds > 0))
                        throw new ArgumentException($"--min-time needs a positive number of seconds; got '{text}'.");
                    options.MinSeconds = seconds;
                    break;
                case "--rounds":
                    string roundsText = Value();
                    options.Rounds = int.TryParse(roundsText, NumberStyles.None, CultureInfo.InvariantCulture, out int rounds) && rounds >= 1
                        ? rounds : throw new ArgumentException($"--rounds needs a positive integer; got '{roundsText}'.");
                    break;
                case "--cases":
                    options.Cases = List(Value()).Select(BenchmarkCase.Get).Distinct().ToArray();
                    break;
                case "--threads":
                    options.Threads = List(Value()).Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
                        ? n : throw new ArgumentException($"--threads takes positive integers; got '{t}'.")).Distinct().ToArray();
                    break;
                case "--kinds":
                    options.Kinds = List(Value()).SelectMany(WorkloadKinds.Parse).Distinct().OrderBy(k => k).ToArray();
                    options.KindsGiven = true;
                    break;
                default: rest.Add(arg); break;
            }
        }
        if (options.Quick && rest.Count > 0)
            throw new ArgumentException($"Unknown option(s) for --quick: {string.Join(' ', rest)}");
        if (!options.Quick && options.Rounds != 1)
            throw new ArgumentException("--rounds goes with --quick (BenchmarkDotNet repeats its own launches: --launchCount).");
        if (!options.Quick && options.JsonPath is not null)
            throw new ArgumentException("--json goes with --quick (BenchmarkDotNet has its own exporters: --exporters json).");
        options.Rest = rest;
        return options;
    }

    private static IEnumerable<string> List(string value)
    {
        string[] items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length > 0 ? items : throw new ArgumentException("An empty list.");
    }
}

/// <summary>Benchmarks of a Debug build measure the JIT's unoptimized code, not the library.</summary>
internal static class BuildCheck
{
    public static void WarnIfNotOptimized()
    {
        var problems = new List<string>();
        foreach (Assembly assembly in new[] { typeof(LstmNetwork).Assembly, typeof(BuildCheck).Assembly })
        {
            DebuggableAttribute? debuggable = assembly.GetCustomAttribute<DebuggableAttribute>();
            if (debuggable is not null && debuggable.IsJITOptimizerDisabled)
                problems.Add($"{assembly.GetName().Name} was built without optimizations (Debug configuration)");
        }
        if (Debugger.IsAttached)
            problems.Add("a debugger is attached");
        if (problems.Count == 0)
            return;
        ConsoleColor color = Console.ForegroundColor;
        Console.ForegroundColor = ConsoleColor.Red;
        Console.Error.WriteLine(new string('!', 100));
        Console.Error.WriteLine("!!! WARNING: THESE NUMBERS ARE MEANINGLESS: " + string.Join("; ", problems) + ".");
        Console.Error.WriteLine("!!! Run: dotnet run -c Release --project samples/Microsoft.ML.Lstm.Benchmarks -- --quick");
        Console.Error.WriteLine(new string('!', 100));
        Console.ForegroundColor = color;
    }
}
