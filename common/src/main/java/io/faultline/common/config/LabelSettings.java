package io.faultline.common.config;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The {@code labels} section: which of several labels of one prediction counts (the policy), and when a
 * contradicted prediction makes its label suspect. The policies themselves are
 * {@code io.faultline.common.label.LabelPolicy}.
 */
public final class LabelSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String NEWEST = "newest";
    public static final String MAJORITY = "majority";
    public static final String SOURCE_PRIORITY = "source-priority";
    /** The policy names, in documentation order. */
    public static final List<String> POLICIES = List.of(NEWEST, MAJORITY, SOURCE_PRIORITY);
    /** The label sources of the input contract. */
    public static final List<String> SOURCES = List.of("human", "outcome", "system");

    private final String policy;
    private final List<String> sourcePriority;
    private final double noiseConfidence;

    LabelSettings(String policy, List<String> sourcePriority, double noiseConfidence) {
        this.policy = policy;
        this.sourcePriority = List.copyOf(sourcePriority);
        this.noiseConfidence = noiseConfidence;
    }

    /** {@code newest}, {@code majority} or {@code source-priority}. */
    public String policy() {
        return policy;
    }

    /**
     * Sources from most to least trusted, for the {@code source-priority} policy; sources not listed (and
     * labels without a source) rank after every listed one.
     */
    public List<String> sourcePriority() {
        return sourcePriority;
    }

    /**
     * A prediction with at least this confidence whose effective label contradicts it is
     * {@code SUSPECTED_LABEL_NOISE}.
     */
    public double noiseConfidence() {
        return noiseConfidence;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LabelSettings)) return false;
        LabelSettings l = (LabelSettings) o;
        return Double.compare(noiseConfidence, l.noiseConfidence) == 0
                && policy.equals(l.policy)
                && sourcePriority.equals(l.sourcePriority);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, sourcePriority, noiseConfidence);
    }

    @Override
    public String toString() {
        return "LabelSettings{policy=" + policy + ", source-priority=" + String.join(",", sourcePriority)
                + ", noise-confidence=" + noiseConfidence + "}";
    }
}
