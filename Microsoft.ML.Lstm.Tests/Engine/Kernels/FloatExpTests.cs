using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace Microsoft.ML.Lstm.Tests.Engine.Kernels;

public class FloatExpTests
{
    private readonly ITestOutputHelper _output;

    public FloatExpTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void EveryWidthIsWithinTwoUlpOfTheDoubleExp()
    {
        double max128 = 0, max256 = 0, max512 = 0;
        for (int i = 0; i < 200_000; i++)
        {
            float x = -87f + 175f * i / 199_999f;
            double expected = Math.Exp(x);
            max128 = Math.Max(max128, Math.Abs(FloatExp.Exp(Vector128.Create(x)).GetElement(0) - expected) / expected);
            max256 = Math.Max(max256, Math.Abs(FloatExp.Exp(Vector256.Create(x)).GetElement(3) - expected) / expected);
            max512 = Math.Max(max512, Math.Abs(FloatExp.Exp(Vector512.Create(x)).GetElement(15) - expected) / expected);
        }
        _output.WriteLine($"max relative error: 128-bit {max128:E2}, 256-bit {max256:E2}, 512-bit {max512:E2}");
        Assert.True(max128 < 2.4e-7 && max256 < 2.4e-7 && max512 < 2.4e-7, $"{max128:E2} {max256:E2} {max512:E2}");
    }

    [Fact]
    public void OverflowsToInfinityAndUnderflowsToZero()
    {
        Assert.Equal(float.PositiveInfinity, FloatExp.Exp(Vector256.Create(1000f)).GetElement(0));
        Assert.Equal(0f, FloatExp.Exp(Vector256.Create(-1000f)).GetElement(0));
        Assert.Equal(float.PositiveInfinity, FloatExp.Exp(Vector128.Create(float.PositiveInfinity)).GetElement(0));
        Assert.Equal(0f, FloatExp.Exp(Vector512.Create(float.NegativeInfinity)).GetElement(0));
    }

    [Fact]
    public void TheGateExpsAreWithinFiveUlpOfTheDoubleExpAtEveryWidth()
    {
        // The range the gate activations use: sigmoid's exp(-x) for x in [-88.7, 20], tanh's exp(2|x|) for 2|x| <= 20.
        double max = 0;
        for (int i = 0; i < 200_000; i++)
        {
            float x = -87f + 174f * i / 199_999f;
            double up = Math.Exp(x), down = Math.Exp(-(double)x);
            foreach (double error in new[]
            {
                Math.Abs(FloatExp.GateExp(Vector128.Create(x)).GetElement(0) - up) / up,
                Math.Abs(FloatExp.GateExp(Vector256.Create(x)).GetElement(5) - up) / up,
                Math.Abs(FloatExp.GateExp(Vector512.Create(x)).GetElement(15) - up) / up,
                Math.Abs(FloatExp.GateExpOfNegated(Vector128.Create(x)).GetElement(1) - down) / down,
                Math.Abs(FloatExp.GateExpOfNegated(Vector256.Create(x)).GetElement(7) - down) / down,
                Math.Abs(FloatExp.GateExpOfNegated(Vector512.Create(x)).GetElement(0) - down) / down,
            })
                max = Math.Max(max, error);
        }
        _output.WriteLine($"gate exps, max relative error {max:E2}");
        Assert.True(max < 6e-7, $"max relative error {max:E2}");
    }

    [Fact]
    public void TheGateExpsReachInfinityNotNaNAtTheTopOfTheirRange()
    {
        // Sigmoid bounds -x by 88.7, where 2^n is the float's infinity: the result must be +infinity (so sigmoid is 0).
        Assert.Equal(float.PositiveInfinity, FloatExp.GateExpOfNegated(Vector256.Create(-88.7f)).GetElement(0));
        Assert.Equal(float.PositiveInfinity, FloatExp.GateExp(Vector128.Create(88.7f)).GetElement(0));
        Assert.Equal(float.PositiveInfinity, FloatExp.GateExp(Vector512.Create(88.5f)).GetElement(0));
    }
}
