using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Lstm.Benchmarks;

/// <summary>One benchmark shape: B sequences of T steps with p features into an LSTM of m units (+ a dense head of 1 output).</summary>
internal sealed record BenchmarkCase(string Name, int Batch, int Steps, int Features, int Units)
{
    /// <summary>Every case, smallest first.</summary>
    public static readonly IReadOnlyList<BenchmarkCase> All = new[]
    {
        new BenchmarkCase("L1", Batch: 1, Steps: 24, Features: 1, Units: 64),
        new BenchmarkCase("S", Batch: 64, Steps: 24, Features: 1, Units: 64),
        new BenchmarkCase("M", Batch: 128, Steps: 50, Features: 16, Units: 128),
        new BenchmarkCase("L", Batch: 256, Steps: 100, Features: 64, Units: 256),
    };

    /// <summary>The case called <paramref name="name"/> (case-insensitive).</summary>
    public static BenchmarkCase Get(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown case '{name}'. Valid cases: {string.Join(", ", All.Select(c => c.Name))}.", nameof(name));

    /// <summary>4m, the gate columns.</summary>
    public int Gates4 => 4 * Units;

    /// <summary>FLOPs of one forward pass, the LSTM GEMMs only: 2·B·T·4m·(p + m). The head and the element-wise work are not counted.</summary>
    public double ForwardFlops => 2.0 * Batch * Steps * Gates4 * (Features + Units);

    /// <summary>FLOPs of one training step: 3 × forward (forward, then the backward pass's two products per forward product).</summary>
    public double TrainFlops => 3.0 * ForwardFlops;

    /// <summary>FLOPs of the input projection [T·B, p]·[p, 4m]: 2·M·N·K.</summary>
    public double InputGemmFlops => 2.0 * Steps * Batch * Gates4 * Features;

    /// <summary>FLOPs of one recurrent step [B, m]·[m, 4m]: 2·M·N·K.</summary>
    public double RecurrentGemmFlops => 2.0 * Batch * Gates4 * Units;

    public override string ToString() => $"{Name} (B={Batch}, T={Steps}, p={Features}, m={Units})";
}

/// <summary>What one call of a workload does.</summary>
internal enum WorkloadKind
{
    /// <summary>network.Predict: inference over a whole batch.</summary>
    Forward,
    /// <summary>Forward (training) + Backward + one Adam update.</summary>
    Train,
    /// <summary>The input projection GEMM alone, [T·B, p]·[p, 4m] (packs W each call, as the layer does).</summary>
    GemmInput,
    /// <summary>One recurrent GEMM step alone, [B, m]·[m, 4m]: against the packed recurrent kernel, or reading it in place for B ≤ 5.</summary>
    GemmRecurrent,
    /// <summary>The fused gate pass of one step alone (tanh/sigmoid), over [B, 4m]. Always one thread.</summary>
    Gates,
}

internal static class WorkloadKinds
{
    public static readonly WorkloadKind[] All = Enum.GetValues<WorkloadKind>();

    /// <summary>The name printed in the "kind" column and written to JSON.</summary>
    public static string Label(this WorkloadKind kind) => kind switch
    {
        WorkloadKind.Forward => "forward",
        WorkloadKind.Train => "train",
        WorkloadKind.GemmInput => "gemm-input",
        WorkloadKind.GemmRecurrent => "gemm-recurrent",
        WorkloadKind.Gates => "gates",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a --kinds entry: a label, or "gemm" for both GEMMs.</summary>
    public static IEnumerable<WorkloadKind> Parse(string name)
    {
        if (string.Equals(name, "gemm", StringComparison.OrdinalIgnoreCase))
            return new[] { WorkloadKind.GemmInput, WorkloadKind.GemmRecurrent };
        foreach (WorkloadKind kind in All)
            if (string.Equals(kind.Label(), name, StringComparison.OrdinalIgnoreCase))
                return new[] { kind };
        throw new ArgumentException($"Unknown kind '{name}'. Valid kinds: gemm, {string.Join(", ", All.Select(k => k.Label()))}.");
    }
}
