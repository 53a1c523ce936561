package io.faultline.common.drift;

/**
 * Distances between a reference and a current distribution given as exact counts over the same bins. Pure
 * functions of integer counts (and, for Wasserstein, the frozen edges): the same counts give bit-identical results on
 * every JVM ({@link StrictMath}, sums in bin order).
 *
 * <p>Conventions shared by all: {@code r_i}, {@code c_i} are the reference and current counts of bin {@code i},
 * {@code R = Σ r_i}, {@code C = Σ c_i}. A result is NaN when {@code R = 0} or {@code C = 0} (no distribution to
 * compare). Natural logarithms unless stated.
 */
public final class DriftMetrics {
    /**
     * Pseudo-count added to each bin before PSI's logarithm, so an empty bin gives a finite value. 0.5 is the
     * Haldane–Anscombe correction for log ratios of counts (Haldane, Ann. Hum. Genet. 20, 1956; Anscombe,
     * Biometrika 43, 1956); unlike a fixed floor on proportions it shrinks with the sample size.
     */
    public static final double PSI_PSEUDO_COUNT = 0.5;

    /**
     * Floor of the reference standard deviation when normalising Wasserstein distance, as in Evidently's
     * {@code wasserstein_distance_norm} ({@code max(np.std(reference), 0.001)}), so a constant reference does not
     * divide by zero.
     */
    public static final double WASSERSTEIN_MIN_SCALE = 0.001;

    private static final double LN_2 = StrictMath.log(2.0);

    private DriftMetrics() {}

