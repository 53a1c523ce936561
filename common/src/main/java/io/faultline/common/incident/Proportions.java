package io.faultline.common.incident;

/** The two tests on proportions behind the rate and regression signals. */
final class Proportions {
    private Proportions() {}

    /**
     * Lower bound of the Wilson score interval for {@code x} successes in {@code n} trials at {@code z} standard
     * normal deviates (E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
     * JASA 22 (1927) 209-212; recommended over the plain normal interval by A. Agresti and B. A. Coull,
     * "Approximate is better than 'exact' for interval estimation of binomial proportions", The American
     * Statistician 52 (1998) 119-126). It stays inside [0, 1] and is meaningful at {@code x = 0} and for rates
     * near 0, which is where failure rates live.
     */
    static double wilsonLowerBound(long x, long n, double z) {
        if (n <= 0) {
            return 0;
        }
        double p = (double) x / n;
        double z2 = z * z;
        double centre = p + z2 / (2.0 * n);
        double spread = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return Math.max(0, (centre - spread) / (1 + z2 / n));
    }

    /**
     * The pooled two-proportion z statistic of {@code x1/n1} against {@code x2/n2} (positive when the first is
     * higher): {@code (p1 - p2) / sqrt(p(1-p)(1/n1 + 1/n2))} with {@code p = (x1+x2)/(n1+n2)} (NIST/SEMATECH
     * e-Handbook of Statistical Methods, section 7.3.3, on whether two processes produce the same proportion of
     * defectives). When the pooled rate is 0 or 1 both rates are equal and the
     * statistic is 0.
     */
    static double twoProportionZ(double x1, double n1, double x2, double n2) {
        double p1 = x1 / n1;
        double p2 = x2 / n2;
        double pooled = (x1 + x2) / (n1 + n2);
        double variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
        if (!(variance > 0)) {
            return 0;
        }
        return (p1 - p2) / Math.sqrt(variance);
    }
}
