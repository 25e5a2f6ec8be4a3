using System;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Chooses between two code paths that give the same floats, so that the choice is one of speed only, by timing both
/// on the caller's own passes: now and then a probe of <see cref="TrialsPerPath"/> passes of each path, alternating,
/// and from its end until the next probe the path whose median pass was shorter. Until the first probe ends, the
/// default path runs.
/// </summary>
/// <remarks>
/// Which path is faster depends on the machine, not only on the shape: one sequence split by units across two cores
/// (LstmLayer's unit halves) trades h between the cores at every step, a transfer of about 110 ns on one of our
/// machines and 300-700 ns on another, where the split pass at m = 64 took 14.8-17.8 µs against 11-13.8 µs on one
/// core (at m = 128 it took 38.5 µs against 62 µs). A threshold fitted to one machine was wrong on the other.
/// Probes begin at passes 16, 256 and 4096 (the first ones may time code the JIT has not optimized yet, or caches that
/// are still cold) and then every 65,536 passes, so that a change in the machine's load is followed; a probe costs
/// the slower path's extra time on half of its passes.
/// The caller asks <see cref="NextRunsAlternative"/> before a pass and reports its duration with
/// <see cref="Record"/>; one caller at a time.
/// </remarks>
internal sealed class MeasuredChoice
{
    /// <summary>Passes of each path in one probe.</summary>
    public const int TrialsPerPath = 8;

    /// <summary>Passes between the probes that follow the first three.</summary>
    public const long ProbeInterval = 65_536;

    private readonly long[] _defaultTimes = new long[TrialsPerPath];
    private readonly long[] _alternativeTimes = new long[TrialsPerPath];
    private readonly long[] _sorted = new long[TrialsPerPath];
    private long _passes;
    private int _trial = -1; // the pass's place in the current probe; -1 outside a probe
    private bool _lastRanAlternative;

    /// <summary>Whether the last probe found the alternative path faster (false until a probe has ended).</summary>
    public bool PrefersAlternative { get; private set; }

    /// <summary>Probes that have ended.</summary>
    public int ProbesDone { get; private set; }

    /// <summary>Whether pass number <paramref name="pass"/> (from 0) begins a probe.</summary>
    public static bool IsProbeStart(long pass) =>
        pass is 16 or 256 or 4096 || (pass > 0 && pass % ProbeInterval == 0);

    /// <summary>Whether the next pass runs the alternative path (else the default one). Within a probe the two
    /// alternate, the default first.</summary>
    public bool NextRunsAlternative()
    {
        if (_trial < 0 && IsProbeStart(_passes))
            _trial = 0;
        _passes++;
        _lastRanAlternative = _trial >= 0 ? (_trial & 1) == 1 : PrefersAlternative;
        return _lastRanAlternative;
    }

    /// <summary>Reports how long the pass last asked for took (any unit, the same for every pass; Stopwatch ticks).
    /// A pass that ends in an exception need not be reported: the probe goes on with the next one.</summary>
    public void Record(long duration)
    {
        if (_trial < 0)
            return;
        if (duration < 0)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A pass cannot take a negative time.");
        (_lastRanAlternative ? _alternativeTimes : _defaultTimes)[_trial >> 1] = duration;
        if (++_trial < 2 * TrialsPerPath)
            return;
        _trial = -1;
        PrefersAlternative = Median(_alternativeTimes) < Median(_defaultTimes);
        ProbesDone++;
    }

    // The median, not the minimum: one lucky pass should not decide, nor one the OS interrupted.
    private long Median(long[] times)
    {
        times.CopyTo(_sorted, 0);
        Array.Sort(_sorted);
        return (_sorted[TrialsPerPath / 2 - 1] + _sorted[TrialsPerPath / 2]) / 2;
    }
}
