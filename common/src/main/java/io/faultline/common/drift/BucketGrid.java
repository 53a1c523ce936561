package io.faultline.common.drift;

import io.faultline.common.stats.LogBucketQuantileSketch.Bucket;
import io.faultline.common.stats.NumericSummary;
import java.util.Arrays;
import java.util.List;

/**
 * The buckets of two quantile sketches with the same parameters as counts over one common grid of bins, so the
 * binned metrics can compare them at sketch resolution.
 *
 * <p>The grid's edges are all bucket ends of both sketches. Buckets of one bucket mapping are equal or disjoint, so
 * every bucket is one grid bin, except a collapsed lowest bucket, which spans finer buckets of the other sketch: edges
 * strictly inside a collapsed bucket are dropped, so the finer buckets join its bin. Counts stay exact.
 *
 * @param edges strictly increasing
 * @param reference counts per bin, {@code edges.length + 1} of them
 * @param current counts per bin, aligned with {@code reference}
 */
record BucketGrid(double[] edges, long[] reference, long[] current) {

    static BucketGrid of(List<Bucket> reference, List<Bucket> current) {
        double[] ends = new double[2 * (reference.size() + current.size())];
        int n = 0;
        for (List<Bucket> buckets : List.of(reference, current)) {
            for (Bucket b : buckets) {
                ends[n++] = b.lowerInclusive();
                ends[n++] = b.upperExclusive();
            }
        }
        double[] edges = Arrays.stream(ends).sorted().distinct()
                .filter(e -> !insideCollapsed(e, reference) && !insideCollapsed(e, current))
                .toArray();
        return new BucketGrid(edges, counts(reference, edges), counts(current, edges));
    }

    private static boolean insideCollapsed(double edge, List<Bucket> buckets) {
        for (Bucket b : buckets) {
            if (b.collapsed() && edge > b.lowerInclusive() && edge < b.upperExclusive()) {
                return true;
            }
        }
        return false;
    }

    private static long[] counts(List<Bucket> buckets, double[] edges) {
        long[] counts = new long[edges.length + 1];
        for (Bucket b : buckets) {
            counts[NumericSummary.binIndex(edges, b.lowerInclusive())] += b.count();
        }
        return counts;
    }
}
