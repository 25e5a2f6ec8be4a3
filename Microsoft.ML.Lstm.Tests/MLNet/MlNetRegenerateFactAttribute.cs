using Microsoft.ML.Lstm.Tests.Forecasting;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.MLNet;

/// <summary>A fact that rewrites checked-in test data with ML.NET's runtime: runs only with
/// LSTM_REGENERATE_TESTDATA=1 and in package mode.</summary>
public sealed class MlNetRegenerateFactAttribute : FactAttribute
{
    public MlNetRegenerateFactAttribute()
    {
        Skip = MlNetRuntime.Skip(null);
        if (Skip == null && System.Environment.GetEnvironmentVariable(RegenerateTestDataFactAttribute.Variable) != "1")
            Skip = $"rewrites checked-in test data; run with {RegenerateTestDataFactAttribute.Variable}=1 (in package mode) to regenerate it";
    }
}
