namespace Microsoft.ML.Lstm.Engine.Introspection;

/// <summary>
/// What one LSTM layer did at every step of one input sequence: its gates, cell state and output. Each array is
/// [T, m] row-major (step t, unit u at t·m + u), in processing order (reversed for go_backwards layers).
/// </summary>
public sealed class LayerTrace
{
    internal LayerTrace(int steps, int units, float[] inputGate, float[] forgetGate, float[] candidate, float[] outputGate,
        float[] cellState, float[] hidden)
    {
        Steps = steps;
        Units = units;
        InputGate = inputGate;
        ForgetGate = forgetGate;
        Candidate = candidate;
        OutputGate = outputGate;
        CellState = cellState;
        Hidden = hidden;
    }

    /// <summary>T.</summary>
    public int Steps { get; }

    /// <summary>m.</summary>
    public int Units { get; }

    /// <summary>i_t: how much of the candidate enters the cell ("write" switch).</summary>
    public float[] InputGate { get; }

    /// <summary>f_t: how much of the cell is kept ("memory" switch; near 1 = remembers).</summary>
    public float[] ForgetGate { get; }

    /// <summary>g_t = a(z_c): the candidate value written.</summary>
    public float[] Candidate { get; }

    /// <summary>o_t: how much of the cell is shown ("read" switch).</summary>
    public float[] OutputGate { get; }

    /// <summary>c_t: the cell state (the "counters").</summary>
    public float[] CellState { get; }

    /// <summary>h_t: the layer's output.</summary>
    public float[] Hidden { get; }
}
