using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.ML.Lstm.Engine;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Kernels;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Benchmarks;

/// <summary>
/// One thing to time: built once (weights, inputs, buffers), then <see cref="Run"/> is called repeatedly. Shared by
/// the Stopwatch harness (--quick) and the BenchmarkDotNet classes, so both time exactly the same code.
/// </summary>
internal abstract class Workload
{
    protected Workload(BenchmarkCase shape, int threads, WorkloadKind kind)
    {
        Case = shape;
        Threads = threads;
        Kind = kind;
    }

    public BenchmarkCase Case { get; }

    public int Threads { get; }

    public WorkloadKind Kind { get; }

    /// <summary>FLOPs of one call, or NaN when not meaningful (the element-wise gate pass).</summary>
    public abstract double Flops { get; }

    /// <summary>
    /// Sequences one call accounts for: B for whole passes and for the input projection (all T steps at once);
    /// B/T for the per-step kernels, so that samples/s reads "sequences per second if the forward pass did only this".
    /// </summary>
    public virtual double SamplesPerCall => Case.Batch;

    public abstract void Run();

    public static Workload Create(WorkloadKind kind, BenchmarkCase shape, int threads) => kind switch
    {
        WorkloadKind.Forward => new ForwardWorkload(shape, threads),
        WorkloadKind.Train => new TrainWorkload(shape, threads),
        WorkloadKind.GemmInput => new InputGemmWorkload(shape, threads),
        WorkloadKind.GemmRecurrent => new RecurrentGemmWorkload(shape, threads),
        WorkloadKind.Gates => new GatesWorkload(shape, threads),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Uniform values in [-scale, scale], from a fixed seed.</summary>
    protected static float[] Random(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }

    /// <summary>
    /// The head's activation: "linear", the network's default, when the library registers it. On a library where the
    /// default is not registered yet (LstmNetworkOptions defaults to "linear" but the registry only has tanh and
    /// sigmoid), "tanh" instead: one activation over B values, nothing next to the LSTM's cost.
    /// </summary>
    public static string HeadActivation { get; } = Activation.Names.Contains("linear") ? "linear" : "tanh";

    /// <summary>One LSTM layer of m units over p features and a dense head of 1 output, on at most <paramref name="threads"/> threads.</summary>
    protected static LstmNetwork CreateNetwork(BenchmarkCase shape, int threads) => new(new LstmNetworkOptions
    {
        InputSize = shape.Features,
        Layers = { new LstmLayerOptions { Units = shape.Units } },
        OutputSize = 1,
        OutputActivation = HeadActivation,
        Seed = 42,
        MaxThreads = threads,
    });
}

/// <summary>Inference: network.Predict(x, B, T, y).</summary>
internal sealed class ForwardWorkload : Workload
{
    private readonly LstmNetwork _network;
    private readonly float[] _x, _y;

    public ForwardWorkload(BenchmarkCase shape, int threads) : base(shape, threads, WorkloadKind.Forward)
    {
        _network = CreateNetwork(shape, threads);
        _x = Random(shape.Batch * shape.Steps * shape.Features, 1);
        _y = new float[shape.Batch];
    }

    public override double Flops => Case.ForwardFlops;

    // Inference, as ONNX Runtime's LSTM op and PyTorch under no_grad run it: no per-step state kept for a backward pass.
    public override void Run() => _network.Predict(_x, Case.Batch, Case.Steps, _y);
}

/// <summary>One training step: Forward(training: true), the MSE gradient, Backward, one update of the library's
/// <see cref="AdamOptimizer"/> over every parameter.</summary>
internal sealed class TrainWorkload : Workload
{
    // Tiny on purpose: an update costs the same whatever the rate, and the weights stay where the initializers put
    // them however many steps the harness runs (no saturated gates, no denormals creeping into the timings).
    private const float LearningRate = 1e-6f;

    private readonly LstmNetwork _network;
    private readonly AdamOptimizer _optimizer = new();
    private readonly float[] _x, _target, _y, _dy;

    public TrainWorkload(BenchmarkCase shape, int threads) : base(shape, threads, WorkloadKind.Train)
    {
        _network = CreateNetwork(shape, threads);
        _x = Random(shape.Batch * shape.Steps * shape.Features, 1);
        _target = Random(shape.Batch, 2);
        _y = new float[shape.Batch];
        _dy = new float[shape.Batch];
    }

    public override double Flops => Case.TrainFlops;

    public override void Run()
    {
        int batch = Case.Batch;
        _network.Forward(_x, batch, Case.Steps, _y, training: true);
        float scale = 2f / batch; // d/dy of mean((y - target)^2)
        for (int i = 0; i < batch; i++)
            _dy[i] = scale * (_y[i] - _target[i]);
        _network.Backward(_dy);
        _optimizer.Step(_network.Parameters, _network.Gradients, LearningRate);
    }
}

/// <summary>
/// The input projection alone, as the layer runs it: Z[T·B, 4m] += X[T·B, p]·W[p, 4m] with W packed on every call.
/// </summary>
internal sealed class InputGemmWorkload : Workload
{
    private readonly GemmContext _context;
    private readonly float[] _x, _w, _z;

