using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text;
using Microsoft.ML.Lstm.Forecasting;
using Microsoft.ML.Lstm.Forecasting.Csv;

namespace Microsoft.ML.Lstm.Cli;

/// <summary>
/// A forecast chart as a self-contained SVG file any browser shows: the history line, the forecast line, the band
/// between the bounds, a dashed line at the forecast origin, value and time axes with grid lines, title and legend.
/// Points are placed by their position in the series (the model treats them as evenly spaced, so the chart does too);
/// time labels come from the series' timeline, at year starts for monthly and quarterly data.
/// </summary>
internal sealed class SvgChart
{
    private const double Width = 960, Height = 480;
    private const double Left = 72, Right = 24, Top = 64, Bottom = 44;
    private const string HistoryColor = "#1f77b4", ForecastColor = "#e8710a";

    private readonly StringBuilder _svg = new();
    private readonly int _first, _last;
    private readonly double _yMin, _yMax;

    /// <param name="title">The heading.</param>
    /// <param name="subtitle">A line under it: the model and the data.</param>
    /// <param name="valueName">The value axis' label.</param>
    /// <param name="time">The series' timeline; forecast step k is at index Count - 1 + k.</param>
    /// <param name="history">The series' values (all of them, aligned with <paramref name="time"/>).</param>
    /// <param name="firstShown">The first history index drawn (long series show only their end).</param>
    /// <param name="forecast">The forecast after the last history value.</param>
    public static string Render(string title, string subtitle, string valueName, SeriesTimeline time, IReadOnlyList<float> history,
        int firstShown, ForecastResult forecast) =>
        new SvgChart(time, history, firstShown, forecast).Draw(title, subtitle, valueName, time, history, forecast);

    private SvgChart(SeriesTimeline time, IReadOnlyList<float> history, int firstShown, ForecastResult forecast)
    {
        _first = firstShown;
        _last = time.Count - 1 + forecast.Values.Length;
        IEnumerable<float> shown = history.Skip(firstShown).Concat(forecast.LowerBound).Concat(forecast.UpperBound);
        double lo = shown.Min(), hi = shown.Max();
        if (hi - lo < 1e-9 * Math.Max(1, Math.Abs(hi)))
        {
            lo -= 1;
            hi += 1;
        }
        double step = NiceStep((hi - lo) / 6);
        _yMin = Math.Floor(lo / step) * step;
        _yMax = Math.Ceiling(hi / step) * step;
    }

    private string Draw(string title, string subtitle, string valueName, SeriesTimeline time, IReadOnlyList<float> history, ForecastResult forecast)
    {
        int n = time.Count;
        string level = CliFormat.Percent(forecast.ConfidenceLevel, 0);
        Line($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(Width)}\" height=\"{F(Height)}\" viewBox=\"0 0 {F(Width)} {F(Height)}\" " +
             "font-family=\"Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"12\" fill=\"#333\">");
        Line($"<title>{X(title)}</title>");
        Line("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        Line($"<text x=\"{F(Left)}\" y=\"24\" font-size=\"17\" font-weight=\"600\">{X(title)}</text>");
        Line($"<text x=\"{F(Left)}\" y=\"44\" fill=\"#666\">{X(subtitle)}</text>");

        // Grid and value axis.
        double yStep = NiceStep((_yMax - _yMin) / 6);
        Line("<g stroke=\"#e6e6e6\" stroke-width=\"1\">");
        for (double v = _yMin; v <= _yMax + yStep / 2; v += yStep)
            Line($"<line x1=\"{F(Left)}\" y1=\"{F(Y(v))}\" x2=\"{F(Width - Right)}\" y2=\"{F(Y(v))}\"/>");
        List<(int Index, string Label)> xTicks = TimeTicks(time);
        foreach ((int index, _) in xTicks)
            Line($"<line x1=\"{F(Xp(index))}\" y1=\"{F(Top)}\" x2=\"{F(Xp(index))}\" y2=\"{F(Height - Bottom)}\"/>");
        Line("</g>");
        Line("<g text-anchor=\"end\">");
        for (double v = _yMin; v <= _yMax + yStep / 2; v += yStep)
            Line($"<text x=\"{F(Left - 8)}\" y=\"{F(Y(v) + 4)}\">{X(Tick(v, yStep))}</text>");
        Line("</g>");
        Line($"<text transform=\"translate(16 {F((Top + Height - Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\" fill=\"#666\">{X(valueName)}</text>");
        Line("<g text-anchor=\"middle\">");
        foreach ((int index, string label) in xTicks)
            Line($"<text x=\"{F(Xp(index))}\" y=\"{F(Height - Bottom + 18)}\">{X(label)}</text>");
        Line("</g>");

