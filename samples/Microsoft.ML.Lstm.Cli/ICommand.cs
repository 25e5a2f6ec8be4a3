namespace Microsoft.ML.Lstm.Cli;

/// <summary>One command of the tool.</summary>
internal interface ICommand
{
    CommandSpec Spec { get; }

    /// <summary>Runs the command; returns the exit code. Errors the user can fix are thrown (see <see cref="CliApp"/>).</summary>
    int Run(ParsedArguments args, CliConsole console);
}
