namespace Microsoft.ML.Lstm.Engine.Kernels;

/// <summary>One chunk of a job split across threads. Implemented by long-lived objects so that a run allocates nothing.</summary>
internal interface IParallelWork
{
    /// <summary>Runs chunk <paramref name="chunk"/> on the thread numbered <paramref name="thread"/> (0 = the caller),
    /// which owns scratch buffer number <paramref name="thread"/> for the duration.</summary>
    void Execute(int chunk, int thread);
}
