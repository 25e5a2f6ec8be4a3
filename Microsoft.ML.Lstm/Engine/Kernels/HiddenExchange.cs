using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>
/// Hands each step's half of h from one core to the other when a sequence's units are split across two cores. Every
/// 64-byte line carries 15 values and, in its last float, the tag of the step they belong to, written after them: a
/// reader that sees the tag sees the values (x86 and Arm64 release stores), and a line crosses between the cores once.
/// With a separate flag, the reader fetched the flag's line and then the data's, each a transfer of about 110 ns on our
/// machines, at every step.
/// </summary>
/// <remarks>
/// Slots alternate by step parity: a core writes step s's slot only after it has read the other core's h for step
/// s - 1, which the other published after reading this core's step s - 2 values from the same slot. Tags run on
/// across passes, so a line left from an earlier pass never carries the tag a reader waits for.
/// </remarks>
internal sealed class HiddenExchange
{
    private const int LineFloats = 16;
    private const int ValuesPerLine = LineFloats - 1;

    private readonly Memory<float> _lines;
    private readonly int _values, _linesPerSlot;
    private volatile bool _abandoned;

    /// <summary>An exchange of <paramref name="values"/> floats a step in each direction.</summary>
    public HiddenExchange(int values)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(values);
        _values = values;
        _linesPerSlot = (values + ValuesPerLine - 1) / ValuesPerLine;
        _lines = AlignedMemory.Allocate(2 * 2 * _linesPerSlot * LineFloats); // [parity 2][sender 2][lines][16]
        // No line starts with a tag a reader could wait for: tags are compared exactly, and a fresh exchange's first is 1.
    }

    /// <summary>Set when one core gives up (it failed): the other stops waiting instead of spinning for ever.</summary>
    public bool Abandoned => _abandoned;

    /// <summary>Tells a core waiting in <see cref="Receive"/> that nothing more will come.</summary>
    public void Abandon() => _abandoned = true;

    /// <summary>Clears <see cref="Abandoned"/> before a pass.</summary>
    public void Reset() => _abandoned = false;

    /// <summary>Core <paramref name="sender"/> publishes its <paramref name="values"/> under <paramref name="tag"/>.</summary>
    public void Publish(int sender, int tag, ReadOnlySpan<float> values)
    {
        if (values.Length != _values)
            throw new ArgumentException($"values has {values.Length} floats; the exchange carries {_values}.", nameof(values));
        Span<float> slot = Slot(tag, sender);
        for (int line = 0, at = 0; line < _linesPerSlot; line++, at += ValuesPerLine)
        {
            int count = Math.Min(ValuesPerLine, _values - at);
            Span<float> destination = slot.Slice(line * LineFloats, LineFloats);
            values.Slice(at, count).CopyTo(destination);
            Volatile.Write(ref Unsafe.As<float, int>(ref destination[ValuesPerLine]), tag);
        }
    }

    /// <summary>
    /// Waits for core <paramref name="sender"/>'s values of <paramref name="tag"/> and copies them to
    /// <paramref name="destination"/>. Returns false, without them, once the exchange is <see cref="Abandoned"/>.
    /// </summary>
    public bool Receive(int sender, int tag, Span<float> destination)
    {
        if (destination.Length != _values)
            throw new ArgumentException($"destination has {destination.Length} floats; the exchange carries {_values}.", nameof(destination));
        Span<float> slot = Slot(tag, sender);
        for (int line = 0, at = 0; line < _linesPerSlot; line++, at += ValuesPerLine)
        {
            Span<float> source = slot.Slice(line * LineFloats, LineFloats);
            ref int lineTag = ref Unsafe.As<float, int>(ref source[ValuesPerLine]);
            // Spin without pausing at first: the other core is usually a few hundred nanoseconds away, and one pause
            // costs some 60 ns on our machines. A descheduled sender gets the core back after a while.
            for (int spins = 0; Volatile.Read(ref lineTag) != tag; spins++)
            {
                if (_abandoned)
                    return false;
                if (spins > 1 << 20)
                    Thread.Yield();
                else if (spins > 1 << 10)
                    Thread.SpinWait(1);
            }
            source.Slice(0, Math.Min(ValuesPerLine, _values - at)).CopyTo(destination.Slice(at));
        }
        return true;
    }

    private Span<float> Slot(int tag, int sender) =>
        _lines.Span.Slice(((tag & 1) * 2 + sender) * _linesPerSlot * LineFloats, _linesPerSlot * LineFloats);
}
