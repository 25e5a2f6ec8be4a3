using System;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>The command line is wrong (unknown command or option, missing or malformed value): the tool prints the
/// message and the command's usage and exits with code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message, CommandSpec? command = null) : base(message)
    {
        Command = command;
    }

    /// <summary>The command whose usage to print; null for the tool's overview.</summary>
    public CommandSpec? Command { get; }
}
