using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>The one place that maps Keras loss names to losses.</summary>
internal static class LossRegistry
{
    private static readonly Dictionary<string, Loss> s_byName = Build();

    /// <summary>Every accepted name, sorted.</summary>
    public static readonly IReadOnlyList<string> Names = s_byName.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static Dictionary<string, Loss> Build()
    {
        var map = new Dictionary<string, Loss>(StringComparer.Ordinal);
        void Add(Loss loss, params string[] aliases)
        {
            map.Add(loss.Name, loss);
            foreach (string alias in aliases)
                map.Add(alias, loss);
        }

        Add(new MeanSquaredErrorLoss(), "mse");
        Add(new MeanAbsoluteErrorLoss(), "mae");
        Add(new HuberLoss(), "huber_loss");
        return map;
    }

    public static Loss Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (s_byName.TryGetValue(name, out Loss? loss))
            return loss;
        throw new ArgumentException($"Unknown loss '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name));
    }
}