        // The band and the forecast start at the last observation, so they join the history line without a gap.
        float lastValue = history[n - 1];
        var upper = new List<(double, double)> { (Xp(n - 1), Y(lastValue)) };
        var lower = new List<(double, double)> { (Xp(n - 1), Y(lastValue)) };
        var mean = new List<(double, double)> { (Xp(n - 1), Y(lastValue)) };
        for (int k = 0; k < forecast.Values.Length; k++)
        {
            upper.Add((Xp(n + k), Y(forecast.UpperBound[k])));
            lower.Add((Xp(n + k), Y(forecast.LowerBound[k])));
            mean.Add((Xp(n + k), Y(forecast.Values[k])));
        }
        lower.Reverse();
        Line($"<polygon points=\"{Points(upper.Concat(lower))}\" fill=\"{ForecastColor}\" fill-opacity=\"0.22\" stroke=\"none\"/>");
        Line($"<line x1=\"{F(Xp(n - 1))}\" y1=\"{F(Top)}\" x2=\"{F(Xp(n - 1))}\" y2=\"{F(Height - Bottom)}\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>");
        Line($"<polyline points=\"{Points(Enumerable.Range(_first, n - _first).Select(i => (Xp(i), Y(history[i]))))}\" fill=\"none\" stroke=\"{HistoryColor}\" stroke-width=\"1.6\" stroke-linejoin=\"round\"/>");
        Line($"<polyline points=\"{Points(mean)}\" fill=\"none\" stroke=\"{ForecastColor}\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>");

        // Axes over the grid.
        Line($"<path d=\"M{F(Left)} {F(Top)} V{F(Height - Bottom)} H{F(Width - Right)}\" fill=\"none\" stroke=\"#444\" stroke-width=\"1\"/>");

        // Legend, top right.
        double lx = Width - Right - 330;
        Line($"<g transform=\"translate({F(lx)} 20)\">");
        Line($"<line x1=\"0\" y1=\"0\" x2=\"24\" y2=\"0\" stroke=\"{HistoryColor}\" stroke-width=\"2\"/><text x=\"30\" y=\"4\">history</text>");
        Line($"<line x1=\"95\" y1=\"0\" x2=\"119\" y2=\"0\" stroke=\"{ForecastColor}\" stroke-width=\"2.2\"/><text x=\"125\" y=\"4\">forecast</text>");
        Line($"<rect x=\"195\" y=\"-7\" width=\"24\" height=\"14\" fill=\"{ForecastColor}\" fill-opacity=\"0.22\"/><text x=\"225\" y=\"4\">{X(level)} interval</text>");
        Line("</g>");
        Line("</svg>");
        return _svg.ToString();
    }

    /// <summary>Time-axis ticks: at year starts for calendar-month periods (every 1, 2, 5, 10... years, 56 px apart at
    /// least), else evenly spaced points, as many as their labels leave room for.</summary>
    private List<(int, string)> TimeTicks(SeriesTimeline time)
    {
        var ticks = new List<(int, string)>();
        if (time.Kind == TimeColumnKind.Date && time.Period.Months is > 0 and < 12)
        {
            var yearStarts = Enumerable.Range(_first, _last - _first + 1)
                .Where(i => i == 0 || time.DateAt(i).Year != time.DateAt(i - 1).Year)
                .Where(i => time.DateAt(i).Month <= time.Period.Months) // the first point of its year, not the first point shown
                .ToList();
            if (yearStarts.Count >= 2)
            {
                int every = NiceInteger(yearStarts.Count / ((Width - Left - Right) / 56));
                foreach (int i in yearStarts.Where(i => time.DateAt(i).Year % every == 0))
                    ticks.Add((i, time.DateAt(i).Year.ToString(CultureInfo.InvariantCulture)));
                return ticks;
            }
        }
        int labelLength = Math.Max(time.LabelAt(_first).Length, time.LabelAt(_last).Length);
        int room = Math.Max(2, (int)((Width - Left - Right) / (labelLength * 7 + 24)));
        int stepIndex = NiceInteger((_last - _first) / (double)room);
        for (int i = (_first + stepIndex - 1) / stepIndex * stepIndex; i <= _last; i += stepIndex)
            ticks.Add((i, time.LabelAt(i)));
        return ticks;
    }

    private double Xp(int index) => Left + (index - _first) * (Width - Left - Right) / Math.Max(1, _last - _first);

    private double Y(double value) => Top + (_yMax - value) * (Height - Top - Bottom) / (_yMax - _yMin);

    private void Line(string text) => _svg.Append(text).Append('\n');

    /// <summary>1, 2 or 5 times a power of ten, the nearest to <paramref name="rough"/> (on a log scale).</summary>
    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double m = rough / power;
        return (m < 1.5 ? 1 : m < 3.3 ? 2 : m < 7 ? 5 : 10) * power;
    }

    private static int NiceInteger(double rough) => rough <= 1 ? 1 : (int)NiceStep(rough);

    private static string Tick(double value, double step)
    {
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        return Math.Round(value, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static string Points(IEnumerable<(double X, double Y)> points) => string.Join(" ", points.Select(p => $"{F(p.X)},{F(p.Y)}"));

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string X(string text) => SecurityElement.Escape(text) ?? "";
}
