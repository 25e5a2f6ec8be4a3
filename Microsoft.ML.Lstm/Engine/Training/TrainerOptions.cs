using System;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Settings of <see cref="LstmTrainer"/>. Each setter rejects an invalid value at once, naming the option and the
/// value, so a bad configuration fails where it is written rather than when training starts.
/// </summary>
public sealed class TrainerOptions
{
    private int _epochs = 100;
    private int _batchSize = 32;
    private float _learningRate = 1e-3f;
    private Optimizer _optimizer = new AdamOptimizer();
    private Loss _loss = Loss.FromName("mse");
    private LearningRateSchedule _schedule = LearningRateSchedule.Constant;
    private float? _clipNorm;
    private int? _earlyStoppingPatience;
    private float _minDelta;

    /// <summary>Passes over the training data. Default 100; must be positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int Epochs
    {
        get => _epochs;
        set => _epochs = value > 0 ? value : throw OutOfRange(nameof(Epochs), value, "must be positive");
    }

    /// <summary>
    /// Samples per mini-batch. Default 32 (Keras'); must be positive. The last batch of an epoch holds the remainder
    /// and is not dropped.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int BatchSize
    {
        get => _batchSize;
        set => _batchSize = value > 0 ? value : throw OutOfRange(nameof(BatchSize), value, "must be positive");
    }

    /// <summary>The base learning rate, passed through <see cref="Schedule"/> each epoch. Default 1e-3 (Keras' Adam); must be positive and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite (zero, negative, NaN or infinite).</exception>
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = value > 0f && float.IsFinite(value) ? value : throw OutOfRange(nameof(LearningRate), value, "must be positive and finite");
    }

    /// <summary>
    /// The update rule. Default a new <see cref="AdamOptimizer"/> with Keras' defaults. Its state is reset at the start
    /// of every training call, so calls do not depend on one another.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public Optimizer Optimizer
    {
        get => _optimizer;
        set => _optimizer = value ?? throw new ArgumentNullException(nameof(Optimizer));
    }

    /// <summary>The loss minimized. Default mean squared error (<c>Loss.FromName("mse")</c>).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public Loss Loss
    {
        get => _loss;
        set => _loss = value ?? throw new ArgumentNullException(nameof(Loss));
    }

    /// <summary>The learning rate per epoch. Default <see cref="LearningRateSchedule.Constant"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public LearningRateSchedule Schedule
    {
        get => _schedule;
        set => _schedule = value ?? throw new ArgumentNullException(nameof(Schedule));
    }

    /// <summary>
    /// When set, gradients whose global L2 norm exceeds it are scaled down to it before each update (Keras'
    /// <c>global_clipnorm</c>). Default null: no clipping. Must be positive and finite when set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public float? ClipNorm
    {
        get => _clipNorm;
        set => _clipNorm = value is not float v || (v > 0f && float.IsFinite(v)) ? value : throw OutOfRange(nameof(ClipNorm), v, "must be positive and finite");
    }

    /// <summary>
    /// Seeds the shuffling of mini-batches; the same seed, data, network and options give bit-identical weights.
    /// Default null: a different shuffle every call.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>Whether to shuffle the sample order before every epoch. Default true.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>
    /// Samples evaluated (with training: false) after every epoch. When set, the validation loss decides the best
    /// epoch and early stopping; otherwise the training loss does. Default null.
    /// </summary>
    public ITrainingData? ValidationData { get; set; }

    /// <summary>
    /// When set, training stops after this many consecutive epochs without improvement of the monitored loss by more
    /// than <see cref="MinDelta"/> (Keras' <c>EarlyStopping(patience)</c>; 0 behaves like 1, as in Keras).
    /// Default null: all <see cref="Epochs"/> run. Must be non-negative when set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int? EarlyStoppingPatience
    {
        get => _earlyStoppingPatience;
        set => _earlyStoppingPatience = value is not int v || v >= 0 ? value : throw OutOfRange(nameof(EarlyStoppingPatience), v, "must be non-negative");
    }

    /// <summary>The smallest decrease of the monitored loss that counts as an improvement. Default 0; must be non-negative and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public float MinDelta
    {
        get => _minDelta;
        set => _minDelta = value >= 0f && float.IsFinite(value) ? value : throw OutOfRange(nameof(MinDelta), value, "must be non-negative and finite");
    }

    /// <summary>
    /// Whether the network ends training with the weights of its best epoch (lowest monitored loss) rather than
    /// those of its last one. Default true. Applies whether or not early stopping triggered; on divergence and
    /// cancellation the best weights are restored regardless.
    /// </summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>Called after every epoch (validation included) with its figures. Default null.</summary>
    public Action<EpochProgress>? Progress { get; set; }

    /// <summary>Receives warnings, such as a recurrent activation whose outputs leave [0, 1]. Default null: warnings are dropped.</summary>
    public Action<string>? Log { get; set; }

    private static ArgumentOutOfRangeException OutOfRange(string option, object value, string rule) =>
        new(option, value, $"{option} {rule}; got {value}.");
}
