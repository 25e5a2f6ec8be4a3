using System;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Updates a flat parameter vector from its gradient, Keras-style. An optimizer keeps per-parameter state
/// (momentum, moments) sized on the first <see cref="Step(Span{float}, ReadOnlySpan{float}, float)"/> after
/// construction or <see cref="Reset"/>, so one instance serves one parameter vector at a time and is not thread-safe.
/// </summary>
/// <remarks>
/// Hyperparameters are <see cref="double"/>s, like Keras' Python floats: derived constants such as 1 - beta1 are
/// computed in double and rounded to float once, which is what Keras does and gives slightly different float32
/// values than computing them from float hyperparameters.
/// </remarks>
public abstract class Optimizer
{
    private int _stateLength = -1;
    private bool _stateDirty;

    private protected Optimizer(string name) => Name = name;

    /// <summary>The Keras name of the algorithm (<c>"sgd"</c>, <c>"adam"</c>, <c>"adamw"</c>).</summary>
    public string Name { get; }

    /// <summary>How many steps have been taken since construction or <see cref="Reset"/> (Keras' <c>iterations</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>
    /// Forgets the state (iteration count, momentum, moments) so that the next step starts afresh. The state buffers
    /// are kept and zeroed on the next step when the parameter count is unchanged, so resetting does not allocate.
    /// </summary>
    public void Reset()
    {
        Iterations = 0;
        _stateDirty = true;
    }

    /// <summary>Updates <paramref name="parameters"/> in place, in one pass, from <paramref name="gradients"/>.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradients">dLoss/dparameters, same length and layout; not modified.</param>
    /// <param name="learningRate">The step size for this step; finite and non-negative.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">
    /// The parameter count differs from the one the state was sized for; call <see cref="Reset"/> first.
    /// </exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate) =>
        Step(parameters, gradients, learningRate, VectorWidths.Best);

    internal void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, VectorWidth width)
    {
        if (gradients.Length != parameters.Length)
            throw new ArgumentException(
                $"gradients has length {gradients.Length} but parameters has length {parameters.Length}; they must be equal.", nameof(gradients));
        if (!(learningRate >= 0f) || float.IsPositiveInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate,
                $"learningRate must be finite and non-negative; got {learningRate}.");
        if (_stateLength < 0 || (_stateDirty && _stateLength != parameters.Length))
        {
            AllocateState(parameters.Length);
            _stateLength = parameters.Length;
        }
        else if (_stateDirty)
        {
            ClearState();
        }
        else if (_stateLength != parameters.Length)
        {
            throw new InvalidOperationException(
                $"This {Name} optimizer holds state for {_stateLength} parameters but was given {parameters.Length}; call Reset() to start over.");
        }
        _stateDirty = false;
        Iterations++;
        Update(parameters, gradients, learningRate, Iterations, width);
    }

    /// <summary>Allocates zeroed state for <paramref name="length"/> parameters.</summary>
    private protected abstract void AllocateState(int length);

    /// <summary>Zeroes the existing state.</summary>
    private protected abstract void ClearState();

    /// <summary>The update proper; lengths are checked and state is sized. <paramref name="iteration"/> counts from 1.</summary>
    private protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, long iteration, VectorWidth width);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
