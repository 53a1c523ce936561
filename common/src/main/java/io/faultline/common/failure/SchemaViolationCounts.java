package io.faultline.common.failure;

import java.util.Arrays;
import java.util.Objects;

/**
 * Dead letters of one input source in one window, counted per error code: the mergeable partial of a
 * {@link FailureMode#SCHEMA_VIOLATION} row ({@link SchemaViolations#of}). Counts add exactly, so partials
 * merge to the same result in any order and split.
 *
 * <p>A Flink POJO (public fields, no-arg constructor; codes and counts as parallel arrays, codes sorted
 * ascending) so that it travels and sits in state without Kryo. The number of distinct codes is bounded by
 * the contract's error codes.
 */
public class SchemaViolationCounts {
    public long windowStart;
    public long windowEnd;
    /** {@code predictions}, {@code labels} or {@code deployments}. */
    public String source;
    /** Error codes seen, sorted ascending, distinct. */
    public String[] errorCodes = new String[0];
    /** Dead letters per code, parallel to {@link #errorCodes}; each at least 1. */
    public long[] counts = new long[0];

    public SchemaViolationCounts() {}

    /** One dead letter with {@code errorCode} of {@code source} in the window [windowStart, windowEnd). */
    public static SchemaViolationCounts of(long windowStart, long windowEnd, String source, String errorCode) {
        SchemaViolationCounts c = new SchemaViolationCounts();
        c.windowStart = windowStart;
        c.windowEnd = windowEnd;
        c.source = Objects.requireNonNull(source, "source");
        c.add(errorCode, 1);
        return c;
    }

    /** Start of the tumbling window of {@code windowSizeMs} containing {@code timestamp} (epoch-aligned, UTC). */
    public static long windowStart(long timestamp, long windowSizeMs) {
        return Math.floorDiv(timestamp, windowSizeMs) * windowSizeMs;
    }

    /** {@code source|windowStart}: the key under which partials are merged. */
    public String key() {
        return source + '|' + windowStart;
    }

    /** Adds {@code n >= 1} dead letters with {@code errorCode}. */
    public void add(String errorCode, long n) {
        Objects.requireNonNull(errorCode, "errorCode");
        if (n < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + n);
        }
        int i = Arrays.binarySearch(errorCodes, errorCode);
        if (i >= 0) {
            counts[i] = Math.addExact(counts[i], n);
            return;
        }
        int at = -i - 1;
        String[] codes = new String[errorCodes.length + 1];
        long[] values = new long[counts.length + 1];
        System.arraycopy(errorCodes, 0, codes, 0, at);
        System.arraycopy(counts, 0, values, 0, at);
        codes[at] = errorCode;
        values[at] = n;
        System.arraycopy(errorCodes, at, codes, at + 1, errorCodes.length - at);
        System.arraycopy(counts, at, values, at + 1, counts.length - at);
        errorCodes = codes;
        counts = values;
    }

    /**
     * Adds every count of {@code other}.
     *
     * @throws IllegalArgumentException if {@code other} is of another window or source
     */
    public void merge(SchemaViolationCounts other) {
        if (other.windowStart != windowStart || other.windowEnd != windowEnd || !Objects.equals(other.source, source)) {
            throw new IllegalArgumentException("cannot merge the dead letters of " + other.key() + " into " + key());
        }
        for (int i = 0; i < other.errorCodes.length; i++) {
            add(other.errorCodes[i], other.counts[i]);
        }
    }

    /** Dead letters of all codes. */
    public long total() {
        long total = 0;
        for (long c : counts) {
            total = Math.addExact(total, c);
        }
        return total;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof SchemaViolationCounts)) return false;
        SchemaViolationCounts c = (SchemaViolationCounts) o;
        return windowStart == c.windowStart
                && windowEnd == c.windowEnd
                && Objects.equals(source, c.source)
                && Arrays.equals(errorCodes, c.errorCodes)
                && Arrays.equals(counts, c.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(windowStart, source);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SchemaViolationCounts{").append(key());
        for (int i = 0; i < errorCodes.length; i++) {
            s.append(' ').append(errorCodes[i]).append('=').append(counts[i]);
        }
        return s.append('}').toString();
    }
}
