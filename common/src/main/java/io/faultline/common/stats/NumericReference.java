package io.faultline.common.stats;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The frozen reference distribution of a numeric column: bin edges, exact reference counts per bin, and the
 * reference's count, mean, standard deviation, minimum and maximum.
 *
 * <p><b>Bins.</b> Edges {@code e_1 < … < e_k} make {@code k + 1} bins, left-inclusive and right-exclusive: bin 0 is
 * {@code (−∞, e_1)}, bin {@code i} is {@code [e_i, e_(i+1))}, bin {@code k} is {@code [e_k, +∞)}.
 *
 * <p><b>Edges from a summary</b> ({@link #fromSummary}). For {@code B} bins ({@value #DEFAULT_BIN_COUNT} by default)
 * the edges are the ends of quantile-sketch buckets: the lower end of the bucket holding the minimum, the upper end
 * of the bucket holding the value of rank {@code ⌊(i/B)·(n−1)⌋} for {@code i = 1 … B−1}, and the upper end of the
 * bucket holding the maximum; equal edges are merged. So the inner bins hold about {@code 1/B} of the reference
 * each (each edge lies above its quantile by at most {@code 2α} of it), the first and last bins hold
 * nothing of the reference and catch values below and above its range, and, because every edge is a bucket end and
 * buckets use the same {@code [lower, upper)} convention, the reference bin counts are exact sums of bucket counts:
 * a window summarising the same values counts exactly the same bins. A constant reference gets three bins (below,
 * the constant, above).
 *
 * <p><b>Sketch.</b> The reference keeps its {@link LogBucketQuantileSketch} (a few hundred bucket counts): window
 * summaries of the column use the same sketch parameters, and the Wasserstein distance and KS statistic are computed
 * over the two sketches' buckets, a far finer grid than the quantile bins (see {@code DriftScores}).
 *
 * <p><b>Resolution.</b> Edges are sketch bucket ends, so they are {@code 2α} apart in relative terms at the
 * closest: a feature whose spread is below about {@code 2α} of its magnitude (a temperature in kelvin, a latitude
 * within a city, a year) falls into one or two buckets and gets few bins. Use a smaller relative accuracy for such
 * columns ({@link ReferenceProfile.Builder#sketch(double, int)}), or centre them upstream.
 */
public final class NumericReference implements ColumnReference, Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_BIN_COUNT = 10;

    private final String column;
    private final double[] edges;
    private final long[] binCounts;
    private final long count;
    private final long nonFiniteCount;
    private final long missingCount;
    private final long categoricalCount;
    private final double mean;
    private final double stddev;
    private final double min;
    private final double max;
    /** Frozen: never mutated after construction. */
    private final LogBucketQuantileSketch sketch;
    private transient List<LogBucketQuantileSketch.Bucket> buckets;

    private NumericReference(String column, double[] edges, long[] binCounts, long nonFiniteCount, long missingCount,
            long categoricalCount, double mean, double stddev, double min, double max, LogBucketQuantileSketch sketch) {
        this.column = Objects.requireNonNull(column, "column");
        this.edges = NumericSummary.checkEdges(edges);
        if (binCounts.length != edges.length + 1) {
            throw new IllegalArgumentException(binCounts.length + " bin counts for " + edges.length + " edges");
        }
        long total = 0;
        for (long c : binCounts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative bin count: " + Arrays.toString(binCounts));
            }
            total += c;
        }
        if (nonFiniteCount < 0 || missingCount < 0 || categoricalCount < 0) {
            throw new IllegalArgumentException("negative count");
        }
        this.binCounts = binCounts;
        this.count = total;
        this.nonFiniteCount = nonFiniteCount;
        this.missingCount = missingCount;
        this.categoricalCount = categoricalCount;
        this.mean = mean;
        this.stddev = stddev;
        this.min = min;
        this.max = max;
        if (sketch.count() != total) {
            throw new IllegalArgumentException("the quantile sketch holds " + sketch.count() + " values, the bins " + total);
        }
        this.sketch = sketch;
        this.buckets = List.copyOf(sketch.buckets());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        buckets = List.copyOf(sketch.buckets());
    }

    /**
     * A reference from explicit parts (e.g. read back from storage).
     *
     * @param edges finite, strictly increasing
     * @param binCounts {@code edges.length + 1} non-negative counts
     * @param sketch the reference values' quantile sketch (copied), holding as many values as the bins
     */
    public static NumericReference of(String column, double[] edges, long[] binCounts, long nonFiniteCount,
            long missingCount, long categoricalCount, double mean, double stddev, double min, double max,
            LogBucketQuantileSketch sketch) {
        return new NumericReference(column, edges.clone(), binCounts.clone(), nonFiniteCount, missingCount,
                categoricalCount, mean, stddev, min, max, sketch.copy());
    }

    /** The reference of a finished summary with {@value #DEFAULT_BIN_COUNT} quantile bins. */
    public static NumericReference fromSummary(String column, NumericSummary summary) {
        return fromSummary(column, summary, DEFAULT_BIN_COUNT, 0);
    }

    /**
     * The reference of a finished summary (bins attached to the summary, if any, are ignored).
     *
     * @param binCount quantile bins between the reference minimum and maximum, at least 1
     * @param categoricalCount string values seen in the same column of the reference (kept for schema checks)
     */
    public static NumericReference fromSummary(String column, NumericSummary summary, int binCount,
            long categoricalCount) {
        return fromSummary(column, summary, binCount, categoricalCount, summary.missingCount());
    }

    static NumericReference fromSummary(String column, NumericSummary summary, int binCount, long categoricalCount,
            long missingCount) {
        if (binCount < 1) {
            throw new IllegalArgumentException("binCount must be at least 1: " + binCount);
        }
        LogBucketQuantileSketch sketch = summary.sketchShared();
        double[] edges = quantileEdges(sketch, binCount);
        long[] bins = new long[edges.length + 1];
        for (LogBucketQuantileSketch.Bucket bucket : sketch.buckets()) {
            bins[NumericSummary.binIndex(edges, bucket.lowerInclusive())] += bucket.count();
        }
        return new NumericReference(column, edges, bins, summary.nonFiniteCount(), missingCount, categoricalCount,
                summary.mean(), summary.stddev(), summary.min(), summary.max(), sketch.copy());
    }

    private static double[] quantileEdges(LogBucketQuantileSketch sketch, int binCount) {
        long n = sketch.count();
        if (n == 0) {
            return new double[0];
        }
        double[] candidates = new double[binCount + 1];
        candidates[0] = sketch.bucketAtRank(0).lowerInclusive();
        for (int i = 1; i < binCount; i++) {
            long rank = (long) Math.floor((double) i / binCount * (n - 1));
            candidates[i] = sketch.bucketAtRank(rank).upperExclusive();
        }
        candidates[binCount] = sketch.bucketAtRank(n - 1).upperExclusive();
        return Arrays.stream(candidates).distinct().toArray();
    }

    @Override
    public String column() {
        return column;
    }

    @Override
    public ColumnKind kind() {
        return ColumnKind.NUMERIC;
    }

    /** Finite values in the reference: the sum of {@link #binCounts()}. */
    @Override
    public long count() {
        return count;
    }

    @Override
    public long missingCount() {
        return missingCount;
    }

    public long nonFiniteCount() {
        return nonFiniteCount;
    }

    /** Finite plus non-finite values. */
    @Override
    public long numericCount() {
        return count + nonFiniteCount;
    }

    @Override
    public long categoricalCount() {
        return categoricalCount;
    }

    /** A copy of the edges {@code e_1 … e_k}. */
    public double[] edges() {
        return edges.clone();
    }

    double[] edgesShared() {
        return edges;
    }

    public int binCount() {
        return binCounts.length;
    }

    /** A copy of the reference's exact count per bin. */
    public long[] binCounts() {
        return binCounts.clone();
    }

    long[] binCountsShared() {
        return binCounts;
    }

    /** A copy of the reference values' quantile sketch (whose parameters window summaries of this column use). */
    public LogBucketQuantileSketch quantileSketch() {
        return sketch.copy();
    }

    LogBucketQuantileSketch sketchShared() {
        return sketch;
    }

    /** The non-empty buckets of the reference's quantile sketch, ascending: its distribution at sketch resolution. */
    public List<LogBucketQuantileSketch.Bucket> sketchBuckets() {
        return buckets;
    }

    /** NaN when the reference has no finite values. */
    public double mean() {
        return mean;
    }

    /** Population standard deviation (ddof = 0); NaN when the reference has no finite values. */
    public double stddev() {
        return stddev;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof NumericReference)) return false;
        NumericReference r = (NumericReference) o;
        return column.equals(r.column)
                && Arrays.equals(edges, r.edges)
                && Arrays.equals(binCounts, r.binCounts)
                && nonFiniteCount == r.nonFiniteCount
                && missingCount == r.missingCount
                && categoricalCount == r.categoricalCount
                && Double.compare(mean, r.mean) == 0
                && Double.compare(stddev, r.stddev) == 0
                && Double.compare(min, r.min) == 0
                && Double.compare(max, r.max) == 0
                && sketch.equals(r.sketch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, Arrays.hashCode(edges), Arrays.hashCode(binCounts), mean, stddev);
    }

    @Override
    public String toString() {
        return "NumericReference{" + column + ", n=" + count + ", mean=" + mean + ", stddev=" + stddev + ", edges="
                + Arrays.toString(edges) + ", bins=" + Arrays.toString(binCounts) + "}";
    }
}
