using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Lstm.Cli;

namespace Microsoft.ML.Lstm.Tests.Cli;

/// <summary>Runs the tool in-process with captured output, in a temporary folder of CSV files made for the test.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun()
    {
        Folder = Path.Combine(Path.GetTempPath(), "lstm-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Out { get; private set; } = "";

    public string Error { get; private set; } = "";

    public string PathOf(string name) => Path.Combine(Folder, name);

    public string Write(string name, string text)
    {
        string path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A monthly series from 2015-01 with a yearly cycle and a trend: 60 points by default.</summary>
    public string WriteMonthly(string name = "sales.csv", int points = 60)
    {
        IEnumerable<string> rows = Enumerable.Range(0, points).Select(t =>
            $"{new DateTime(2015, 1, 1).AddMonths(t):yyyy-MM-dd},{(100 + t + 10 * Math.Sin(2 * Math.PI * t / 12)).ToString("F2", CultureInfo.InvariantCulture)}");
        return Write(name, "date,value\n" + string.Join("\n", rows) + "\n");
    }

    public int Run(params string[] args) => Run(false, 0, args);

    /// <summary>Runs as on a terminal (<paramref name="live"/>: progress redrawn in place) of <paramref name="width"/>
    /// columns (0: unknown).</summary>
    public int Run(bool live, int width, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, new CliConsole(output, error, live, Width: width));
        Out = output.ToString();
        Error = error.ToString();
        return code;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a failed test's reader: the temp folder is cleaned by the system later.
        }
    }
}
