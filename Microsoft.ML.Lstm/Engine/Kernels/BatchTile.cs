namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// What one batch tile of a layer's recurrence owns: the GEMM context its thread runs the step products with, and
/// its own packed copies of the recurrent operands, packed by that thread at the start of its pass.
/// </summary>
/// <remarks>
/// One copy shared by all tiles was packed by the calling thread. A core that reads lines another core has just
/// written keeps fetching them from that core while it runs: the worker's step products on S's forward pass ran at
/// 11 µs a step against the caller's 8.8 for as long as the caller's tile ran, and at 8.3 once it was done (2 cores,
/// per-step timings), so the worker's tile took 10-15% longer and the pass waited for it. Packed by the thread that
/// reads it, a copy is written and read by one core only; the packing costs each tile what it cost the caller.
/// Operands larger than half an L2 stay shared (the layer decides): they stream from L3 at every step anyway.
/// </remarks>
internal sealed class BatchTile
{
    /// <summary>A tile that runs its products with <paramref name="gemm"/>.</summary>
    public BatchTile(GemmContext gemm) => Gemm = gemm;

    /// <summary>The context of the tile's products (a single-thread one, unless the layer runs as one tile).</summary>
    public GemmContext Gemm { get; }

    /// <summary>The step's right operand: U [m, 4m], or [W; U] [p + m, 4m] when the input is fused into the step.</summary>
    public PackedMatrix StepWeights { get; } = new();

    /// <summary>Uᵀ [4m, m], the right operand of the backward recurrence dh_{t-1} = dz·Uᵀ.</summary>
    public PackedMatrix RecurrentTransposed { get; } = new();

    /// <summary>The layer's parameters packed for <see cref="BatchMajorPass"/>, when this tile packs its own.</summary>
    public BatchMajorWeights BatchMajorWeights { get; } = new();

    /// <summary>The tile's state in <see cref="BatchMajorPass"/>'s layout.</summary>
    public BatchMajorState BatchMajorState { get; } = new();
}
