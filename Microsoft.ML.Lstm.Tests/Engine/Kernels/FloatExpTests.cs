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
            float x = -87f + 175.72f * i / 199_999f; // up to 88.72, the last argument with a finite exp
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
        // The last finite results, where 2^n is 2^128 (one past the largest float exponent) times a polynomial below 1.
        foreach (float x in new[] { 88.5f, 88.72f, 88.7228f })
        {
            double expected = Math.Exp(x);
            Assert.True(Math.Abs(FloatExp.Exp(Vector128.Create(x)).GetElement(0) - expected) <= 2.4e-7 * expected, $"exp({x}) at 128 bits");
            Assert.True(Math.Abs(FloatExp.Exp(Vector256.Create(x)).GetElement(1) - expected) <= 2.4e-7 * expected, $"exp({x}) at 256 bits");
            Assert.True(Math.Abs(FloatExp.Exp(Vector512.Create(x)).GetElement(2) - expected) <= 2.4e-7 * expected, $"exp({x}) at 512 bits");
        }
        Assert.Equal(float.PositiveInfinity, FloatExp.Exp(Vector512.Create(88.7229f)).GetElement(0));
        Assert.True(float.IsNaN(FloatExp.Exp(Vector256.Create(float.NaN)).GetElement(0)));
        Assert.Equal(float.PositiveInfinity, FloatExp.Exp(Vector256.Create(1000f)).GetElement(0));
        Assert.Equal(0f, FloatExp.Exp(Vector256.Create(-1000f)).GetElement(0));
        Assert.Equal(float.PositiveInfinity, FloatExp.Exp(Vector128.Create(float.PositiveInfinity)).GetElement(0));
        Assert.Equal(0f, FloatExp.Exp(Vector512.Create(float.NegativeInfinity)).GetElement(0));
    }

    [Fact]
    public void TheGateExpsAreWithinFiveUlpOfTheDoubleExpAtEveryWidth()
    {
        // The ranges the gate activations use: sigmoid's exp(-x) for x in [-89, 20] (checked down to -87, below which
        // the result nears the largest float), tanh's exp(-2x) for |x| <= 9.
        double max = 0;
        for (int i = 0; i < 200_000; i++)
        {
            float x = -87f + 107f * i / 199_999f;
            double down = Math.Exp(-(double)x);
            float xt = -9f + 18f * i / 199_999f;
            double twice = Math.Exp(-2.0 * xt);
            foreach (double error in new[]
            {
                Math.Abs(FloatExp.GateExpOfNegated(Vector128.Create(x)).GetElement(1) - down) / down,
                Math.Abs(FloatExp.GateExpOfNegated(Vector256.Create(x)).GetElement(7) - down) / down,
                Math.Abs(FloatExp.GateExpOfNegated(Vector512.Create(x)).GetElement(0) - down) / down,
                Math.Abs(FloatExp.GateExpOfMinusTwice(Vector128.Create(xt)).GetElement(0) - twice) / twice,
                Math.Abs(FloatExp.GateExpOfMinusTwice(Vector256.Create(xt)).GetElement(5) - twice) / twice,
                Math.Abs(FloatExp.GateExpOfMinusTwice(Vector512.Create(xt)).GetElement(15) - twice) / twice,
            })
                max = Math.Max(max, error);
        }
        _output.WriteLine($"gate exps, max relative error {max:E2}");
        Assert.True(max < 6e-7, $"max relative error {max:E2}");
    }

    [Fact]
    public void SigmoidsExpReachesInfinityNotNaNAtTheBottomOfItsRange()
    {
        // Sigmoid bounds x below by -89, where exp(-x) must be +infinity (so sigmoid is exactly 0) whichever way 2^n is
        // applied (exponent bits, or VSCALEFPS where AVX-512 is available).
        Assert.Equal(float.PositiveInfinity, FloatExp.GateExpOfNegated(Vector128.Create(-89f)).GetElement(0));
        Assert.Equal(float.PositiveInfinity, FloatExp.GateExpOfNegated(Vector256.Create(-89f)).GetElement(3));
        Assert.Equal(float.PositiveInfinity, FloatExp.GateExpOfNegated(Vector512.Create(-89f)).GetElement(9));
    }

    // Every 127th float from -89 to 20 (sigmoid's bounds on x, about 17 million): the same floats as the bounded exp, at
    // every width. A reduction that differed anywhere inside the bounds would show here.
    [Fact]
    public void SigmoidsAnyInputExpGivesTheBoundedOnesFloats()
    {
        if (!FloatExp.HasAnyInputGateExp || !FloatExp.HasAnyInputGateExp512)
            return; // Without AVX-512 DQ sigmoid bounds x and calls the bounded exp only.
        long compared = 0;
        foreach (var (sign, limit) in new[] { (1f, 20f), (-1f, 89f) })
            for (uint bits = 0; bits <= BitConverter.SingleToUInt32Bits(limit); bits += 127)
            {
                float x = sign * BitConverter.UInt32BitsToSingle(bits);
                Equal(x, FloatExp.GateExpOfNegated(Vector512.Create(x)).GetElement(0), FloatExp.GateExpOfNegatedAnyInput(Vector512.Create(x)).GetElement(0));
                Equal(x, FloatExp.GateExpOfNegated(Vector256.Create(x)).GetElement(0), FloatExp.GateExpOfNegatedAnyInput(Vector256.Create(x)).GetElement(0));
                Equal(x, FloatExp.GateExpOfNegated(Vector128.Create(x)).GetElement(0), FloatExp.GateExpOfNegatedAnyInput(Vector128.Create(x)).GetElement(0));
                compared++;
            }
        _output.WriteLine($"{compared} arguments, the same floats at 128, 256 and 512 bits");

        static void Equal(float x, float bounded, float anyInput)
        {
            if (BitConverter.SingleToUInt32Bits(bounded) != BitConverter.SingleToUInt32Bits(anyInput))
                Assert.Fail($"exp(-({x:R})): bounded {bounded:R}, any input {anyInput:R}");
        }
    }

    // Beyond the bounds: exactly 0 or +infinity wherever exp(-x) is, also where the reduction is no longer exact (|x| past
    // 2.9e6; a clamp of s from one side only gave 0 instead of +infinity from 3.1e15 on), at ±infinity, and NaN for NaN.
    [Fact]
    public void SigmoidsAnyInputExpGivesZeroOrInfinityBeyondTheBounds()
    {
        if (!FloatExp.HasAnyInputGateExp || !FloatExp.HasAnyInputGateExp512)
            return;
        AssertZeroOrInfinityFrom(128f, new[] { 3.1216703e15f, 1e30f },
            FloatExp.GateExpOfNegatedAnyInput, FloatExp.GateExpOfNegatedAnyInput, FloatExp.GateExpOfNegatedAnyInput);
    }

    // The exps through VREDUCEPS (tanh's, and sigmoid's in the LSTM cell): 2^f's polynomial alone (|y| < 1, where y's
    // rounding is below an ulp of f) within 2.1e-7 relative, and beyond that within the polynomial's error plus y's:
    // y = x·float(a·log2 e) is off by up to half an ulp (|y|·2^-24) and the constant's own rounding (|y|·1.3e-8 for a = -1
    // and -2 alike), which exp turns into ln 2 times that, relative. Over x where exp(a·x) is a normal float.
    [Theory]
    [InlineData(-2f, -44f, 44f)]
    [InlineData(-1f, -88f, 87f)]
    public void AnyInputExpsAreWithinThePolynomialsErrorPlusTheRoundingOfY(float a, float from, float to)
    {
        if (!FloatExp.HasAnyInputGateExp || !FloatExp.HasAnyInputGateExp512)
            return; // Without AVX-512 DQ tanh and sigmoid bound x and call the bounded exps only.
        var (exp128, exp256, exp512) = a == -2f
            ? (FloatExp.GateExpOfMinusTwiceAnyInput, FloatExp.GateExpOfMinusTwiceAnyInput, FloatExp.GateExpOfMinusTwiceAnyInput)
            : ((Func<Vector128<float>, Vector128<float>>)FloatExp.CellGateExpOfNegated, (Func<Vector256<float>, Vector256<float>>)FloatExp.CellGateExpOfNegated,
                (Func<Vector512<float>, Vector512<float>>)FloatExp.CellGateExpOfNegated);
        double maxNearZero = 0, maxBeyond = 0;
        for (int i = 0; i <= 400_000; i++)
        {
            float x = from + (to - from) * i / 400_000f;
            double y = a * x / Math.Log(2), expected = Math.Exp(a * (double)x);
            foreach (float e in new[] { exp128(Vector128.Create(x)).GetElement(2), exp256(Vector256.Create(x)).GetElement(6), exp512(Vector512.Create(x)).GetElement(11) })
            {
                double error = Math.Abs(e - expected) / expected;
                if (Math.Abs(y) < 1)
                    maxNearZero = Math.Max(maxNearZero, error);
                else
                    maxBeyond = Math.Max(maxBeyond, error / (2.1e-7 + Math.Abs(y) * (Math.Pow(2, -24) + 1.3e-8) * Math.Log(2)));
            }
        }
        _output.WriteLine($"exp({a}·x): |y| < 1: max relative error {maxNearZero:E2}; beyond: max error / bound {maxBeyond:F2}");
        Assert.True(maxNearZero <= 2.1e-7, $"max relative error {maxNearZero:E2} for |y| < 1");
        Assert.True(maxBeyond <= 1, $"max error / bound {maxBeyond:F2}");
    }

    // The cell's sigmoid exp takes any x: exactly 0 from x = 104 (2^-150 rounds to 0) and +infinity from x = -88.8 up to
    // float.MaxValue, at ±infinity, and NaN for NaN.
    [Fact]
    public void CellSigmoidsExpGivesZeroOrInfinityBeyondTheFloatRange()
    {
        if (!FloatExp.HasAnyInputGateExp || !FloatExp.HasAnyInputGateExp512)
            return;
        AssertZeroOrInfinityFrom(104f, new[] { 1e30f }, FloatExp.CellGateExpOfNegated, FloatExp.CellGateExpOfNegated, FloatExp.CellGateExpOfNegated);
        Assert.Equal(float.PositiveInfinity, FloatExp.CellGateExpOfNegated(Vector512.Create(-88.8f)).GetElement(0));
        Assert.Equal(1f, FloatExp.CellGateExpOfNegated(Vector512.Create(0f)).GetElement(0));
    }

    // No bound on x: exactly 0 and +infinity wherever exp(-2x) is (from x = 52, below which it is subnormal, and from
    // x = -44.4) up to float.MaxValue, at ±infinity, and NaN for NaN.
    [Fact]
    public void TanhsAnyInputExpGivesZeroOrInfinityBeyondTheFloatRange()
    {
        if (!FloatExp.HasAnyInputGateExp || !FloatExp.HasAnyInputGateExp512)
            return;
        AssertZeroOrInfinityFrom(52f, new[] { 1e30f },
            FloatExp.GateExpOfMinusTwiceAnyInput, FloatExp.GateExpOfMinusTwiceAnyInput, FloatExp.GateExpOfMinusTwiceAnyInput);
        Assert.Equal(float.PositiveInfinity, FloatExp.GateExpOfMinusTwiceAnyInput(Vector512.Create(-44.4f)).GetElement(0));
        Assert.Equal(1f, FloatExp.GateExpOfMinusTwiceAnyInput(Vector512.Create(0f)).GetElement(0));
    }

    // exp(a·x) with a < 0 at every width: exactly 0 for x = m and +infinity for x = -m, for the magnitudes m given, ±infinity,
    // float.MaxValue and every 104,729th float from `from` on (about 80 a binade); NaN for NaN.
    private static void AssertZeroOrInfinityFrom(float from, float[] magnitudes, Func<Vector128<float>, Vector128<float>> exp128,
        Func<Vector256<float>, Vector256<float>> exp256, Func<Vector512<float>, Vector512<float>> exp512)
    {
        var arguments = new System.Collections.Generic.List<float>(magnitudes) { float.PositiveInfinity, float.MaxValue };
        for (uint bits = BitConverter.SingleToUInt32Bits(from); bits < BitConverter.SingleToUInt32Bits(float.PositiveInfinity); bits += 104_729)
            arguments.Add(BitConverter.UInt32BitsToSingle(bits));
        foreach (float magnitude in arguments)
            foreach (float x in new[] { magnitude, -magnitude })
            {
                float expected = x > 0 ? 0f : float.PositiveInfinity;
                Assert.Equal(expected, exp512(Vector512.Create(x)).GetElement(5));
                Assert.Equal(expected, exp256(Vector256.Create(x)).GetElement(2));
                Assert.Equal(expected, exp128(Vector128.Create(x)).GetElement(1));
            }
        Assert.True(float.IsNaN(exp512(Vector512.Create(float.NaN)).GetElement(0)));
        Assert.True(float.IsNaN(exp256(Vector256.Create(float.NaN)).GetElement(0)));
        Assert.True(float.IsNaN(exp128(Vector128.Create(float.NaN)).GetElement(0)));
    }
}
