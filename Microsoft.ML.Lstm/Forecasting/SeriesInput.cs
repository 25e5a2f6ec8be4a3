using System;
using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Forecasting;

/// <summary>One series to train on or forecast: the target, optional feature columns aligned with it, and an id
/// when several series share one model.</summary>
public sealed class SeriesInput
{
    /// <summary>Creates a series.</summary>
    /// <param name="values">The target, oldest first, one value per period.</param>
    /// <param name="features">Optional feature columns, each as long as <paramref name="values"/>, oldest first.</param>
    /// <param name="id">The series' id when several series are trained together; default "series".</param>
    public SeriesInput(IReadOnlyList<float> values, IReadOnlyList<IReadOnlyList<float>>? features = null, string id = "series")
    {
        Values = values ?? throw new ArgumentNullException(nameof(values));
        Features = features ?? Array.Empty<IReadOnlyList<float>>();
        Id = id ?? throw new ArgumentNullException(nameof(id));
    }

    /// <summary>The target, oldest first.</summary>
    public IReadOnlyList<float> Values { get; }

    /// <summary>Feature columns aligned with <see cref="Values"/>; empty for a univariate series.</summary>
    public IReadOnlyList<IReadOnlyList<float>> Features { get; }

    /// <summary>The series' id.</summary>
    public string Id { get; }

    /// <summary>Checks every value: finite, features as long as the target.</summary>
    internal void Validate(string parameterName)
    {
        if (Values.Count == 0)
            throw new ArgumentException($"Series '{Id}' is empty.", parameterName);
        for (int i = 0; i < Values.Count; i++)
            if (!float.IsFinite(Values[i]))
                throw new ArgumentException($"Series '{Id}' has the non-finite value {Values[i]} at index {i}; fill or remove it first (nothing is dropped silently).", parameterName);
        for (int f = 0; f < Features.Count; f++)
        {
            IReadOnlyList<float> column = Features[f] ?? throw new ArgumentException($"Feature column {f} of series '{Id}' is null.", parameterName);
            if (column.Count != Values.Count)
                throw new ArgumentException($"Feature column {f} of series '{Id}' has {column.Count} values but the target has {Values.Count}.", parameterName);
            for (int i = 0; i < column.Count; i++)
                if (!float.IsFinite(column[i]))
                    throw new ArgumentException($"Feature column {f} of series '{Id}' has the non-finite value {column[i]} at index {i}.", parameterName);
        }
    }
}
