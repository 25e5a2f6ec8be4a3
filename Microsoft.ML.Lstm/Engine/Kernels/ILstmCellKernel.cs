using System;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// The element-wise half of one LSTM time step, fused into one pass per direction. The GEMM has already written
/// the gate pre-activations z = x·W + h·U + b; this kernel does everything else for the step.
/// </summary>
internal interface ILstmCellKernel
{
    /// <summary>
    /// Forward step. z is [B, 4m] in gate order i, f, c, o: h·U, plus x·W unless <paramref name="kernel"/> is given;
    /// bias is [4m] or empty; x is [B, p] and kernel W [p, 4m], or both empty; cPrev is [B, m]. Adds x·W and the bias to
    /// z in place (so z holds the pre-activations the backward pass needs: adding them here, while the step's rows are
    /// in cache, saves passes over the whole sequence's z), then writes gates [B, 4m] = (ra(z_i), ra(z_f), a(z_c), ra(z_o)),
    /// c = f*cPrev + i*g, cellActivation = a(c) and h = o * a(c), each [B, m].
    /// </summary>
    /// <remarks>
    /// With <paramref name="keepForBackward"/> false (inference), only c and h are written: z is left as the GEMM wrote
    /// it, gates is one row [4m] reused by every row, and cellActivation may be empty. What a backward pass would read
    /// is then never stored: in a step whose rows do not fit in L1, those stores, each a read and a write-back of a
    /// cache line from L2, were most of the gate pass's memory traffic.
    /// <paramref name="hiddenStride"/> (m when 0) is the distance between h's rows: an inference pass writes h_t into
    /// the next step's product operand [x_{t+1}, h_t], rows of p + m, instead of copying it there.
    /// </remarks>
    void Forward(int batch, int units, Span<float> z, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, ReadOnlySpan<float> kernel,
        ReadOnlySpan<float> cPrev, Span<float> gates, Span<float> c, Span<float> cellActivation, Span<float> h, VectorWidth width,
        bool keepForBackward = true, int hiddenStride = 0);

    /// <summary>
    /// Whether <see cref="Backward"/> reads z. Not for sigmoid, tanh, exponential and linear, whose derivatives come from
    /// their outputs: the layer then keeps one step's z instead of every step's, so that in training z stays in cache
    /// between the GEMM that writes it and the pass that reads it, as in inference.
    /// </summary>
    bool BackwardReadsPreActivations { get; }

    /// <summary>
    /// Backward step, the mirror of <see cref="Forward"/>. dh is dL/dh_t [B, m]; dc holds dL/dc_t coming from step t+1
    /// on entry and dL/dc_{t-1} on return; z is read only when <see cref="BackwardReadsPreActivations"/>. Writes dz = dL/dz [B, 4m].
    /// </summary>
    void Backward(int batch, int units, ReadOnlySpan<float> dh, Span<float> dc,
        ReadOnlySpan<float> z, ReadOnlySpan<float> gates, ReadOnlySpan<float> c, ReadOnlySpan<float> cellActivation,
        ReadOnlySpan<float> cPrev, Span<float> dz, VectorWidth width);

    /// <summary>
    /// Every step of one core's half of the units of a single sequence split across two cores, with this kernel's
    /// activations: see <see cref="SingleSequencePass.RunHalf{TRec, TAct}"/>. Returns false when the other core gave up.
    /// </summary>
    bool ForwardUnitHalf(UnitHalf half, HiddenExchange exchange, int firstTag, ReadOnlySpan<float> x, Span<float> c, Span<float> h,
        int steps, bool hiddenSequenceKept, VectorWidth width);

    /// <summary>
    /// Every step of a single sequence's inference on one core, with this kernel's activations: see
    /// <see cref="SingleSequencePass.RunWhole{TRec, TAct}"/>.
    /// </summary>
    void ForwardSingleSequence(ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> bias, Span<float> z,
        ReadOnlySpan<float> x, Span<float> c, Span<float> h, int units, int steps, bool hiddenSequenceKept, bool halvesOfRows, VectorWidth width);

    /// <summary>
    /// Every step of one batch tile's inference with the batch along the registers, with this kernel's activations: see
    /// <see cref="BatchMajorPass.Run{TRec, TAct}"/>.
    /// </summary>
    void ForwardBatchMajor(BatchMajorWeights weights, BatchMajorState state, ReadOnlySpan<float> x, int inputSize, int batch,
        int firstRow, int rows, int steps, bool hasBias, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0, Span<float> h, Span<float> c);
}
