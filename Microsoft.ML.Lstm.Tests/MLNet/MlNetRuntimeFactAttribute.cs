using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>Why a test that needs ML.NET's runtime is skipped in stand-in mode.</summary>
internal static class MlNetRuntime
{
#if MLNET_STANDIN
    public const string SkipReason = "needs ML.NET's runtime: built in stand-in mode (Microsoft.ML did not restore)";
#else
    public const string SkipReason = null;
#endif
}

/// <summary>
/// A fact that needs ML.NET's runtime: compiled in both ML.NET modes, run in package mode, skipped (with the reason)
/// in stand-in mode, where every ML.NET member throws.
/// </summary>
public sealed class MlNetRuntimeFactAttribute : FactAttribute
{
    public MlNetRuntimeFactAttribute()
    {
        if (MlNetRuntime.SkipReason is not null && Skip is null)
            Skip = MlNetRuntime.SkipReason;
    }
}

/// <summary>The theory counterpart of <see cref="MlNetRuntimeFactAttribute"/>.</summary>
public sealed class MlNetRuntimeTheoryAttribute : TheoryAttribute
{
    public MlNetRuntimeTheoryAttribute()
    {
        if (MlNetRuntime.SkipReason is not null && Skip is null)
            Skip = MlNetRuntime.SkipReason;
    }
}
