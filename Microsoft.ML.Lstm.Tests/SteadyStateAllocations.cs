using System;

namespace Microsoft.ML.Lstm.Tests;

/// <summary>
/// Bytes a piece of code allocates on its thread once warm. The runtime itself sometimes allocates on the calling
/// thread the first time a path runs hot (an on-stack-replacement compile that initializes a class, a lock that
/// inflates), so one measurement can see bytes that are not the code's. Those events happen once; an allocation of the
/// code happens on every call. So the least of a few measurements is the code's own.
/// </summary>
internal static class SteadyStateAllocations
{
    /// <summary>Runs <paramref name="body"/> once to warm it, then returns the least number of bytes it allocated on
    /// this thread over <paramref name="attempts"/> further runs.</summary>
    public static long Measure(Action body, int attempts = 3)
    {
        body();
        long least = long.MaxValue;
        for (int attempt = 0; attempt < attempts && least > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
