package io.faultline.common.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * Failure-classification thresholds of one model ({@code thresholds.defaults} merged with
 * {@code thresholds.models.<model>}). A value exactly at a threshold is never a failure.
 */
public final class ModelThresholds implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double latencySloMs;
    private final double lowConfidence;
    private final double ambiguousMargin;

    /**
     * @throws IllegalArgumentException unless latencySloMs is finite and {@code > 0} and the other two are in [0, 1]
     */
    public ModelThresholds(double latencySloMs, double lowConfidence, double ambiguousMargin) {
        if (!(latencySloMs > 0) || Double.isInfinite(latencySloMs)) {
            throw new IllegalArgumentException("latency-slo-ms must be a finite number > 0: " + latencySloMs);
        }
        if (!(lowConfidence >= 0 && lowConfidence <= 1)) {
            throw new IllegalArgumentException("low-confidence must be in [0, 1]: " + lowConfidence);
        }
        if (!(ambiguousMargin >= 0 && ambiguousMargin <= 1)) {
            throw new IllegalArgumentException("ambiguous-margin must be in [0, 1]: " + ambiguousMargin);
        }
        this.latencySloMs = latencySloMs;
        this.lowConfidence = lowConfidence;
        this.ambiguousMargin = ambiguousMargin;
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

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ModelThresholds)) return false;
        ModelThresholds t = (ModelThresholds) o;
        return Double.compare(latencySloMs, t.latencySloMs) == 0
                && Double.compare(lowConfidence, t.lowConfidence) == 0
                && Double.compare(ambiguousMargin, t.ambiguousMargin) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(latencySloMs, lowConfidence, ambiguousMargin);
    }

    @Override
    public String toString() {
        return "ModelThresholds{latency-slo-ms=" + latencySloMs + ", low-confidence=" + lowConfidence
                + ", ambiguous-margin=" + ambiguousMargin + "}";
    }
}
