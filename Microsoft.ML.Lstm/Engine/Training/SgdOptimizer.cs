using System;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Keras <c>SGD</c>: plain gradient descent p -= lr g, or with momentum m = momentum m - lr g, p += m; with
/// <see cref="Nesterov"/>, p += momentum m - lr g (using the updated m).
/// </summary>
public sealed class SgdOptimizer : Optimizer
{
    private float[] _velocity = Array.Empty<float>();

    /// <summary>Creates the optimizer with Keras' defaults (no momentum, no Nesterov).</summary>
    /// <param name="momentum">The momentum factor in [0, 1]; 0 (the Keras default) disables momentum and its state.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum; Keras' default is false.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> is outside [0, 1].</exception>
    public SgdOptimizer(double momentum = 0.0, bool nesterov = false) : base("sgd")
    {
        if (!(momentum >= 0.0 && momentum <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"momentum must be in [0, 1]; got {momentum}.");
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor; 0 means plain SGD.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used (no effect when <see cref="Momentum"/> is 0).</summary>
    public bool Nesterov { get; }

    private protected override void AllocateState(int length) =>
        _velocity = Momentum != 0.0 ? new float[length] : Array.Empty<float>();

    private protected override void ClearState() => Array.Clear(_velocity);

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, long iteration, VectorWidth width)
    {
        if (Momentum == 0.0)
            SgdUpdateKernel.Plain(parameters, gradients, learningRate, width);
        else
            SgdUpdateKernel.Momentum(parameters, gradients, _velocity, learningRate, (float)Momentum, Nesterov, width);
    }
}
