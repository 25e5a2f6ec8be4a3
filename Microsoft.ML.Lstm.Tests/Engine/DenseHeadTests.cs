using System;
using Microsoft.ML.Lstm.Engine;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine;

/// <summary>The dense head: its output against a double-precision reference (one output runs as a dot product per
/// row, several through the GEMM), the same floats whether a pass keeps what Backward reads or not, and no Backward
/// after a prediction.</summary>
public class DenseHeadTests
{
    private readonly ITestOutputHelper _output;

    public DenseHeadTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(1, 64, 1)]
    [InlineData(7, 33, 1)]
    [InlineData(64, 64, 1)]
    [InlineData(5, 20, 3)]
    [InlineData(40, 17, 4)]
    public void OutputIsActivationOfHTimesWPlusBias(int batch, int inputSize, int outputSize)
    {
        var network = new LstmNetwork(new LstmNetworkOptions
        {
            InputSize = 1, OutputSize = outputSize, OutputActivation = "tanh", Layers = { new LstmLayerOptions { Units = inputSize } },
        });
        DenseLayer head = network.Head;
        var random = new Random(batch + inputSize);
        for (int i = 0; i < head.Parameters.Length; i++)
            head.Parameters[i] = (float)(random.NextDouble() - 0.5);
        float[] h = new float[batch * inputSize];
        for (int i = 0; i < h.Length; i++)
            h[i] = (float)(random.NextDouble() * 2 - 1);

        float[] kept = new float[batch * outputSize], predicted = new float[batch * outputSize];
        head.Forward(h, batch, kept);
        head.Forward(h, batch, predicted, keepForBackward: false);
        double worst = 0;
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outputSize; o++)
            {
                double sum = head.Bias[o];
                for (int k = 0; k < inputSize; k++)
                    sum += (double)h[b * inputSize + k] * head.Kernel[k * outputSize + o];
                double expected = Math.Tanh(sum);
                int at = b * outputSize + o;
                worst = Math.Max(worst, Math.Abs(kept[at] - expected));
                Assert.True(Math.Abs(kept[at] - expected) <= 2e-6, $"y[{b}, {o}] = {kept[at]}, reference {expected}");
                Assert.Equal(BitConverter.SingleToInt32Bits(kept[at]), BitConverter.SingleToInt32Bits(predicted[at]));
            }
        }
        _output.WriteLine($"max |y - reference| = {worst:E2}");
    }

    [Fact]
    public void BackwardAfterAPredictionThrows()
    {
        var network = new LstmNetwork(new LstmNetworkOptions { InputSize = 1, OutputSize = 1, Layers = { new LstmLayerOptions { Units = 4 } } });
        float[] x = new float[2 * 5], y = new float[2];
        network.Forward(x, 2, 5, y);
        network.Head.Backward(new float[2], new float[2 * 4]); // after a Forward: fine
        network.Predict(x, 2, 5, y);
        var error = Assert.Throws<InvalidOperationException>(() => network.Head.Backward(new float[2], new float[2 * 4]));
        Assert.Contains("prediction", error.Message);
    }
}
