using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Linq;
using System.Diagnostics;
using System.Text;
using System.Threading;
using Microsoft.ML.Lstm.Engine.Activations;

namespace Microsoft.ML.Lstm.Engine.Training;

/// <summary>
/// Trains a network by mini-batch gradient descent, Keras <c>fit</c>-style: shuffled mini-batches (the last partial
/// one included), a loss, an optimizer, an optional learning-rate schedule, gradient clipping, validation, early
/// stopping and best-weights restoration. See <see cref="TrainerOptions"/> for every setting.
/// </summary>
/// <remarks>
/// <para>
/// Buffers (one mini-batch of inputs, targets, predictions and loss gradients, the sample order and a copy of the
/// best weights) are allocated once per training call; a training step allocates nothing.
/// </para>
/// <para>
/// Failure modes leave the network usable: a NaN or infinite loss or gradient norm throws
/// <see cref="TrainingDivergedException"/>, and cancellation throws <see cref="OperationCanceledException"/> at the
/// next mini-batch boundary; in both cases the network is first given back the weights of the best epoch so far
/// (its initial weights if no epoch completed).
/// </para>
/// </remarks>
public sealed class LstmTrainer
{
    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The settings; null means all defaults. The instance is kept, not copied.</param>
    public LstmTrainer(TrainerOptions? options = null) => Options = options ?? new TrainerOptions();

    /// <summary>The settings, read at the start of each training call.</summary>
    public TrainerOptions Options { get; }

    /// <summary>
    /// Trains <paramref name="network"/> in place on <paramref name="data"/>. The optimizer's state is reset first, so
    /// calls are independent; the weights are not reinitialized, so a second call continues from the first one's result.
    /// </summary>
    /// <param name="network">The network; its <see cref="LstmNetwork.Parameters"/> are updated in place.</param>
    /// <param name="data">The training samples; their input and output sizes must match the network's.</param>
    /// <param name="cancellationToken">
    /// Checked before every mini-batch. When cancellation is requested the network is given back the best weights so
    /// far and <see cref="OperationCanceledException"/> is thrown (no partial result is returned; use
    /// <see cref="TrainerOptions.Progress"/> to keep per-epoch figures).
    /// </param>
    /// <returns>The per-epoch history, the best epoch and whether early stopping triggered.</returns>
    /// <exception cref="ArgumentException">The data's sizes do not match the network, or the data is empty.</exception>
    /// <exception cref="TrainingDivergedException">The loss or gradient norm became NaN or infinite; the best weights were restored.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested; the best weights were restored.</exception>
    public TrainingResult Train(LstmNetwork network, ITrainingData data, CancellationToken cancellationToken = default) =>
        Train(new LstmNetworkTrainingView(network), data, cancellationToken);

    /// <summary>
    /// The mean loss (<see cref="TrainerOptions.Loss"/>) of <paramref name="network"/> over <paramref name="data"/>,
    /// in mini-batches of <see cref="TrainerOptions.BatchSize"/> with training: false (no dropout). This is how the
    /// validation loss is computed during training, so it reproduces the recorded figures exactly.
    /// </summary>
    /// <param name="network">The network, unchanged.</param>
    /// <param name="data">The samples; their sizes must match the network's.</param>
    /// <exception cref="ArgumentException">The data's sizes do not match the network, or the data is empty.</exception>
    public float Evaluate(LstmNetwork network, ITrainingData data) => Evaluate(new LstmNetworkTrainingView(network), data);

