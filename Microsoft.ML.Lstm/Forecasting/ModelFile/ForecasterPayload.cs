using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Microsoft.ML.Lstm.Engine;

namespace Microsoft.ML.Lstm.Forecasting.ModelFile;

/// <summary>The payload of a forecaster file: options, season period, series, ensemble, calibration, in the layout
/// described in <see cref="ModelFileFormat"/>. Reading checks that the parts fit together as training made them, so a
/// loaded forecaster can forecast and append without failing on what it was given.</summary>
internal static class ForecasterPayload
{
    /// <summary>The smallest a series' record can be: empty id, λ, lag, center, scale, no features, empty history.</summary>
    private const int MinSeriesBytes = 4 + 8 + 4 + 8 + 8 + 4 + 4;

    /// <summary>The smallest a member's record can be: window, seed, a network of one layer and no parameters.</summary>
    private const int MinMemberBytes = 4 + 4 + (4 + 4 + 4 + 4 + 4 + 4) + (4 + 4 + 4 + 4 + 4 + 4) + 4;

    public static void Write(ModelFileWriter w, LstmForecaster forecaster)
    {
        OptionsPayload.Write(w, forecaster.Options);
        w.WriteInt32(forecaster.SeasonPeriod);
        int keep = forecaster.RequiredHistory;
        w.WriteInt32(forecaster.SeriesStates.Count);
        foreach (SeriesState s in forecaster.SeriesStates)
        {
            w.WriteString(s.Id);
            w.WriteDouble(s.Preprocessor.Lambda);
            w.WriteInt32(s.Preprocessor.Lag);
            w.WriteDouble(s.Preprocessor.Center);
            w.WriteDouble(s.Preprocessor.Scale);
            w.WriteInt32(s.FeatureScalers.Length);
            foreach (FeatureScaler scaler in s.FeatureScalers)
            {
                w.WriteDouble(scaler.Mean);
                w.WriteDouble(scaler.Scale);
            }
            // Only the tail a forecast reads: the file stays small however long the training series was.
            int start = Math.Max(0, s.History.Count - keep);
            w.WriteInt32(s.History.Count - start);
            w.WriteSingles(CollectionsMarshal.AsSpan(s.History).Slice(start));
            foreach (List<float> column in s.FeatureHistory)
                w.WriteSingles(CollectionsMarshal.AsSpan(column).Slice(start));
        }
        w.WriteInt32(forecaster.Members.Count);
        foreach (EnsembleMember member in forecaster.Members)
        {
            w.WriteInt32(member.Window);
            w.WriteInt32(member.Seed);
            NetworkPayload.Write(w, member.Network);
        }
        w.WriteSingleArray(forecaster.StepSigma);
        w.WriteSingle(forecaster.ValidationCoverage);
        w.WriteInt32(forecaster.EpochsUsed);
        w.WriteString(forecaster.Summary);
    }

    /// <summary>Reads a payload of format <paramref name="version"/> (1 is the only one so far: a later format reads
    /// its new fields only when the version says they are there).</summary>
    public static LstmForecaster Read(ref ModelFileReader r, uint version)
    {
        _ = version;
        LstmForecasterOptions o = OptionsPayload.Read(ref r);

        long at = r.FileOffset;
        int season = r.ReadInt32("season period");
        if (season != o.SeasonPeriod)
            throw ModelFileReader.Inconsistent(at, $"the season period is {season} but the options say {o.SeasonPeriod}");

        List<SeriesState> series = ReadSeries(ref r, o);
        int featureCount = series[0].FeatureScalers.Length;
        if (o.Strategy == MultiStepStrategy.Recursive && featureCount > 0)
            throw ModelFileReader.Inconsistent(r.FileOffset, $"the recursive strategy cannot use features, yet the series have {featureCount}");
        List<EnsembleMember> members = ReadMembers(ref r, o, series, featureCount);

        at = r.FileOffset;
        float[] stepSigma = r.ReadSingleArray("StepSigma");
        if (stepSigma.Length != o.Horizon)
            throw ModelFileReader.Inconsistent(at, $"StepSigma has {stepSigma.Length} values; one per horizon step ({o.Horizon}) is expected");
        for (int k = 0; k < stepSigma.Length; k++)
            if (stepSigma[k] < 0)
                throw ModelFileReader.Inconsistent(at, $"StepSigma[{k}] is negative ({stepSigma[k]})");
        at = r.FileOffset;
        float coverage = r.ReadSingle("ValidationCoverage");
        if (!float.IsNaN(coverage) && !(coverage >= 0 && coverage <= 1))
            throw ModelFileReader.Inconsistent(at, $"ValidationCoverage is {coverage}; a fraction in [0, 1] (or NaN) is expected");
        at = r.FileOffset;
        int epochsUsed = r.ReadInt32("EpochsUsed");
        if (epochsUsed < 1 || epochsUsed > o.Epochs)
            throw ModelFileReader.Inconsistent(at, $"EpochsUsed is {epochsUsed}; it must be in [1, Options.Epochs = {o.Epochs}]");
        string summary = r.ReadString("Summary");
        r.CheckEnd();
        return new LstmForecaster(o, season, series, members, stepSigma, coverage, epochsUsed, summary);
    }

