using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// A loss averaged over every element of a batch (Keras' default <c>sum_over_batch_size</c> reduction), chosen by
/// its Keras name with <see cref="FromName"/> or constructed directly. Losses are stateless and thread-safe.
/// </summary>
public abstract class Loss
{
    private protected Loss(string name) => Name = name;

    /// <summary>The canonical Keras name (<c>"mean_squared_error"</c>, <c>"mean_absolute_error"</c>, <c>"huber"</c>).</summary>
    public string Name { get; }

    /// <summary>Every name <see cref="FromName"/> accepts, sorted.</summary>
    public static IReadOnlyList<string> Names => LossRegistry.Names;

    /// <summary>
    /// The loss registered under the Keras name <paramref name="name"/>: <c>"mse"</c> or <c>"mean_squared_error"</c>,
    /// <c>"mae"</c> or <c>"mean_absolute_error"</c>, <c>"huber"</c> (delta = 1).
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the valid ones.</exception>
    public static Loss FromName(string name) => LossRegistry.Get(name);

    /// <summary>
    /// Returns the mean loss over all elements and writes into <paramref name="gradient"/> the derivative of that
    /// mean with respect to each prediction. All three spans have the same length, typically [B, out] flattened.
    /// </summary>
    /// <param name="prediction">The network's output.</param>
    /// <param name="target">The expected output, same length.</param>
    /// <param name="gradient">Receives dLoss/dprediction, same length; may not overlap the inputs.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the spans are empty.</exception>
    public float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient) =>
        Compute(prediction, target, gradient, VectorWidths.Best);

    internal float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, VectorWidth width)
    {
        if (target.Length != prediction.Length)
            throw new ArgumentException(
                $"target has length {target.Length} but prediction has length {prediction.Length}; they must be equal.", nameof(target));
        if (gradient.Length != prediction.Length)
            throw new ArgumentException(
                $"gradient has length {gradient.Length} but prediction has length {prediction.Length}; they must be equal.", nameof(gradient));
        if (prediction.IsEmpty)
            throw new ArgumentException("prediction is empty: the mean of no elements is undefined.", nameof(prediction));
        return ComputeCore(prediction, target, gradient, width);
    }

    /// <summary>The kernel, with lengths already checked equal and non-zero.</summary>
    private protected abstract float ComputeCore(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, VectorWidth width);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
