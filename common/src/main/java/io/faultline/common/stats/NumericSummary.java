package io.faultline.common.stats;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * The mergeable summary of one numeric column over a window: a sufficient statistic whose merge of two parts
 * equals the summary of their union, bit for bit.
 *
 * <p>Holds: the number of finite values, of missing values and of non-finite values (NaN, ±∞; kept out of every
 * other statistic); the exact sum and exact sum of squares ({@link ExactSum}); the exact minimum and maximum; a
 * {@link LogBucketQuantileSketch}; and, when bin edges are attached (from a {@link NumericReference}), exact
 * counts per bin.
 *
 * <p><b>Moments are exact.</b> Mean and M2 are not carried as running floating-point values (Welford's update or
 * the Chan–Golub–LeVeque pairwise merge, "Updating formulae and a pairwise algorithm for computing sample
 * variances", Stanford STAN-CS-79-773, 1979): those are exact in real arithmetic but their rounding depends on the
 * order of values and merges. Instead {@code Σx} and {@code Σx²} are kept exactly, merge is integer addition, and
 * {@link #mean()}, {@link #m2()} ({@code Σx² − (Σx)²/n}, the quantity Chan et al. merge) and {@link #variance()}
 * are computed from them once, in exact integer arithmetic with a single final rounding to double. So they are
 * identical for every order, split and merge order, and correctly rounded (no cancellation, however large the
 * mean is relative to the spread). No decimal rounding of the output is needed for determinism.
 *
 * <p><b>Bins.</b> With edges {@code e_1 < … < e_k}: bin 0 is {@code (−∞, e_1)}, bin {@code i} is
 * {@code [e_i, e_(i+1))}, bin {@code k} is {@code [e_k, +∞)}: left-inclusive, right-exclusive. Without edges there
 * is one bin, {@code (−∞, +∞)}.
 *
 * <p><b>Quantiles.</b> {@link #quantile(double)} is within relative error α (default 0.01) of the value of rank
 * {@code ⌊q·(n−1)⌋}; see {@link LogBucketQuantileSketch} for the exact statement.
 *
 * <p>{@link #add(double)} does not allocate (except when the sketch's bucket array grows, rarely): an exact-sum
 * update, a table-lookup bucket index, a binary search over the bin edges. {@code −0.0} counts as {@code 0.0}.
 * Not thread-safe.
 */
public final class NumericSummary {
    /** Leading int of {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;
    /** The quantile levels reported for every window (p01, p05, p25, p50, p75, p95, p99). */
    public static final List<Double> QUANTILE_LEVELS = List.of(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);

    private static final double[] NO_EDGES = {};

    private long missingCount;
    private long nonFiniteCount;
    private final ExactSum sum;
    private final ExactSum sumOfSquares;
    private final LogBucketQuantileSketch sketch;
    private final double[] binEdges;
    private final long[] binCounts;

    private NumericSummary(double[] binEdges, LogBucketQuantileSketch sketch, ExactSum sum, ExactSum sumOfSquares) {
        this.binEdges = binEdges;
        this.binCounts = new long[binEdges.length + 1];
        this.sketch = sketch;
        this.sum = sum;
        this.sumOfSquares = sumOfSquares;
    }

    /** An empty summary without bin edges (one bin), with the default quantile sketch. */
    public static NumericSummary unbinned() {
        return withBinEdges(NO_EDGES);
    }

    /** An empty summary counting the bins of {@code reference}'s frozen edges, with its sketch parameters. */
    public static NumericSummary forReference(NumericReference reference) {
        LogBucketQuantileSketch referenceSketch = reference.sketchShared();
        return new NumericSummary(reference.edgesShared(),
                LogBucketQuantileSketch.create(referenceSketch.relativeAccuracy(), referenceSketch.maxBuckets()),
                ExactSum.ofValues(), ExactSum.ofSquares());
    }

    /**
     * An empty summary counting bins over {@code edges}.
     *
     * @param edges finite and strictly increasing (possibly empty)
     */
    public static NumericSummary withBinEdges(double[] edges) {
        return withBinEdges(edges, LogBucketQuantileSketch.DEFAULT_RELATIVE_ACCURACY,
                LogBucketQuantileSketch.DEFAULT_MAX_BUCKETS);
    }

    /** As {@link #withBinEdges(double[])} with explicit sketch parameters (see {@link LogBucketQuantileSketch#create(double, int)}). */
    public static NumericSummary withBinEdges(double[] edges, double relativeAccuracy, int maxBuckets) {
        return new NumericSummary(checkEdges(edges).clone(), LogBucketQuantileSketch.create(relativeAccuracy, maxBuckets),
                ExactSum.ofValues(), ExactSum.ofSquares());
    }

    static double[] checkEdges(double[] edges) {
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                throw new IllegalArgumentException("bin edge " + i + " is not finite: " + edges[i]);
            }
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("bin edges must be strictly increasing: " + Arrays.toString(edges));
            }
        }
        return edges;
    }

    /** Counts one value: finite values feed every statistic, NaN and ±∞ only {@link #nonFiniteCount()}. */
    public void add(double value) {
        if (!Double.isFinite(value)) {
            nonFiniteCount++;
            return;
        }
        if (value == 0) {
            value = 0.0;
        }
        sum.add(value);
        sumOfSquares.addSquareOf(value);
        sketch.add(value);
        binCounts[binIndex(binEdges, value)]++;
    }

    /** Counts one missing (null) value. */
    public void addMissing() {
        missingCount++;
    }

    /**
     * The bin of {@code value}: the number of edges at or below it (bins are {@code [e_i, e_(i+1))}).
     *
     * <p>A binary search whose trip count depends only on the number of edges and whose step is a conditional add
     * (compiled to a conditional move), so random values cost no branch mispredictions: it halved the cost of
     * {@link #add(double)} with ten bins (the "monobound" search of I. van den Hoven, github.com/scandum/binary_search).
     */
    public static int binIndex(double[] edges, double value) {
        int n = edges.length;
        if (n == 0) {
            return 0;
        }
        int base = 0;
        while (n > 1) {
            int half = n >>> 1;
            base += edges[base + half] <= value ? half : 0;
            n -= half;
        }
        return base + (edges[base] <= value ? 1 : 0);
    }

    /**
     * Adds everything {@code other} counted.
     *
     * @throws IllegalArgumentException if the bin edges or sketch parameters differ
     */
    public void merge(NumericSummary other) {
        if (!Arrays.equals(binEdges, other.binEdges)) {
            throw new IllegalArgumentException("cannot merge summaries over different bin edges: "
                    + Arrays.toString(binEdges) + " vs " + Arrays.toString(other.binEdges));
        }
        sketch.merge(other.sketch);
        sum.merge(other.sum);
        sumOfSquares.merge(other.sumOfSquares);
        missingCount += other.missingCount;
        nonFiniteCount += other.nonFiniteCount;
        for (int i = 0; i < binCounts.length; i++) {
            binCounts[i] += other.binCounts[i];
        }
    }

    /** Finite values counted. */
    public long count() {
        return sketch.count();
    }

    public long missingCount() {
        return missingCount;
    }

    /** NaN and ±∞ values counted (they are in no other statistic). */
    public long nonFiniteCount() {
        return nonFiniteCount;
    }

    /** The exact sum, rounded once to double; 0 when empty. */
    public double sum() {
        return sum.doubleValue();
    }

    /** {@code Σx / n}, exact and rounded once; NaN when empty. */
    public double mean() {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        return ExactArithmetic.quotient(sum.unscaled(), sum.exponent(), BigInteger.valueOf(n));
    }

    /** {@code Σ(x − mean)² = Σx² − (Σx)²/n}, exact and rounded once; NaN when empty. */
    public double m2() {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        Scaled numerator = nTimesM2();
        return ExactArithmetic.quotient(numerator.unscaled(), numerator.exponent(), BigInteger.valueOf(n));
    }

    /** Population variance {@code M2 / n} (ddof = 0, numpy's default), exact and rounded once; NaN when empty. */
    public double variance() {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        Scaled numerator = nTimesM2();
        BigInteger bigN = BigInteger.valueOf(n);
        return ExactArithmetic.quotient(numerator.unscaled(), numerator.exponent(), bigN.multiply(bigN));
    }

    /** {@code √variance()} (population standard deviation); NaN when empty. */
    public double stddev() {
        return Math.sqrt(variance());
    }

    /** An exact binary number {@code unscaled · 2^exponent}. */
    private record Scaled(BigInteger unscaled, int exponent) {}

    /** {@code n·Σx² − (Σx)² = n·M2}, exactly. */
    private Scaled nTimesM2() {
        BigInteger squares = sumOfSquares.unscaled();
        int squaresExponent = sumOfSquares.exponent();
        if (squares.signum() == 0) {
            return new Scaled(BigInteger.ZERO, 0);
        }
        BigInteger values = sum.unscaled();
        BigInteger valuesSquared = values.multiply(values);
        int valuesSquaredExponent = values.signum() == 0 ? squaresExponent : 2 * sum.exponent();
        int common = Math.min(squaresExponent, valuesSquaredExponent);
        BigInteger nTimesSquares = squares.multiply(BigInteger.valueOf(count()));
        return new Scaled(nTimesSquares.shiftLeft(squaresExponent - common)
                .subtract(valuesSquared.shiftLeft(valuesSquaredExponent - common)), common);
    }

    /** The exact minimum; NaN when empty. */
    public double min() {
        return sketch.min();
    }

    /** The exact maximum; NaN when empty. */
    public double max() {
        return sketch.max();
    }

    /** See {@link LogBucketQuantileSketch#quantile(double)}; NaN when empty. */
    public double quantile(double q) {
        return sketch.quantile(q);
    }

    /** The quantiles at {@link #QUANTILE_LEVELS}, in that order. */
    public double[] quantiles() {
        double[] values = new double[QUANTILE_LEVELS.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = sketch.quantile(QUANTILE_LEVELS.get(i));
        }
        return values;
    }

    public boolean hasBins() {
        return binEdges.length > 0;
    }

    /** A copy of the bin edges (empty without bins). */
    public double[] binEdges() {
        return binEdges.clone();
    }

    /** A copy of the exact counts per bin; {@code binEdges().length + 1} entries. */
    public long[] binCounts() {
        return binCounts.clone();
    }

    double[] edgesShared() {
        return binEdges;
    }

    /** A copy of the quantile sketch. */
    public LogBucketQuantileSketch quantileSketch() {
        return sketch.copy();
    }

    LogBucketQuantileSketch sketchShared() {
        return sketch;
    }

    /** The non-empty buckets of the quantile sketch, ascending (see {@link LogBucketQuantileSketch#buckets()}). */
    public List<LogBucketQuantileSketch.Bucket> sketchBuckets() {
        return sketch.buckets();
    }

    /** A copy of the exact {@code Σx}. */
    public ExactSum exactSum() {
        return sum.copy();
    }

    /** A copy of the exact {@code Σx²}. */
    public ExactSum exactSumOfSquares() {
        return sumOfSquares.copy();
    }

    public NumericSummary copy() {
        NumericSummary copy = new NumericSummary(binEdges, sketch.copy(), sum.copy(), sumOfSquares.copy());
        System.arraycopy(binCounts, 0, copy.binCounts, 0, binCounts.length);
        copy.missingCount = missingCount;
        copy.nonFiniteCount = nonFiniteCount;
        return copy;
    }

    /**
     * This summary counted over {@code reference}'s bins, derived from its quantile sketch. Exact: the
     * reference's edges are ends of sketch buckets, so every bucket lies inside one bin. This lets a window
     * be summarised before its reference exists (pre-aggregation, warm-up) and compared afterwards.
     *
     * @throws IllegalArgumentException if the sketch parameters differ from the reference's
     */
    public NumericSummary binnedOver(NumericReference reference) {
        LogBucketQuantileSketch referenceSketch = reference.sketchShared();
        if (referenceSketch.relativeAccuracy() != sketch.relativeAccuracy()
                || referenceSketch.maxBuckets() != sketch.maxBuckets()) {
            throw new IllegalArgumentException("the summary of " + reference.column()
                    + " uses other quantile sketch parameters than its reference");
        }
        NumericSummary binned = new NumericSummary(reference.edgesShared(), sketch.copy(), sum.copy(), sumOfSquares.copy());
        for (LogBucketQuantileSketch.Bucket bucket : sketch.buckets()) {
            binned.binCounts[binIndex(binned.binEdges, bucket.representative())] += bucket.count();
        }
        binned.missingCount = missingCount;
        binned.nonFiniteCount = nonFiniteCount;
        return binned;
    }

    /** The same summary with the bins dropped (one bin): mergeable with any other unbinned summary. */
    public NumericSummary withoutBins() {
        NumericSummary copy = new NumericSummary(NO_EDGES, sketch.copy(), sum.copy(), sumOfSquares.copy());
        copy.binCounts[0] = count();
        copy.missingCount = missingCount;
        copy.nonFiniteCount = nonFiniteCount;
        return copy;
    }

    /** Format version, counts, exact sums, sketch, bin edges and bin counts. */
    public byte[] toBytes() {
        return BinaryFormat.write(out -> {
            out.writeInt(FORMAT_VERSION);
            out.writeLong(missingCount);
            out.writeLong(nonFiniteCount);
            sum.writeTo(out);
            sumOfSquares.writeTo(out);
            sketch.writeBody(out);
            BinaryFormat.writeDoubles(out, binEdges);
            BinaryFormat.writeLongs(out, binCounts);
        });
    }

    /** The inverse of {@link #toBytes()}. @throws IllegalArgumentException on malformed input or another format version */
    public static NumericSummary fromBytes(byte[] bytes) {
        return BinaryFormat.read(bytes, "numeric summary", in -> {
            BinaryFormat.checkVersion(in, FORMAT_VERSION, "numeric summary");
            long missing = BinaryFormat.readCount(in);
            long nonFinite = BinaryFormat.readCount(in);
            ExactSum sum = ExactSum.readFrom(in, false);
            ExactSum squares = ExactSum.readFrom(in, true);
            LogBucketQuantileSketch sketch = LogBucketQuantileSketch.readBody(in);
            double[] edges = BinaryFormat.readDoubles(in);
            long[] bins = BinaryFormat.readLongs(in);
            try {
                checkEdges(edges);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (bins.length != edges.length + 1) {
                throw new IOException(bins.length + " bin counts for " + edges.length + " edges");
            }
            NumericSummary summary = new NumericSummary(edges, sketch, sum, squares);
            long total = 0;
            for (int i = 0; i < bins.length; i++) {
                if (bins[i] < 0) {
                    throw new IOException("negative bin count");
                }
                summary.binCounts[i] = bins[i];
                total += bins[i];
            }
            if (total != sketch.count()) {
                throw new IOException("bin counts add up to " + total + ", not " + sketch.count());
            }
            summary.missingCount = missing;
            summary.nonFiniteCount = nonFinite;
            return summary;
        });
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof NumericSummary)) return false;
        NumericSummary s = (NumericSummary) o;
        return missingCount == s.missingCount
                && nonFiniteCount == s.nonFiniteCount
                && sum.equals(s.sum)
                && sumOfSquares.equals(s.sumOfSquares)
                && sketch.equals(s.sketch)
                && Arrays.equals(binEdges, s.binEdges)
                && Arrays.equals(binCounts, s.binCounts);
    }

    @Override
    public int hashCode() {
        return (sketch.hashCode() * 31 + sum.hashCode()) * 31 + Arrays.hashCode(binCounts);
    }

    @Override
    public String toString() {
        return "NumericSummary{n=" + count() + ", missing=" + missingCount + ", nonFinite=" + nonFiniteCount
                + ", mean=" + mean() + ", stddev=" + stddev() + ", min=" + min() + ", max=" + max()
                + ", bins=" + Arrays.toString(binCounts) + "}";
    }
}
