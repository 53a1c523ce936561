package io.faultline.common.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic, mergeable quantile sketch with a relative-error guarantee: DDSketch (Masson, Rim, Lee,
 * PVLDB 12(12), 2019) with logarithmic buckets for positive values, mirrored buckets for negative values, and an
 * exact count of zeros.
 *
 * <p><b>Accuracy.</b> For {@code q ∈ [0, 1]} let {@code x} be the value of rank {@code ⌊q·(n−1)⌋} (0-based) in the
 * sorted input (the "lower" quantile). {@link #quantile(double)} returns {@code x̂} with
 * {@code |x̂ − x| ≤ α·|x|}, where {@code α} is the relative accuracy given at creation (default {@code 0.01};
 * the effective guarantee {@link #effectiveRelativeAccuracy()} is slightly tighter), provided {@code |x|} is a
 * normal double (at least 2^-1022) and its bucket was not collapsed (below). Ranks 0 and {@code n−1} return the
 * exact minimum and maximum. Zero is exact.
 *
 * <p><b>Size.</b> Each sign keeps at most {@code maxBuckets} consecutive buckets (default 2048: about 58 octaves,
 * 17 decimal orders of magnitude, at α = 0.01). Magnitudes further below the largest are folded into the lowest
 * kept bucket, which then loses the guarantee for the ranks it holds ({@link #isCollapsed()}).
 *
 * <p><b>Determinism.</b> No randomness, no floating-point logarithm on the insert path (see
 * {@link LogBucketMapping}), and a collapse rule whose outcome depends only on the multiset of values (see
 * {@link BucketStore}): the same multiset gives the same buckets for any insertion order, split and merge order.
 *
 * <p><b>Bucket edges.</b> Every bucket is a left-inclusive, right-exclusive interval {@code [lower, upper)}: positive
 * buckets {@code [b·2^e, b'·2^e)}, negative ones {@code [−b'·2^e, −b·2^e)}, zero {@code [0, Double.MIN_VALUE)}. This
 * is the convention of the reference bins, so a sketch bucket never straddles a bin edge taken from a bucket end.
 *
 * <p>{@code −0.0} is counted as {@code 0.0}. Not thread-safe.
 */
public final class LogBucketQuantileSketch implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_RELATIVE_ACCURACY = 0.01;
    public static final int DEFAULT_MAX_BUCKETS = 2048;
    /** Leading int of {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;

    private final LogBucketMapping mapping;
    private final int maxBuckets;
    private final BucketStore positive;
    private final BucketStore negative;
    private long zeroCount;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    private LogBucketQuantileSketch(LogBucketMapping mapping, int maxBuckets, BucketStore positive, BucketStore negative) {
        this.mapping = mapping;
        this.maxBuckets = maxBuckets;
        this.positive = positive;
        this.negative = negative;
    }

    /** An empty sketch with α = {@value #DEFAULT_RELATIVE_ACCURACY} and {@value #DEFAULT_MAX_BUCKETS} buckets per sign. */
    public static LogBucketQuantileSketch create() {
        return create(DEFAULT_RELATIVE_ACCURACY, DEFAULT_MAX_BUCKETS);
    }

    /**
     * @param relativeAccuracy α in [1e-4, 0.5)
     * @param maxBuckets at least 2, at most 2^20
     */
    public static LogBucketQuantileSketch create(double relativeAccuracy, int maxBuckets) {
        if (maxBuckets < 2 || maxBuckets > (1 << 20)) {
            throw new IllegalArgumentException("maxBuckets must be in [2, 2^20]: " + maxBuckets);
        }
        return new LogBucketQuantileSketch(LogBucketMapping.forRelativeAccuracy(relativeAccuracy), maxBuckets,
                new BucketStore(maxBuckets), new BucketStore(maxBuckets));
    }

    /** Adds a finite value. @throws IllegalArgumentException if it is NaN or infinite */
    public void add(double value) {
        if (value > 0) {
            if (value == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("not a finite value: " + value);
            }
            positive.add(mapping.index(value));
        } else if (value < 0) {
            if (value == Double.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("not a finite value: " + value);
            }
            negative.add(mapping.negativeIndex(-value));
        } else if (value == 0) {
            value = 0.0;
            zeroCount++;
        } else {
            throw new IllegalArgumentException("not a finite value: NaN");
        }
        count++;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
    }

    /** Adds every value of {@code other}. @throws IllegalArgumentException if the accuracy or bucket limit differ */
    public void merge(LogBucketQuantileSketch other) {
        checkCompatible(other);
        positive.merge(other.positive);
        negative.merge(other.negative);
        zeroCount += other.zeroCount;
        count += other.count;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    private void checkCompatible(LogBucketQuantileSketch other) {
        if (mapping != other.mapping || maxBuckets != other.maxBuckets) {
            throw new IllegalArgumentException("cannot merge sketches with different parameters: α="
                    + mapping.relativeAccuracy + "/" + maxBuckets + " vs α=" + other.mapping.relativeAccuracy + "/"
                    + other.maxBuckets);
        }
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The exact minimum; NaN when empty. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** The exact maximum; NaN when empty. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    public double relativeAccuracy() {
        return mapping.relativeAccuracy;
    }

    /** The accuracy actually guaranteed by the bucket layout, at most {@link #relativeAccuracy()}. */
    public double effectiveRelativeAccuracy() {
        return mapping.effectiveRelativeAccuracy;
    }

    public int maxBuckets() {
        return maxBuckets;
    }

    /** True when some magnitude was folded into a lower collapsed bucket (its ranks lose the accuracy guarantee). */
    public boolean isCollapsed() {
        return positive.collapsed() || negative.collapsed();
    }

    /**
     * The value of rank {@code ⌊q·(n−1)⌋} within the relative accuracy stated in the class comment; exact at the
     * first and last rank. NaN when empty.
     *
     * @throws IllegalArgumentException unless {@code 0 ≤ q ≤ 1}
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        if (count == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.floor(q * (count - 1));
        if (rank <= 0) {
            return min;
        }
        if (rank >= count - 1) {
            return max;
        }
        return Math.max(min, Math.min(max, bucketAtRank(rank).representative()));
    }

    /**
     * The bucket holding the value of 0-based {@code rank} in ascending order.
     *
     * @throws IllegalArgumentException unless {@code 0 ≤ rank < count()}
     */
    public Bucket bucketAtRank(long rank) {
        if (rank < 0 || rank >= count) {
            throw new IllegalArgumentException("rank " + rank + " outside [0, " + count + ")");
        }
        long seen = 0;
        if (negative.total() > 0) {
            for (int i = negative.highestIndex(), low = negative.lowestIndex(); i >= low; i--) {
                seen += negative.count(i);
                if (rank < seen) {
                    return negativeBucket(i);
                }
            }
        }
        seen += zeroCount;
        if (rank < seen) {
            return zeroBucket();
        }
        for (int i = positive.lowestIndex(), high = positive.highestIndex(); i <= high; i++) {
            seen += positive.count(i);
            if (rank < seen) {
                return positiveBucket(i);
            }
        }
        throw new IllegalStateException("bucket counts do not add up to " + count);
    }

    /** The non-empty buckets in ascending order of value. */
    public List<Bucket> buckets() {
        List<Bucket> buckets = new ArrayList<>();
        if (negative.total() > 0) {
            for (int i = negative.highestIndex(), low = negative.lowestIndex(); i >= low; i--) {
                if (negative.count(i) > 0) {
                    buckets.add(negativeBucket(i));
                }
            }
        }
        if (zeroCount > 0) {
            buckets.add(zeroBucket());
        }
        if (positive.total() > 0) {
            for (int i = positive.lowestIndex(), high = positive.highestIndex(); i <= high; i++) {
                if (positive.count(i) > 0) {
                    buckets.add(positiveBucket(i));
                }
            }
        }
        return buckets;
    }

    private Bucket positiveBucket(int index) {
        boolean collapsed = positive.isCollapsedBucket(index);
        double lower = collapsed ? Double.MIN_VALUE : mapping.lowerBound(index);
        return new Bucket(lower, mapping.lowerBound(index + 1), mapping.representative(index), positive.count(index),
                collapsed);
    }

    private Bucket negativeBucket(int index) {
        boolean collapsed = negative.isCollapsedBucket(index);
        double upper = collapsed ? 0.0 : -mapping.lowerBound(index);
        return new Bucket(-mapping.lowerBound(index + 1), upper, -mapping.representative(index), negative.count(index),
                collapsed);
    }

    private Bucket zeroBucket() {
        return new Bucket(0.0, Double.MIN_VALUE, 0.0, zeroCount, false);
    }

    /**
     * One bucket: the values {@code v} with {@code lowerInclusive ≤ v < upperExclusive}, how many there were, and
     * the value reported for them ({@code representative}, within the relative accuracy of every value in the
     * bucket unless {@code collapsed}).
     */
    public record Bucket(double lowerInclusive, double upperExclusive, double representative, long count,
            boolean collapsed) {}

    public LogBucketQuantileSketch copy() {
        LogBucketQuantileSketch copy = new LogBucketQuantileSketch(mapping, maxBuckets, positive.copy(), negative.copy());
        copy.zeroCount = zeroCount;
        copy.count = count;
        copy.min = min;
        copy.max = max;
        return copy;
    }

    /** The binary form: format version, parameters, counts, min/max, the trimmed bucket ranges of both signs. */
    public byte[] toBytes() {
        return BinaryFormat.write(out -> {
            out.writeInt(FORMAT_VERSION);
            writeBody(out);
        });
    }

    /** The inverse of {@link #toBytes()}. @throws IllegalArgumentException on malformed input or another format version */
    public static LogBucketQuantileSketch fromBytes(byte[] bytes) {
        return BinaryFormat.read(bytes, "quantile sketch", in -> {
            BinaryFormat.checkVersion(in, FORMAT_VERSION, "quantile sketch");
            return readBody(in);
        });
    }

    /** Java serialization goes through {@link #toBytes()}, so the shared bucket mapping is looked up again on read. */
    private Object writeReplace() {
        return new SerializedForm(toBytes());
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("read through SerializedForm");
    }

    private static final class SerializedForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        SerializedForm(byte[] bytes) {
            this.bytes = bytes;
        }

        private Object readResolve() {
            return fromBytes(bytes);
        }
    }

    void writeBody(DataOutput out) throws IOException {
        out.writeDouble(mapping.relativeAccuracy);
        out.writeInt(maxBuckets);
        out.writeLong(count);
        out.writeLong(zeroCount);
        out.writeDouble(min);
        out.writeDouble(max);
        positive.writeTo(out);
        negative.writeTo(out);
    }

    static LogBucketQuantileSketch readBody(DataInput in) throws IOException {
        double relativeAccuracy = in.readDouble();
        int maxBuckets = in.readInt();
        LogBucketQuantileSketch sketch;
        try {
            sketch = create(relativeAccuracy, maxBuckets);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        long count = BinaryFormat.readCount(in);
        sketch.zeroCount = BinaryFormat.readCount(in);
        sketch.min = in.readDouble();
        sketch.max = in.readDouble();
        BucketStore positive = BucketStore.readFrom(in, maxBuckets);
        BucketStore negative = BucketStore.readFrom(in, maxBuckets);
        sketch.positive.merge(positive);
        sketch.negative.merge(negative);
        sketch.count = count;
        if (sketch.zeroCount + positive.total() + negative.total() != count) {
            throw new IOException("sketch counts do not add up");
        }
        return sketch;
    }

    /** Equal when built from the same multiset with the same parameters (bucket layout in memory aside). */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LogBucketQuantileSketch)) return false;
        LogBucketQuantileSketch s = (LogBucketQuantileSketch) o;
        return mapping == s.mapping
                && maxBuckets == s.maxBuckets
                && count == s.count
                && zeroCount == s.zeroCount
                && Double.compare(min, s.min) == 0
                && Double.compare(max, s.max) == 0
                && positive.sameState(s.positive)
                && negative.sameState(s.negative);
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(count) * 31 + positive.stateHash()) * 31 + negative.stateHash()) * 31
                + Long.hashCode(zeroCount);
    }

    @Override
    public String toString() {
        return "LogBucketQuantileSketch{n=" + count + ", α=" + mapping.relativeAccuracy + ", min=" + min()
                + ", p50=" + quantile(0.5) + ", max=" + max() + "}";
    }
}
