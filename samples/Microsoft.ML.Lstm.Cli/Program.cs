// The command-line tool: train, forecast, evaluate and chart LSTM forecasts of a CSV file. CliApp has the commands.
using System;
using System.Threading;
using Microsoft.ML.Lstm.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops training at the next mini-batch and exits cleanly; a second one ends the process.
    if (cancel.IsCancellationRequested)
        return;
    e.Cancel = true;
    cancel.Cancel();
};
bool terminal = !Console.IsOutputRedirected;
return CliApp.Run(args, new CliConsole(Console.Out, Console.Error, terminal, cancel.Token, terminal ? TerminalWidth() : 0));

static int TerminalWidth()
{
    try
    {
        return Console.WindowWidth;
    }
    catch (System.IO.IOException)
    {
        return 0; // no console window (a pseudo-terminal without a size)
    }
}
