using System;
using System.Runtime.Intrinsics;
using Microsoft.ML.Lstm.Engine.Kernels;

namespace Microsoft.ML.Lstm.Engine.Activations;

/// <summary>
/// Numerical building blocks shared by several activation operators: double-precision references for the scalar
/// twins, and float forms at each register width for the vector paths.
/// </summary>
internal static class ActivationMath
{
    /// <summary>1 / sqrt(2): turns a standard normal argument into an erf/erfc argument.</summary>
    public const double InvSqrt2 = 0.70710678118654752440084436210485;

    /// <summary>1 / sqrt(2 pi): the peak of the standard normal density.</summary>
    public const double InvSqrt2Pi = 0.39894228040143267793994605993438;

    /// <summary>2 / sqrt(pi): the factor in front of the erf integral.</summary>
    private const double TwoOverSqrtPi = 1.1283791670955125738961589031215;

    /// <summary>ln(2) / 2: below this |x|, exp(x) - 1 loses more than one bit to cancellation.</summary>
    private const float Expm1PolynomialLimit = 0.34657359f;

    /// <summary>
    /// Beyond this |x| the normal tail exp(-x^2/2) is 0 in float (x^2/2 &gt; 112, and exp(-t) rounds to 0 once t &gt; 104),
    /// so clamping there loses nothing and keeps x^2 finite.
    /// </summary>
    private const float NormalTailClamp = 15f;

    /// <summary>exp(x) - 1 in double, accurate near 0 where the plain form cancels.</summary>
    public static double Expm1(double x) =>
        // For |x| < 1e-5 the cubic Taylor polynomial is exact to double precision (next term x^4/24 < 5e-17 |x|);
        // above it exp(x) - 1 keeps at least 11 correct digits, far beyond float.
        Math.Abs(x) < 1e-5 ? x + x * x * (0.5 + x * (1.0 / 6.0)) : Math.Exp(x) - 1.0;

    /// <summary>log(1 + t) in double, accurate for tiny t where 1 + t rounds.</summary>
    public static double Log1p(double t)
    {
        // Goldberg's trick: the rounding of u = 1 + t cancels in log(u) * t / (u - 1).
        double u = 1.0 + t;
        return u == 1.0 ? t : Math.Log(u) * t / (u - 1.0);
    }

    /// <summary>The complementary error function erfc(z) = 1 - erf(z) in double, relative error below 1e-13.</summary>
    /// <remarks>
    /// A reference for the scalar twins rather than a fast kernel: the power series of erf with positive terms
    /// below |z| = 2 (erfc = 1 - erf then loses at most 3 of 16 digits) and the continued fraction of erfc above,
    /// which 50 terms converge to double precision for z &gt;= 2. Neither needs fitted coefficients.
    /// </remarks>
    public static double Erfc(double z)
    {
        if (double.IsNaN(z))
            return z;
        if (z < 0)
            return 2.0 - Erfc(-z);
        if (z < 2.0)
        {
            // erf(z) = 2/sqrt(pi) exp(-z^2) sum_n (2z^2)^n z / (1 3 5 ... (2n+1)): every term positive, no cancellation.
            double zz = 2.0 * z * z, term = z, sum = z;
            for (int n = 1; term > 1e-17 * sum; n++)
            {
                term *= zz / (2 * n + 1);
                sum += term;
            }
            return 1.0 - TwoOverSqrtPi * Math.Exp(-z * z) * sum;
        }

        // erfc(z) = exp(-z^2) / sqrt(pi) / (z + (1/2) / (z + 1 / (z + (3/2) / (z + ...)))), evaluated from the tail.
        double k = z;
        for (int n = 50; n >= 1; n--)
            k = z + 0.5 * n / k;
        return Math.Exp(-z * z) / (k * 1.7724538509055160272981674833411);
    }

    /// <summary>Standard normal cumulative distribution Phi(x) = erfc(-x / sqrt 2) / 2, in double.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x * InvSqrt2);

