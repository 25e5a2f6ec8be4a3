using System;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Threading;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine;

/// <summary>
/// One LSTM layer with Keras semantics: gate order i, f, c, o; kernel W [p, 4m], recurrent kernel U [m, 4m], bias b [4m].
/// For each step t: z = x_t·W + h_{t-1}·U + b; i = ra(z_i), f = ra(z_f), g = a(z_c), o = ra(z_o);
/// c_t = f*c_{t-1} + i*g; h_t = o*a(c_t). <see cref="Forward"/> and <see cref="Backward"/> are mirrored passes:
/// the backward pass (BPTT) uses what the last forward pass kept and fills <see cref="Gradients"/>.
/// </summary>
/// <remarks>
/// Inputs and outputs are batch-major, as in Keras: x is [B, T, p], the output [B, T, m] with
/// <see cref="LstmLayerOptions.ReturnSequences"/>, else [B, m]. Inside, everything is time-major ([T, B, .]) so that
/// a step's rows are contiguous: one GEMM projects the inputs of all steps, then each step is one GEMM with the
/// packed recurrent kernel and one fused element-wise pass. Buffers grow on first use and are reused: once they
/// exist, Forward and Backward allocate nothing. A layer is not thread-safe.
/// </remarks>
public sealed unsafe class LstmLayer
{
    /// <summary>Up to this many input features the gate pass adds x_t·W (p outer products) to z itself instead of a GEMM doing it.</summary>
    private const int OuterProductInputSize = 4;

    private readonly Memory<float> _parameters;
    private readonly Memory<float> _gradients;
    private readonly Random _random;
    private readonly GemmContext _gemm;
    private readonly ILstmCellKernel _cell;
    private readonly PackedMatrix _packedDz = new();     // dZ [T·B, 4m] as the weight gradients' right operand, packed step by step
    private readonly int _p, _m;

    // Time-major buffers of the last forward pass (B = _batch, T = _steps).
    private Memory<float> _x = Memory<float>.Empty;        // [T, B, p] input in processing order, input dropout applied
    private Memory<float> _z = Memory<float>.Empty;        // [T, B, 4m] gate pre-activations
    private Memory<float> _gates = Memory<float>.Empty;    // [T, B, 4m] gate activations i, f, g, o
    private Memory<float> _c = Memory<float>.Empty;        // [T+1, B, m] cell states, _c[0] = c0
    private Memory<float> _cellAct = Memory<float>.Empty;  // [T, B, m] a(c_t)
    private Memory<float> _h = Memory<float>.Empty;        // [T+1, B, m] hidden states, _h[0] = h0
    private Memory<float> _hIn = Memory<float>.Empty;      // [T, B, m] h_{t-1} with recurrent dropout applied (only with recurrent dropout)
    private Memory<float> _stepInput = Memory<float>.Empty; // [2, B, p+m] x_t and h_{t-1} side by side (only with the input fused into the step)
    private bool _inputFused;       // x_t·W computed by the step GEMM, [x_t, h_{t-1}]·[W; U]
    private bool _inputInGatePass;  // x_t·W computed by the gate pass (p <= OuterProductInputSize)
    private bool _batchMajor;       // the tiles run BatchMajorPass (inference)
    private bool _keepSteps;        // gates and a(c) kept for every step (else step 0's place is reused)
    private bool _keepPreActivations; // z kept for every step: prefilled with x·W, or read by the backward pass
    private bool _inference;        // nothing kept for a backward pass: the cell kernel writes only c and h, and c_t
                                    // alternates between two places (a whole [T+1, B, m] history would leave the caches)
    private bool _hiddenSequenceKept = true; // h_t kept for every step (else two alternating places, as c in inference)
    private bool _keepDz;           // dz kept for every step, for dX = dZ·Wᵀ
    private Memory<float> _inputMask = Memory<float>.Empty;      // [B, p]
    private Memory<float> _recurrentMask = Memory<float>.Empty;  // [B, m]
    // Backward buffers.
    private Memory<float> _dz = Memory<float>.Empty;       // [T, B, 4m], or one step's [B, 4m] when dX is not asked for
    private Memory<float> _ones = Memory<float>.Empty;          // [T·B] ones: db = 1ᵀ·dZ in the weight-gradient product
    private Memory<float> _dx = Memory<float>.Empty;       // [T, B, p]
    private Memory<float> _dh = Memory<float>.Empty;       // [B, m] dL/dh_t
    private Memory<float> _dhNext = Memory<float>.Empty;   // [B, m] dL/dh_{t-1} through the recurrence
    private Memory<float> _dc = Memory<float>.Empty;       // [B, m]
    private Memory<float> _dOut = Memory<float>.Empty;     // [T, B, m] (or [B, m]) the output gradient, time-major
    private readonly BatchTile _wholeBatch;                // the recurrence as one tile, its products on the layer's own context
    private BatchTile[] _tiles = Array.Empty<BatchTile>(); // the recurrence split by batch rows, one thread each
    private readonly TileWork _tileWork;
    private int _batch, _steps;
    private bool _inputDropoutActive, _recurrentDropoutActive, _hasForward;
    private bool _packedShared;     // the tiles read _wholeBatch's packed weights (else each packs its own)
    private bool _inputCopiedByTiles; // each tile copies its rows of the input into _x (ToProcessingOrder)
    private readonly UnitSplitWork _unitSplitWork;
    private UnitHalf[]? _unitHalves;        // each core's half of the units, when one sequence is split across two
    private HiddenExchange? _hiddenExchange;
    private int _unitSplitState;           // who runs which half of the current split pass (UnitSplit* constants)
    private int _firstTag, _nextTag = 1;   // the exchange's tags: step s of a split pass publishes _firstTag + s
    private float* _input;          // the forward pass's x, pinned while the tiles run
    private int _inputLength;
    private bool _inputTimeMajor;

    /// <summary>Creates a layer over <paramref name="inputSize"/> features, with weights drawn as Keras draws them from <paramref name="seed"/>.</summary>
    /// <param name="inputSize">p, the features per time step.</param>
    /// <param name="options">Units, activations and the other Keras arguments.</param>
    /// <param name="seed">Seed of the initializers and dropout masks. Default 0.</param>
    /// <param name="maxThreads">Most threads a product may use; 0 (default) uses every core.</param>
    public LstmLayer(int inputSize, LstmLayerOptions options, int seed = 0, int maxThreads = 0)
        : this(inputSize, options, null, null, new Random(seed), CreateContext(maxThreads, VectorWidths.Best))
    {
    }

