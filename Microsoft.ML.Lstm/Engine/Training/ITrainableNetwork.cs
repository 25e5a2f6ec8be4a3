using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Activations;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// What <see cref="LstmTrainer"/> needs from a network. The trainer is written against this rather than the
/// concrete network so that its loop (batching, early stopping, divergence, cancellation) is tested on small exact
/// models too.
/// </summary>
internal interface ITrainableNetwork
{
    /// <summary>p, features per time step.</summary>
    int InputSize { get; }

    /// <summary>Outputs per sample.</summary>
    int OutputSize { get; }

    /// <summary>All weights, contiguous; the optimizer updates them in place.</summary>
    Span<float> Parameters { get; }

    /// <summary>dLoss/dParameters, same layout; overwritten by <see cref="Backward"/>.</summary>
    Span<float> Gradients { get; }

    /// <summary>Lengths of the consecutive slices of <see cref="Parameters"/> that belong to one layer each (the head
    /// last), for per-layer gradient norms.</summary>
    IReadOnlyList<int> ParameterGroups { get; }

    /// <summary>The recurrent (gate) activation of each layer, bottom first.</summary>
    IReadOnlyList<Activation> RecurrentActivations { get; }

    /// <summary>y [B, out] from x [B, T, p]; with <paramref name="training"/>, keeps what <see cref="Backward"/> needs.</summary>
    void Forward(ReadOnlySpan<float> x, int batchSize, int timeSteps, Span<float> y, bool training);

    /// <summary>Fills <see cref="Gradients"/> from dy [B, out], for the last training forward pass.</summary>
    void Backward(ReadOnlySpan<float> dy);
}
