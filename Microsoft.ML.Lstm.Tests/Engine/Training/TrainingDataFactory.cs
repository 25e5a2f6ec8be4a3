using System;
using Microsoft.ML.Lstm.Engine.Training;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

/// <summary>Small learnable problems for trainer tests.</summary>
internal static class TrainingDataFactory
{
    /// <summary>
    /// Sequences of <paramref name="timeSteps"/> values uniform in [-1, 1], one feature, target
    /// <paramref name="targetScale"/> × their mean: learnable exactly by a linear model and easily by a small LSTM.
    /// </summary>
    public static ArrayTrainingData MeanOfSequence(int count, int timeSteps, int seed, float targetScale = 1f)
    {
        var random = new Random(seed);
        float[] x = new float[count * timeSteps], y = new float[count];
        for (int s = 0; s < count; s++)
        {
            float sum = 0;
            for (int t = 0; t < timeSteps; t++)
            {
                float v = (float)(random.NextDouble() * 2 - 1);
                x[s * timeSteps + t] = v;
                sum += v;
            }
            y[s] = targetScale * sum / timeSteps;
        }
        return new ArrayTrainingData(x, y, timeSteps, inputSize: 1);
    }
}