    internal LstmLayer(int inputSize, LstmLayerOptions options, Memory<float>? parameters, Memory<float>? gradients,
        Random random, GemmContext gemm)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (inputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"The input size must be positive; got {inputSize}.");
        options.Validate(nameof(options));
        Options = options.Clone();
        Activation = Activations.Activation.FromName(options.Activation);
        RecurrentActivation = Activations.Activation.FromName(options.RecurrentActivation);
        _p = inputSize;
        _m = options.Units;
        ParameterCount = CountParameters(inputSize, options.Units, options.UseBias);
        _parameters = parameters ?? AlignedMemory.Allocate(ParameterCount);
        _gradients = gradients ?? AlignedMemory.Allocate(ParameterCount);
        if (_parameters.Length != ParameterCount || _gradients.Length != ParameterCount)
            throw new ArgumentException($"The layer needs {ParameterCount} parameters.", nameof(parameters));
        _random = random;
        _gemm = gemm;
        _wholeBatch = new BatchTile(gemm);
        _cell = LstmCellKernelFactory.Create(Activation, RecurrentActivation);
        _tileWork = new TileWork(this);
        _unitSplitWork = new UnitSplitWork(this);
        Initialize();
    }

    /// <summary>A copy of the options the layer was built with.</summary>
    public LstmLayerOptions Options { get; }

    /// <summary>p, the features per time step.</summary>
    public int InputSize => _p;

    /// <summary>m, the units.</summary>
    public int Units => _m;

    /// <summary>The activation of the candidate and of the cell state.</summary>
    public Activation Activation { get; }

    /// <summary>The activation of the gates i, f and o.</summary>
    public Activation RecurrentActivation { get; }

    /// <summary>4m(m + p + 1) with a bias, 4m(m + p) without: independent of the sequence length.</summary>
    public int ParameterCount { get; }

    /// <summary>All weights, in the order kernel [p, 4m], recurrent kernel [m, 4m], bias [4m] (Keras' order and layouts).</summary>
    public Span<float> Parameters => _parameters.Span;

    /// <summary>dL/d<see cref="Parameters"/>, same layout, overwritten by each <see cref="Backward"/>.</summary>
    public Span<float> Gradients => _gradients.Span;

    /// <summary>Keras <c>kernel</c>, [p, 4m] row-major, gate blocks i, f, c, o along the columns.</summary>
    public Span<float> Kernel => Parameters.Slice(0, _p * 4 * _m);

    /// <summary>Keras <c>recurrent_kernel</c>, [m, 4m] row-major.</summary>
    public Span<float> RecurrentKernel => Parameters.Slice(_p * 4 * _m, _m * 4 * _m);

    /// <summary>Keras <c>bias</c>, [4m]; empty without a bias.</summary>
    public Span<float> Bias => Options.UseBias ? Parameters.Slice((_p + _m) * 4 * _m, 4 * _m) : Span<float>.Empty;

    /// <summary>dL/d<see cref="Kernel"/>.</summary>
    public Span<float> KernelGradient => Gradients.Slice(0, _p * 4 * _m);

    /// <summary>dL/d<see cref="RecurrentKernel"/>.</summary>
    public Span<float> RecurrentKernelGradient => Gradients.Slice(_p * 4 * _m, _m * 4 * _m);

    /// <summary>dL/d<see cref="Bias"/>.</summary>
    public Span<float> BiasGradient => Options.UseBias ? Gradients.Slice((_p + _m) * 4 * _m, 4 * _m) : Span<float>.Empty;

    /// <summary>The parameter count of a layer of <paramref name="units"/> over <paramref name="inputSize"/> features.</summary>
    public static int CountParameters(int inputSize, int units, bool useBias = true) =>
        checked(4 * units * (units + inputSize + (useBias ? 1 : 0)));

    /// <summary>Length of the output for a batch: B·T·m with <see cref="LstmLayerOptions.ReturnSequences"/>, else B·m.</summary>
    public int OutputLength(int batchSize, int timeSteps) => Options.ReturnSequences ? batchSize * timeSteps * _m : batchSize * _m;

    /// <summary>Draws the weights again as Keras does: glorot_uniform kernel, orthogonal recurrent kernel, zero bias with
    /// the forget-gate bias at 1 when <see cref="LstmLayerOptions.UnitForgetBias"/>.</summary>
    public void Initialize()
    {
        Initializers.GlorotUniform(Kernel, _p, 4 * _m, _random);
        Initializers.Orthogonal(RecurrentKernel, _m, 4 * _m, _random);
        Span<float> bias = Bias;
        bias.Clear();
        if (Options.UseBias && Options.UnitForgetBias)
            bias.Slice(_m, _m).Fill(1f);
    }

    /// <summary>
    /// Runs the layer over a batch of sequences.
    /// </summary>
    /// <param name="x">Input, [B, T, p].</param>
    /// <param name="batchSize">B.</param>
    /// <param name="timeSteps">T.</param>
    /// <param name="output">[B, T, m] with return_sequences (in processing order), else [B, m] (the last step).</param>
    /// <param name="training">Applies dropout when true. Default false.</param>
    /// <param name="initialHidden">h0, [B, m]; empty for zeros.</param>
    /// <param name="initialCell">c0, [B, m]; empty for zeros.</param>
    /// <param name="finalHidden">Receives h_T, [B, m]; empty when not wanted.</param>
    /// <param name="finalCell">Receives c_T, [B, m]; empty when not wanted.</param>
    public void Forward(ReadOnlySpan<float> x, int batchSize, int timeSteps, Span<float> output, bool training = false,
        ReadOnlySpan<float> initialHidden = default, ReadOnlySpan<float> initialCell = default,
        Span<float> finalHidden = default, Span<float> finalCell = default)
    {
        CheckSizes(batchSize, timeSteps);
        CheckLength(x, batchSize * timeSteps * _p, nameof(x), "B·T·p");
        CheckLength(output, OutputLength(batchSize, timeSteps), nameof(output), Options.ReturnSequences ? "B·T·m" : "B·m");
        CheckOptional(initialHidden, batchSize * _m, nameof(initialHidden));
        CheckOptional(initialCell, batchSize * _m, nameof(initialCell));
        CheckOptional(finalHidden, batchSize * _m, nameof(finalHidden));
        CheckOptional(finalCell, batchSize * _m, nameof(finalCell));

        ForwardCore(x, timeMajor: false, batchSize, timeSteps, training, initialHidden, initialCell);

        int bm = batchSize * _m;
        if (Options.ReturnSequences)
        {
            // output[b, s] = h_{s+1}[b]: processing order, as Keras returns it.
            for (int s = 0; s < timeSteps; s++)
                RowCopy.Copy(_h.AsSpan((s + 1) * bm, bm), _m, output.Slice(s * _m), timeSteps * _m, batchSize, _m, _gemm.Width);
        }
        else
        {
            LastHidden.CopyTo(output);
        }
        if (!finalHidden.IsEmpty)
            LastHidden.CopyTo(finalHidden);
        if (!finalCell.IsEmpty)
            _c.AsSpan(timeSteps * bm, bm).CopyTo(finalCell);
    }

    /// <summary>
    /// Backpropagation through time for the last <see cref="Forward"/> call. Overwrites <see cref="Gradients"/>
    /// (kernel, recurrent kernel, bias) and writes the requested input and initial-state gradients.
    /// </summary>
    /// <param name="outputGradient">dL/doutput, the shape of the forward output.</param>
    /// <param name="inputGradient">Receives dL/dx, [B, T, p]; empty when not wanted.</param>
    /// <param name="finalHiddenGradient">dL/dh_T from a use of the final state, [B, m]; empty for none.</param>
    /// <param name="finalCellGradient">dL/dc_T, [B, m]; empty for none.</param>
    /// <param name="initialHiddenGradient">Receives dL/dh0, [B, m]; empty when not wanted.</param>
    /// <param name="initialCellGradient">Receives dL/dc0, [B, m]; empty when not wanted.</param>
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient = default,
        ReadOnlySpan<float> finalHiddenGradient = default, ReadOnlySpan<float> finalCellGradient = default,
        Span<float> initialHiddenGradient = default, Span<float> initialCellGradient = default)
    {
        if (!_hasForward)
            throw new InvalidOperationException("Backward needs a Forward call first: it differentiates the last forward pass.");
        int bm = _batch * _m;
        CheckLength(outputGradient, OutputLength(_batch, _steps), nameof(outputGradient), Options.ReturnSequences ? "B·T·m" : "B·m");
        CheckOptional(inputGradient, _batch * _steps * _p, nameof(inputGradient));
        CheckOptional(finalHiddenGradient, bm, nameof(finalHiddenGradient));
        CheckOptional(finalCellGradient, bm, nameof(finalCellGradient));
        CheckOptional(initialHiddenGradient, bm, nameof(initialHiddenGradient));
        CheckOptional(initialCellGradient, bm, nameof(initialCellGradient));

        BackwardCore(outputGradient, timeMajor: false, finalHiddenGradient, finalCellGradient, inputGradient, dxTimeMajor: false, initialHiddenGradient);
        if (!initialCellGradient.IsEmpty)
            _dc.AsSpan(0, bm).CopyTo(initialCellGradient);
    }

    /// <summary>h_T of the last forward pass, [B, m].</summary>
    internal ReadOnlySpan<float> LastHidden => _h.AsSpan(HiddenSlot(_steps) * _batch * _m, _batch * _m);

    /// <summary>c_T of the last forward pass, [B, m].</summary>
    internal ReadOnlySpan<float> LastCell => _c.AsSpan(CellSlot(_steps) * _batch * _m, _batch * _m);

    /// <summary>Where h_t is in _h, in units of [B, m].</summary>
    private int HiddenSlot(int t) => _hiddenSequenceKept ? t : t & 1;

    /// <summary>Where c_t is in _c, in units of [B, m].</summary>
    private int CellSlot(int t) => _inference ? t & 1 : t;

    /// <summary>Gate activations i, f, g, o of the last forward pass, time-major [T, B, 4m].</summary>
    internal ReadOnlySpan<float> GateActivations => _gates.AsSpan(0, _steps * _batch * 4 * _m);

    /// <summary>c_0..c_T of the last forward pass that kept its steps, time-major [T+1, B, m].</summary>
    internal ReadOnlySpan<float> CellStates => _c.AsSpan(0, (_steps + 1) * _batch * _m);

    /// <summary>h_1..h_T of the last forward pass, time-major [T, B, m] in processing order (a forward pass with
    /// keepHiddenSequence false keeps only <see cref="LastHidden"/>).</summary>
    internal ReadOnlySpan<float> HiddenSequence => _h.AsSpan(_batch * _m, _steps * _batch * _m);

    /// <summary>
    /// The forward pass. x is [B, T, p] or, when <paramref name="timeMajor"/>, [T, B, p] (how stacked layers pass
    /// sequences to each other, with no transposes). With keepSteps false (inference only), the gate pre-activations,
    /// gates and a(c) of a step overwrite the previous step's, so a batch's rows stay in cache and Backward cannot follow.
    /// </summary>
    internal void ForwardCore(ReadOnlySpan<float> x, bool timeMajor, int batch, int steps, bool training,
        ReadOnlySpan<float> h0, ReadOnlySpan<float> c0, bool keepSteps = true, bool keepHiddenSequence = true)
    {
        EnsureCapacity(batch, steps);
        int bp = batch * _p, bm = batch * _m, g4 = 4 * _m, rows = batch * steps;
        Span<float> xs = _x.AsSpan(0, rows * _p);

        _inputDropoutActive = training && Options.Dropout > 0f;
        _recurrentDropoutActive = training && Options.RecurrentDropout > 0f;
        if (_inputDropoutActive)
            DropoutMask(_inputMask.AsSpan(0, bp), Options.Dropout);
        if (_recurrentDropoutActive)
            DropoutMask(_recurrentMask.AsSpan(0, bm), Options.RecurrentDropout);

        int tiles = TileCount(batch);
        bool packRecurrent = batch / tiles > SmallRowsGemm.MaxRows;
        // With many rows per tile and more than a few features, x_t·W joins the step's GEMM: [x_t, h_{t-1}]·[W; U]
        // ([B, p+m]·[p+m, 4m], W and U adjacent in the parameters). A separate projection of all steps at once would
        // write Z, T·B·4m floats, to memory and read it back, and a GEMM with K = p runs at half the speed of one
        // with K = p + m. The bias is added per step by the cell kernel, while the step's rows are in cache.
        // With so few features that x_t·W is a sum of p outer products, the gate pass adds them to z as it reads it:
        // a GEMM would only pack and unpack, and a pass of its own would write all of Z and read it back.
        _inputFused = packRecurrent && _p > OuterProductInputSize;
        _inputInGatePass = _p <= OuterProductInputSize;
        // Each tile copies its own rows of x into _x as its pass begins (see ToProcessingOrder), unless x·W is
        // projected for all steps before the recurrence.
        // Split or not is a choice of speed only (the same floats either way), which depends on the machine: timed.
        long shape = ((long)batch << 32) | (uint)steps;
        bool splitEligible = SplitsUnitsAcrossCores(batch, steps, keepSteps);
        bool splitTimed = splitEligible && TimesItsChoices;
        bool splitUnits = splitEligible && !(splitTimed && UnitSplitChoice.NextRunsAlternative(shape));
        long started = Stopwatch.GetTimestamp();
        LastPassSplitUnits = false;
        _inputCopiedByTiles = (_inputFused || _inputInGatePass) && !splitUnits;
        if (!_inputCopiedByTiles)
            ToProcessingOrder(x, timeMajor, 0, batch);
        if (_inputFused)
            Grow(ref _stepInput, 2 * batch * (_p + _m));
        else if (!_inputInGatePass)
            Gemm.Multiply(xs, _p, false, Kernel, g4, false, _z.AsSpan(0, rows * g4), g4, rows, g4, _p, accumulate: false, _gemm);

        CopyOrClear(h0, _h.AsSpan(0, bm));
        CopyOrClear(c0, _c.AsSpan(0, bm));
        // Few rows per tile: the recurrent kernel is read in place (matrix-vector products); otherwise packed once for
        // all steps, here or by each tile's own thread (see PackedShared).
        _packedShared = PackedShared(tiles, (_inputFused ? _p + _m : _m) * g4);
        bool batchMajorEligible = CanRunBatchMajorPass(batch / tiles, keepSteps, keepHiddenSequence);
        bool passTimed = batchMajorEligible && TimesItsChoices;
        _batchMajor = batchMajorEligible && (BatchMajorByDefault != (passTimed && PassChoice.NextRunsAlternative(shape)));
        if (_packedShared && _batchMajor)
            PackBatchMajorWeights(_wholeBatch.BatchMajorWeights);
        else if (_packedShared && packRecurrent)
            PackStepWeights(_wholeBatch.StepWeights, _gemm.Width);
        // Z prefilled with x·W for all steps must be read at each step's own place.
        _keepSteps = keepSteps || !(_inputFused || _inputInGatePass);
        _keepPreActivations = !(_inputFused || _inputInGatePass) || (keepSteps && _cell.BackwardReadsPreActivations);
        _inference = !keepSteps;
        _hiddenSequenceKept = keepSteps || keepHiddenSequence;
        fixed (float* input = x)
        {
            // Pinned for the tiles, which may run on other threads (a span cannot be kept in a field).
            _input = input;
            _inputLength = x.Length;
            _inputTimeMajor = timeMajor;
            try
            {
                if (splitUnits)
                    RunUnitHalves();
                else
                    RunTiles(tiles, backward: false);
            }
            finally
            {
                _input = null;
            }
        }
        if (splitTimed || passTimed)
        {
            long elapsed = Stopwatch.GetTimestamp() - started;
            if (splitTimed)
                UnitSplitChoice.Record(elapsed);
            if (passTimed)
                PassChoice.Record(elapsed);
        }
        _hasForward = keepSteps;
    }

    /// <summary>
    /// Copies rows [b0, b1) of every step of x ([B, T, p], or [T, B, p] when <paramref name="timeMajor"/>) to _x
    /// ([T, B, p] in processing order), through the input dropout mask when there is one. Called by each tile for its
    /// own rows: done once for the batch before the tiles, it was 3% of M's forward pass (a copy of 400 KB on one core),
    /// and the worker then read its half from the caller's cache.
    /// </summary>
    private void ToProcessingOrder(ReadOnlySpan<float> x, bool timeMajor, int b0, int b1)
    {
        int steps = _steps, bp = _batch * _p, rows = b1 - b0;
        Span<float> xs = _x.Span;
        if (rows == _batch && (timeMajor || rows == 1) && !Options.GoBackwards && !_inputDropoutActive)
        {
            // Already [T, B, p] in processing order (one sequence's [1, T, p] is): one copy, not one per step.
            x.Slice(0, steps * bp).CopyTo(xs);
            return;
        }
        if (!timeMajor && !Options.GoBackwards && !_inputDropoutActive)
        {
            // One feature: [rows, T] to columns b0.. of [T, B], a transpose in register blocks.
            if (_p == 1)
            {
                BlockTranspose.Transpose(x.Slice(b0 * steps, rows * steps), steps, xs.Slice(b0, (steps - 1) * _batch + rows), _batch, rows, steps);
                return;
            }
            // Sequence by sequence, each read front to back: step by step, each step read one line from every sequence,
            // a page apart at M, more pages than the prefetcher follows (M's forward pass 1% faster).
            for (int b = b0; b < b1; b++)
                RowCopy.Copy(x.Slice(b * steps * _p, steps * _p), _p, xs.Slice(b * _p), bp, steps, _p, _gemm.Width);
            return;
        }
        ReadOnlySpan<float> mask = _inputDropoutActive ? _inputMask.Span.Slice(b0 * _p, rows * _p) : default;
        for (int s = 0; s < steps; s++)
        {
            int t = Options.GoBackwards ? steps - 1 - s : s;
            Span<float> destination = xs.Slice(s * bp + b0 * _p, rows * _p);
            if (timeMajor)
                x.Slice(t * bp + b0 * _p, rows * _p).CopyTo(destination);
            else
                RowCopy.Copy(x.Slice((b0 * steps + t) * _p), steps * _p, destination, _p, rows, _p, _gemm.Width);
            if (_inputDropoutActive)
                TensorPrimitives.Multiply(destination, mask, destination);
        }
    }

    /// <summary>
    /// BPTT, the mirror of <see cref="ForwardCore"/>. dOut is the gradient of the forward output: [B, T, m] or [T, B, m]
    /// (<paramref name="timeMajor"/>) with return_sequences, else [B, m]. dx is [B, T, p] or, when <paramref name="dxTimeMajor"/>,
    /// [T, B, p]. dL/dc0 is left in _dc.
    /// </summary>
    internal void BackwardCore(ReadOnlySpan<float> dOut, bool timeMajor, ReadOnlySpan<float> dhT, ReadOnlySpan<float> dcT,
        Span<float> dx, bool dxTimeMajor, Span<float> dh0)
    {
        int batch = _batch, steps = _steps, bm = batch * _m, bp = batch * _p, g4 = 4 * _m, rows = batch * steps;
        Span<float> dhNext = _dhNext.AsSpan(0, bm);
        Span<float> dz = _dz.AsSpan(0, rows * g4);
        CopyOrClear(dhT, dhNext);
        CopyOrClear(dcT, _dc.AsSpan(0, bm));
        // The output gradient, time-major, in a buffer of the layer's own: the batch tiles read it from any thread.
        if (Options.ReturnSequences)
        {
            Span<float> dOutSeq = _dOut.AsSpan(0, rows * _m);
            if (timeMajor)
                dOut.Slice(0, rows * _m).CopyTo(dOutSeq);
            else
                for (int s = 0; s < steps; s++)
                    RowCopy.Copy(dOut.Slice(s * _m), steps * _m, dOutSeq.Slice(s * bm, bm), _m, batch, _m, _gemm.Width);
        }
        else
        {
            dOut.Slice(0, bm).CopyTo(_dOut.Span);
        }
        int tiles = TileCount(batch);
        _packedShared = PackedShared(tiles, _m * g4);
        if (_packedShared && batch / tiles > SmallRowsGemm.MaxRows)
            _wholeBatch.RecurrentTransposed.Pack(RecurrentKernel, g4, true, g4, _m, _gemm.Width);
        // Both weight-gradient products read dZ as their right operand: each tile packs its rows of every step's dz as
        // soon as it is computed. dZ is then read from memory only by dX = dZ·Wᵀ, and kept for every step only when dX
        // is asked for.
        _keepDz = !dx.IsEmpty;
        _packedDz.Prepare(rows, g4, _gemm.Width);
        RunTiles(tiles, backward: true);
        if (!dh0.IsEmpty)
            dhNext.CopyTo(dh0);

        // Weight gradients over all steps at once: dW = Xᵀ·dZ, dU = H_{t-1}ᵀ·dZ, db = Σ rows of dZ = 1ᵀ·dZ, as one
        // product [dW; dU; db] = [X, H_{t-1}, 1]ᵀ·dZ of p + m (+ 1) rows (see Gemm.MultiplyStackedTransposed). Each
        // column's sum runs over dZ's rows in the same order whatever the tiles and threads.
        ReadOnlySpan<float> xs = _x.AsSpan(0, rows * _p);
        ReadOnlySpan<float> hIn = _recurrentDropoutActive ? _hIn.AsSpan(0, rows * _m) : _h.AsSpan(0, rows * _m);
        int biasRows = Options.UseBias ? 1 : 0;
        Gemm.MultiplyStackedTransposed(xs, _p, _p, hIn, _m, _m, biasRows == 1 ? _ones.Span.Slice(0, rows) : default, 1, biasRows,
            _packedDz, Gradients.Slice(0, (_p + _m + biasRows) * g4), g4, accumulate: false, _gemm);

        if (dx.IsEmpty)
            return;
        // dX = dZ·Wᵀ ([T·B, 4m]·[4m, p]), then back through the input mask and into the caller's layout and order.
        Span<float> dxs = _dx.AsSpan(0, rows * _p);
        Gemm.Multiply(dz, g4, false, Kernel, g4, true, dxs, _p, rows, _p, g4, accumulate: false, _gemm);
        if (_inputDropoutActive)
            for (int s = 0; s < steps; s++)
                TensorPrimitives.Multiply(dxs.Slice(s * bp, bp), _inputMask.AsSpan(0, bp), dxs.Slice(s * bp, bp));
        for (int s = 0; s < steps; s++)
        {
            int t = Options.GoBackwards ? steps - 1 - s : s;
            if (dxTimeMajor)
                dxs.Slice(s * bp, bp).CopyTo(dx.Slice(t * bp, bp));
            else
                RowCopy.Copy(dxs.Slice(s * bp, bp), _p, dx.Slice(t * _p), steps * _p, batch, _p, _gemm.Width);
        }
    }

    /// <summary>
    /// Batch tiles for the recurrence: sequences are independent, so each core can run all T steps for its own rows
    /// with no barrier per step (a per-step split of the small step GEMMs costs more in hand-offs than it saves).
    /// Every tile keeps at least a micro-kernel panel of rows, so each row's arithmetic, and so the result, is the
    /// same whatever the number of tiles.
    /// </summary>
    private int TileCount(int batch)
    {
        if (_gemm.MaxThreads <= 1 || batch < 2 * Gemm.RowPanel || (long)batch * _m * 4 * _m < TileThreshold)
            return 1;
        return Math.Min(_gemm.MaxThreads, batch / Gemm.RowPanel);
    }

    /// <summary>
    /// Whether the tiles share one packed copy of the recurrence's weights, packed by the calling thread, rather than
    /// each packing its own (<see cref="BatchTile"/>): with one tile, or for weights of more than
    /// <see cref="PrivatePackedLimit"/> floats. Those stream from L3 at every step whoever packed them, and a copy per
    /// core made L's forward pass 1-2% slower.
    /// </summary>
    private static bool PackedShared(int tiles, int packedFloats) => tiles == 1 || packedFloats > PrivatePackedLimit;

    /// <summary>Half of a 1 MB L2 (in floats): the largest packed operand a tile copies for itself.</summary>
    private const int PrivatePackedLimit = 128 * 1024;

    /// <summary>Packs the step's right operand: [W; U] when the input is fused into the step, else U.</summary>
    private void PackStepWeights(PackedMatrix packed, VectorWidth width)
    {
        int g4 = 4 * _m;
        if (_inputFused)
            packed.Pack(Parameters.Slice(0, (_p + _m) * g4), g4, false, _p + _m, g4, width);
        else
            packed.Pack(RecurrentKernel, g4, false, _m, g4, width);
    }

    /// <summary>
    /// Whether an inference pass can run <see cref="BatchMajorPass"/> (batch along the registers, the cell in the product's
    /// register tile): at 512 bits, for tiles of at least <see cref="BatchMajorMinRows"/> rows, units that fill whole
    /// registers, and the input in the product or in the cell; when only h_T is wanted (the pass keeps no step's h in
    /// [B, m] order) and no recurrent dropout mask applies (the pass has none). It then gives the row-major pass's floats
    /// (see <see cref="BatchMajorPass"/>), so the choice is one of speed only; with a partial register of units, the
    /// row-major pass's last units take the scalar activations.
    /// </summary>
    /// <remarks>
    /// Which of the two runs is timed (<see cref="MeasuredChoice"/>); until the first probe, the batch-major pass runs for
    /// products of depth <see cref="BatchMajorMinDepth"/> or more. In-process A/B (p25 of alternating passes), on the
    /// Cascade Lake host: L (K = 320) 4-8% faster on 1 and 2 cores; M (K = 144, panels of two registers) and S (K = 64)
    /// slower by 6-25% and 20-33%, where a tile's cell (20-30 activations) weighs more against its shorter loop over K and
    /// the row-major cell pass already runs at the activations' rate. On the EPYC host: S 1.06 on one core, 0.83-0.90 on
    /// two; M 1.01 on one core, 0.85-0.89 on two; L on two cores 0.94 (the row-major pass 1.064 against it).
    /// </remarks>
    private bool CanRunBatchMajorPass(int tileRows, bool keepSteps, bool keepHiddenSequence) =>
        !keepSteps && !keepHiddenSequence && !_recurrentDropoutActive && tileRows >= BatchMajorMinRows
        && _m % (int)VectorWidth.V512 == 0 && (_inputFused || _inputInGatePass)
        && _gemm.Width == VectorWidth.V512 && BatchMajorPass.IsSupported;

    /// <summary>Whether a pass that can run <see cref="BatchMajorPass"/> does until timing says otherwise (see
    /// <see cref="CanRunBatchMajorPass"/>): for products of depth <see cref="BatchMajorMinDepth"/> or more.</summary>
    private bool BatchMajorByDefault => (_inputFused ? _p + _m : _m) >= BatchMajorMinDepth;

    /// <summary>Fewest rows per tile for <see cref="BatchMajorPass"/>: its panels are of 16 rows or more.</summary>
    private const int BatchMajorMinRows = 16;

    /// <summary>Smallest depth of the step product (p + m with the input fused, else m) for which inference runs
    /// <see cref="BatchMajorPass"/> until timing says otherwise (see <see cref="CanRunBatchMajorPass"/>); tests lower it
    /// to run the pass at small sizes.</summary>
    internal int BatchMajorMinDepth { get; set; } = 256;

    private void PackBatchMajorWeights(BatchMajorWeights weights) =>
        weights.Pack(Parameters, _p, _m, Options.UseBias, _inputFused);

    /// <summary>Multiply-adds per step below which the recurrence stays on one thread.</summary>
    private const long TileThreshold = 1L << 16;

    private void RunTiles(int tiles, bool backward)
    {
        if (tiles == 1)
        {
            if (backward) BackwardTile(0, _batch, _wholeBatch); else ForwardTile(0, _batch, _wholeBatch);
            return;
        }
        if (_tiles.Length < tiles)
        {
            var grown = new BatchTile[tiles];
            _tiles.CopyTo(grown, 0);
            for (int i = _tiles.Length; i < tiles; i++)
                grown[i] = new BatchTile(new GemmContext(_gemm.Width, 1));
            _tiles = grown;
        }
        _tileWork.Backward = backward;
        _tileWork.Tiles = tiles;
        WorkerPool.Shared.Run(_tileWork, tiles, tiles);
    }

    /// <summary>Runs tile <paramref name="tile"/> of <paramref name="tiles"/> (rows split as evenly as possible).</summary>
    private void RunTile(int tile, int tiles, bool backward)
    {
        int per = _batch / tiles, extra = _batch % tiles;
        int b0 = tile * per + Math.Min(tile, extra), b1 = b0 + per + (tile < extra ? 1 : 0);
        if (backward) BackwardTile(b0, b1, _tiles[tile]); else ForwardTile(b0, b1, _tiles[tile]);
    }

    /// <summary>The recurrence over all steps for batch rows [b0, b1): per step one GEMM and one fused cell pass.</summary>
    private void ForwardTile(int b0, int b1, BatchTile tile)
    {
        int batch = _batch, bm = batch * _m, g4 = 4 * _m, bt = b1 - b0, tm = bt * _m, tg = bt * g4;
        bool fewRows = bt <= SmallRowsGemm.MaxRows;
        ReadOnlySpan<float> recurrent = RecurrentKernel, bias = Bias, inputKernel = _inputInGatePass ? Kernel : default;
        bool inputProjected = !_inputFused && !_inputInGatePass; // z already holds x·W for all steps
        GemmContext gemm = tile.Gemm;
        if (_inputCopiedByTiles)
            ToProcessingOrder(new ReadOnlySpan<float>(_input, _inputLength), _inputTimeMajor, b0, b1);
        if (_batchMajor)
        {
            BatchMajorWeights weights = _packedShared ? _wholeBatch.BatchMajorWeights : tile.BatchMajorWeights;
            if (!_packedShared)
                PackBatchMajorWeights(weights);
            int last = _steps & 1; // HiddenSlot and CellSlot of step T in inference
            _cell.ForwardBatchMajor(weights, tile.BatchMajorState, _x.AsSpan(0, _steps * batch * _p), _p, batch, b0, bt, _steps, Options.UseBias,
                _h.AsSpan(b0 * _m, tm), _c.AsSpan(b0 * _m, tm), _h.AsSpan(last * bm + b0 * _m, tm), _c.AsSpan(last * bm + b0 * _m, tm));
            return;
        }
        if (bt == 1 && _inference && _inputInGatePass && !_recurrentDropoutActive && _m % (int)gemm.Width == 0)
        {
            // One sequence: every step in one method, which checks its operands once (the calls below, per step, took a
            // fifth of the step). Units that fill whole registers give it the general kernels' floats.
            _cell.ForwardSingleSequence(Kernel, RecurrentKernel, Bias, _z.AsSpan(0, g4), _x.AsSpan(0, _steps * _p), _c.AsSpan(0, 2 * _m),
                _h.Span, _m, _steps, _hiddenSequenceKept, SplitsRecurrentSum, gemm.Width);
            return;
        }
        PackedMatrix stepWeights = _packedShared ? _wholeBatch.StepWeights : tile.StepWeights;
        if (!_packedShared && !fewRows)
            PackStepWeights(stepWeights, gemm.Width);
        // Inference with x_t in the step's product and only h_T wanted: the cell writes h_t straight into the next
        // step's operand [x_{t+1}, h_t] (two of them, alternating) instead of _h, from where it was copied there at
        // every step (M forward about 1% faster). The same floats: the product reads the same operand.
        int k = _p + _m;
        bool hiddenInStepInput = _inputFused && !fewRows && _inference && !_hiddenSequenceKept;
        if (hiddenInStepInput)
            RowCopy.Copy(_h.AsSpan(HiddenSlot(0) * bm + b0 * _m, tm), _m, StepInput(0, b0, bt).Slice(_p), k, bt, _m, gemm.Width);
        for (int s = 0; s < _steps; s++)
        {
            int at = s * bm + b0 * _m; // rows b0.. of step s in [T(+1), B, m] buffers
            int hPrevAt = HiddenSlot(s) * bm + b0 * _m, hAt = HiddenSlot(s + 1) * bm + b0 * _m;
            int cPrevAt = CellSlot(s) * bm + b0 * _m, cAt = CellSlot(s + 1) * bm + b0 * _m;
            ReadOnlySpan<float> hPrev = _h.AsSpan(hPrevAt, tm);
            if (_recurrentDropoutActive)
            {
                Span<float> masked = _hIn.AsSpan(at, tm);
                TensorPrimitives.Multiply(hPrev, _recurrentMask.AsSpan(b0 * _m, tm), masked);
                hPrev = masked;
            }
            int slot = _keepSteps ? s : 0;
            int zAt = (slot * batch + b0) * g4;
            Span<float> zs = _z.AsSpan(((_keepPreActivations ? s : 0) * batch + b0) * g4, tg);
            ReadOnlySpan<float> xs = _x.AsSpan((s * batch + b0) * _p, bt * _p); // x_t of these rows
            if (fewRows && SplitsRecurrentSum)
            {
                // The rows of U in two halves, the second's products added to the first's: the sums of a pass split by
                // units across two cores (ForwardUnitHalf), so that results do not depend on the number of threads.
                int half = _m / 2;
                Gemm.Multiply(hPrev, _m, false, recurrent.Slice(0, half * g4), g4, false, zs, g4, bt, g4, half, accumulate: inputProjected, gemm);
                Gemm.Multiply(hPrev.Slice(half), _m, false, recurrent.Slice(half * g4), g4, false, zs, g4, bt, g4, _m - half, accumulate: true, gemm);
            }
            else if (fewRows)
            {
                Gemm.Multiply(hPrev, _m, false, recurrent, g4, false, zs, g4, bt, g4, _m, accumulate: inputProjected, gemm);
            }
            else if (_inputFused)
            {
                Span<float> stepInput = StepInput(hiddenInStepInput ? s & 1 : 0, b0, bt);
                RowCopy.Copy(xs, _p, stepInput, k, bt, _p, gemm.Width);
                if (!hiddenInStepInput)
                    RowCopy.Copy(hPrev, _m, stepInput.Slice(_p), k, bt, _m, gemm.Width);
                Gemm.Multiply(stepInput, k, false, stepWeights, zs, g4, bt, accumulate: false, gemm);
            }
            else
            {
                Gemm.Multiply(hPrev, _m, false, stepWeights, zs, g4, bt, accumulate: inputProjected, gemm);
            }
            if (hiddenInStepInput)
                _cell.Forward(bt, _m, zs, bias, default, default, _c.AsSpan(cPrevAt, tm), _gates.AsSpan(b0 * g4, g4),
                    _c.AsSpan(cAt, tm), default, StepInput((s + 1) & 1, b0, bt).Slice(_p), gemm.Width, keepForBackward: false, hiddenStride: k);
            else if (_inference) // the gates of one row at a time, in this tile's first row's place
                _cell.Forward(bt, _m, zs, bias, _inputInGatePass ? xs : default, inputKernel, _c.AsSpan(cPrevAt, tm), _gates.AsSpan(b0 * g4, g4),
                    _c.AsSpan(cAt, tm), default, _h.AsSpan(hAt, tm), gemm.Width, keepForBackward: false);
            else
                _cell.Forward(bt, _m, zs, bias, _inputInGatePass ? xs : default, inputKernel, _c.AsSpan(cPrevAt, tm), _gates.AsSpan(zAt, tg),
                    _c.AsSpan(cAt, tm), _cellAct.AsSpan(slot * bm + b0 * _m, tm), _h.AsSpan(hAt, tm), gemm.Width);
        }
        if (hiddenInStepInput) // h_T where LastHidden reads it
            RowCopy.Copy(StepInput(_steps & 1, b0, bt).Slice(_p), k, _h.AsSpan(HiddenSlot(_steps) * bm + b0 * _m, tm), _m, bt, _m, gemm.Width);
    }

    /// <summary>Rows [b0, b0 + rows) of step operand <paramref name="which"/> (0 or 1): [x_t, h_{t-1}], rows of p + m.</summary>
    private Span<float> StepInput(int which, int b0, int rows)
    {
        int k = _p + _m;
        return _stepInput.Span.Slice((which * _batch + b0) * k, rows * k);
    }

    /// <summary>Whether h·U of a few rows is summed over U's two halves of rows (see <see cref="ForwardUnitHalf"/>):
    /// for the unit counts a single sequence can be split by.</summary>
    private bool SplitsRecurrentSum => _m >= MinUnitsToSplit && _m % 32 == 0;

    /// <summary>Fewest units for which a single sequence's step is split across two cores: below, U fits in L1 and a
    /// step costs less than the exchange of h between the cores.</summary>
    private const int MinUnitsToSplit = 64;

    /// <summary>
    /// Whether this pass can run one sequence on two cores, each computing half of the units at every step
    /// (<see cref="RunUnitHalves"/>): inference of a single sequence with its input in the gate pass, on two threads.
    /// The online-forecast case: on one core, each step streams U (64 KB at m = 64) from L2; halved, each core keeps most
    /// of its half in L1, and the cores trade 128 bytes of h a step. Whether it does is timed (see
    /// <see cref="MeasuredChoice"/>): where the cores trade a line slowly, one core is faster at m = 64.
    /// </summary>
    private bool SplitsUnitsAcrossCores(int batch, int steps, bool keepSteps) =>
        batch == 1 && steps >= 2 && !keepSteps && !_recurrentDropoutActive && _inputInGatePass && SplitsRecurrentSum && _gemm.MaxThreads >= 2;

    // _unitSplitState: no core has started; one leads and waits for a partner; both run a half; the leader runs alone.
    private const int UnitSplitIdle = 0, UnitSplitLeading = 1, UnitSplitJoined = 2, UnitSplitAlone = 3;

    /// <summary>How long the first core waits for the second before running the whole pass itself: a spinning worker
    /// joins within a microsecond; a sleeping one takes tens, more than the pass (about 20 µs at m = 64, T = 24).</summary>
    private static readonly long JoinTimeout = Stopwatch.Frequency / 200_000; // 5 µs

    /// <summary>Whether the last forward pass ran <see cref="BatchMajorPass"/> (tests check that path ran).</summary>
    internal bool LastPassBatchMajor => _batchMajor;

    /// <summary>Whether the layer times its equivalent paths against each other and runs the faster
    /// (<see cref="MeasuredChoice"/>): one sequence split by units across two cores or not, the batch-major or the
    /// row-major inference pass. Tests of one path turn it off: each choice then takes its default (the split where it
    /// can run, the batch-major pass from <see cref="BatchMajorMinDepth"/>).</summary>
    internal bool TimesItsChoices { get; set; } = true;

    /// <summary>The timing of split (default) against unsplit passes of one sequence; tests read it, or set one with
    /// short probe segments.</summary>
    internal MeasuredChoice UnitSplitChoice { get; set; } = new();

    /// <summary>The timing of the batch-major against the row-major inference pass (the default is
    /// <see cref="BatchMajorByDefault"/>); tests read it, or set one with short probe segments.</summary>
    internal MeasuredChoice PassChoice { get; set; } = new();

    /// <summary>Whether the last forward pass ran split by units across two cores (tests check the split path ran).</summary>
    internal bool LastPassSplitUnits { get; private set; }

    /// <summary>The forward pass of one sequence as two halves of the units, one per core, trading h every step.</summary>
    private void RunUnitHalves()
    {
        _unitHalves ??= new[] { new UnitHalf(_p, _m, 0), new UnitHalf(_p, _m, 1) };
        _hiddenExchange ??= new HiddenExchange(_m / 2);
        _hiddenExchange.Reset();
        _firstTag = _nextTag;
        _nextTag = unchecked(_nextTag + _steps);
        Volatile.Write(ref _unitSplitState, UnitSplitIdle);
        WorkerPool.Shared.Run(_unitSplitWork, 2, 2);
    }

    /// <summary>
    /// Runs on each of the job's two chunks: the first to arrive leads and takes half 0, the second half 1. The pool may
    /// run both chunks on one thread (a busy pool, a worker that sleeps): the leader then stops waiting and runs the
    /// whole pass itself, and the chunk that comes after finds nothing to do.
    /// </summary>
    private void JoinUnitHalves()
    {
        while (true)
        {
            int state = Volatile.Read(ref _unitSplitState);
            if (state == UnitSplitIdle && Interlocked.CompareExchange(ref _unitSplitState, UnitSplitLeading, UnitSplitIdle) == UnitSplitIdle)
            {
                long deadline = Stopwatch.GetTimestamp() + JoinTimeout;
                while (Volatile.Read(ref _unitSplitState) == UnitSplitLeading && Stopwatch.GetTimestamp() < deadline)
                {
                }
                if (Interlocked.CompareExchange(ref _unitSplitState, UnitSplitAlone, UnitSplitLeading) == UnitSplitLeading)
                {
                    ForwardTile(0, _batch, _wholeBatch);
                    return;
                }
                LastPassSplitUnits = true;
                ForwardUnitHalf(0);
                return;
            }
            if (state == UnitSplitLeading && Interlocked.CompareExchange(ref _unitSplitState, UnitSplitJoined, UnitSplitLeading) == UnitSplitLeading)
            {
                ForwardUnitHalf(1);
                return;
            }
            if (state is UnitSplitJoined or UnitSplitAlone)
                return;
        }
    }

    /// <summary>
    /// All steps of half <paramref name="half"/> of the units of the one sequence (m/2 = n units, x is [T, p]):
    /// z [4n] = h_{t-1} [m]·U[:, half's columns] then the cell pass over the half's n units, writing its halves of c_t
    /// and h_t; h_t's half goes to the other core, whose half of h_{t-1} arrives while this core multiplies its own.
    /// </summary>
    private void ForwardUnitHalf(int half)
    {
        HiddenExchange exchange = _hiddenExchange!;
        try
        {
            UnitHalf weights = _unitHalves![half];
            // Packed by the core that reads it, at every pass: a copy kept across passes could miss an update of the
            // weights, which are a public span.
            weights.Pack(Kernel, RecurrentKernel, Bias);
            _cell.ForwardUnitHalf(weights, exchange, _firstTag, _x.AsSpan(0, _steps * _p), _c.AsSpan(0, 2 * _m), _h.Span, _steps,
                _hiddenSequenceKept, _gemm.Width); // false: the other core failed, and the pool rethrows its exception
        }
        catch
        {
            exchange.Abandon();
            throw;
        }
    }

    /// <summary>The two halves of a split pass, handed to the worker pool without allocating.</summary>
    private sealed class UnitSplitWork : IParallelWork
    {
        private readonly LstmLayer _layer;

        public UnitSplitWork(LstmLayer layer) => _layer = layer;

        public void Execute(int chunk, int thread) => _layer.JoinUnitHalves();
    }

    /// <summary>BPTT over all steps for batch rows [b0, b1), the mirror of <see cref="ForwardTile"/>.</summary>
    private void BackwardTile(int b0, int b1, BatchTile tile)
    {
        int batch = _batch, bm = batch * _m, g4 = 4 * _m, bt = b1 - b0, tm = bt * _m, tg = bt * g4;
        bool fewRows = bt <= SmallRowsGemm.MaxRows;
        ReadOnlySpan<float> recurrent = RecurrentKernel;
        GemmContext gemm = tile.Gemm;
        PackedMatrix recurrentTransposed = _packedShared ? _wholeBatch.RecurrentTransposed : tile.RecurrentTransposed;
        if (!_packedShared && !fewRows)
            recurrentTransposed.Pack(recurrent, g4, true, g4, _m, gemm.Width);
        Span<float> dh = _dh.AsSpan(b0 * _m, tm), dhNext = _dhNext.AsSpan(b0 * _m, tm), dc = _dc.AsSpan(b0 * _m, tm);
        for (int s = _steps - 1; s >= 0; s--)
        {
            int at = s * bm + b0 * _m;
            // dh_t = dL/dh_t from the output + dL/dh_t through step t+1.
            if (Options.ReturnSequences)
                TensorPrimitives.Add(_dOut.AsSpan(at, tm), dhNext, dh);
            else if (s == _steps - 1)
                TensorPrimitives.Add(_dOut.AsSpan(b0 * _m, tm), dhNext, dh);
            else
                dhNext.CopyTo(dh);
            int zAt = (s * batch + b0) * g4;
            Span<float> dzs = _dz.AsSpan(_keepDz ? zAt : b0 * g4, tg);
            _cell.Backward(bt, _m, dh, dc, _z.AsSpan(((_keepPreActivations ? s : 0) * batch + b0) * g4, tg), _gates.AsSpan(zAt, tg),
                _c.AsSpan(at + bm, tm), _cellAct.AsSpan(at, tm), _c.AsSpan(at, tm), dzs, gemm.Width);
            // dL/dh_{t-1} = dz·Uᵀ ([B, 4m]·[4m, m]), through the recurrent dropout mask when there is one.
            if (fewRows)
                Gemm.Multiply(dzs, g4, false, recurrent, g4, true, dhNext, _m, bt, _m, g4, accumulate: false, gemm);
            else
                Gemm.Multiply(dzs, g4, false, recurrentTransposed, dhNext, _m, bt, accumulate: false, gemm);
            if (_recurrentDropoutActive)
                TensorPrimitives.Multiply(dhNext, _recurrentMask.AsSpan(b0 * _m, tm), dhNext);
            _packedDz.PackRows(dzs, g4, s * batch + b0, bt);
        }
    }

    /// <summary>The tiles of one recurrence, handed to the worker pool without allocating.</summary>
    private sealed class TileWork : IParallelWork
    {
        private readonly LstmLayer _layer;

        public TileWork(LstmLayer layer) => _layer = layer;

        public bool Backward { get; set; }

        public int Tiles { get; set; }

        public void Execute(int chunk, int thread) => _layer.RunTile(chunk, Tiles, Backward);
    }

    /// <summary>Inverted dropout: kept units are scaled by 1/(1 - rate) so that expectations match inference.</summary>
    private void DropoutMask(Span<float> mask, float rate)
    {
        float keep = 1f / (1f - rate);
        for (int i = 0; i < mask.Length; i++)
            mask[i] = _random.NextDouble() < rate ? 0f : keep;
    }

    private void EnsureCapacity(int batch, int steps)
    {
        _batch = batch;
        _steps = steps;
        int rows = batch * steps, bm = batch * _m;
        Grow(ref _x, rows * _p);
        Grow(ref _z, rows * 4 * _m);
        Grow(ref _gates, rows * 4 * _m);
        Grow(ref _c, rows * _m + bm);
        Grow(ref _cellAct, rows * _m);
        Grow(ref _h, rows * _m + bm);
        Grow(ref _inputMask, batch * _p);
        Grow(ref _recurrentMask, bm);
        if (Options.RecurrentDropout > 0f)
            Grow(ref _hIn, rows * _m);
        Grow(ref _dz, rows * 4 * _m);
        if (Options.UseBias && _ones.Length < rows)
        {
            _ones = AlignedMemory.Allocate(rows);
            _ones.Span.Fill(1f);
        }
        Grow(ref _dx, rows * _p);
        Grow(ref _dh, bm);
        Grow(ref _dhNext, bm);
        Grow(ref _dc, bm);
        Grow(ref _dOut, Options.ReturnSequences ? rows * _m : bm);
    }

    /// <summary>Step buffers start on cache lines, as the parameters (AlignedMemory).</summary>
    private static void Grow(ref Memory<float> buffer, long length)
    {
        if (buffer.Length < length)
            buffer = AlignedMemory.Allocate(checked((int)length));
    }

    private static void CopyOrClear(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.IsEmpty)
            destination.Clear();
        else
            source.CopyTo(destination);
    }

    internal static GemmContext CreateContext(int maxThreads, VectorWidth width)
    {
        if (maxThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(maxThreads), maxThreads, "maxThreads must be 0 (all cores) or positive.");
        return new GemmContext(width, maxThreads == 0 ? Environment.ProcessorCount : maxThreads);
    }

    private static void CheckSizes(int batchSize, int timeSteps)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"The batch size must be positive; got {batchSize}.");
        if (timeSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(timeSteps), timeSteps, $"The number of time steps must be positive; got {timeSteps}.");
    }

    internal static void CheckLength(ReadOnlySpan<float> span, long expected, string name, string shape)
    {
        if (span.Length != expected)
            throw new ArgumentException($"{name} has {span.Length} values; expected {shape} = {expected}.", name);
    }

    private static void CheckOptional(ReadOnlySpan<float> span, int expected, string name)
    {
        if (!span.IsEmpty && span.Length != expected)
            throw new ArgumentException($"{name} has {span.Length} values; expected B·m = {expected} (or none).", name);
    }
}
