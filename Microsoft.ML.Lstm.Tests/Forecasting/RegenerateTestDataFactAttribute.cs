using System;
using Xunit;

namespace Microsoft.ML.Lstm.Tests.Forecasting;

/// <summary>
/// A fact that rewrites checked-in test data: skipped unless the environment variable LSTM_REGENERATE_TESTDATA is 1,
/// so an ordinary test run never changes the files it checks against.
/// </summary>
public sealed class RegenerateTestDataFactAttribute : FactAttribute
{
    public const string Variable = "LSTM_REGENERATE_TESTDATA";

    public RegenerateTestDataFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"rewrites checked-in test data; run with {Variable}=1 to regenerate it";
    }
}
