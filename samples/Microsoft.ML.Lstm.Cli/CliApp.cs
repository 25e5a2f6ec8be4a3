using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Lstm.Forecasting.Csv;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>
/// The tool: picks the command, parses its options, runs it, and turns errors into messages and exit codes:
/// 0 done; 1 the data, a file or a setting is wrong for this data (the message says where and why); 2 the command line
/// is wrong (the message and the command's usage); 130 cancelled with Ctrl+C.
/// </summary>
internal static class CliApp
{
    public const string ToolName = "Microsoft.ML.Lstm.Cli";
    public const int Ok = 0, DataError = 1, UsageError = 2, Cancelled = 130;

    public static readonly IReadOnlyList<ICommand> Commands = new ICommand[]
    {
        new TrainCommand(), new ForecastCommand(), new EvaluateCommand(), new ChartCommand(),
    };

    public static int Run(IReadOnlyList<string> args, CliConsole console)
    {
        if (args.Count == 0)
        {
            console.Error.Write(Overview());
            return UsageError;
        }
        if (args[0] is "help" or "--help" or "-h")
        {
            console.Out.Write(Overview());
            return Ok;
        }
        ICommand? command = Commands.FirstOrDefault(c => c.Spec.Name == args[0]);
        if (command == null)
        {
            console.Error.WriteLine($"error: unknown command '{args[0]}'.");
            console.Error.WriteLine();
            console.Error.Write(Overview());
            return UsageError;
        }
        IReadOnlyList<string> rest = args.Skip(1).ToArray();
        if (rest.Any(a => a is "--help" or "-h"))
        {
            console.Out.Write(command.Spec.Usage());
            return Ok;
        }
        try
        {
            return command.Run(ParsedArguments.Parse(command.Spec, rest), console);
        }
        catch (UsageException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            console.Error.WriteLine();
            console.Error.Write(e.Command?.Usage() ?? Overview());
            return UsageError;
        }
        catch (SeriesCsvException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return DataError;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine("cancelled: nothing was saved.");
            return Cancelled;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            console.Error.WriteLine($"error: {Message(e)}");
            return DataError;
        }
    }

    public static string Overview()
    {
        var text = new StringBuilder();
        text.AppendLine($"usage: {ToolName} <command> [options]");
        text.AppendLine($"  (from the repository: dotnet run -c Release --project samples/{ToolName} -- <command> [options])");
        text.AppendLine("LSTM forecasting on a CSV file: train a model, forecast with it, backtest it, chart it.");
        text.AppendLine("commands:");
        foreach (ICommand c in Commands)
            text.AppendLine($"  {c.Spec.Name,-9} {c.Spec.Summary}");
        text.AppendLine("'<command> --help' lists a command's options.");
        text.AppendLine("exit codes: 0 done; 1 the data, a file or a setting is wrong (the message says where); 2 the command line is wrong.");
        text.AppendLine("example:");
        text.AppendLine($"  {ToolName} train --data samples/data/AirPassengers.csv --time date --value value --horizon 12 --model airpassengers.lstm --chart airpassengers.svg");
        text.AppendLine($"  {ToolName} forecast --model airpassengers.lstm");
        return text.ToString();
    }

    /// <summary>The message without the " (Parameter 'x')" and "Actual value was" lines .NET appends: the library's
    /// messages already name the parameter and the value.</summary>
    public static string Message(Exception e)
    {
        string message = e.Message;
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (cut >= 0)
            message = message[..cut];
        cut = message.IndexOf(Environment.NewLine + "Actual value was", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }
}