    /// <summary>exp(x) - 1, with a relative error of about 1e-7 also near 0 where exp(x) - 1 cancels.</summary>
    public static Vector128<float> Expm1(Vector128<float> x)
    {
        // Taylor polynomial of degree 8: its truncation error at ln(2)/2 is below 1e-9 relative. Outside, exp(x) is
        // below 0.71 or above 1.41, so the subtraction magnifies exp's relative error at most 3.4 times.
        // NaN fails the comparison and takes exp.
        Vector128<float> p = Vector128.Create(1f / 40320f);
        p = Vector128.FusedMultiplyAdd(p, x, Vector128.Create(1f / 5040f));
        p = Vector128.FusedMultiplyAdd(p, x, Vector128.Create(1f / 720f));
        p = Vector128.FusedMultiplyAdd(p, x, Vector128.Create(1f / 120f));
        p = Vector128.FusedMultiplyAdd(p, x, Vector128.Create(1f / 24f));
        p = Vector128.FusedMultiplyAdd(p, x, Vector128.Create(1f / 6f));
        p = Vector128.FusedMultiplyAdd(p, x, Vector128.Create(0.5f));
        Vector128<float> near0 = Vector128.FusedMultiplyAdd(p * x, x, x);
        Vector128<float> far = FloatExp.Exp(x) - Vector128<float>.One;
        Vector128<float> useNear0 = Vector128.LessThan(Vector128.Abs(x), Vector128.Create(Expm1PolynomialLimit));
        return Vector128.ConditionalSelect(useNear0, near0, far);
    }

    /// <summary>log(1 + t) for t &gt; -1, accurate for tiny t where 1 + t rounds to 1.</summary>
    public static Vector128<float> Log1p(Vector128<float> t)
    {
        // u = 1 + t is rounded; (t - (u - 1)) is that rounding error exactly, and d log(u) = du / u restores it.
        Vector128<float> u = Vector128<float>.One + t;
        return Vector128.Log(u) + (t - (u - Vector128<float>.One)) / u;
    }

    /// <summary>
    /// exp(-u^2 / 2) for u = min(|x|, 15), with u^2 split into its rounded value and exact rounding error (FMA) so that
    /// the result stays within an ulp or two where the exponent is large.
    /// </summary>
    public static Vector128<float> GaussianKernel(Vector128<float> u)
    {
        Vector128<float> p = u * u;
        Vector128<float> e = Vector128.FusedMultiplyAdd(u, u, -p);
        Vector128<float> g = FloatExp.Exp(p * Vector128.Create(-0.5f));
        // exp(-(p + e)/2) = exp(-p/2) exp(-e/2) and |e/2| <= 2^-18, so the first-order factor 1 - e/2 suffices.
        return Vector128.FusedMultiplyAdd(g, e * Vector128.Create(-0.5f), g);
    }

    /// <summary>The argument the normal tail helpers expect: |x| clamped to where the tail is 0 in float (NaN stays NaN).</summary>
    public static Vector128<float> NormalTailArgument(Vector128<float> x) => Vector128.Min(Vector128.Abs(x), Vector128.Create(NormalTailClamp));

