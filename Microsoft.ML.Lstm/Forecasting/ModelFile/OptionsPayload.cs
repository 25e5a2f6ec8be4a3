using System;
using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Forecasting.ModelFile;

/// <summary>The options section of the payload: every <see cref="LstmForecasterOptions"/> property, in the order of the
/// layout in <see cref="ModelFileFormat"/>.</summary>
internal static class OptionsPayload
{
    public static void Write(ModelFileWriter w, LstmForecasterOptions o)
    {
        w.WriteInt32(o.Horizon);
        w.WriteInt32(o.WindowSize);
        w.WriteInt32(o.SeasonPeriod);
        w.WriteEnum(o.Transform);
        w.WriteEnum(o.Scaling);
        w.WriteEnum(o.Differencing);
        w.WriteBoolean(o.NormalizeWindows);
        w.WriteEnum(o.Strategy);
        w.WriteInt32(o.Units);
        w.WriteInt32(o.Layers);
        w.WriteString(o.Activation);
        w.WriteString(o.RecurrentActivation);
        w.WriteInt32(o.Epochs);
        w.WriteInt32(o.BatchSize);
        w.WriteSingle(o.LearningRate);
        w.WriteString(o.Loss);
        w.WriteInt32(o.EnsembleSize);
        w.WriteInt32Array(o.WindowSizes);
        w.WriteInt32(o.ValidationWindows);
        w.WriteSingle(o.ConfidenceLevel);
        w.WriteInt32(o.Seed);
        w.WriteInt32(o.MaxThreads);
    }

    /// <summary>Reads the options and checks them as training resolved them: valid, with a window and a season period.</summary>
    public static LstmForecasterOptions Read(ref ModelFileReader r)
    {
        long at = r.FileOffset;
        var o = new LstmForecasterOptions
        {
            Horizon = r.ReadInt32("Options.Horizon"),
            WindowSize = r.ReadInt32("Options.WindowSize"),
            SeasonPeriod = r.ReadInt32("Options.SeasonPeriod"),
            Transform = r.ReadEnum<TargetTransform>("Options.Transform"),
            Scaling = r.ReadEnum<ScalingMethod>("Options.Scaling"),
            Differencing = r.ReadEnum<DifferencingMethod>("Options.Differencing"),
            NormalizeWindows = r.ReadBoolean("Options.NormalizeWindows"),
            Strategy = r.ReadEnum<MultiStepStrategy>("Options.Strategy"),
            Units = r.ReadInt32("Options.Units"),
            Layers = r.ReadInt32("Options.Layers"),
            Activation = r.ReadActivationName("Options.Activation"),
            RecurrentActivation = r.ReadActivationName("Options.RecurrentActivation"),
            Epochs = r.ReadInt32("Options.Epochs"),
            BatchSize = r.ReadInt32("Options.BatchSize"),
            LearningRate = r.ReadSingle("Options.LearningRate"),
            Loss = r.ReadLossName("Options.Loss"),
            EnsembleSize = r.ReadInt32("Options.EnsembleSize"),
            WindowSizes = new List<int>(r.ReadInt32Array("Options.WindowSizes")),
            ValidationWindows = r.ReadInt32("Options.ValidationWindows"),
            ConfidenceLevel = r.ReadSingle("Options.ConfidenceLevel"),
            Seed = r.ReadInt32("Options.Seed"),
            MaxThreads = r.ReadInt32("Options.MaxThreads"),
        };
        try
        {
            o.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException(
                $"The forecaster file is inconsistent at byte {at}: its options are invalid: {e.Message}", e);
        }
        if (o.WindowSize <= 0)
            throw ModelFileReader.Inconsistent(at, $"Options.WindowSize is {o.WindowSize}; a trained forecaster has a positive window");
        if (o.SeasonPeriod <= 0)
            throw ModelFileReader.Inconsistent(at, $"Options.SeasonPeriod is {o.SeasonPeriod}; a trained forecaster has a positive season period");
        return o;
    }
}
