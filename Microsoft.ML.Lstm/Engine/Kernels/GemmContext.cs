using System;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Buffers and settings of the GEMMs one owner (a layer) runs: the register width, how many threads it may use
/// and a scratch packed operand. Grown on first use, then reused, so steady-state
/// calls allocate nothing. Not thread-safe: one context per concurrently running owner.
/// </summary>
internal sealed class GemmContext
{
    /// <summary>Creates a context that runs at <paramref name="width"/> on up to <paramref name="maxThreads"/> threads.</summary>
    public GemmContext(VectorWidth width, int maxThreads)
    {
        if (maxThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "At least one thread is needed.");
        Width = width;
        MaxThreads = Math.Min(maxThreads, WorkerPool.Shared.WorkerCount + 1);
        Job = new GemmJob(MaxThreads);
    }

    /// <summary>The register width of every GEMM run with this context.</summary>
    public VectorWidth Width { get; }

    /// <summary>The most threads a GEMM may use (capped by the cores of the machine).</summary>
    public int MaxThreads { get; }

    /// <summary>Scratch for the B operand of a one-off product.</summary>
    public PackedMatrix ScratchB { get; } = new();

    internal GemmJob Job { get; }
}