    /// <summary>
    /// Q(u) / exp(-u^2/2) for u &gt;= 0, where Q(u) = Phi(-u) is the upper tail of the standard normal distribution;
    /// relative error about 1.2e-7 on [0, 15].
    /// </summary>
    /// <remarks>
    /// (1 + sqrt(2) u) Q(u) exp(u^2/2) rises smoothly from 0.5 to sqrt(1/pi) as u goes from 0 to infinity; after the
    /// change of variable q = (u - 4) / (u + 4), which maps [0, 15] onto [-1, 0.58], a degree-10 polynomial
    /// (Chebyshev fit, error 2e-9) matches it. Unlike 1 + erf, this form keeps full relative precision in the far tail.
    /// </remarks>
    public static Vector128<float> NormalTailRatio(Vector128<float> u)
    {
        Vector128<float> four = Vector128.Create(4f);
        Vector128<float> q = (u - four) / (u + four);
        Vector128<float> h = Vector128.Create(-0.00010833198757609352f);
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(-7.159039523685351e-05f));
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(0.0010487702675163746f));
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(-0.0006927166832610965f));
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(-0.007282972801476717f));
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(0.028888918459415436f));
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(-0.0583193376660347f));
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(0.07014860957860947f));
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(-0.0317210927605629f));
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(-0.06617830693721771f));
        h = Vector128.FusedMultiplyAdd(h, q, Vector128.Create(0.6284778714179993f));
        return h / Vector128.FusedMultiplyAdd(u, Vector128.Create(1.41421356f), Vector128<float>.One);
    }

    /// <summary>exp(x) - 1, with a relative error of about 1e-7 also near 0 where exp(x) - 1 cancels.</summary>
    public static Vector256<float> Expm1(Vector256<float> x)
    {
        // Taylor polynomial of degree 8: its truncation error at ln(2)/2 is below 1e-9 relative. Outside, exp(x) is
        // below 0.71 or above 1.41, so the subtraction magnifies exp's relative error at most 3.4 times.
        // NaN fails the comparison and takes exp.
        Vector256<float> p = Vector256.Create(1f / 40320f);
        p = Vector256.FusedMultiplyAdd(p, x, Vector256.Create(1f / 5040f));
        p = Vector256.FusedMultiplyAdd(p, x, Vector256.Create(1f / 720f));
        p = Vector256.FusedMultiplyAdd(p, x, Vector256.Create(1f / 120f));
        p = Vector256.FusedMultiplyAdd(p, x, Vector256.Create(1f / 24f));
        p = Vector256.FusedMultiplyAdd(p, x, Vector256.Create(1f / 6f));
        p = Vector256.FusedMultiplyAdd(p, x, Vector256.Create(0.5f));
        Vector256<float> near0 = Vector256.FusedMultiplyAdd(p * x, x, x);
        Vector256<float> far = FloatExp.Exp(x) - Vector256<float>.One;
        Vector256<float> useNear0 = Vector256.LessThan(Vector256.Abs(x), Vector256.Create(Expm1PolynomialLimit));
        return Vector256.ConditionalSelect(useNear0, near0, far);
    }

    /// <summary>log(1 + t) for t &gt; -1, accurate for tiny t where 1 + t rounds to 1.</summary>
    public static Vector256<float> Log1p(Vector256<float> t)
    {
        // u = 1 + t is rounded; (t - (u - 1)) is that rounding error exactly, and d log(u) = du / u restores it.
        Vector256<float> u = Vector256<float>.One + t;
        return Vector256.Log(u) + (t - (u - Vector256<float>.One)) / u;
    }

    /// <summary>
    /// exp(-u^2 / 2) for u = min(|x|, 15), with u^2 split into its rounded value and exact rounding error (FMA) so that
    /// the result stays within an ulp or two where the exponent is large.
    /// </summary>
    public static Vector256<float> GaussianKernel(Vector256<float> u)
    {
        Vector256<float> p = u * u;
        Vector256<float> e = Vector256.FusedMultiplyAdd(u, u, -p);
        Vector256<float> g = FloatExp.Exp(p * Vector256.Create(-0.5f));
        // exp(-(p + e)/2) = exp(-p/2) exp(-e/2) and |e/2| <= 2^-18, so the first-order factor 1 - e/2 suffices.
        return Vector256.FusedMultiplyAdd(g, e * Vector256.Create(-0.5f), g);
    }

    /// <summary>The argument the normal tail helpers expect: |x| clamped to where the tail is 0 in float (NaN stays NaN).</summary>
    public static Vector256<float> NormalTailArgument(Vector256<float> x) => Vector256.Min(Vector256.Abs(x), Vector256.Create(NormalTailClamp));

    /// <summary>
    /// Q(u) / exp(-u^2/2) for u &gt;= 0, where Q(u) = Phi(-u) is the upper tail of the standard normal distribution;
    /// relative error about 1.2e-7 on [0, 15].
    /// </summary>
    /// <remarks>
    /// (1 + sqrt(2) u) Q(u) exp(u^2/2) rises smoothly from 0.5 to sqrt(1/pi) as u goes from 0 to infinity; after the
    /// change of variable q = (u - 4) / (u + 4), which maps [0, 15] onto [-1, 0.58], a degree-10 polynomial
    /// (Chebyshev fit, error 2e-9) matches it. Unlike 1 + erf, this form keeps full relative precision in the far tail.
    /// </remarks>
    public static Vector256<float> NormalTailRatio(Vector256<float> u)
    {
        Vector256<float> four = Vector256.Create(4f);
        Vector256<float> q = (u - four) / (u + four);
        Vector256<float> h = Vector256.Create(-0.00010833198757609352f);
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(-7.159039523685351e-05f));
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(0.0010487702675163746f));
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(-0.0006927166832610965f));
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(-0.007282972801476717f));
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(0.028888918459415436f));
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(-0.0583193376660347f));
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(0.07014860957860947f));
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(-0.0317210927605629f));
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(-0.06617830693721771f));
        h = Vector256.FusedMultiplyAdd(h, q, Vector256.Create(0.6284778714179993f));
        return h / Vector256.FusedMultiplyAdd(u, Vector256.Create(1.41421356f), Vector256<float>.One);
    }

    /// <summary>exp(x) - 1, with a relative error of about 1e-7 also near 0 where exp(x) - 1 cancels.</summary>
    public static Vector512<float> Expm1(Vector512<float> x)
    {
        // Taylor polynomial of degree 8: its truncation error at ln(2)/2 is below 1e-9 relative. Outside, exp(x) is
        // below 0.71 or above 1.41, so the subtraction magnifies exp's relative error at most 3.4 times.
        // NaN fails the comparison and takes exp.
        Vector512<float> p = Vector512.Create(1f / 40320f);
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1f / 5040f));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1f / 720f));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1f / 120f));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1f / 24f));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(1f / 6f));
        p = Vector512.FusedMultiplyAdd(p, x, Vector512.Create(0.5f));
        Vector512<float> near0 = Vector512.FusedMultiplyAdd(p * x, x, x);
        Vector512<float> far = FloatExp.Exp(x) - Vector512<float>.One;
        Vector512<float> useNear0 = Vector512.LessThan(Vector512.Abs(x), Vector512.Create(Expm1PolynomialLimit));
        return Vector512.ConditionalSelect(useNear0, near0, far);
    }

    /// <summary>log(1 + t) for t &gt; -1, accurate for tiny t where 1 + t rounds to 1.</summary>
    public static Vector512<float> Log1p(Vector512<float> t)
    {
        // u = 1 + t is rounded; (t - (u - 1)) is that rounding error exactly, and d log(u) = du / u restores it.
        Vector512<float> u = Vector512<float>.One + t;
        return Vector512.Log(u) + (t - (u - Vector512<float>.One)) / u;
    }

    /// <summary>
    /// exp(-u^2 / 2) for u = min(|x|, 15), with u^2 split into its rounded value and exact rounding error (FMA) so that
    /// the result stays within an ulp or two where the exponent is large.
    /// </summary>
    public static Vector512<float> GaussianKernel(Vector512<float> u)
    {
        Vector512<float> p = u * u;
        Vector512<float> e = Vector512.FusedMultiplyAdd(u, u, -p);
        Vector512<float> g = FloatExp.Exp(p * Vector512.Create(-0.5f));
        // exp(-(p + e)/2) = exp(-p/2) exp(-e/2) and |e/2| <= 2^-18, so the first-order factor 1 - e/2 suffices.
        return Vector512.FusedMultiplyAdd(g, e * Vector512.Create(-0.5f), g);
    }

    /// <summary>The argument the normal tail helpers expect: |x| clamped to where the tail is 0 in float (NaN stays NaN).</summary>
    public static Vector512<float> NormalTailArgument(Vector512<float> x) => Vector512.Min(Vector512.Abs(x), Vector512.Create(NormalTailClamp));

    /// <summary>
    /// Q(u) / exp(-u^2/2) for u &gt;= 0, where Q(u) = Phi(-u) is the upper tail of the standard normal distribution;
    /// relative error about 1.2e-7 on [0, 15].
    /// </summary>
    /// <remarks>
    /// (1 + sqrt(2) u) Q(u) exp(u^2/2) rises smoothly from 0.5 to sqrt(1/pi) as u goes from 0 to infinity; after the
    /// change of variable q = (u - 4) / (u + 4), which maps [0, 15] onto [-1, 0.58], a degree-10 polynomial
    /// (Chebyshev fit, error 2e-9) matches it. Unlike 1 + erf, this form keeps full relative precision in the far tail.
    /// </remarks>
    public static Vector512<float> NormalTailRatio(Vector512<float> u)
    {
        Vector512<float> four = Vector512.Create(4f);
        Vector512<float> q = (u - four) / (u + four);
        Vector512<float> h = Vector512.Create(-0.00010833198757609352f);
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(-7.159039523685351e-05f));
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(0.0010487702675163746f));
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(-0.0006927166832610965f));
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(-0.007282972801476717f));
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(0.028888918459415436f));
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(-0.0583193376660347f));
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(0.07014860957860947f));
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(-0.0317210927605629f));
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(-0.06617830693721771f));
        h = Vector512.FusedMultiplyAdd(h, q, Vector512.Create(0.6284778714179993f));
        return h / Vector512.FusedMultiplyAdd(u, Vector512.Create(1.41421356f), Vector512<float>.One);
    }
}