    /// <summary>The training loop proper, for any <see cref="ITrainableNetwork"/>.</summary>
    internal TrainingResult Train(ITrainableNetwork network, ITrainingData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        // Snapshot the options so that a Progress callback changing them cannot alter a run half-way.
        TrainerOptions o = Options;
        int epochs = o.Epochs;
        float baseRate = o.LearningRate, minDelta = o.MinDelta;
        float? clipNorm = o.ClipNorm;
        int? patience = o.EarlyStoppingPatience;
        bool shuffle = o.Shuffle, restoreBest = o.RestoreBestWeights;
        Optimizer optimizer = o.Optimizer;
        Loss loss = o.Loss;
        LearningRateSchedule schedule = o.Schedule;
        ITrainingData? validation = o.ValidationData;
        Action<EpochProgress>? progress = o.Progress;

        CheckShapes(network, data, nameof(data));
        if (validation is not null)
            CheckShapes(network, validation, nameof(TrainerOptions.ValidationData));
        WarnAboutGates(network.RecurrentActivations, o.Log);

        int count = data.Count, steps = data.TimeSteps, outputs = data.OutputSize;
        var buffers = new BatchBuffers(Math.Min(o.BatchSize, Math.Max(count, validation?.Count ?? 0)),
            Math.Max(steps, validation?.TimeSteps ?? 0), data.InputSize, outputs);
        int batch = buffers.BatchSize, batches = (count + batch - 1) / batch;
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
            order[i] = i;
        float[] bestWeights = network.Parameters.ToArray();
        var random = o.Seed is int seed ? new Random(seed) : new Random();
        optimizer.Reset();

        var history = new List<EpochProgress>(Math.Min(epochs, 1024));
        IReadOnlyList<int> groups = network.ParameterGroups;
        var groupNormSums = new double[groups.Count];
        long started = Stopwatch.GetTimestamp();
        float bestLoss = float.PositiveInfinity;
        int bestEpoch = 0, wait = 0;
        bool stoppedEarly = false;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            float learningRate = schedule.GetLearningRate(epoch - 1, baseRate);
            if (!(learningRate >= 0f) || !float.IsFinite(learningRate))
            {
                bestWeights.CopyTo(network.Parameters);
                throw new InvalidOperationException(
                    $"The learning-rate schedule {schedule.GetType().Name} returned {learningRate} for epoch index {epoch - 1}; it must be finite and non-negative.");
            }
            if (shuffle)
                random.Shuffle(order);

            long epochStarted = Stopwatch.GetTimestamp();
            double lossSum = 0, normSum = 0;
            Array.Clear(groupNormSums);
            for (int b = 0; b < batches; b++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    bestWeights.CopyTo(network.Parameters);
                    cancellationToken.ThrowIfCancellationRequested();
                }
                int first = b * batch, n = Math.Min(batch, count - first);
                Span<float> x = buffers.Inputs(n, steps), y = buffers.Targets(n), prediction = buffers.Predictions(n), dLoss = buffers.LossGradients(n);
                data.Fill(order.AsSpan(first, n), x, y);
                network.Forward(x, n, steps, prediction, training: true);
                float batchLoss = loss.Compute(prediction, y, dLoss);
                network.Backward(dLoss);
                Span<float> gradients = network.Gradients;
                for (int g = 0, offset = 0; g < groupNormSums.Length; offset += groups[g], g++)
                    groupNormSums[g] += TensorPrimitives.Norm(gradients.Slice(offset, groups[g]));
                // The norm is computed once: it feeds clipping, the divergence check and the progress report.
                float norm = clipNorm is float maxNorm
                    ? GradientClipping.ClipByGlobalNorm(gradients, maxNorm)
                    : GradientClipping.GlobalNorm(gradients);
                if (!float.IsFinite(batchLoss) || !float.IsFinite(norm))
                {
                    bestWeights.CopyTo(network.Parameters);
                    throw new TrainingDivergedException(
                        $"Training diverged at epoch {epoch}/{epochs}, batch {b + 1}/{batches}: loss = {batchLoss}, gradient norm = {norm}. " +
                        $"{Restored(bestEpoch)} Check the data for NaN or infinity, lower the learning rate, or set ClipNorm.",
                        epoch, b + 1, batchLoss, norm, bestEpoch);
                }
                optimizer.Step(network.Parameters, gradients, learningRate);
                lossSum += (double)batchLoss * n;
                normSum += norm;
            }
            TimeSpan trainingTime = Stopwatch.GetElapsedTime(epochStarted);
            float trainLoss = (float)(lossSum / count);

            float? validationLoss = null;
            if (validation is not null)
            {
                float v = MeanLoss(network, validation, loss, buffers);
                if (!float.IsFinite(v))
                {
                    bestWeights.CopyTo(network.Parameters);
                    throw new TrainingDivergedException(
                        $"Training diverged at epoch {epoch}/{epochs}: the validation loss is {v}. {Restored(bestEpoch)} " +
                        "Check the validation data for NaN or infinity.",
                        epoch, 0, v, float.NaN, bestEpoch);
                }
                validationLoss = v;
            }

            float monitored = validationLoss ?? trainLoss;
            bool improved = monitored < bestLoss - minDelta;
            if (improved)
            {
                bestLoss = monitored;
                bestEpoch = epoch;
                network.Parameters.CopyTo(bestWeights);
                wait = 0;
            }
            else
            {
                wait++;
            }

