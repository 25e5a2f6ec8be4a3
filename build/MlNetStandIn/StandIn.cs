using System;

namespace Microsoft.ML.StandIn
{
    /// <summary>The one exception every member of the stand-in throws.</summary>
    internal static class StandInError
    {
        internal const string Message = "compile-only stand-in of ML.NET; restore Microsoft.ML to run";

        internal static PlatformNotSupportedException Fail() => new PlatformNotSupportedException(Message);
    }
}
