using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Float buffers that start on a cache line. A managed array's data is only 8-byte aligned, so half the time every
/// other 32-byte load of it straddles two cache lines, each such load costing two; the matrix-vector product of the
/// one-sequence case, which streams the recurrent kernel from L2 every step, was about 20% slower that way.
/// The array is allocated on the pinned object heap, so the alignment holds for its lifetime.
/// </summary>
internal static class AlignedMemory
{
    /// <summary>Bytes of alignment: one cache line.</summary>
    public const int Alignment = 64;

    /// <summary>A zeroed buffer of <paramref name="length"/> floats whose first element is on a 64-byte boundary.</summary>
    public static Memory<float> Allocate(int length) => Allocate(length, Alignment);

    /// <summary>A zeroed buffer of <paramref name="length"/> floats whose first element is on a multiple of
    /// <paramref name="alignment"/> bytes (a power of two, at least 4): 4096 for a layout that places data in chosen
    /// L1 sets, which the address bits within a page select.</summary>
    public static unsafe Memory<float> Allocate(int length, int alignment)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (alignment < sizeof(float) || (alignment & (alignment - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "The alignment must be a power of two of at least 4 bytes.");
        int extra = alignment / sizeof(float) - 1;
        float[] array = GC.AllocateArray<float>(checked(length + extra), pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        int offset = (int)((alignment - address % alignment) % alignment) / sizeof(float);
        return array.AsMemory(offset, length);
    }

    /// <summary>memory.Span.Slice(start, length), so that a buffer held as Memory reads like an array.</summary>
    public static Span<float> AsSpan(this Memory<float> memory, int start, int length) => memory.Span.Slice(start, length);
}
