using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// An element-wise activation chosen by its Keras name (<c>"tanh"</c>, <c>"sigmoid"</c>, ...).
/// Get one with <see cref="FromName"/>; <see cref="Names"/> lists every valid name.
/// </summary>
/// <remarks>
/// <para>
/// In an LSTM, <c>activation</c> (default <c>tanh</c>) is applied to the candidate c~ and to the cell state before
/// the output gate, and <c>recurrent_activation</c> (default <c>sigmoid</c>) to the gates i, f and o.
/// </para>
/// <para>
/// The names are Keras 3's: <c>tanh</c>, <c>sigmoid</c>, <c>hard_sigmoid</c>, <c>relu</c>, <c>relu6</c>,
/// <c>linear</c>, <c>elu</c>, <c>selu</c>, <c>softplus</c>, <c>softsign</c>, <c>silu</c> (alias <c>swish</c>),
/// <c>hard_silu</c> (alias <c>hard_swish</c>), <c>gelu</c> (exact, not the tanh approximation), <c>mish</c> and
/// <c>exponential</c>. <c>hard_sigmoid</c> is Keras 3's relu6(x + 3) / 6; the Keras 2 / tf.keras &lt;= 2.15 function of
/// that name, clip(0.2 x + 0.5, 0, 1), is <c>hard_sigmoid_keras2</c>, also reachable as TensorFlow.js's
/// <c>hardSigmoid</c>. An alias resolves to the same instance, whose <see cref="Name"/> is the canonical name.
/// </para>
/// </remarks>
public abstract class Activation
{
    private protected Activation(string name, bool isWithinUnitInterval)
    {
        Name = name;
        IsWithinUnitInterval = isWithinUnitInterval;
    }

    /// <summary>The canonical name, as saved in model files and Keras configs.</summary>
    public string Name { get; }

    /// <summary>
    /// True when every output lies in [0, 1] (sigmoid, hard_sigmoid...): the range a gate is meant to have.
    /// Other activations are allowed as <c>recurrent_activation</c>, as in Keras, but the trainer warns.
    /// </summary>
    public bool IsWithinUnitInterval { get; }

    /// <summary>Every name <see cref="FromName"/> accepts.</summary>
    public static IReadOnlyList<string> Names => ActivationRegistry.Names;

    /// <summary>The activation registered under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the valid ones.</exception>
    public static Activation FromName(string name) => ActivationRegistry.Get(name);

    /// <summary>f(x) for one value (the scalar twin).</summary>
    public abstract float Apply(float x);

    /// <summary>f'(x) for one value, given x and y = f(x).</summary>
    public abstract float Derivative(float x, float y);

    /// <summary>y = f(x) element-wise, vectorized at the widest accelerated width. <paramref name="y"/> may alias <paramref name="x"/>.</summary>
    public void Apply(ReadOnlySpan<float> x, Span<float> y) => Apply(x, y, VectorWidths.Best);

    /// <summary>dydx = f'(x) element-wise, given x and y = f(x).</summary>
    public void Derivative(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dydx) => Derivative(x, y, dydx, VectorWidths.Best);

    internal abstract void Apply(ReadOnlySpan<float> x, Span<float> y, VectorWidth width);

    internal abstract void Derivative(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dydx, VectorWidth width);

    internal abstract TResult Accept<TResult>(IActivationVisitor<TResult> visitor);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>An <see cref="Activation"/> backed by the operator struct <typeparamref name="TOperator"/>.</summary>
internal sealed class Activation<TOperator> : Activation where TOperator : struct, IActivationOperator
{
    public Activation(string name, bool isWithinUnitInterval) : base(name, isWithinUnitInterval) { }

    public override float Apply(float x) => TOperator.Invoke(x);

    public override float Derivative(float x, float y) => TOperator.Derivative(x, y);

    internal override void Apply(ReadOnlySpan<float> x, Span<float> y, VectorWidth width) =>
        ActivationDriver.Apply<TOperator>(x, y, width);

    internal override void Derivative(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dydx, VectorWidth width) =>
        ActivationDriver.Derivative<TOperator>(x, y, dydx, width);

    internal override TResult Accept<TResult>(IActivationVisitor<TResult> visitor) => visitor.Visit<TOperator>();
}
