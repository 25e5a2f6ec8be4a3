using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Activations;

namespace Microsoft.ML.Lstm.Tests.Engine.Training;

/// <summary>
/// max(0, x), so that the gate warning can be tested on "relu" before the activation registry has it; the trainer
/// only reads the name and <see cref="Activation.IsWithinUnitInterval"/>.
/// </summary>
internal readonly struct ReluTestOperator : IActivationOperator
{
    public static Activation Relu { get; } = new Activation<ReluTestOperator>("relu", isWithinUnitInterval: false);

    public static float Invoke(float x) => MathF.Max(x, 0f);

    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    public static float Derivative(float x, float y) => x > 0f ? 1f : 0f;

    public static Vector128<float> Derivative(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128<float>.One;

    public static Vector256<float> Derivative(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256<float>.One;

    public static Vector512<float> Derivative(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512<float>.One;
}
