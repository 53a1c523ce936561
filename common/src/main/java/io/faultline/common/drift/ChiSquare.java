package io.faultline.common.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * Pearson's chi-square test of homogeneity of the reference and current counts over the same bins (a 2 × B
 * contingency table): {@code χ² = Σ_g Σ_{s ∈ {r, c}} (n_sg − E_sg)² / E_sg} with expected counts
 * {@code E_rg = R·(r_g + c_g)/N}, {@code E_cg = C·(r_g + c_g)/N}, {@code N = R + C}, over {@code G} groups, with
 * {@code G − 1} degrees of freedom and p-value {@code Q((G−1)/2, χ²/2)} ({@link IncompleteGamma}).
 *
 * <p><b>Regrouping.</b> The chi-square approximation needs expected counts of about 5 or more (W. G. Cochran, "Some
 * methods for strengthening the common χ² tests", Biometrics 10(4), 1954). Bins empty on both sides are dropped;
 * bins with an expected count below 5 on either side are pooled, in bin order, into one group after the others; if
 * that pooled group is itself below 5, it joins the group with the fewest values (the first on a tie). Fewer than two
 * groups: {@code χ² = 0}, {@code df = 0}, {@code p = 1}. The result depends only on the counts.
 *
 * <p>At production volumes almost any difference gives a tiny p-value, so the p-value is supporting evidence, never
 * a verdict by itself (see {@link DriftScores}).
 *
 * @param statistic χ²; NaN when either side has no values
 * @param degreesOfFreedom {@code G − 1}
 * @param pValue NaN when either side has no values
 */
public record ChiSquare(double statistic, int degreesOfFreedom, double pValue) {
    /** Expected count below which a bin is pooled (Cochran 1954). */
    public static final double MIN_EXPECTED = 5.0;

    private static final ChiSquare UNDEFINED = new ChiSquare(Double.NaN, 0, Double.NaN);
    private static final ChiSquare SINGLE_GROUP = new ChiSquare(0.0, 0, 1.0);

    /** The test over {@code reference} and {@code current} counts of the same bins. */
    public static ChiSquare homogeneity(long[] reference, long[] current) {
        long r = DriftMetrics.total(reference, current);
        long c = DriftMetrics.total(current, reference);
        if (r == 0 || c == 0) {
            return UNDEFINED;
        }
        double n = (double) r + c;
        List<long[]> groups = new ArrayList<>();
        long pooledReference = 0;
        long pooledCurrent = 0;
        boolean pooled = false;
        for (int i = 0; i < reference.length; i++) {
            long both = reference[i] + current[i];
            if (both == 0) {
                continue;
            }
            if (minExpected(r, c, n, both) < MIN_EXPECTED) {
                pooledReference += reference[i];
                pooledCurrent += current[i];
                pooled = true;
            } else {
                groups.add(new long[] {reference[i], current[i]});
            }
        }
        if (pooled) {
            if (minExpected(r, c, n, pooledReference + pooledCurrent) < MIN_EXPECTED && !groups.isEmpty()) {
                long[] smallest = groups.get(0);
                for (long[] g : groups) {
                    if (g[0] + g[1] < smallest[0] + smallest[1]) {
                        smallest = g;
                    }
                }
                smallest[0] += pooledReference;
                smallest[1] += pooledCurrent;
            } else {
                groups.add(new long[] {pooledReference, pooledCurrent});
            }
        }
        if (groups.size() < 2) {
            return SINGLE_GROUP;
        }
        double statistic = 0;
        for (long[] g : groups) {
            double both = (double) g[0] + g[1];
            double expectedReference = r * both / n;
            double expectedCurrent = c * both / n;
            statistic += square(g[0] - expectedReference) / expectedReference
                    + square(g[1] - expectedCurrent) / expectedCurrent;
        }
        int df = groups.size() - 1;
        return new ChiSquare(statistic, df, IncompleteGamma.chiSquareSurvival(statistic, df));
    }

    private static double minExpected(long r, long c, double n, long both) {
        return Math.min(r, c) * (double) both / n;
    }

    private static double square(double x) {
        return x * x;
    }
}
