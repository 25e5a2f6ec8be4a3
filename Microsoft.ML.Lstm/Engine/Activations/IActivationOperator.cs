using System.Runtime.Intrinsics;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// An element-wise activation y = f(x) with its derivative, in scalar and 128/256/512-bit forms side by side
/// (the TensorPrimitives operator pattern). Implementations are <c>readonly struct</c>s so that generic kernels
/// specialize and inline them.
/// </summary>
public interface IActivationOperator
{
    /// <summary>f(x) for one value: the scalar twin the vector forms are checked against.</summary>
    static abstract float Invoke(float x);

    /// <summary>f(x) for 4 values.</summary>
    static abstract Vector128<float> Invoke(Vector128<float> x);

    /// <summary>f(x) for 8 values.</summary>
    static abstract Vector256<float> Invoke(Vector256<float> x);

    /// <summary>f(x) for 16 values.</summary>
    static abstract Vector512<float> Invoke(Vector512<float> x);

    /// <summary>f'(x), given x and y = f(x) (whichever is cheaper to use: sigmoid uses y, gelu uses x).</summary>
    static abstract float Derivative(float x, float y);

    /// <summary>f'(x) for 4 values, given x and y = f(x).</summary>
    static abstract Vector128<float> Derivative(Vector128<float> x, Vector128<float> y);

    /// <summary>f'(x) for 8 values, given x and y = f(x).</summary>
    static abstract Vector256<float> Derivative(Vector256<float> x, Vector256<float> y);

    /// <summary>f'(x) for 16 values, given x and y = f(x).</summary>
    static abstract Vector512<float> Derivative(Vector512<float> x, Vector512<float> y);
}
