// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

/**
 * The Kolmogorov distribution, for Kolmogorov-Smirnov p-values. Stateless.
 */
final class Kolmogorov {
    private Kolmogorov() {
    }

    /**
     * The asymptotic p-value of a KS distance with Stephens' small-sample correction,
     * {@code Q((sqrt(n) + 0.12 + 0.11 / sqrt(n)) * d)}, where {@code n} is the effective size of a two-sample test,
     * {@code n * m / (n + m)} (for a one-sample test against an exact CDF, pass {@code m = Long.MAX_VALUE}).
     *
     * @param d the distance, in {@code [0, 1]}
     * @param n the window's values
     * @param m the reference sample's values
     * @return the p-value, in {@code [0, 1]}
     */
    static double pValue(double d, long n, long m) {
        double ne = m == Long.MAX_VALUE ? n : (double) n * m / ((double) n + m);
        double s = Math.sqrt(ne);
        return survival((s + 0.12 + 0.11 / s) * d);
    }

    /**
     * {@code Q(lambda) = P(K > lambda) = 2 sum_(j>=1) (-1)^(j-1) exp(-2 j^2 lambda^2)}; below {@code lambda = 1.18}
     * the equivalent series {@code 1 - sqrt(2 pi) / lambda sum_(j>=1) exp(-(2j-1)^2 pi^2 / (8 lambda^2))}, which
     * converges fast there.
     */
    static double survival(double lambda) {
        if (lambda <= 0) {
            return 1;
        }
        if (lambda < 1.18) {
            double sum = 0;
            for (int j = 1; j <= 20; j++) {
                double t = (2 * j - 1) * Math.PI / lambda;
                sum += Math.exp(-t * t / 8);
            }
            return Math.max(0, Math.min(1, 1 - Math.sqrt(2 * Math.PI) / lambda * sum));
        }
        double sum = 0;
        for (int j = 1; j <= 100; j++) {
            double term = Math.exp(-2.0 * j * j * lambda * lambda);
            sum += (j % 2 == 1 ? term : -term);
            if (term < 1e-300) {
                break;
            }
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }
}
