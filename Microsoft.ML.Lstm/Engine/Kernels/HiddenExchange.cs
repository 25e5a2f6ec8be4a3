using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
internal sealed unsafe class HiddenExchange
{
    private const int LineFloats = 16;
    private const int ValuesPerLine = LineFloats - 1;

    private readonly Memory<float> _lines; // pinned (AlignedMemory): _first stays valid
    private readonly float* _first;
    private readonly int _values, _linesPerSlot;
    private volatile bool _abandoned;

    /// <summary>An exchange of <paramref name="values"/> floats a step in each direction.</summary>
    public HiddenExchange(int values)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(values);
        _values = values;
        _linesPerSlot = (values + ValuesPerLine - 1) / ValuesPerLine;
        _lines = AlignedMemory.Allocate(2 * 2 * _linesPerSlot * LineFloats); // [parity 2][sender 2][lines][16]
        _first = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(_lines.Span));
        // No line starts with a tag a reader could wait for: tags are compared exactly, and a fresh exchange's first is 1.
    }

    /// <summary>Set when one core gives up (it failed): the other stops waiting instead of spinning for ever.</summary>
    public bool Abandoned => _abandoned;

    /// <summary>Tells a core waiting in <see cref="Receive"/> that nothing more will come.</summary>
    public void Abandon() => _abandoned = true;

    /// <summary>Clears <see cref="Abandoned"/> before a pass.</summary>
    public void Reset() => _abandoned = false;

    /// <summary>Core <paramref name="sender"/> publishes its <paramref name="values"/> under <paramref name="tag"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // timed early: see SingleSequencePass.RunHalf
    public void Publish(int sender, int tag, ReadOnlySpan<float> values)
    {
        if (values.Length != _values)
            throw new ArgumentException($"values has {values.Length} floats; the exchange carries {_values}.", nameof(values));
        float* slot = Slot(tag, sender);
        ref float from = ref MemoryMarshal.GetReference(values);
        for (int line = 0, at = 0; line < _linesPerSlot; line++, at += ValuesPerLine)
        {
            float* destination = slot + line * LineFloats;
            CopyValues(ref Unsafe.Add(ref from, at), ref *destination, Math.Min(ValuesPerLine, _values - at));
            Volatile.Write(ref *(int*)(destination + ValuesPerLine), tag);
        }
    }

    /// <summary>
    /// Waits for core <paramref name="sender"/>'s values of <paramref name="tag"/> and copies them to
    /// <paramref name="destination"/>. Returns false, without them, once the exchange is <see cref="Abandoned"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // timed early: see SingleSequencePass.RunHalf
    public bool Receive(int sender, int tag, Span<float> destination)
    {
        if (destination.Length != _values)
            throw new ArgumentException($"destination has {destination.Length} floats; the exchange carries {_values}.", nameof(destination));
        float* slot = Slot(tag, sender);
        ref float to = ref MemoryMarshal.GetReference(destination);
        for (int line = 0, at = 0; line < _linesPerSlot; line++, at += ValuesPerLine)
        {
            float* source = slot + line * LineFloats;
            ref int lineTag = ref *(int*)(source + ValuesPerLine);
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
            CopyValues(ref *source, ref Unsafe.Add(ref to, at), Math.Min(ValuesPerLine, _values - at));
        }
        return true;
    }

    /// <summary>Copies a line's <paramref name="count"/> values (at most 15), a full line's as two overlapping 8-float
    /// moves: a span copy per line called Memmove, six calls a step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyValues(ref float from, ref float to, int count)
    {
        if (count == ValuesPerLine)
        {
            Vector256<float> low = Vector256.LoadUnsafe(ref from), high = Vector256.LoadUnsafe(ref from, ValuesPerLine - 8);
            low.StoreUnsafe(ref to);
            high.StoreUnsafe(ref to, ValuesPerLine - 8);
            return;
        }
        for (int i = 0; i < count; i++)
            Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
    }

    private float* Slot(int tag, int sender) => _first + ((tag & 1) * 2 + sender) * _linesPerSlot * LineFloats;
}
