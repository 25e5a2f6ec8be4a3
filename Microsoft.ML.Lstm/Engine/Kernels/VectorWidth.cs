using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>The register width a kernel runs at. Every kernel has all four paths; tests force each one.</summary>
internal enum VectorWidth
{
    /// <summary>The scalar twin: one float at a time, the reference the vector paths are compared with.</summary>
    Scalar = 1,
    /// <summary>128-bit registers (4 floats).</summary>
    V128 = 4,
    /// <summary>256-bit registers (8 floats).</summary>
    V256 = 8,
    /// <summary>512-bit registers (16 floats).</summary>
    V512 = 16,
}

/// <summary>Chooses the widest register width the hardware accelerates.</summary>
internal static class VectorWidths
{
    /// <summary>
    /// The widest width on this machine. .NET leaves Vector512 unaccelerated by default on Intel server cores that lower
    /// their clock under AVX-512 (Skylake-SP to Ice Lake), to spare general code; the JIT still compiles Vector512 to
    /// AVX-512 there, and these kernels, which are FMA-bound, run 1.5 times faster with it (as MKL's and oneDNN's do).
    /// So 512 bits wherever the CPU has AVX-512 (with VL, for the 32 registers), unless DOTNET_PreferredVectorBitWidth is
    /// set, which is then followed. DOTNET_EnableAVX512=0 and DOTNET_EnableHWIntrinsic=0 are honoured.
    /// </summary>
    public static readonly VectorWidth Best =
        Vector512.IsHardwareAccelerated || (System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported && !VectorWidthPreferenceSet) ? VectorWidth.V512 :
        Vector256.IsHardwareAccelerated ? VectorWidth.V256 :
        Vector128.IsHardwareAccelerated ? VectorWidth.V128 : VectorWidth.Scalar;

    private static bool VectorWidthPreferenceSet =>
        !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("DOTNET_PreferredVectorBitWidth"));

    /// <summary>All widths, for tests that compare every path with the scalar twin.</summary>
    public static readonly VectorWidth[] All = { VectorWidth.Scalar, VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 };
}
