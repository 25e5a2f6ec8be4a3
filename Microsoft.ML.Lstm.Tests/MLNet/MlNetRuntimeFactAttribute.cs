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
/// A fact that needs ML.NET's runtime: compiled in both ML.NET modes, run in package mode, skipped (with the reason)
/// in stand-in mode, where every ML.NET member throws.
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
