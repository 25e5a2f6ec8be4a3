using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Activations;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

/// <summary>The fused gate pass at every width against its scalar twin, forward and backward.</summary>
public class LstmCellKernelTests
{
    private readonly ITestOutputHelper _output;

    /// <summary>Takes xunit's output, where the sigmoid test writes its measured error.</summary>
    public LstmCellKernelTests(ITestOutputHelper output) => _output = output;

    [Theory]
    // Each kind of input term the gate pass has its own loop for: none, bias only, one feature and bias, any.
    [InlineData("tanh", "sigmoid", 3, 37, 0, true)]
    [InlineData("tanh", "sigmoid", 3, 37, 0, false)]
    [InlineData("tanh", "sigmoid", 3, 37, 1, true)]
    [InlineData("tanh", "sigmoid", 2, 40, 1, false)]
    [InlineData("relu", "hard_sigmoid", 2, 16, 3, true)]
    [InlineData("gelu", "hard_sigmoid_keras2", 1, 5, 0, true)]
    public void EveryWidthMatchesTheScalarTwin(string activation, string recurrent, int batch, int units, int features, bool useBias)
    {
        ILstmCellKernel kernel = LstmCellKernelFactory.Create(Activation.FromName(activation), Activation.FromName(recurrent));
        var random = new Random(units);
        int g4 = 4 * units;
        float[] z = GradientCheckTests.Uniform(random, batch * g4, 3), cPrev = GradientCheckTests.Uniform(random, batch * units, 2);
        float[] dh = GradientCheckTests.Uniform(random, batch * units, 1), dcNext = GradientCheckTests.Uniform(random, batch * units, 1);
        float[] bias = useBias ? GradientCheckTests.Uniform(random, g4, 1) : Array.Empty<float>();
        float[] x = GradientCheckTests.Uniform(random, batch * features, 1), w = GradientCheckTests.Uniform(random, features * g4, 1);
        (float[] Gates, float[] C, float[] A, float[] H, float[] Dz, float[] Dc) Run(VectorWidth width)
        {
            float[] gates = new float[z.Length], c = new float[cPrev.Length], a = new float[cPrev.Length], h = new float[cPrev.Length];
            float[] zb = (float[])z.Clone();
            kernel.Forward(batch, units, zb, bias, x, w, cPrev, gates, c, a, h, width);
            for (int i = 0; i < z.Length; i++)
            {
                // x·W and the bias are added in place.
                int b = i / g4, k = i % g4;
                double expected = z[i] + (useBias ? bias[k] : 0);
                for (int q = 0; q < features; q++)
                    expected += (double)x[b * features + q] * w[q * g4 + k];
                if (features == 0)
                    Assert.Equal((float)expected, zb[i]);
                else
                    Assert.True(Math.Abs(zb[i] - expected) <= 1e-6 * (1 + Math.Abs(expected)), $"z[{i}] = {zb[i]}, expected {expected} at {width}");
            }
            float[] dz = new float[z.Length], dc = (float[])dcNext.Clone();
            kernel.Backward(batch, units, dh, dc, zb, gates, c, a, cPrev, dz, width);

            // Inference: the same c and h, bit for bit, from one row's place for the gates, with z left as it was.
            float[] zi = (float[])z.Clone(), rowGates = new float[g4], ci = new float[c.Length], hi = new float[h.Length];
            kernel.Forward(batch, units, zi, bias, x, w, cPrev, rowGates, ci, default, hi, width, keepForBackward: false);
            Assert.Equal(z, zi);
            Assert.Equal(c, ci);
            Assert.Equal(h, hi);
            Assert.Equal(gates.AsSpan((batch - 1) * g4, g4).ToArray(), rowGates);

            // Inference into rows of a wider operand (the next step's [x, h], stride p + m): the same h, nothing between.
            int stride = units + 5;
            float[] hs = Enumerable.Repeat(-7f, (batch - 1) * stride + units).ToArray();
            kernel.Forward(batch, units, (float[])z.Clone(), bias, x, w, cPrev, rowGates, ci, default, hs, width, keepForBackward: false,
                hiddenStride: stride);
            for (int i = 0; i < hs.Length; i++)
                Assert.Equal(i % stride < units ? h[i / stride * units + i % stride] : -7f, hs[i]);
            return (gates, c, a, h, dz, dc);
        }
        var scalar = Run(VectorWidth.Scalar);
        // The scalar twin itself against the equations.
        for (int b = 0; b < batch; b++)
            for (int u = 0; u < units; u++)
            {
                int g = b * 4 * units + u, s = b * units + u;
                Assert.Equal(scalar.Gates[g + units] * cPrev[s] + scalar.Gates[g] * scalar.Gates[g + 2 * units], scalar.C[s], 5);
                Assert.Equal(scalar.Gates[g + 3 * units] * scalar.A[s], scalar.H[s], 5);
            }
        foreach (VectorWidth width in VectorWidths.All)
        {
            var vector = Run(width);
            Close(scalar.Gates, vector.Gates);
            Close(scalar.C, vector.C);
            Close(scalar.H, vector.H);
            Close(scalar.Dz, vector.Dz);
            Close(scalar.Dc, vector.Dc);
        }
    }

    private static void Close(float[] expected, float[] actual)
    {
        double max = expected.Zip(actual, (e, a) => Math.Abs(e - a) / (1 + Math.Abs(e))).Max();
        Assert.True(max < 2e-6, $"max relative difference {max:E2}");
    }