    public InputGemmWorkload(BenchmarkCase shape, int threads) : base(shape, threads, WorkloadKind.GemmInput)
    {
        _context = new GemmContext(VectorWidths.Best, threads);
        int rows = shape.Steps * shape.Batch;
        _x = Random(rows * shape.Features, 1);
        _w = Random(shape.Features * shape.Gates4, 2, 0.1f);
        _z = new float[rows * shape.Gates4];
    }

    public override double Flops => Case.InputGemmFlops;

    public override void Run()
    {
        int g4 = Case.Gates4;
        Gemm.Multiply(_x, Case.Features, false, _w, g4, false, _z, g4, Case.Steps * Case.Batch, g4, Case.Features,
            accumulate: true, _context);
    }
}

/// <summary>One recurrent step alone: z[B, 4m] += h[B, m]·U[m, 4m] with U packed once (as the layer packs it once per pass).</summary>
internal sealed class RecurrentGemmWorkload : Workload
{
    private readonly GemmContext _context;
    private readonly PackedMatrix _packed = new();
    private readonly float[] _h, _z;
    private readonly Memory<float> _u; // cache-line aligned, as the network's parameters are

    public RecurrentGemmWorkload(BenchmarkCase shape, int threads) : base(shape, threads, WorkloadKind.GemmRecurrent)
    {
        _context = new GemmContext(VectorWidths.Best, threads);
        _h = Random(shape.Batch * shape.Units, 1);
        _u = AlignedMemory.Allocate(shape.Units * shape.Gates4);
        Random(shape.Units * shape.Gates4, 2, 0.1f).CopyTo(_u);
        _packed.Pack(_u.Span, shape.Gates4, false, shape.Units, shape.Gates4, _context.Width);
        _z = new float[shape.Batch * shape.Gates4];
    }

    public override double Flops => Case.RecurrentGemmFlops;

    public override double SamplesPerCall => (double)Case.Batch / Case.Steps;

    // As the layer does: below a micro-kernel panel of rows U is read in place (matrix-vector), else packed once.
    public override void Run()
    {
        if (Case.Batch <= SmallRowsGemm.MaxRows)
            Gemm.Multiply(_h, Case.Units, false, _u.Span, Case.Gates4, false, _z, Case.Gates4, Case.Batch, Case.Gates4, Case.Units, accumulate: true, _context);
        else
            Gemm.Multiply(_h, Case.Units, false, _packed, _z, Case.Gates4, Case.Batch, accumulate: true, _context);
    }
}

/// <summary>The fused gate pass of one step alone (tanh, sigmoid): gates, c, a(c) and h from z[B, 4m] and c_prev[B, m].</summary>
internal sealed class GatesWorkload : Workload
{
    private readonly ILstmCellKernel _kernel;
    private readonly VectorWidth _width = VectorWidths.Best;
    private readonly float[] _z, _cPrev, _gates, _c, _cellActivation, _h;

    public GatesWorkload(BenchmarkCase shape, int threads) : base(shape, threads, WorkloadKind.Gates)
    {
        _kernel = LstmCellKernelFactory.Create(Activation.FromName("tanh"), Activation.FromName("sigmoid"));
        int bm = shape.Batch * shape.Units;
        _z = Random(shape.Batch * shape.Gates4, 1, 3f);
        _cPrev = Random(bm, 2);
        _gates = new float[shape.Batch * shape.Gates4];
        _c = new float[bm];
        _cellActivation = new float[bm];
        _h = new float[bm];
    }

    public override double Flops => double.NaN;

    public override double SamplesPerCall => (double)Case.Batch / Case.Steps;

    public override void Run() =>
        _kernel.Forward(Case.Batch, Case.Units, _z, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, _cPrev, _gates, _c, _cellActivation, _h, _width);
}

/// <summary>
/// One round trip through the engine's worker pool: a job of two chunks on two threads, each waiting until both
/// have started, so the worker must take one (the caller would otherwise claim both empty chunks itself). Not a
/// kernel: the floor under any per-step split of the work across cores.
/// </summary>
internal sealed class HandOffWorkload : Workload, IParallelWork
{
    private int _started;

    public HandOffWorkload() : base(BenchmarkCase.All[0], 2, WorkloadKind.Forward)
    {
    }

    public override double Flops => double.NaN;

    public override void Run()
    {
        _started = 0;
        WorkerPool.Shared.Run(this, 2, 2);
    }

    public void Execute(int chunk, int thread)
    {
        Interlocked.Increment(ref _started);
        // Bounded: with no free worker the caller runs both chunks, one after the other.
        long giveUp = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 1000;
        while (Volatile.Read(ref _started) < 2 && Stopwatch.GetTimestamp() < giveUp)
        {
        }
    }
}
