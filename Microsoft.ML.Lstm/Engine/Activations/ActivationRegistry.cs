using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>The one place that maps Keras activation names to operators.</summary>
internal static class ActivationRegistry
{
    private static readonly Dictionary<string, Activation> s_byName = Build();

    /// <summary>Every accepted name, sorted.</summary>
    public static readonly IReadOnlyList<string> Names = s_byName.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static Dictionary<string, Activation> Build()
    {
        var map = new Dictionary<string, Activation>(StringComparer.Ordinal);
        void Add<TOp>(string name, bool withinUnitInterval, params string[] aliases) where TOp : struct, IActivationOperator
        {
            var activation = new Activation<TOp>(name, withinUnitInterval);
            map.Add(name, activation);
            foreach (string alias in aliases)
                map.Add(alias, activation);
        }

        // The second argument is IsWithinUnitInterval: true only where every output lies in [0, 1].
        Add<TanhOperator>("tanh", false);
        Add<SigmoidOperator>("sigmoid", true);
        Add<HardSigmoidOperator>("hard_sigmoid", true, "hard_sigmoid_keras3");
        // Keras 2's hard_sigmoid; TensorFlow.js still calls it hardSigmoid.
        Add<HardSigmoidKeras2Operator>("hard_sigmoid_keras2", true, "hardSigmoid");
        Add<ReluOperator>("relu", false);
        Add<Relu6Operator>("relu6", false);
        Add<LinearOperator>("linear", false);
        Add<EluOperator>("elu", false);
        Add<SeluOperator>("selu", false);
        Add<SoftplusOperator>("softplus", false);
        Add<SoftsignOperator>("softsign", false);
        // Keras 3 serializes silu and hard_silu; swish and hard_swish are its aliases.
        Add<SiluOperator>("silu", false, "swish");
        Add<HardSiluOperator>("hard_silu", false, "hard_swish");
        Add<GeluOperator>("gelu", false);
        Add<MishOperator>("mish", false);
        Add<ExponentialOperator>("exponential", false);
        return map;
    }

    public static Activation Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (s_byName.TryGetValue(name, out Activation? activation))
            return activation;
        throw new ArgumentException(
            $"Unknown activation '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name));
    }
}
