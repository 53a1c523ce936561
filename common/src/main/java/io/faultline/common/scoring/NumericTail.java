package io.faultline.common.scoring;

import io.faultline.common.stats.LogBucketQuantileSketch;
import io.faultline.common.stats.NumericReference;
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

    /** {@code L}, the reference values at or below {@code x} at bucket resolution; {@code x} within range. */
    long atOrBelow(double x) {
        int i = bucketAtOrBelow(x);
        return i < 0 ? 0 : through[i];
    }

    /** {@code U}, the reference values at or above {@code x} at bucket resolution; {@code x} within range. */
    long atOrAbove(double x) {
        int i = bucketAtOrBelow(x);
        if (i < 0) {
            return n;
        }
        return x < upper[i] ? n - below[i] : n - through[i];
    }

    /** The two-sided tail probability defined in the class comment. */
    double tailProbability(double x) {
        if (n == 0 || outOfRange(x)) {
            return 0;
        }
        long l = atOrBelow(x);
        long u = atOrAbove(x);
        return Math.min(1.0, 2.0 * Math.min(l, u) / n);
    }

    /** The last bucket whose lower end is at or below {@code x}, or -1. */
    private int bucketAtOrBelow(double x) {
        int lo = 0;
        int hi = lower.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lower[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}
