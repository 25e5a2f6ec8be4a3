using System;
using Microsoft.ML.Lstm.Engine;

namespace Microsoft.ML.Lstm.Forecasting.ModelFile;

/// <summary>One network in the payload: its options (enough to rebuild it) and all its parameters.</summary>
internal static class NetworkPayload
{
    /// <summary>The smallest a layer's record can be: an int32, two empty strings, four bools, two float32.</summary>
    private const int MinLayerBytes = 4 + 4 + 4 + 4 + 4 + 4;

    public static void Write(ModelFileWriter w, LstmNetwork network)
    {
        w.WriteInt32(network.InputSize);
        w.WriteInt32(network.OutputSize);
        w.WriteString(network.Head.Activation.Name);
        w.WriteInt32(network.Seed);
        w.WriteInt32(network.MaxThreads);
        w.WriteInt32(network.Layers.Count);
        foreach (LstmLayer layer in network.Layers)
        {
            LstmLayerOptions o = layer.Options;
            w.WriteInt32(o.Units);
            w.WriteString(o.Activation);
            w.WriteString(o.RecurrentActivation);
            w.WriteBoolean(o.UseBias);
            w.WriteBoolean(o.UnitForgetBias);
            w.WriteBoolean(o.ReturnSequences);
            w.WriteBoolean(o.GoBackwards);
            w.WriteSingle(o.Dropout);
            w.WriteSingle(o.RecurrentDropout);
        }
        w.WriteInt32(network.ParameterCount);
        w.WriteSingles(network.Parameters);
    }

    /// <summary>Rebuilds a network with <paramref name="inputSize"/> inputs and <paramref name="outputSize"/> outputs
    /// (what the forecaster feeds it and reads from it). The parameter count is checked against the layers and the
    /// bytes left before the network, which allocates for its parameters, is built.</summary>
    public static LstmNetwork Read(ref ModelFileReader r, string field, int inputSize, int outputSize)
    {
        long at = r.FileOffset;
        var options = new LstmNetworkOptions
        {
            InputSize = r.ReadInt32(field + " input size"),
            OutputSize = r.ReadInt32(field + " output size"),
            OutputActivation = r.ReadActivationName(field + " output activation"),
            Seed = r.ReadInt32(field + " seed"),
            MaxThreads = r.ReadInt32(field + " max threads"),
        };
        if (options.InputSize != inputSize)
            throw ModelFileReader.Inconsistent(at, $"{field} reads {options.InputSize} inputs per step; the forecaster feeds {inputSize} (the target and its features)");
        if (options.OutputSize != outputSize)
            throw ModelFileReader.Inconsistent(at, $"{field} has {options.OutputSize} outputs; the forecaster reads {outputSize}");
        if (options.MaxThreads < 0)
            throw ModelFileReader.Inconsistent(at, $"{field} max threads is negative ({options.MaxThreads})");
        long layersAt = r.FileOffset;
        int layers = r.ReadCount(field + " layer count", MinLayerBytes);
        if (layers == 0)
            throw ModelFileReader.Inconsistent(layersAt, $"{field} has no LSTM layer");
        for (int l = 0; l < layers; l++)
        {
            string layer = $"{field} layer {l}";
            long unitsAt = r.FileOffset;
            int units = r.ReadInt32(layer + " units");
            if (units <= 0)
                throw ModelFileReader.Inconsistent(unitsAt, $"{layer} has {units} units; a layer has at least one");
            options.Layers.Add(new LstmLayerOptions
            {
                Units = units,
                Activation = r.ReadActivationName(layer + " activation"),
                RecurrentActivation = r.ReadActivationName(layer + " recurrent activation"),
                UseBias = r.ReadBoolean(layer + " use bias"),
                UnitForgetBias = r.ReadBoolean(layer + " unit forget bias"),
                ReturnSequences = r.ReadBoolean(layer + " return sequences"),
                GoBackwards = r.ReadBoolean(layer + " go backwards"),
                Dropout = r.ReadSingle(layer + " dropout"),
                RecurrentDropout = r.ReadSingle(layer + " recurrent dropout"),
            });
        }
        long countAt = r.FileOffset;
        int count = r.ReadCount(field + " parameter count", 4);
        long expected = ExpectedParameters(options);
        if (expected != count)
            throw ModelFileReader.Inconsistent(countAt, expected > int.MaxValue
                ? $"parameter count mismatch: {field} stores {count} parameters; its layers need more than a network can hold ({int.MaxValue})"
                : $"parameter count mismatch: {field} stores {count} parameters; its layers need {expected}");

        LstmNetwork network;
        try
        {
            network = new LstmNetwork(options);
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException($"The forecaster file is inconsistent at byte {at}: {field} cannot be rebuilt: {e.Message}", e);
        }
        r.ReadSingles(network.Parameters, field + " parameters");
        return network;
    }

    /// <summary>Σ 4m(m + p + bias) over the layers plus the head's p·out + out, or <see cref="long.MaxValue"/> once it
    /// passes what a network can hold. Stopping there keeps every term below 2^62, so huge corrupt unit counts cannot
    /// overflow.</summary>
    private static long ExpectedParameters(LstmNetworkOptions options)
    {
        long total = 0;
        long input = options.InputSize;
        foreach (LstmLayerOptions layer in options.Layers)
        {
            long m = layer.Units;
            if (m > int.MaxValue / 4)
                return long.MaxValue;
            total += 4 * m * (m + input + (layer.UseBias ? 1 : 0));
            if (total > int.MaxValue)
                return long.MaxValue;
            input = m;
        }
        total += input * options.OutputSize + options.OutputSize;
        return total > int.MaxValue ? long.MaxValue : total;
    }
}
