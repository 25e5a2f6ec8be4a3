using System;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.Lstm.Forecasting;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>
/// Training progress for a person watching: on a terminal one line redrawn in place (\r) at most ten times a second;
/// when the output goes to a file, a plain line whenever a network finishes a phase, and at least every 15 s in between,
/// so a log shows how training went without thousands of lines.
/// </summary>
internal sealed class ProgressPrinter
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(15);

    private readonly CliConsole _console;
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private int _liveLength;

    public ProgressPrinter(CliConsole console)
    {
        _console = console;
    }

    /// <summary>Reports one epoch; <paramref name="prefix"/> says which training of several this is, e.g. "origin 2/3".</summary>
    public void Report(ForecasterProgress p, string? prefix = null, double? overallFraction = null)
    {
        bool phaseDone = p.Epoch == p.Epochs;
        double fraction = overallFraction ?? p.Fraction;
        string text = $"{(prefix == null ? "" : prefix + " ")}{p.Phase} network {p.Member + 1}/{p.Members} epoch {p.Epoch}/{p.Epochs} " +
                      $"loss {Number(p.Loss)}{(p.ValidationLoss is float v ? " val " + Number(v) : "")} " +
                      $"| {CliFormat.Percent(fraction, 0)} done, {Duration(p.Remaining)} left";
        if (_console.LiveProgress)
        {
            if (!phaseDone && _sinceLastLine.Elapsed < RedrawInterval)
                return;
            if (_console.Width > 1 && text.Length > _console.Width - 1)
                text = text[..(_console.Width - 1)];
            // Pad to the previous line's length so a shorter line leaves no characters behind.
            _console.Out.Write("\r" + text.PadRight(_liveLength));
            _liveLength = text.Length;
        }
        else
        {
            if (!phaseDone && _sinceLastLine.Elapsed < PlainInterval)
                return;
            _console.Out.WriteLine("  " + text);
        }
        _console.Out.Flush();
        _sinceLastLine.Restart();
    }

    /// <summary>Ends the redrawn line so the next output starts on its own.</summary>
    public void Finish()
    {
        if (_console.LiveProgress && _liveLength > 0)
            _console.Out.WriteLine();
        _liveLength = 0;
    }

    public static string Duration(TimeSpan t) =>
        t.TotalSeconds < 60 ? $"{Math.Ceiling(t.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s"
        : t.TotalMinutes < 60 ? $"{(int)t.TotalMinutes} min {t.Seconds} s"
        : $"{(int)t.TotalHours} h {t.Minutes} min";

    private static string Number(float value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