    [Theory]
    [InlineData("tanh", "sigmoid", false)]
    [InlineData("linear", "exponential", false)]
    [InlineData("relu", "sigmoid", true)]
    [InlineData("tanh", "hard_sigmoid", true)]
    public void BackwardReadsZOnlyWhereADerivativeNeedsIt(string activation, string recurrent, bool expected) =>
        Assert.Equal(expected, LstmCellKernelFactory.Create(Activation.FromName(activation), Activation.FromName(recurrent)).BackwardReadsPreActivations);

    [Fact]
    public void ShortSpansAreRejected()
    {
        ILstmCellKernel kernel = LstmCellKernelFactory.Create(Activation.FromName("tanh"), Activation.FromName("sigmoid"));
        var error = Assert.Throws<ArgumentException>(() => kernel.Forward(2, 3, new float[23], new float[12], default, default, new float[6], new float[24], new float[6], new float[6], new float[6], VectorWidth.Scalar));
        Assert.Equal("z", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => kernel.Forward(2, 3, new float[24], new float[12], new float[3], new float[24], new float[6], new float[24], new float[6], new float[6], new float[6], VectorWidth.Scalar));
        Assert.Equal("x", error.ParamName); // W [2, 12] needs x [2, 2]
        error = Assert.Throws<ArgumentException>(() => kernel.Forward(2, 3, new float[24], new float[12], new float[4], new float[13], new float[6], new float[24], new float[6], new float[6], new float[6], VectorWidth.Scalar));
        Assert.Equal("kernel", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => kernel.Forward(2, 3, new float[24], new float[12], default, default, new float[6], new float[24], new float[6], new float[6], new float[7], VectorWidth.Scalar, hiddenStride: 5));
        Assert.Equal("h", error.ParamName); // rows 5 apart need 5 + 3
        var stride = Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Forward(2, 3, new float[24], new float[12], default, default, new float[6], new float[24], new float[6], new float[6], new float[6], VectorWidth.Scalar, hiddenStride: 2));
        Assert.Equal("hiddenStride", stride.ParamName);
    }

    // The cell's sigmoid (ISimd.Activate, and BeginActivation then EndActivation, the same floats) at 128, 256 and 512 bits:
    // within 1.1e-7 absolute of the exact sigmoid on every 509th float of [-20, 20] (about 4 million), exactly 1 from
    // x = 20 and 0 from x = -104 up to float.MaxValue, 0.5 at 0, NaN for NaN. A gate only scales bounded terms, so the
    // bound is absolute. Where AVX-512 DQ is there the exp is tanh's, whose relative error grows in sigmoid's tail
    // (measured 1.03e-7 absolute; the public sigmoid's vector form, relative everywhere, 9.8e-8).
    [Fact]
    public void TheCellsSigmoidIsWithinItsAbsoluteBound()
    {
        List<float> points = FloatSweeps.EveryNthFloatBothSigns(20f, 509);
        int inside = points.Count;
        points.AddRange(new[] { float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -float.MaxValue });
        for (uint bits = BitConverter.SingleToUInt32Bits(20f); bits < BitConverter.SingleToUInt32Bits(float.MaxValue); bits += 104_729)
            points.Add(BitConverter.UInt32BitsToSingle(bits));
        for (uint bits = BitConverter.SingleToUInt32Bits(104f); bits < BitConverter.SingleToUInt32Bits(float.MaxValue); bits += 104_729)
            points.Add(-BitConverter.UInt32BitsToSingle(bits));
        points.AddRange(new[] { 0f, float.NaN });
        float[] xs = points.ToArray();
        foreach (var (width, sigmoid) in new (string, Func<float, float>)[] { ("128", Cell128), ("256", Cell256), ("512", Cell512) })
        {
            double max = 0;
            for (int i = 0; i < inside; i++)
            {
                double exact = 1 / (1 + Math.Exp(-(double)xs[i])), error = Math.Abs(sigmoid(xs[i]) - exact);
                max = Math.Max(max, error);
                if (error > 1.1e-7)
                    Assert.Fail($"cell sigmoid({xs[i]:R}) = {sigmoid(xs[i]):R} at {width} bits, exact {exact:R}");
            }
            for (int i = inside; i < xs.Length - 2; i++)
                Assert.True(sigmoid(xs[i]) == (xs[i] > 0 ? 1f : 0f), $"cell sigmoid({xs[i]:R}) = {sigmoid(xs[i]):R} at {width} bits");
            Assert.Equal(0.5f, sigmoid(0f));
            Assert.True(float.IsNaN(sigmoid(float.NaN)), $"cell sigmoid(NaN) at {width} bits");
            _output.WriteLine($"cell sigmoid at {width} bits: max absolute error {max:E2} on [-20, 20]");
        }

        static float Cell128(float x)
        {
            var v = Vector128.Create(x);
            return Same(Simd128.Activate<SigmoidOperator>(v).GetElement(0), Simd128.EndActivation<SigmoidOperator>(Simd128.BeginActivation<SigmoidOperator>(v), v).GetElement(0));
        }

        static float Cell256(float x)
        {
            var v = Vector256.Create(x);
            return Same(Simd256.Activate<SigmoidOperator>(v).GetElement(0), Simd256.EndActivation<SigmoidOperator>(Simd256.BeginActivation<SigmoidOperator>(v), v).GetElement(0));
        }

        static float Cell512(float x)
        {
            var v = Vector512.Create(x);
            return Same(Simd512.Activate<SigmoidOperator>(v).GetElement(0), Simd512.EndActivation<SigmoidOperator>(Simd512.BeginActivation<SigmoidOperator>(v), v).GetElement(0));
        }

        static float Same(float activated, float staged)
        {
            if (BitConverter.SingleToUInt32Bits(activated) != BitConverter.SingleToUInt32Bits(staged))
                Assert.Fail($"Activate gave {activated:R}, BeginActivation and EndActivation {staged:R}");
            return activated;
        }
    }
}
