namespace Microsoft.ML.Lstm.MLNet;

/// <summary>How the rows of the input column feed the LSTM forecaster.</summary>
public enum LstmInputKind
{
    /// <summary>Decided by the input column's type: a Single scalar is <see cref="Streaming"/>, a known-size vector of
    /// Single is <see cref="Windowed"/>.</summary>
    Auto,

    /// <summary>
    /// One observation per row, rows in time order (a Single column). The model keeps a rolling window, seeded with the
    /// tail of the training data: every row appends its observation (a NaN observation appends nothing) and outputs the
    /// forecast of the steps after it.
    /// </summary>
    Streaming,

    /// <summary>
    /// One window per row (a known-size vector of Single holding the last windowSize values, oldest first), optionally
    /// with feature windows of the same size; stateless. For training, the rows must be successive windows of one series
    /// in time order (each row's window is the previous row's shifted by one step), as lag featurizers produce; per-slot
    /// affine featurizers such as NormalizeMinMax are allowed (they are undone slot by slot).
    /// </summary>
    Windowed,
}
