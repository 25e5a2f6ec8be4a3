using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>Why a test that needs ML.NET's runtime is skipped in stand-in mode.</summary>
internal static class MlNetRuntime
{
    public const string SkipReason = "needs ML.NET's runtime: built in stand-in mode (Microsoft.ML did not restore)";

    /// <summary>The skip reason in stand-in mode (MLNET_STANDIN), else the attribute's own Skip.</summary>
    public static string? Skip(string? own)
    {
#if MLNET_STANDIN
        return own ?? SkipReason;
#else
        return own;
#endif
    }
}

/// <summary>
/// A fact that needs ML.NET's runtime: compiled in every ML.NET mode, run in package mode (with or without TimeSeries),
/// skipped (with the reason) in stand-in mode, where every ML.NET member throws.
/// </summary>
public sealed class MlNetRuntimeFactAttribute : FactAttribute
{
    public MlNetRuntimeFactAttribute() => Skip = MlNetRuntime.Skip(Skip);
}

/// <summary>The theory counterpart of <see cref="MlNetRuntimeFactAttribute"/>.</summary>
public sealed class MlNetRuntimeTheoryAttribute : TheoryAttribute
{
    public MlNetRuntimeTheoryAttribute() => Skip = MlNetRuntime.Skip(Skip);
}

/// <summary>Why a test of the time-series engine (Microsoft.ML.TimeSeries) is skipped where that package did not restore.</summary>
internal static class MlNetTimeSeries
{
    public const string SkipReason = "needs Microsoft.ML.TimeSeries's runtime: built in package mode without TimeSeries (it did not restore; its engine is a compile-only stand-in)";

    /// <summary>The stand-in modes' skip reasons (MLNET_STANDIN, MLNET_TIMESERIES_STANDIN), else the attribute's own Skip.</summary>
    public static string? Skip(string? own)
    {
#if MLNET_TIMESERIES_STANDIN
        return own ?? SkipReason;
#else
        return MlNetRuntime.Skip(own);
#endif
    }
}

/// <summary>
/// A fact that needs Microsoft.ML.TimeSeries's runtime (the time-series engine): compiled in every ML.NET mode, run in
/// package mode, skipped (with the reason) where ML.NET or only TimeSeries is a compile-only stand-in.
/// </summary>
public sealed class MlNetTimeSeriesFactAttribute : FactAttribute
{
    public MlNetTimeSeriesFactAttribute() => Skip = MlNetTimeSeries.Skip(Skip);
}
