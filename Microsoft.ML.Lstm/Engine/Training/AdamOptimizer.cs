using System;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Keras <c>Adam</c>: m = m + (g - m)(1 - beta1), v = v + (g^2 - v)(1 - beta2),
/// p -= alpha m / (sqrt(v) + epsilon) with alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t). The bias correction is folded
/// into alpha, so epsilon is Keras' "epsilon hat" and is not bias-corrected.
/// </summary>
public class AdamOptimizer : Optimizer
{
    private float[] _firstMoment = Array.Empty<float>();
    private float[] _secondMoment = Array.Empty<float>();

    /// <summary>Creates the optimizer; the defaults are Keras'.</summary>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1); default 0.9.</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1); default 0.999.</param>
    /// <param name="epsilon">Added to sqrt(v) to keep the step finite; non-negative, default 1e-7.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public AdamOptimizer(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7) : this("adam", beta1, beta2, epsilon) { }

    private protected AdamOptimizer(string name, double beta1, double beta2, double epsilon) : base(name)
    {
        if (!(beta1 >= 0.0 && beta1 < 1.0))
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"beta1 must be in [0, 1); got {beta1}.");
        if (!(beta2 >= 0.0 && beta2 < 1.0))
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"beta2 must be in [0, 1); got {beta2}.");
        if (!(epsilon >= 0.0) || double.IsPositiveInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must be finite and non-negative; got {epsilon}.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the first-moment (mean) average.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second-moment (uncentered variance) average.</summary>
    public double Beta2 { get; }

    /// <summary>Added to sqrt(v) in the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The decoupled weight decay per unit of learning rate; 0 for plain Adam.</summary>
    private protected virtual double DecoupledWeightDecay => 0.0;

    private protected override void AllocateState(int length)
    {
        _firstMoment = new float[length];
        _secondMoment = new float[length];
    }

    private protected override void ClearState()
    {
        Array.Clear(_firstMoment);
        Array.Clear(_secondMoment);
    }

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, long iteration, VectorWidth width)
    {
        // Keras computes the bias correction in the variables' dtype: float32 powers of float32 betas.
        float t = iteration;
        float beta1Power = MathF.Pow((float)Beta1, t);
        float beta2Power = MathF.Pow((float)Beta2, t);
        float alpha = learningRate * MathF.Sqrt(1f - beta2Power) / (1f - beta1Power);
        double weightDecay = DecoupledWeightDecay;
        AdamUpdateKernel.Update(parameters, gradients, _firstMoment, _secondMoment, alpha,
            (float)(1.0 - Beta1), (float)(1.0 - Beta2), (float)Epsilon, learningRate, (float)weightDecay, weightDecay != 0.0, width);
    }
}
