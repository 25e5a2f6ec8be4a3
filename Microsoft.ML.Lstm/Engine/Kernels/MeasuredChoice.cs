using System;
using System.Diagnostics;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Chooses between two code paths that give the same floats, so that the choice is one of speed only, by timing both
/// on the caller's own passes. Now and then a probe runs <see cref="SegmentsPerProbe"/> segments, the default path's
/// and the alternative's in turn, each at least <see cref="MinPassesPerSegment"/> passes and a given time long
/// (100 ms by default); each segment's later half of passes is timed, a path's time is the lower of its segments'
/// medians, and the faster path runs from the probe's end to the next probe. Until the first probe ends, the default
/// path runs.
/// </summary>
/// <remarks>
/// Which path is faster depends on the machine, not only on the shape. One sequence split by units across two cores
/// (LstmLayer's unit halves) trades h between the cores at every step, a transfer of about 110 ns on one of our
/// machines and 300-700 ns on another, where the split pass at m = 64 took 14.8-17.8 µs against 11-13.8 µs on one
/// core (at m = 128 it took 38.5 µs against 62 µs). The batch-major inference pass lost to the row-major one at
/// S and M on the first machine (by 20-33% and 6-25%) and won on two cores of the second (0.83-0.90 and 0.85-0.89).
/// Thresholds fitted to one machine were wrong on the other.
/// Why segments of a tenth of a second: a path that runs only in probes runs code the JIT has not optimized yet
/// (tiered compilation promotes a method some 100 ms after the last new method was compiled, and only once it has
/// been called 30 times since), and finds the caches holding the other path's operands. Timed pass by pass in
/// alternation, a row-major pass of S took a median 7.6 ms against 0.3 ms in steady state, and the choice went to
/// whichever path the JIT had reached first. Hence only each segment's later half is timed, and a path is judged by
/// its better segment: the first one of a path new to the process may still run unoptimized code.
/// Probes begin at passes 16, 256 and 4096 and then every 65,536, so that a change in the machine's load is followed;
/// a probe costs the slower path's extra time over half of its length. The caller asks <see cref="NextRunsAlternative"/>
/// before a pass and reports its duration with <see cref="Record"/>; one caller at a time, and nothing is allocated
/// after construction.
/// </remarks>
internal sealed class MeasuredChoice
{
    /// <summary>Segments in a probe: default, alternative, default, alternative.</summary>
    public const int SegmentsPerProbe = 4;

    /// <summary>Fewest passes in a segment, however long they take.</summary>
    public const int MinPassesPerSegment = 4;

    /// <summary>Most passes in a segment (their durations are kept), however short they are.</summary>
    public const int MaxPassesPerSegment = 1024;

    /// <summary>Passes of other shapes in a row after which a probe is abandoned, undecided.</summary>
    public const int MaxForeignPasses = 256;

    /// <summary>Passes between the probes that follow the first three.</summary>
    public const long ProbeInterval = 65_536;

    private readonly long _segmentLength;
    private readonly long[] _durations = new long[SegmentsPerProbe * MaxPassesPerSegment];
    private long _passes;
    private int _segment = -1; // the current probe segment; -1 outside a probe
    private int _segmentPasses, _foreignPasses;
    private long _segmentElapsed, _probeShape;
    private bool _lastRanAlternative, _lastTimed;

    /// <summary>A choice whose probe segments last at least <paramref name="segmentLength"/> (in the unit of the
    /// durations given to <see cref="Record"/>; by default a tenth of a second in <see cref="Stopwatch"/> ticks).</summary>
    public MeasuredChoice(long segmentLength = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(segmentLength);
        _segmentLength = segmentLength == 0 ? Stopwatch.Frequency / 10 : segmentLength;
    }

    /// <summary>Whether the last probe found the alternative path faster (false until a probe has ended).</summary>
    public bool PrefersAlternative { get; private set; }

    /// <summary>Each path's time in the last probe: the lower of its segments' median timed passes (zeros until a
    /// probe has ended).</summary>
    public (long Default, long Alternative) LastTimes { get; private set; }

    /// <summary>Probes that have ended.</summary>
    public int ProbesDone { get; private set; }

    /// <summary>Whether pass number <paramref name="pass"/> (from 0) begins a probe.</summary>
    public static bool IsProbeStart(long pass) =>
        pass is 16 or 256 or 4096 || (pass > 0 && pass % ProbeInterval == 0);

    /// <summary>Whether the next pass runs the alternative path (else the default one). A probe counts only passes of
    /// the shape it began with (<paramref name="shape"/>: any key that differs when the work differs, such as batch
    /// size and steps); a pass of another shape runs the preferred path and is not timed, so that a probe never weighs
    /// a small pass of one path against a large one of the other.</summary>
    public bool NextRunsAlternative(long shape = 0)
    {
        if (_segment < 0 && IsProbeStart(_passes))
        {
            _segment = 0;
            _segmentPasses = 0;
            _segmentElapsed = 0;
            _foreignPasses = 0;
            _probeShape = shape;
        }
        _passes++;
        _lastTimed = _segment >= 0 && shape == _probeShape;
        if (_segment >= 0 && !_lastTimed && ++_foreignPasses == MaxForeignPasses)
            _segment = -1; // the probe's shape is not coming back: no decision this time
        if (_lastTimed)
            _foreignPasses = 0;
        _lastRanAlternative = _lastTimed ? (_segment & 1) == 1 : PrefersAlternative;
        return _lastRanAlternative;
    }

    /// <summary>Reports how long the pass last asked for took (any unit, the same for every pass; Stopwatch ticks).
    /// A pass that ends in an exception need not be reported: the probe goes on with the next one.</summary>
    public void Record(long duration)
    {
        if (duration < 0)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A pass cannot take a negative time.");
        if (!_lastTimed)
            return;
        _lastTimed = false;
        _durations[_segment * MaxPassesPerSegment + _segmentPasses++] = duration;
        _segmentElapsed += duration;
        bool segmentDone = _segmentPasses == MaxPassesPerSegment
            || (_segmentPasses >= MinPassesPerSegment && _segmentElapsed >= _segmentLength);
        if (!segmentDone)
            return;
        // The segment's passes are kept in place; the later half is sorted there for its median.
        Span<long> later = _durations.AsSpan(_segment * MaxPassesPerSegment + _segmentPasses / 2, _segmentPasses - _segmentPasses / 2);
        later.Sort();
        _durations[_segment * MaxPassesPerSegment + MaxPassesPerSegment - 1] = later[later.Length / 2];
        _segmentPasses = 0;
        _segmentElapsed = 0;
        if (++_segment < SegmentsPerProbe)
            return;
        _segment = -1;
        long defaultTime = long.MaxValue, alternativeTime = long.MaxValue;
        for (int s = 0; s < SegmentsPerProbe; s++)
        {
            long median = _durations[s * MaxPassesPerSegment + MaxPassesPerSegment - 1];
            if ((s & 1) == 0)
                defaultTime = Math.Min(defaultTime, median);
            else
                alternativeTime = Math.Min(alternativeTime, median);
        }
        LastTimes = (defaultTime, alternativeTime);
        PrefersAlternative = alternativeTime < defaultTime;
        ProbesDone++;
    }
}