    /**
     * Population Stability Index:
     * {@code PSI = Σ_i (q_i − p_i)·ln(q_i / p_i)} with smoothed proportions {@code p_i = (r_i + ½)/(R + ½B)} and
     * {@code q_i = (c_i + ½)/(C + ½B)}, over the {@code B} bins that are non-empty in at least one of the two
     * distributions (bins empty in both carry no information and would only add smoothing noise). 0 when
     * {@code B ≤ 1}. Source: the symmetrised Kullback–Leibler divergence (Jeffreys' J) of binned proportions, as
     * used for scorecard monitoring (N. Siddiqi, <i>Credit Risk Scorecards</i>, Wiley, 2006; B. Yurdakul,
     * <i>Statistical Properties of Population Stability Index</i>, Western Michigan University, 2018).
     */
    public static double psi(long[] reference, long[] current) {
        long r = total(reference, current);
        long c = total(current, reference);
        if (r == 0 || c == 0) {
            return Double.NaN;
        }
        int bins = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                bins++;
            }
        }
        if (bins <= 1) {
            return 0.0;
        }
        double referenceTotal = r + PSI_PSEUDO_COUNT * bins;
        double currentTotal = c + PSI_PSEUDO_COUNT * bins;
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                double p = (reference[i] + PSI_PSEUDO_COUNT) / referenceTotal;
                double q = (current[i] + PSI_PSEUDO_COUNT) / currentTotal;
                psi += (q - p) * StrictMath.log(q / p);
            }
        }
        return psi;
    }

    /**
     * Jensen–Shannon distance, base 2: {@code √JSD} with
     * {@code JSD = ½ Σ_i p_i log₂(p_i/m_i) + ½ Σ_i q_i log₂(q_i/m_i)}, {@code p_i = r_i/R}, {@code q_i = c_i/C},
     * {@code m_i = (p_i + q_i)/2}, terms with a zero proportion being 0. No smoothing is needed ({@code m_i > 0}
     * wherever a term is non-zero). In [0, 1]: 0 for equal distributions, 1 for disjoint supports. Sources: J. Lin,
     * "Divergence measures based on the Shannon entropy", IEEE Trans. Inf. Theory 37(1), 1991 (the divergence);
     * D. Endres, J. Schindelin, "A new metric for probability distributions", IEEE Trans. Inf. Theory 49(7), 2003
     * (its square root is a metric); the same quantity as SciPy's {@code jensenshannon(p, q, base=2)}.
     */
    public static double jsDistance(long[] reference, long[] current) {
        long r = total(reference, current);
        long c = total(current, reference);
        if (r == 0 || c == 0) {
            return Double.NaN;
        }
        double divergence = 0;
        for (int i = 0; i < reference.length; i++) {
            double p = (double) reference[i] / r;
            double q = (double) current[i] / c;
            double m = (p + q) / 2;
            if (p > 0) {
                divergence += 0.5 * p * StrictMath.log(p / m);
            }
            if (q > 0) {
                divergence += 0.5 * q * StrictMath.log(q / m);
            }
        }
        double bits = Math.max(0.0, Math.min(1.0, divergence / LN_2));
        return Math.sqrt(bits);
    }

    /**
     * Wasserstein-1 (earth mover's) distance between two binned distributions, in the unit of the values:
     * {@code W₁ = ∫ |F_r(x) − F_c(x)| dx} (in one dimension, the integral of the CDF difference; S. S. Vallender,
     * Theory Probab. Appl. 18(4), 1974), with each CDF taken piecewise linear inside each bin (mass spread
     * uniformly over the bin).
     *
     * <p>The bins are {@code (−∞, e_1), [e_1, e_2), …, [e_k, +∞)}. The outer bins are bounded by the observed range:
     * the support points are {@code x_0 = min(lowerBound, e_1), x_1 = e_1, …, x_k = e_k,
     * x_(k+1) = max(upperBound, e_k)}, where callers pass the minimum and maximum over both distributions. With
     * {@code D_j = F_r(x_j) − F_c(x_j)} ({@code D_0 = D_(k+1) = 0}, {@code F(x_j)} the fraction of the counts in bins
     * below {@code j}), {@code W₁ = Σ_j (x_(j+1) − x_j)·A(D_j, D_(j+1))} where {@code A(a, b)} is the mean of
     * {@code |linear from a to b|}: {@code (|a| + |b|)/2} when {@code a, b} have the same sign, else
     * {@code (a² + b²)/(2(|a| + |b|))}. The binning hides any difference inside a bin.
     *
     * @param edges the {@code k = reference.length − 1} bin edges, strictly increasing
     */
    public static double wasserstein1(long[] reference, long[] current, double[] edges, double lowerBound,
            double upperBound) {
        long r = total(reference, current);
        long c = total(current, reference);
        if (edges.length != reference.length - 1) {
            throw new IllegalArgumentException(edges.length + " edges for " + reference.length + " bins");
        }
        if (r == 0 || c == 0) {
            return Double.NaN;
        }
        int k = edges.length;
        if (k == 0) {
            return 0.0;
        }
        double distance = 0;
        long cumulativeReference = 0;
        long cumulativeCurrent = 0;
        double previousPoint = Math.min(lowerBound, edges[0]);
        double previousDifference = 0;
        for (int j = 0; j <= k; j++) {
            cumulativeReference += reference[j];
            cumulativeCurrent += current[j];
            double point = j < k ? edges[j] : Math.max(upperBound, edges[k - 1]);
            double difference = j < k ? (double) cumulativeReference / r - (double) cumulativeCurrent / c : 0.0;
            distance += (point - previousPoint) * meanAbsoluteOfLinear(previousDifference, difference);
            previousPoint = point;
            previousDifference = difference;
        }
        return distance;
    }

    private static double meanAbsoluteOfLinear(double a, double b) {
        if (a == 0 && b == 0) {
            return 0;
        }
        if ((a >= 0 && b >= 0) || (a <= 0 && b <= 0)) {
            return (Math.abs(a) + Math.abs(b)) / 2;
        }
        return (a * a + b * b) / (2 * (Math.abs(a) + Math.abs(b)));
    }

    /**
     * {@link #wasserstein1} divided by {@code max(referenceStddev, }{@value #WASSERSTEIN_MIN_SCALE}{@code )}: the
     * distance in reference standard deviations, comparable across features (Evidently's "Wasserstein distance
     * (normed)").
     */
    public static double wassersteinNorm(long[] reference, long[] current, double[] edges, double lowerBound,
            double upperBound, double referenceStddev) {
        double distance = wasserstein1(reference, current, edges, lowerBound, upperBound);
        return distance / Math.max(referenceStddev, WASSERSTEIN_MIN_SCALE);
    }

    /**
     * Two-sample Kolmogorov–Smirnov statistic from the binned CDFs: {@code max_j |F_r(e_j) − F_c(e_j)|} over the
     * edges, where {@code F(e_j)} is the fraction of the counts below {@code e_j} (bins {@code 0 … j−1}). Resolution:
     * the CDFs are only known at the edges, so this is a lower bound of the KS statistic of the raw values, blind to
     * differences inside a bin; 0 without edges. Source: A. N. Kolmogorov (1933), N. Smirnov (1948).
     */
    public static double ksStatistic(long[] reference, long[] current) {
        long r = total(reference, current);
        long c = total(current, reference);
        if (r == 0 || c == 0) {
            return Double.NaN;
        }
        double max = 0;
        long cumulativeReference = 0;
        long cumulativeCurrent = 0;
        for (int j = 0; j < reference.length - 1; j++) {
            cumulativeReference += reference[j];
            cumulativeCurrent += current[j];
            max = Math.max(max, Math.abs((double) cumulativeReference / r - (double) cumulativeCurrent / c));
        }
        return max;
    }

    /** Checks the arrays match and returns {@code Σ counts}. */
    static long total(long[] counts, long[] other) {
        if (counts.length != other.length) {
            throw new IllegalArgumentException("bin counts differ in length: " + counts.length + " vs " + other.length);
        }
        if (counts.length == 0) {
            throw new IllegalArgumentException("at least one bin is needed");
        }
        long total = 0;
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("negative bin count " + count);
            }
            total = Math.addExact(total, count);
        }
        return total;
    }
}
