using System;
using System.Collections.Generic;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Engine.Introspection;

/// <summary>
/// The "switches and counters" of a trained network: per-step gate activations and cell states for one input, and
/// gate saturation statistics over a data set.
/// </summary>
public static class GateInspector
{
    /// <summary>Activations below this count as a closed gate.</summary>
    public const float LowThreshold = 0.1f;

    /// <summary>Activations above this count as an open gate.</summary>
    public const float HighThreshold = 0.9f;

    /// <summary>Runs <paramref name="network"/> on one sequence x [T, p] and returns every layer's gates and states.</summary>
    public static IReadOnlyList<LayerTrace> Trace(LstmNetwork network, ReadOnlySpan<float> x, int timeSteps)
    {
        ArgumentNullException.ThrowIfNull(network);
        var y = new float[network.OutputSize];
        network.Forward(x, 1, timeSteps, y);
        var traces = new List<LayerTrace>();
        foreach (LstmLayer layer in network.Layers)
        {
            int m = layer.Units;
            ReadOnlySpan<float> gates = layer.GateActivations; // [T, 1, 4m]
            ReadOnlySpan<float> cells = layer.CellStates;      // [T+1, 1, m]
            ReadOnlySpan<float> hidden = layer.HiddenSequence;  // [T, 1, m]
            float[] i = new float[timeSteps * m], f = new float[timeSteps * m], g = new float[timeSteps * m], o = new float[timeSteps * m];
            for (int t = 0; t < timeSteps; t++)
            {
                gates.Slice(t * 4 * m, m).CopyTo(i.AsSpan(t * m));
                gates.Slice(t * 4 * m + m, m).CopyTo(f.AsSpan(t * m));
                gates.Slice(t * 4 * m + 2 * m, m).CopyTo(g.AsSpan(t * m));
                gates.Slice(t * 4 * m + 3 * m, m).CopyTo(o.AsSpan(t * m));
            }
            traces.Add(new LayerTrace(timeSteps, m, i, f, g, o, cells.Slice(m).ToArray(), hidden.ToArray()));
        }
        return traces;
    }

    /// <summary>Gate saturation of every layer's input, forget and output gates over all samples of <paramref name="data"/>.</summary>
    public static IReadOnlyList<GateSaturation> Saturation(LstmNetwork network, ITrainingData data, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != network.InputSize || data.OutputSize != network.OutputSize)
            throw new ArgumentException($"The data has {data.InputSize} inputs and {data.OutputSize} outputs; the network {network.InputSize} and {network.OutputSize}.", nameof(data));
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");
        int layers = network.Layers.Count, steps = data.TimeSteps;
        var sums = new double[layers][][];  // [layer][gate 0..2][unit]
        var low = new long[layers, 3];
        var high = new long[layers, 3];
        for (int l = 0; l < layers; l++)
        {
            sums[l] = new double[3][];
            for (int k = 0; k < 3; k++)
                sums[l][k] = new double[network.Layers[l].Units];
        }
        var x = new float[batchSize * steps * data.InputSize];
        var y = new float[batchSize * data.OutputSize];
        var prediction = new float[batchSize * data.OutputSize];
        var indices = new int[batchSize];
        long count = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, data.Count - start);
            for (int b = 0; b < n; b++)
                indices[b] = start + b;
            data.Fill(indices.AsSpan(0, n), x.AsSpan(0, n * steps * data.InputSize), y.AsSpan(0, n * data.OutputSize));
            network.Forward(x.AsSpan(0, n * steps * data.InputSize), n, steps, prediction.AsSpan(0, n * data.OutputSize));
            for (int l = 0; l < layers; l++)
            {
                int m = network.Layers[l].Units;
                ReadOnlySpan<float> gates = network.Layers[l].GateActivations; // [T, n, 4m]
                for (int row = 0; row < steps * n; row++)
                {
                    for (int k = 0; k < 3; k++)
                    {
                        int block = k == 2 ? 3 : k; // i, f, o (skip the candidate g)
                        ReadOnlySpan<float> gate = gates.Slice(row * 4 * m + block * m, m);
                        double[] unitSums = sums[l][k];
                        for (int u = 0; u < m; u++)
                        {
                            float v = gate[u];
                            unitSums[u] += v;
                            if (v < LowThreshold) low[l, k]++;
                            else if (v > HighThreshold) high[l, k]++;
                        }
                    }
                }
            }
            count += (long)n * steps;
        }
        string[] names = { "input", "forget", "output" };
        var result = new List<GateSaturation>();
        for (int l = 0; l < layers; l++)
        {
            int m = network.Layers[l].Units;
            for (int k = 0; k < 3; k++)
            {
                double[] unitMeans = new double[m];
                double total = 0;
                for (int u = 0; u < m; u++)
                {
                    unitMeans[u] = sums[l][k][u] / Math.Max(1, count);
                    total += sums[l][k][u];
                }
                double cells = Math.Max(1.0, (double)count * m);
                result.Add(new GateSaturation(l, names[k], total / cells, low[l, k] / cells, high[l, k] / cells, unitMeans));
            }
        }
        return result;
    }
}
