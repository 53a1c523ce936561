package io.faultline.common.drift;

import java.io.Serializable;
import java.util.Objects;

/**
 * Effect-size thresholds and the minimum sample size behind a {@link DriftStatus}. Immutable. A value at or above a
 * threshold crosses it.
 *
 * <p>Defaults and where they come from:
 * <ul>
 *   <li>PSI warn 0.1, drift 0.25: the credit-scoring convention ("below 0.1 no significant change, 0.1 to 0.25
 *       some change worth investigating, above 0.25 a significant shift"; N. Siddiqi, <i>Credit Risk Scorecards</i>,
 *       Wiley, 2006; discussed and tested in B. Yurdakul, <i>Statistical Properties of Population Stability
 *       Index</i>, Western Michigan University, 2018).</li>
 *   <li>Jensen–Shannon distance warn 0.1: Evidently's default threshold for its Jensen–Shannon drift method on
 *       reference data of more than 1000 rows (https://docs.evidentlyai.com/reference/data-drift-algorithm).
 *       Drift 0.2 is a Faultline choice, twice the warn level; no published source.</li>
 *   <li>Normalised Wasserstein warn 0.1: Evidently's default threshold for "Wasserstein distance (normed)", the
 *       distance in reference standard deviations (same page). Drift 0.2 is a Faultline choice, twice the warn
 *       level; no published source.</li>
 *   <li>Minimum sample size 1000, in the window and in the reference. Why 1000: sampling noise alone moves every
 *       effect size, and at this size it stays below the warn levels. With no real change, PSI over {@code B} bins
 *       behaves like {@code χ²_(B−1)·(1/n_r + 1/n_c)} (Yurdakul 2018) and JS distance like {@code √(PSI/(8 ln 2))};
 *       Wasserstein noise shrinks as {@code 1/√n}. Measured with a 100 000-value reference and the default ten
 *       quantile bins, the 95th percentiles over 200 windows drawn from the reference's own distribution were, at
 *       500 values: PSI 0.033, JS distance 0.078, normalised Wasserstein 0.108 (normal) / 0.099 (lognormal), so
 *       about one window in twenty would WARN on Wasserstein alone; at 1000 values: 0.018, 0.057, 0.072 / 0.072.
 *       Categorical columns with many categories need more: the noise grows with the number of bins.</li>
 * </ul>
 */