            var report = new EpochProgress(epoch, epochs, trainLoss, validationLoss, (float)(normSum / batches),
                count / Math.Max(trainingTime.TotalSeconds, 1e-9), Stopwatch.GetElapsedTime(started), learningRate, improved,
                groupNormSums.Select(sum => (float)(sum / batches)).ToArray());
            history.Add(report);
            progress?.Invoke(report);
            if (!improved && patience is int p && wait >= p)
            {
                stoppedEarly = true;
                break;
            }
        }

        if (restoreBest)
            bestWeights.CopyTo(network.Parameters);
        return new TrainingResult(history, bestEpoch, bestLoss, validation is not null, stoppedEarly, restoreBest);
    }

    /// <summary>The mean loss over <paramref name="data"/>, in mini-batches of <see cref="TrainerOptions.BatchSize"/>, with training: false.</summary>
    internal float Evaluate(ITrainableNetwork network, ITrainingData data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        CheckShapes(network, data, nameof(data));
        var buffers = new BatchBuffers(Math.Min(Options.BatchSize, data.Count), data.TimeSteps, data.InputSize, data.OutputSize);
        return MeanLoss(network, data, Options.Loss, buffers);
    }

    /// <summary>
    /// Sample-weighted mean of the batch losses, batches taken in order. Training and <see cref="Evaluate(LstmNetwork, ITrainingData)"/> both
    /// come here, so a network evaluated afterwards gives exactly the figure recorded during training.
    /// </summary>
    private static float MeanLoss(ITrainableNetwork network, ITrainingData data, Loss loss, BatchBuffers buffers)
    {
        int count = data.Count, steps = data.TimeSteps, batch = buffers.BatchSize;
        Span<int> indices = buffers.Indices;
        double sum = 0;
        for (int first = 0; first < count; first += batch)
        {
            int n = Math.Min(batch, count - first);
            for (int k = 0; k < n; k++)
                indices[k] = first + k;
            Span<float> x = buffers.Inputs(n, steps), y = buffers.Targets(n), prediction = buffers.Predictions(n);
            data.Fill(indices[..n], x, y);
            network.Forward(x, n, steps, prediction, training: false);
            sum += (double)loss.Compute(prediction, y, buffers.LossGradients(n)) * n;
        }
        return (float)(sum / count);
    }

    private static void CheckShapes(ITrainableNetwork network, ITrainingData data, string name)
    {
        if (data.Count <= 0)
            throw new ArgumentException($"{name} has no samples (Count = {data.Count}).", name);
        if (data.TimeSteps <= 0)
            throw new ArgumentException($"{name} has TimeSteps = {data.TimeSteps}; it must be positive.", name);
        if (data.InputSize != network.InputSize)
            throw new ArgumentException(
                $"{name} has InputSize {data.InputSize} but the network takes {network.InputSize} features per time step.", name);
        if (data.OutputSize != network.OutputSize)
            throw new ArgumentException(
                $"{name} has OutputSize {data.OutputSize} but the network produces {network.OutputSize} outputs.", name);
    }

    /// <summary>
    /// Gates multiply the candidate, the previous cell state and the cell's activation: they act as scales meant to
    /// stay in (0, 1). Keras allows any recurrent activation, so this warns rather than refuses.
    /// </summary>
    private static void WarnAboutGates(IReadOnlyList<Activation> recurrentActivations, Action<string>? log)
    {
        if (log is null)
            return;
        StringBuilder? offenders = null;
        for (int i = 0; i < recurrentActivations.Count; i++)
        {
            Activation activation = recurrentActivations[i];
            if (activation.IsWithinUnitInterval)
                continue;
            offenders = offenders is null ? new StringBuilder() : offenders.Append(", ");
            offenders.Append($"layer {i} ('{activation.Name}')");
        }
        if (offenders is not null)
            log($"Warning: the recurrent_activation of {offenders} does not stay within [0, 1]. The input, forget and " +
                "output gates act as scales meant to stay in (0, 1); outside that range the cell state can grow without " +
                "bound and training may diverge. 'sigmoid' or 'hard_sigmoid' are the usual choices.");
    }

    private static string Restored(int bestEpoch) => bestEpoch > 0
        ? $"The weights of epoch {bestEpoch}, the best so far, were restored."
        : "No epoch had completed: the initial weights were restored.";
}
