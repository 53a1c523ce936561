package io.faultline.common.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * Failure-classification thresholds and the impact weight of one model ({@code thresholds.defaults} merged with
 * {@code thresholds.models.<model>}). A value exactly at a threshold is never a failure.
 */
public final class ModelThresholds implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Neutral: severity as the mode's own rule gives it. */
    public static final double DEFAULT_IMPACT_WEIGHT = 1.0;
    /** Ten doublings: far more than the three severity levels a weight can move. */
    public static final double MAX_IMPACT_WEIGHT = 1024;

    private final double latencySloMs;
    private final double lowConfidence;
    private final double ambiguousMargin;
    private final double impactWeight;

    /** Thresholds with the neutral impact weight {@value #DEFAULT_IMPACT_WEIGHT}. */
    public ModelThresholds(double latencySloMs, double lowConfidence, double ambiguousMargin) {
        this(latencySloMs, lowConfidence, ambiguousMargin, DEFAULT_IMPACT_WEIGHT);
    }

    /**
     * @throws IllegalArgumentException unless latencySloMs is finite and {@code > 0}, lowConfidence and
     *     ambiguousMargin are in [0, 1], and impactWeight is in (0, {@value #MAX_IMPACT_WEIGHT}]
     */
    public ModelThresholds(double latencySloMs, double lowConfidence, double ambiguousMargin, double impactWeight) {
        if (!(latencySloMs > 0) || Double.isInfinite(latencySloMs)) {
            throw new IllegalArgumentException("latency-slo-ms must be a finite number > 0: " + latencySloMs);
        }
        if (!(lowConfidence >= 0 && lowConfidence <= 1)) {
            throw new IllegalArgumentException("low-confidence must be in [0, 1]: " + lowConfidence);
        }
        if (!(ambiguousMargin >= 0 && ambiguousMargin <= 1)) {
            throw new IllegalArgumentException("ambiguous-margin must be in [0, 1]: " + ambiguousMargin);
        }
        if (!(impactWeight > 0 && impactWeight <= MAX_IMPACT_WEIGHT)) {
            throw new IllegalArgumentException("impact-weight must be > 0 and at most " + MAX_IMPACT_WEIGHT + ": "
                    + impactWeight);
        }
        this.latencySloMs = latencySloMs;
        this.lowConfidence = lowConfidence;
        this.ambiguousMargin = ambiguousMargin;
        this.impactWeight = impactWeight;
    }

    /** A prediction slower than this (milliseconds) breaches the latency SLO. */
    public double latencySloMs() {
        return latencySloMs;
    }

    /** A confidence below this is LOW_CONFIDENCE. */
    public double lowConfidence() {
        return lowConfidence;
    }

    /** A top-1 minus top-2 score margin below this is AMBIGUOUS. */
    public double ambiguousMargin() {
        return ambiguousMargin;
    }

    /**
     * How much a failure of this model matters relative to others: each full doubling above 1 raises a
     * catalog row's severity one level, each full halving below 1 lowers it one level (see
     * {@code FailureAnnotator}).
     */
    public double impactWeight() {
        return impactWeight;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ModelThresholds)) return false;
        ModelThresholds t = (ModelThresholds) o;
        return Double.compare(latencySloMs, t.latencySloMs) == 0
                && Double.compare(lowConfidence, t.lowConfidence) == 0
                && Double.compare(ambiguousMargin, t.ambiguousMargin) == 0
                && Double.compare(impactWeight, t.impactWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(latencySloMs, lowConfidence, ambiguousMargin, impactWeight);
    }

    @Override
    public String toString() {
        return "ModelThresholds{latency-slo-ms=" + latencySloMs + ", low-confidence=" + lowConfidence
                + ", ambiguous-margin=" + ambiguousMargin + ", impact-weight=" + impactWeight + "}";
    }
}
