using System;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

/// <summary>Proves that the CI runs with DOTNET_EnableAVX512=0 and DOTNET_EnableHWIntrinsic=0 really take the narrower paths.</summary>
public class VectorWidthTests
{
    private readonly ITestOutputHelper _output;

    public VectorWidthTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void TheChosenWidthFollowsTheRuntimeSwitches()
    {
        // .NET 10 reads DOTNET_EnableAVX512 (DOTNET_EnableAVX512F before it); CI sets both.
        string? avx512 = Environment.GetEnvironmentVariable("DOTNET_EnableAVX512");
        string? intrinsics = Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic");
        _output.WriteLine($"DOTNET_EnableAVX512={avx512 ?? "(unset)"}, DOTNET_EnableHWIntrinsic={intrinsics ?? "(unset)"}: kernels run at {VectorWidths.Best}");
        if (intrinsics == "0")
            Assert.Equal(VectorWidth.Scalar, VectorWidths.Best);
        else if (avx512 == "0")
        {
            Assert.NotEqual(VectorWidth.V512, VectorWidths.Best);
            Assert.False(Gemm.HasThirtyTwoVectorRegisters && System.Runtime.Intrinsics.X86.X86Base.IsSupported,
                "with AVX-512 off, the GEMM must take its 16-register 6 x 2 tile");
        }
        else if (System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported && Environment.GetEnvironmentVariable("DOTNET_PreferredVectorBitWidth") is null)
            Assert.Equal(VectorWidth.V512, VectorWidths.Best); // 512 bits wherever there is AVX-512, preferred by .NET or not
        Assert.Contains(VectorWidths.Best, VectorWidths.All);
    }
}
