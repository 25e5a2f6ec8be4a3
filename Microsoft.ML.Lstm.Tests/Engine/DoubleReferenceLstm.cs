using System;
using System.Collections.Generic;

namespace Microsoft.ML.Lstm.Tests.Engine;

/// <summary>
/// An independent LSTM in double precision, written from the Keras equations with no code shared with the engine:
/// the reference for finite-difference gradient checks (in double, so the differences are accurate to ~1e-9).
/// </summary>
internal static class DoubleReferenceLstm
{
    public static Func<double, double> ActivationByName(string name) => name switch
    {
        "tanh" => Math.Tanh,
        "sigmoid" => x => 1 / (1 + Math.Exp(-x)),
        "hard_sigmoid" => x => Math.Clamp(x + 3, 0, 6) / 6,
        "hard_sigmoid_keras2" => x => Math.Clamp(0.2 * x + 0.5, 0, 1),
        "relu" => x => Math.Max(x, 0),
        "relu6" => x => Math.Clamp(x, 0, 6),
        "linear" => x => x,
        "elu" => x => x > 0 ? x : Math.Exp(x) - 1,
        "selu" => x => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.Exp(x) - 1)),
        "softplus" => x => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))),
        "softsign" => x => x / (1 + Math.Abs(x)),
        "silu" or "swish" => x => x / (1 + Math.Exp(-x)),
        "gelu" => x => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
        "mish" => x => x * Math.Tanh(Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)))),
        "hard_silu" or "hard_swish" => x => x * Math.Clamp(x + 3, 0, 6) / 6,
        "exponential" => Math.Exp,
        _ => throw new ArgumentException($"No double reference for activation '{name}'."),
    };

    /// <summary>erf by its Maclaurin series (|x| &lt; 3) or continued fraction for erfc: accurate to ~1e-14 here.</summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 3)
        {
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17)
                    break;
            }
            return Math.Sign(x) * 2 / Math.Sqrt(Math.PI) * sum;
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) (Lentz, evaluated backwards)
        double f = 0;
        for (int k = 60; k >= 1; k--)
            f = k / 2.0 / (ax + f);
        double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + f);
        return Math.Sign(x) * (1 - erfc);
    }

    public sealed class Layer
    {
        public int InputSize, Units;
        public string Activation = "tanh", RecurrentActivation = "sigmoid";
        public bool UseBias = true, GoBackwards, ReturnSequences;
        public double[] Kernel = Array.Empty<double>();          // [p, 4m]
        public double[] RecurrentKernel = Array.Empty<double>(); // [m, 4m]
        public double[] Bias = Array.Empty<double>();            // [4m]
    }

    /// <summary>One layer over x [B, T, p]; returns [B, T, m] (processing order) or [B, m]; h0/c0 [B, m] or null.</summary>
    public static double[] Forward(Layer layer, double[] x, int batch, int steps, double[]? h0, double[]? c0,
        out double[] hT, out double[] cT)
    {
        int p = layer.InputSize, m = layer.Units;
        Func<double, double> a = ActivationByName(layer.Activation), ra = ActivationByName(layer.RecurrentActivation);
        double[] output = new double[layer.ReturnSequences ? batch * steps * m : batch * m];
        hT = new double[batch * m];
        cT = new double[batch * m];
        for (int b = 0; b < batch; b++)
        {
            double[] h = new double[m], c = new double[m];
            if (h0 != null) Array.Copy(h0, b * m, h, 0, m);
            if (c0 != null) Array.Copy(c0, b * m, c, 0, m);
            for (int s = 0; s < steps; s++)
            {
                int t = layer.GoBackwards ? steps - 1 - s : s;
                double[] z = new double[4 * m];
                for (int j = 0; j < 4 * m; j++)
                {
                    double sum = layer.UseBias ? layer.Bias[j] : 0;
                    for (int k = 0; k < p; k++)
                        sum += x[(b * steps + t) * p + k] * layer.Kernel[k * 4 * m + j];
                    for (int k = 0; k < m; k++)
                        sum += h[k] * layer.RecurrentKernel[k * 4 * m + j];
                    z[j] = sum;
                }
                for (int u = 0; u < m; u++)
                {
                    double i = ra(z[u]), f = ra(z[m + u]), g = a(z[2 * m + u]), o = ra(z[3 * m + u]);
                    c[u] = f * c[u] + i * g;
                    h[u] = o * a(c[u]);
                }
                if (layer.ReturnSequences)
                    Array.Copy(h, 0, output, (b * steps + s) * m, m);
            }
            if (!layer.ReturnSequences)
                Array.Copy(h, 0, output, b * m, m);
            Array.Copy(h, 0, hT, b * m, m);
            Array.Copy(c, 0, cT, b * m, m);
        }
        return output;
    }

    /// <summary>Stacked layers then a linear dense head on the last step: y [B, outputs].</summary>
    public static double[] Network(IReadOnlyList<Layer> layers, double[] headKernel, double[] headBias, int outputs,
        double[] x, int batch, int steps)
    {
        double[] input = x;
        foreach (Layer layer in layers)
            input = Forward(layer, input, batch, steps, null, null, out _, out _);
        int m = layers[^1].Units;
        double[] y = new double[batch * outputs];
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outputs; o++)
            {
                double sum = headBias[o];
                for (int k = 0; k < m; k++)
                    sum += input[b * m + k] * headKernel[k * outputs + o];
                y[b * outputs + o] = sum;
            }
        return y;
    }
}
