package io.faultline.common.drift;

import io.faultline.common.stats.CategoricalReference;
import io.faultline.common.stats.CategoricalSummary;
import io.faultline.common.stats.ColumnKind;
import io.faultline.common.stats.ColumnProfile;
import io.faultline.common.stats.LogBucketQuantileSketch;
import io.faultline.common.stats.NumericReference;
import io.faultline.common.stats.NumericSummary;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drift of one column in one window against its reference: effect sizes, supporting statistics, a combined
 * score and a verdict. Computed only from exact bin counts (and exact min/max and the reference's moments), so the
 * same window gives bit-identical scores for any parallelism, in streaming and batch, and after a restore.
 *
 * <p><b>Bins.</b> PSI, JS distance and chi-square use the reference's frozen bins: for a numeric column its
 * quantile bins ({@link NumericReference}), for a categorical column each reference category, then {@code other},
 * then {@code unseen} ({@link CategoricalReference#binCounts()}). Wasserstein and KS (numeric only) use a finer
 * frozen grid: the buckets of the reference's and the window's quantile sketches ({@code 2α}, 2 % at the default
 * α = 0.01, wide in relative terms), whose counts are just as exact. Why: across ten quantile bins the outermost
 * bins stretch to the extremes, and spreading their mass uniformly overstated a half-σ normal shift as 0.68σ and a
 * lognormal one as 2.9σ, and quadrupled the no-change noise of heavy-tailed features; at bucket resolution both
 * match the Wasserstein distance of the raw values to within about α.
 *
 * <p><b>Metrics</b> (formulas in {@link DriftMetrics} and {@link ChiSquare}): {@code psi}, {@code js_distance},
 * {@code wasserstein_norm} (numeric only, NaN for categorical), {@code ks_stat} (numeric only, NaN for
 * categorical: the two-sample KS statistic of the values rounded to their sketch buckets), {@code chi2_stat} and
 * {@code chi2_p} (the homogeneity test over the reference bins, for both kinds). All are NaN when the window or the
 * reference has no values.
 *
 * <p><b>drift_score</b> {@code = max(psi/psiDrift, js_distance/jsDistanceDrift, wasserstein_norm/wassersteinNormDrift)}
 * over the metrics defined for the kind: 1.0 means the strongest effect size sits exactly at its drift threshold,
 * 0.5 halfway there. Chi-square and KS do not enter it.
 *
 * <p><b>status</b>: {@link DriftStatus#INSUFFICIENT_DATA} when the window or the reference has fewer values than
 * {@link DriftThresholds#minSampleSize()} (metrics are still reported when both have some values); otherwise
 * {@link DriftStatus#DRIFT} when any effect size is at or above its drift threshold (equivalently
 * {@code drift_score ≥ 1}), {@link DriftStatus#WARN} when any is at or above its warn threshold, else
 * {@link DriftStatus#NONE}. P-values never decide: at production volumes they are tiny for immaterial differences.
 *
 * @param kind the column's reference kind
 * @param referenceCount values in the reference distribution
 * @param currentCount values in the window's distribution (finite numbers, or non-null strings)
 */
public record DriftScores(
        ColumnKind kind,
        long referenceCount,
        long currentCount,
        double psi,
        double jsDistance,
        double wassersteinNorm,
        double ksStat,
        double chi2Stat,
        int chi2DegreesOfFreedom,
        double chi2P,
        double driftScore,
        DriftStatus status) implements Serializable {

    /** Output names of the metrics, in the order of {@link #metrics()}. */
    public static final List<String> METRIC_NAMES =
            List.of("psi", "js_distance", "wasserstein_norm", "ks_stat", "chi2_stat", "chi2_p", "drift_score");

    /**
     * Drift of a numeric window summary against its reference.
     *
     * @throws IllegalArgumentException if the summary was not binned over the reference's edges
     */
    public static DriftScores compare(NumericReference reference, NumericSummary current, DriftThresholds thresholds) {
        double[] edges = reference.edges();
        if (!Arrays.equals(edges, current.binEdges())) {
            throw new IllegalArgumentException("the summary of " + reference.column()
                    + " was not binned over the reference's edges");
        }
        LogBucketQuantileSketch referenceSketch = reference.quantileSketch();
        LogBucketQuantileSketch currentSketch = current.quantileSketch();
        if (referenceSketch.relativeAccuracy() != currentSketch.relativeAccuracy()
                || referenceSketch.maxBuckets() != currentSketch.maxBuckets()) {
            throw new IllegalArgumentException("the summary of " + reference.column()
                    + " uses other quantile sketch parameters than its reference");
        }
        long[] referenceBins = reference.binCounts();
        long[] currentBins = current.binCounts();
        double psi = DriftMetrics.psi(referenceBins, currentBins);
        double js = DriftMetrics.jsDistance(referenceBins, currentBins);
        BucketGrid grid = BucketGrid.of(reference.sketchBuckets(), currentSketch.buckets());
        double lower = minIgnoringNaN(reference.min(), current.min());
        double upper = maxIgnoringNaN(reference.max(), current.max());
        double wasserstein = DriftMetrics.wassersteinNorm(grid.reference(), grid.current(), grid.edges(), lower, upper,
                reference.stddev());
        double ks = DriftMetrics.ksStatistic(grid.reference(), grid.current());
        ChiSquare chi2 = ChiSquare.homogeneity(referenceBins, currentBins);
        double score = max(psi / thresholds.psiDrift(), js / thresholds.jsDistanceDrift(),
                wasserstein / thresholds.wassersteinNormDrift());
        DriftStatus status = status(thresholds, reference.count(), current.count(),
                psi >= thresholds.psiDrift() || js >= thresholds.jsDistanceDrift()
                        || wasserstein >= thresholds.wassersteinNormDrift(),
                psi >= thresholds.psiWarn() || js >= thresholds.jsDistanceWarn()
                        || wasserstein >= thresholds.wassersteinNormWarn());
        return new DriftScores(ColumnKind.NUMERIC, reference.count(), current.count(), psi, js, wasserstein, ks,
                chi2.statistic(), chi2.degreesOfFreedom(), chi2.pValue(), score, status);
    }

    /**
     * Drift of a categorical window summary against its reference.
     *
     * @throws IllegalArgumentException if the summary was not counted against this reference
     */
    public static DriftScores compare(CategoricalReference reference, CategoricalSummary current,
            DriftThresholds thresholds) {
        if (!reference.equals(current.reference())) {
            throw new IllegalArgumentException("the summary of " + reference.column()
                    + " was not counted against this reference");
        }
        long[] referenceBins = reference.binCounts();
        long[] currentBins = current.binCounts();
        double psi = DriftMetrics.psi(referenceBins, currentBins);
        double js = DriftMetrics.jsDistance(referenceBins, currentBins);
        ChiSquare chi2 = ChiSquare.homogeneity(referenceBins, currentBins);
        double score = max(psi / thresholds.psiDrift(), js / thresholds.jsDistanceDrift(), Double.NaN);
        DriftStatus status = status(thresholds, reference.count(), current.count(),
                psi >= thresholds.psiDrift() || js >= thresholds.jsDistanceDrift(),
                psi >= thresholds.psiWarn() || js >= thresholds.jsDistanceWarn());
        return new DriftScores(ColumnKind.CATEGORICAL, reference.count(), current.count(), psi, js, Double.NaN,
                Double.NaN, chi2.statistic(), chi2.degreesOfFreedom(), chi2.pValue(), score, status);
    }

    /**
     * Drift of a column profile against the reference it was counted against, using the summary of the reference's
     * kind (values of the other kind are a schema change, see {@link ColumnProfile#kindMismatch()}).
     *
     * @throws IllegalArgumentException if the profile has no reference
     */
    public static DriftScores compare(ColumnProfile profile, DriftThresholds thresholds) {
        if (profile.reference() instanceof NumericReference) {
            return compare((NumericReference) profile.reference(), profile.numeric(), thresholds);
        }
        if (profile.reference() instanceof CategoricalReference) {
            return compare((CategoricalReference) profile.reference(), profile.categorical(), thresholds);
        }
        throw new IllegalArgumentException("a profile without a reference has no drift");
    }

    private static DriftStatus status(DriftThresholds thresholds, long referenceCount, long currentCount,
            boolean atDrift, boolean atWarn) {
        if (referenceCount < thresholds.minSampleSize() || currentCount < thresholds.minSampleSize()) {
            return DriftStatus.INSUFFICIENT_DATA;
        }
        if (atDrift) {
            return DriftStatus.DRIFT;
        }
        return atWarn ? DriftStatus.WARN : DriftStatus.NONE;
    }

    /** The largest of the non-NaN arguments; NaN when all are NaN. */
    private static double max(double... values) {
        double max = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                max = v;
            }
        }
        return max;
    }

    private static double minIgnoringNaN(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double maxIgnoringNaN(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** The metrics by {@link #METRIC_NAMES}, in that order (NaN where not defined). */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("psi", psi);
        metrics.put("js_distance", jsDistance);
        metrics.put("wasserstein_norm", wassersteinNorm);
        metrics.put("ks_stat", ksStat);
        metrics.put("chi2_stat", chi2Stat);
        metrics.put("chi2_p", chi2P);
        metrics.put("drift_score", driftScore);
        return metrics;
    }
}
