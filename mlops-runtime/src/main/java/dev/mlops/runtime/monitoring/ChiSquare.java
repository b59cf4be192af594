// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

/**
 * The chi-square distribution, for chi-square test p-values: the regularized upper incomplete gamma function
 * {@code Q(dof / 2, x / 2)}, by its series below {@code a + 1} and its continued fraction above (Numerical Recipes,
 * 6.2). Stateless.
 */
final class ChiSquare {
    private static final int ITERATIONS = 1000;
    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    /** Lanczos coefficients, g = 7, 9 terms. */
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    private ChiSquare() {
    }

    /**
     * {@code P(X >= x)} for {@code X} chi-square distributed with {@code dof} degrees of freedom.
     *
     * @param x the statistic, {@code >= 0}
     * @param dof the degrees of freedom, {@code >= 1}
     * @return the p-value, in {@code [0, 1]}
     */
    static double pValue(double x, int dof) {
        if (dof < 1) {
            throw new IllegalArgumentException("dof: " + dof + ", expected >= 1");
        }
        if (!(x > 0)) {
            return 1;
        }
        double a = dof / 2.0;
        double z = x / 2;
        double q = z < a + 1 ? 1 - lowerSeries(a, z) : upperFraction(a, z);
        return Math.max(0, Math.min(1, q));
    }

    /** {@code P(a, z)} by its series, for {@code z < a + 1}. */
    private static double lowerSeries(double a, double z) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < ITERATIONS; n++) {
            term *= z / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                break;
            }
        }
        return sum * Math.exp(-z + a * Math.log(z) - logGamma(a));
    }

    /** {@code Q(a, z)} by its continued fraction (modified Lentz), for {@code z >= a + 1}. */
    private static double upperFraction(double a, double z) {
        double b = z + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(-z + a * Math.log(z) - logGamma(a)) * h;
    }

    /** {@code ln Gamma(x)} for {@code x > 0}, Lanczos (g = 7, 9 terms), relative error below 1e-15. */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double y = x - 1;
        double sum = LANCZOS[0];
        double t = y + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (y + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
