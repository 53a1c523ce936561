package io.faultline.jobs.functions;

/**
 * One subtask's counts of feature combinations for one model version ({@code CombinationReference} bytes),
 * to be merged by {@link #modelVersionKey} downstream.
 */
public class CombinationPartial {
    public String modelVersionKey;
    public byte[] counts;

    public CombinationPartial() {}

    public CombinationPartial(String modelVersionKey, byte[] counts) {
        this.modelVersionKey = modelVersionKey;
        this.counts = counts;
    }

    public String modelVersionKey() {
        return modelVersionKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CombinationPartial c && java.util.Objects.equals(modelVersionKey, c.modelVersionKey)
                && java.util.Arrays.equals(counts, c.counts);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(modelVersionKey);
    }
}