public final class DriftThresholds implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_PSI_WARN = 0.1;
    public static final double DEFAULT_PSI_DRIFT = 0.25;
    public static final double DEFAULT_JS_DISTANCE_WARN = 0.1;
    public static final double DEFAULT_JS_DISTANCE_DRIFT = 0.2;
    public static final double DEFAULT_WASSERSTEIN_NORM_WARN = 0.1;
    public static final double DEFAULT_WASSERSTEIN_NORM_DRIFT = 0.2;
    public static final long DEFAULT_MIN_SAMPLE_SIZE = 1000;

    private static final DriftThresholds DEFAULTS = builder().build();

    private final double psiWarn;
    private final double psiDrift;
    private final double jsDistanceWarn;
    private final double jsDistanceDrift;
    private final double wassersteinNormWarn;
    private final double wassersteinNormDrift;
    private final long minSampleSize;

    private DriftThresholds(Builder b) {
        this.psiWarn = b.psiWarn;
        this.psiDrift = b.psiDrift;
        this.jsDistanceWarn = b.jsDistanceWarn;
        this.jsDistanceDrift = b.jsDistanceDrift;
        this.wassersteinNormWarn = b.wassersteinNormWarn;
        this.wassersteinNormDrift = b.wassersteinNormDrift;
        this.minSampleSize = b.minSampleSize;
    }

    public static DriftThresholds defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    public double psiWarn() {
        return psiWarn;
    }

    public double psiDrift() {
        return psiDrift;
    }

    public double jsDistanceWarn() {
        return jsDistanceWarn;
    }

    public double jsDistanceDrift() {
        return jsDistanceDrift;
    }

    public double wassersteinNormWarn() {
        return wassersteinNormWarn;
    }

    public double wassersteinNormDrift() {
        return wassersteinNormDrift;
    }

    /** Fewer values than this in the window or in the reference gives {@link DriftStatus#INSUFFICIENT_DATA}. */
    public long minSampleSize() {
        return minSampleSize;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof DriftThresholds)) return false;
        DriftThresholds t = (DriftThresholds) o;
        return Double.compare(psiWarn, t.psiWarn) == 0
                && Double.compare(psiDrift, t.psiDrift) == 0
                && Double.compare(jsDistanceWarn, t.jsDistanceWarn) == 0
                && Double.compare(jsDistanceDrift, t.jsDistanceDrift) == 0
                && Double.compare(wassersteinNormWarn, t.wassersteinNormWarn) == 0
                && Double.compare(wassersteinNormDrift, t.wassersteinNormDrift) == 0
                && minSampleSize == t.minSampleSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(psiWarn, psiDrift, jsDistanceWarn, jsDistanceDrift, wassersteinNormWarn,
                wassersteinNormDrift, minSampleSize);
    }

    @Override
    public String toString() {
        return "DriftThresholds{psi=" + psiWarn + "/" + psiDrift + ", js_distance=" + jsDistanceWarn + "/"
                + jsDistanceDrift + ", wasserstein_norm=" + wassersteinNormWarn + "/" + wassersteinNormDrift
                + ", min_sample_size=" + minSampleSize + "}";
    }

    /** Validates once, in {@link #build()}. */
    public static final class Builder {
        private double psiWarn = DEFAULT_PSI_WARN;
        private double psiDrift = DEFAULT_PSI_DRIFT;
        private double jsDistanceWarn = DEFAULT_JS_DISTANCE_WARN;
        private double jsDistanceDrift = DEFAULT_JS_DISTANCE_DRIFT;
        private double wassersteinNormWarn = DEFAULT_WASSERSTEIN_NORM_WARN;
        private double wassersteinNormDrift = DEFAULT_WASSERSTEIN_NORM_DRIFT;
        private long minSampleSize = DEFAULT_MIN_SAMPLE_SIZE;

        private Builder() {}

        public Builder psi(double warn, double drift) {
            this.psiWarn = warn;
            this.psiDrift = drift;
            return this;
        }

        public Builder jsDistance(double warn, double drift) {
            this.jsDistanceWarn = warn;
            this.jsDistanceDrift = drift;
            return this;
        }

        public Builder wassersteinNorm(double warn, double drift) {
            this.wassersteinNormWarn = warn;
            this.wassersteinNormDrift = drift;
            return this;
        }

        public Builder minSampleSize(long minSampleSize) {
            this.minSampleSize = minSampleSize;
            return this;
        }

        /**
         * @throws IllegalArgumentException unless every warn threshold is finite, {@code > 0} and at most its drift
         *     threshold, JS distance thresholds are at most 1, and the minimum sample size is at least 1
         */
        public DriftThresholds build() {
            check("psi", psiWarn, psiDrift, Double.MAX_VALUE);
            check("js-distance", jsDistanceWarn, jsDistanceDrift, 1.0);
            check("wasserstein-norm", wassersteinNormWarn, wassersteinNormDrift, Double.MAX_VALUE);
            if (minSampleSize < 1) {
                throw new IllegalArgumentException("min-sample-size must be at least 1: " + minSampleSize);
            }
            return new DriftThresholds(this);
        }

        private static void check(String name, double warn, double drift, double max) {
            if (!(warn > 0 && warn <= drift && drift <= max)) {
                throw new IllegalArgumentException(name + " thresholds must satisfy 0 < warn <= drift <= " + max
                        + ": warn=" + warn + ", drift=" + drift);
            }
        }
    }
}
