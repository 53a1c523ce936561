package io.faultline.common.model;

/**
 * One row of {@code window_stats/}: the distribution of one monitored column of one (model, version) in one
 * event-time window, and its drift against the version's reference. Numeric statistics are null for
 * categorical columns and vice versa; drift fields are null when there is no reference (yet).
 */
public class WindowStatsRow {
    public long windowStart;
    public long windowEnd;
    public String model;
    public String modelVersion;
    /** {@code features.<name>}, or {@code confidence}, {@code latency_ms}, {@code prediction}. */
    public String columnName;
    /** NUMERIC or CATEGORICAL: the reference's kind, else the kind of most values seen. */
    public String columnKind;
    /** Non-missing values seen (finite numbers, or strings). */
    public long count;
    public long missingCount;
    public long nonFiniteCount;
    /** The column saw values of the other kind than its reference (a schema change); never a crash. */
    public boolean schemaChange;
    /** Values of the kind opposite to {@link #columnKind}. */
    public long otherKindCount;

    public Double mean;
    public Double stddev;
    public Double min;
    public Double max;
    public Double p01;
    public Double p05;
    public Double p25;
    public Double p50;
    public Double p75;
    public Double p95;
    public Double p99;

    /** Categorical: most frequent values not in the reference, as {@code value} / {@code count} pairs. */
    public String[] topUnseenValues;
    public long[] topUnseenCounts;
    public Long unseenCount;
    public Long distinctEstimate;

    /** Id of the reference profile compared against; null without a reference. */
    public String referenceId;
    /** PROFILE (built by {@code faultline profile}) or WARMUP (the version's first windows); null without one. */
    public String referenceSource;
    public Double psi;
    public Double jsDistance;
    public Double wassersteinNorm;
    public Double ksStat;
    public Double chi2Stat;
    public Double chi2P;
    public Double driftScore;
    /** NONE, WARN, DRIFT, INSUFFICIENT_DATA, or NO_REFERENCE. */
    public String driftStatus;
    /**
     * Predictions of this window that arrived after the watermark had passed the window's end (within the
     * allowed lateness). Depends on arrival timing, so it is the one column that may differ between runs.
     */
    public long lateCount;

    public WindowStatsRow() {}
}
