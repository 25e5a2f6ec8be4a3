using System;
using System.Numerics.Tensors;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>Gradient clipping by global norm (Keras' <c>global_clipnorm</c>), over one flat gradient vector.</summary>
public static class GradientClipping
{
    /// <summary>The L2 norm sqrt(sum g^2) of the whole vector. NaN or infinity when any gradient is.</summary>
    /// <param name="gradients">The gradient vector.</param>
    public static float GlobalNorm(ReadOnlySpan<float> gradients) => MathF.Sqrt(TensorPrimitives.SumOfSquares(gradients));

    /// <summary>
    /// Scales <paramref name="gradients"/> in place by maxNorm / norm when the global norm exceeds
    /// <paramref name="maxNorm"/>, and returns the norm measured before scaling, so callers can report it without a
    /// second pass. A NaN or infinite norm is returned without touching the gradients, for the caller to act on.
    /// </summary>
    /// <param name="gradients">The gradient vector, scaled in place.</param>
    /// <param name="maxNorm">The largest norm allowed; positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive and finite.</exception>
    public static float ClipByGlobalNorm(Span<float> gradients, float maxNorm)
    {
        if (!(maxNorm > 0f) || float.IsPositiveInfinity(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"maxNorm must be positive and finite; got {maxNorm}.");
        float norm = GlobalNorm(gradients);
        if (norm > maxNorm && float.IsFinite(norm))
            // maxNorm * (1 / norm), the factor Keras' clip_by_global_norm uses.
            TensorPrimitives.Multiply(gradients, maxNorm * (1f / norm), gradients);
        return norm;
    }
}
