package io.faultline.common.scoring;

import io.faultline.common.stats.LogBucketQuantileSketch;
import io.faultline.common.stats.NumericReference;
import io.faultline.common.stats.NumericSummary;
import java.util.List;

/**
 * Two-sided tail probabilities of a numeric reference, from the exact counts of its quantile-sketch buckets
 * ({@link NumericReference#sketchBuckets()}, relative width {@code 2α}, left-inclusive and right-exclusive).
 *
 * <p>For a finite {@code x} in {@code [min, max]} of the reference, with {@code n} reference values:
 * {@code L} = values in buckets below {@code x}'s bucket plus those in it, {@code U} = values in buckets above plus
 * those in it (a value in an empty stretch between buckets has no bucket of its own), and
 * {@code p = min(1, 2·min(L, U)/n)}. No interpolation inside a bucket: values within {@code 2α} of each other are
 * ties at the sketch's resolution, and ties count as at least as extreme (the conservative, inclusive p-value: under
 * the reference, {@code P(p ≤ a) ≤ a}). Outside {@code [min, max]}, and for NaN and infinities, {@code p = 0}.
 *
 * <p>Memory: three arrays of the non-empty bucket count (at most {@code 2·maxBuckets + 1}). Lookup: a binary search,
 * no allocation.
 */
final class NumericTail {
    private final double[] lower;
    private final double[] upper;
    /** Values in buckets {@code 0 … i−1}. */
    private final long[] below;
    /** Values in buckets {@code 0 … i}. */
    private final long[] through;
    private final long n;
    private final double min;
    private final double max;

    private NumericTail(NumericReference reference) {
        List<LogBucketQuantileSketch.Bucket> buckets = reference.sketchBuckets();
        int k = buckets.size();
        lower = new double[k];
        upper = new double[k];
        below = new long[k];
        through = new long[k];
        long cumulative = 0;
        for (int i = 0; i < k; i++) {
            LogBucketQuantileSketch.Bucket b = buckets.get(i);
            lower[i] = b.lowerInclusive();
            upper[i] = b.upperExclusive();
            below[i] = cumulative;
            cumulative += b.count();
            through[i] = cumulative;
        }
        n = cumulative;
        min = reference.min();
        max = reference.max();
    }

    static NumericTail of(NumericReference reference) {
        return new NumericTail(reference);
    }

    /** Finite values in the reference; 0 means no value can be scored. */
    long count() {
        return n;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    /** True for NaN, infinities and finite values outside {@code [min, max]}: tail probability 0. */
    boolean outOfRange(double x) {
        return !(x >= min && x <= max);
    }

    /**
     * The last bucket whose lower end is at or below {@code x}, or -1: find it once per value, then read
     * {@link #atOrBelow(int)} and {@link #atOrAbove(int, double)} from it. A branch-free binary search
     * ({@link NumericSummary#binIndex}): per-event values fall anywhere among hundreds of buckets, where a
     * branching search mispredicts about every other step.
     */
    int bucket(double x) {
        return NumericSummary.binIndex(lower, x) - 1;
    }

    /** {@code L}, the reference values at or below {@code x} at bucket resolution, given {@code bucket(x)}. */
    long atOrBelow(int bucket) {
        return bucket < 0 ? 0 : through[bucket];
    }

    /** {@code U}, the reference values at or above {@code x} at bucket resolution, given {@code bucket(x)}. */
    long atOrAbove(int bucket, double x) {
        if (bucket < 0) {
            return n;
        }
        return x < upper[bucket] ? n - below[bucket] : n - through[bucket];
    }

    /** The two-sided tail probability defined in the class comment. */
    double tailProbability(double x) {
        if (n == 0 || outOfRange(x)) {
            return 0;
        }
        int i = bucket(x);
        long l = atOrBelow(i);
        long u = atOrAbove(i, x);
        return Math.min(1.0, 2.0 * Math.min(l, u) / n);
    }
}
