package io.faultline.common.stats;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps positive doubles to logarithmic buckets of constant relative width, computed exactly from the IEEE-754
 * bits: bucket {@code k = e·K + j} holds {@code [b_j·2^e, b_(j+1)·2^e)} where {@code b_j = 2^(j/K)}, {@code e} is
 * the binary exponent and {@code K} the number of buckets per octave.
 *
 * <p>This is DDSketch's logarithmic mapping (Masson, Rim, Lee, "DDSketch: A fast and fully-mergeable quantile
 * sketch with relative-error guarantees", PVLDB 12(12), 2019) with {@code γ} rounded down to {@code 2^(1/K)},
 * {@code K = ⌈ln 2 / ln γ⌉}, {@code γ = (1+α)/(1−α)}. The rounding makes bucket edges line up with powers of two,
 * so the index needs no floating-point logarithm ({@code Math.log} is allowed to differ between JVMs and CPUs by an
 * ulp, which would move values near an edge into another bucket on another machine): a table lookup on the top
 * mantissa bits and one comparison. The boundaries {@code b_j} are computed once with {@link StrictMath#pow}, which
 * is bit-for-bit the same everywhere. Since {@code 2^(1/K) ≤ γ}, the relative accuracy is at least {@code α}.
 */
final class LogBucketMapping {
    private static final long FRACTION_MASK = 0x000F_FFFF_FFFF_FFFFL;
    private static final ConcurrentHashMap<Double, LogBucketMapping> CACHE = new ConcurrentHashMap<>();

    final double relativeAccuracy;
    final int bucketsPerOctave;
    /** b_0 .. b_K in [1, 2]: b_0 = 1, b_K = 2. */
    private final double[] boundaries;
    /** Fraction bits of b_0 .. b_(K-1). */
    private final long[] boundaryFractions;
    /** 2 b_j b_(j+1) / (b_j + b_(j+1)): the point of bucket j with equal relative distance to both of its ends. */
    private final double[] representatives;
    private final int lookupBits;
    /** For each cell of the top {@code lookupBits} fraction bits, the largest j with b_j at or below the cell start. */
    private final int[] lookup;
    /** max over j of (b_(j+1) − b_j) / (b_(j+1) + b_j): the guaranteed relative error of a representative. */
    final double effectiveRelativeAccuracy;

    private LogBucketMapping(double relativeAccuracy) {
        this.relativeAccuracy = relativeAccuracy;
        double gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        int k = (int) Math.ceil(StrictMath.log(2.0) / StrictMath.log(gamma));
        this.bucketsPerOctave = k;
        boundaries = new double[k + 1];
        boundaryFractions = new long[k];
        representatives = new double[k];
        for (int j = 0; j < k; j++) {
            boundaries[j] = j == 0 ? 1.0 : StrictMath.pow(2.0, (double) j / k);
            boundaryFractions[j] = Double.doubleToRawLongBits(boundaries[j]) & FRACTION_MASK;
        }
        boundaries[k] = 2.0;
        double minSpacing = Double.POSITIVE_INFINITY;
        double worst = 0;
        for (int j = 0; j < k; j++) {
            double lo = boundaries[j];
            double hi = boundaries[j + 1];
            if (!(hi > lo)) {
                throw new IllegalStateException("bucket boundaries not increasing at " + j);
            }
            minSpacing = Math.min(minSpacing, hi - lo);
            representatives[j] = 2 * lo * hi / (lo + hi);
            worst = Math.max(worst, Math.max((representatives[j] - lo) / lo, (hi - representatives[j]) / hi));
        }
        effectiveRelativeAccuracy = worst;
        // Cells narrower than the narrowest bucket hold at most one boundary, so one comparison finishes the lookup.
        int bits = 1;
        while (Math.scalb(1.0, -bits) >= minSpacing) {
            bits++;
        }
        lookupBits = bits;
        lookup = new int[1 << bits];
        int j = 0;
        for (int cell = 0; cell < lookup.length; cell++) {
            long cellStart = (long) cell << (52 - bits);
            while (j + 1 < k && boundaryFractions[j + 1] <= cellStart) {
                j++;
            }
            lookup[cell] = j;
        }
    }

    /** @param relativeAccuracy in [1e-4, 0.5) */
    static LogBucketMapping forRelativeAccuracy(double relativeAccuracy) {
        if (!(relativeAccuracy >= 1e-4 && relativeAccuracy < 0.5)) {
            throw new IllegalArgumentException("relative accuracy must be in [1e-4, 0.5): " + relativeAccuracy);
        }
        return CACHE.computeIfAbsent(relativeAccuracy, LogBucketMapping::new);
    }

    /** The bucket of a positive finite value: the k with lowerBound(k) ≤ value < lowerBound(k+1). */
    int index(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int biased = (int) (bits >>> 52);
        int exponent;
        if (biased == 0) {
            // Subnormal: scale into the normal range exactly, then undo the scale on the exponent.
            bits = Double.doubleToRawLongBits(value * 0x1p54);
            biased = (int) (bits >>> 52);
            exponent = biased - 1023 - 54;
        } else {
            exponent = biased - 1023;
        }
        long fraction = bits & FRACTION_MASK;
        int j = lookup[(int) (fraction >>> (52 - lookupBits))];
        if (j + 1 < bucketsPerOctave && fraction >= boundaryFractions[j + 1]) {
            j++;
        }
        return exponent * bucketsPerOctave + j;
    }

    /**
     * The bucket of a negative value's magnitude, with the edge on the other side: magnitudes in
     * {@code (lowerBound(k), lowerBound(k+1)]}, so that the values themselves fall in the left-inclusive interval
     * {@code [−lowerBound(k+1), −lowerBound(k))}, the same convention as the positive side and the reference bins.
     */
    int negativeIndex(double magnitude) {
        if (magnitude == Double.MIN_VALUE) {
            return index(magnitude) - 1;
        }
        return index(Math.nextDown(magnitude));
    }

    /** b_j · 2^e for k = e·K + j (exact in the normal range). */
    double lowerBound(int index) {
        int exponent = Math.floorDiv(index, bucketsPerOctave);
        int j = Math.floorMod(index, bucketsPerOctave);
        return Math.scalb(boundaries[j], exponent);
    }

    double representative(int index) {
        int exponent = Math.floorDiv(index, bucketsPerOctave);
        int j = Math.floorMod(index, bucketsPerOctave);
        return Math.scalb(representatives[j], exponent);
    }
}
