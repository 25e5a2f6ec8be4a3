using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Keras <c>AdamW</c>: <see cref="AdamOptimizer"/> with decoupled weight decay. Before each Adam step every parameter
/// shrinks by p wd lr (Keras decays all variables, biases included, unless told otherwise), independently of the
/// gradient, instead of adding an L2 term to the loss whose effect Adam's scaling would distort.
/// </summary>
public sealed class AdamWOptimizer : AdamOptimizer
{
    /// <summary>Creates the optimizer; the defaults are Keras'.</summary>
    /// <param name="weightDecay">Decay per unit of learning rate; finite and non-negative, default 0.004.</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1); default 0.9.</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1); default 0.999.</param>
    /// <param name="epsilon">Added to sqrt(v) to keep the step finite; non-negative, default 1e-7.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public AdamWOptimizer(double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        : base("adamw", beta1, beta2, epsilon)
    {
        if (!(weightDecay >= 0.0) || double.IsPositiveInfinity(weightDecay))
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"weightDecay must be finite and non-negative; got {weightDecay}.");
        WeightDecay = weightDecay;
    }

    /// <summary>The decoupled weight decay per unit of learning rate.</summary>
    public double WeightDecay { get; }

    private protected override double DecoupledWeightDecay => WeightDecay;
}