    private static List<SeriesState> ReadSeries(ref ModelFileReader r, LstmForecasterOptions o)
    {
        long at = r.FileOffset;
        int count = r.ReadCount("series count", MinSeriesBytes);
        if (count == 0)
            throw ModelFileReader.Inconsistent(at, "the forecaster has no series");
        int expectedLag = o.Differencing switch
        {
            DifferencingMethod.First => 1,
            DifferencingMethod.Seasonal => Math.Max(1, o.SeasonPeriod),
            _ => 0,
        };
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var states = new List<SeriesState>(count);
        for (int i = 0; i < count; i++)
        {
            string field = $"series {i}";
            at = r.FileOffset;
            string id = r.ReadString(field + " id");
            if (!ids.Add(id))
                throw ModelFileReader.Inconsistent(at, $"the series id '{id}' appears twice");

            at = r.FileOffset;
            double lambda = r.ReadDouble(field + " Box-Cox lambda");
            int lag = r.ReadInt32(field + " differencing lag");
            double center = r.ReadDouble(field + " center");
            double scale = r.ReadDouble(field + " scale");
            if (!double.IsNaN(lambda) && !double.IsFinite(lambda))
                throw ModelFileReader.Inconsistent(at, $"{field} has the Box-Cox lambda {lambda}");
            if (lag != expectedLag)
                throw ModelFileReader.Inconsistent(at, $"{field} has the differencing lag {lag}; {o.Differencing} differencing with season {o.SeasonPeriod} gives {expectedLag}");
            if (!double.IsFinite(center) || !double.IsFinite(scale) || !(scale > 0))
                throw ModelFileReader.Inconsistent(at, $"{field} has the scaling center {center} and scale {scale}; both must be finite and the scale positive");

            at = r.FileOffset;
            int featureCount = r.ReadCount(field + " feature count", 16);
            if (i > 0 && featureCount != states[0].FeatureScalers.Length)
                throw ModelFileReader.Inconsistent(at, $"{field} has {featureCount} features but series 0 has {states[0].FeatureScalers.Length}");
            var scalers = new FeatureScaler[featureCount];
            for (int f = 0; f < featureCount; f++)
            {
                at = r.FileOffset;
                double mean = r.ReadDouble($"{field} feature {f} mean");
                double featureScale = r.ReadDouble($"{field} feature {f} scale");
                if (!double.IsFinite(mean) || !double.IsFinite(featureScale) || !(featureScale > 0))
                    throw ModelFileReader.Inconsistent(at, $"{field} feature {f} has the mean {mean} and scale {featureScale}; both must be finite and the scale positive");
                scalers[f] = new FeatureScaler(mean, featureScale);
            }

            int length = r.ReadCount(field + " history length", 4 * (1 + featureCount));
            List<float> history = ReadHistory(ref r, length, field + " history", mustBePositive: !double.IsNaN(lambda));
            var featureHistory = new List<float>[featureCount];
            for (int f = 0; f < featureCount; f++)
                featureHistory[f] = ReadHistory(ref r, length, $"{field} feature {f} history", mustBePositive: false);

            var preprocessor = new SeriesPreprocessor { Lambda = lambda, Lag = lag, Center = center, Scale = scale };
            states.Add(new SeriesState(id, preprocessor, scalers, history, featureHistory));
        }
        return states;
    }

    /// <summary>Raw observations as training and Append accept them: finite, and positive under a log or Box-Cox
    /// transform.</summary>
    private static List<float> ReadHistory(ref ModelFileReader r, int length, string field, bool mustBePositive)
    {
        long at = r.FileOffset;
        var values = new float[length];
        r.ReadSingles(values, field);
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw ModelFileReader.Inconsistent(at + 4L * i, $"{field}[{i}] is {values[i]}; observations are finite");
            if (mustBePositive && !(values[i] > 0))
                throw ModelFileReader.Inconsistent(at + 4L * i, $"{field}[{i}] is {values[i]}; the series' transform needs positive values");
        }
        return new List<float>(values);
    }

    private static List<EnsembleMember> ReadMembers(ref ModelFileReader r, LstmForecasterOptions o, List<SeriesState> series, int featureCount)
    {
        long at = r.FileOffset;
        int count = r.ReadCount("member count", MinMemberBytes);
        if (count != o.EnsembleSize)
            throw ModelFileReader.Inconsistent(at, $"the ensemble has {count} members; Options.EnsembleSize says {o.EnsembleSize}");
        IList<int> windows = o.WindowSizes.Count > 0 ? o.WindowSizes : new[] { o.WindowSize };
        int lag = series[0].Preprocessor.Lag;
        int shortest = int.MaxValue;
        foreach (SeriesState s in series)
            shortest = Math.Min(shortest, s.History.Count);
        int outputs = o.Strategy == MultiStepStrategy.Direct ? o.Horizon : 1;
        var members = new List<EnsembleMember>(count);
        for (int m = 0; m < count; m++)
        {
            string field = $"member {m}";
            at = r.FileOffset;
            int window = r.ReadInt32(field + " window");
            int expected = windows[m % windows.Count];
            if (window != expected)
                throw ModelFileReader.Inconsistent(at, $"{field} reads windows of {window} steps; the options give it {expected}");
            if ((long)window + lag > shortest)
                throw ModelFileReader.Inconsistent(at, $"{field} needs {(long)window + lag} past values (window {window} + lag {lag}); the shortest stored history has {shortest}");
            int seed = r.ReadInt32(field + " seed");
            LstmNetwork network = NetworkPayload.Read(ref r, field + " network", 1 + featureCount, outputs);
            members.Add(new EnsembleMember(window, seed, network));
        }
        return members;
    }
}
