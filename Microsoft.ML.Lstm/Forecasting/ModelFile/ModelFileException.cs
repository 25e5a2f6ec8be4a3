using System;
using System.IO;

namespace Microsoft.ML.Lstm.Forecasting.ModelFile;

/// <summary>
/// A forecaster file that cannot be loaded: not a Microsoft.ML.Lstm forecaster file, written by a newer version,
/// truncated, corrupt (checksum mismatch) or inconsistent. The message says which, with the numbers involved.
/// </summary>
/// <remarks>An <see cref="IOException"/>, so that one <c>catch (IOException)</c> around a load handles a missing file
/// and a bad one alike. (<see cref="InvalidDataException"/>, the closer fit, is sealed.)</remarks>
public sealed class ModelFileException : IOException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ModelFileException()
        : base("The forecaster file cannot be loaded.")
    {
    }

    /// <summary>Creates the exception with the reason the file cannot be loaded.</summary>
    /// <param name="message">The reason, with the numbers involved.</param>
    public ModelFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error that revealed it.</summary>
    /// <param name="message">The reason, with the numbers involved.</param>
    /// <param name="innerException">The error raised while checking the content.</param>
    public ModelFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
