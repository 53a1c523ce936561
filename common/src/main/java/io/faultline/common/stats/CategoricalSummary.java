package io.faultline.common.stats;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The mergeable summary of one categorical column over a window: a sufficient statistic whose merge of two parts
 * equals the summary of their union, exactly.
 *
 * <p>Holds: the number of non-null values and of missing (null) values; with a {@link CategoricalReference}
 * attached, the exact count of each reference category (aligned with {@link CategoricalReference#categories()}),
 * of {@code other} (values the reference saw outside its categories) and of {@code unseen} (values the reference
 * never saw; without a reference every value is unseen); the unseen values themselves in a
 * {@link BottomKValueCounts} (exact counts of up to {@value #DEFAULT_UNSEEN_CAPACITY} distinct values, then the
 * {@value #DEFAULT_UNSEEN_CAPACITY} with the smallest fixed hash); and a {@link HyperLogLog} distinct-count
 * estimate over all non-null values (standard error {@code 1.04/√4096 ≈ 1.6 %}).
 *
 * <p>Every part merges by addition, by maximum, or by the bottom-k rule, so the state is the same for any order,
 * split and merge order of the same values. {@link #add(String)} hashes the value once and allocates only when an
 * unseen value is kept for the first time. Not thread-safe.
 */
public final class CategoricalSummary {
    /** Leading int of {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;
    public static final int DEFAULT_UNSEEN_CAPACITY = 256;

    private static final long NO_REFERENCE = 0;

    private final CategoricalReference reference;
    private final long[] categoryCounts;
    private long count;
    private long missingCount;
    private long otherCount;
    private long unseenCount;
    private final BottomKValueCounts unseen;
    private final HyperLogLog distinct;

    private CategoricalSummary(CategoricalReference reference, BottomKValueCounts unseen, HyperLogLog distinct) {
        this.reference = reference;
        this.categoryCounts = new long[reference == null ? 0 : reference.categoryCount()];
        this.unseen = unseen;
        this.distinct = distinct;
    }

    /** An empty summary without a reference: every value counts as unseen (and so is kept by value). */
    public static CategoricalSummary unreferenced() {
        return new CategoricalSummary(null, new BottomKValueCounts(DEFAULT_UNSEEN_CAPACITY), HyperLogLog.create());
    }

    /** An empty summary counting {@code reference}'s categories. */
    public static CategoricalSummary forReference(CategoricalReference reference) {
        return create(reference, DEFAULT_UNSEEN_CAPACITY, HyperLogLog.DEFAULT_PRECISION);
    }

    /**
     * @param reference null for none
     * @param unseenCapacity distinct unseen values kept, at least 1
     * @param distinctPrecision HyperLogLog precision p in [4, 16]
     */
    public static CategoricalSummary create(CategoricalReference reference, int unseenCapacity, int distinctPrecision) {
        return new CategoricalSummary(reference, new BottomKValueCounts(unseenCapacity),
                HyperLogLog.create(distinctPrecision));
    }

    /** Counts one value; null counts as missing. */
    public void add(String value) {
        if (value == null) {
            missingCount++;
            return;
        }
        long hash = StableHash.hash64(value);
        distinct.addHash(hash);
        count++;
        if (reference != null) {
            int category = reference.classify(value);
            if (category >= 0) {
                categoryCounts[category]++;
                return;
            }
            if (category == CategoricalReference.OTHER) {
                otherCount++;
                return;
            }
        }
        unseenCount++;
        unseen.add(value, hash);
    }

    public void addMissing() {
        missingCount++;
    }

    /** @throws IllegalArgumentException if the references or the sketch parameters differ */
    public void merge(CategoricalSummary other) {
        if (fingerprint() != other.fingerprint()
                || (reference != null && other.reference != null && !reference.equals(other.reference))) {
            throw new IllegalArgumentException("cannot merge summaries over different references");
        }
        unseen.merge(other.unseen);
        distinct.merge(other.distinct);
        for (int i = 0; i < categoryCounts.length; i++) {
            categoryCounts[i] += other.categoryCounts[i];
        }
        count += other.count;
        missingCount += other.missingCount;
        otherCount += other.otherCount;
        unseenCount += other.unseenCount;
    }

    private long fingerprint() {
        return reference == null ? NO_REFERENCE : reference.fingerprint();
    }

    /** The reference counted against; null for none. */
    public CategoricalReference reference() {
        return reference;
    }

    /** Non-null values counted. */
    public long count() {
        return count;
    }

    public long missingCount() {
        return missingCount;
    }

    /** A copy of the count per reference category, aligned with the reference's category list. */
    public long[] categoryCounts() {
        return categoryCounts.clone();
    }

    /** Values the reference saw outside its categories. */
    public long otherCount() {
        return otherCount;
    }

    /** Values the reference never saw (all values without a reference). */
    public long unseenCount() {
        return unseenCount;
    }

    /** Window drift bins aligned with {@link CategoricalReference#binCounts()}: categories, other, unseen. */
    public long[] binCounts() {
        long[] bins = Arrays.copyOf(categoryCounts, categoryCounts.length + 2);
        bins[categoryCounts.length] = otherCount;
        bins[categoryCounts.length + 1] = unseenCount;
        return bins;
    }

    /**
     * The {@code k} most frequent kept unseen values by count descending, then value ascending; exact when
     * {@link #unseenValuesExact()}, otherwise the top of a deterministic hash sample of the distinct unseen values
     * (each with its exact count).
     */
    public List<ValueCount> topUnseen(int k) {
        return unseen.top(k);
    }

    /** True when no more than the capacity of distinct unseen values were seen, so all are kept. */
    public boolean unseenValuesExact() {
        return unseen.isExact();
    }

    /** A copy of the kept unseen values and their counts. */
    public BottomKValueCounts unseenValues() {
        return unseen.copy();
    }

    /** The estimated number of distinct non-null values (HyperLogLog; see {@link #distinctStandardError()}). */
    public double distinctEstimate() {
        return distinct.estimate();
    }

    public double distinctStandardError() {
        return distinct.standardError();
    }

    /**
     * This unreferenced summary counted against {@code reference}, from its retained values. Exact while at
     * most {@link BottomKValueCounts#capacity()} distinct values were seen; beyond that, values outside the
     * retained (hash-sampled) set cannot be classified and count as unseen.
     *
     * @throws IllegalArgumentException if this summary already has a reference
     */
    public CategoricalSummary countedAgainst(CategoricalReference reference) {
        if (this.reference != null) {
            throw new IllegalArgumentException("the summary is already counted against a reference");
        }
        CategoricalSummary counted = new CategoricalSummary(reference, new BottomKValueCounts(unseen.capacity()),
                distinct.copy());
        counted.count = count;
        counted.missingCount = missingCount;
        long classified = 0;
        for (ValueCount value : unseen.all()) {
            int category = reference.classify(value.value());
            if (category >= 0) {
                counted.categoryCounts[category] += value.count();
            } else if (category == CategoricalReference.OTHER) {
                counted.otherCount += value.count();
            } else {
                counted.unseenCount += value.count();
                counted.unseen.add(value.value(), StableHash.hash64(value.value()), value.count());
            }
            classified += value.count();
        }
        counted.unseenCount += unseenCount - classified;
        return counted;
    }

    public CategoricalSummary copy() {
        CategoricalSummary copy = new CategoricalSummary(reference, unseen.copy(), distinct.copy());
        System.arraycopy(categoryCounts, 0, copy.categoryCounts, 0, categoryCounts.length);
        copy.count = count;
        copy.missingCount = missingCount;
        copy.otherCount = otherCount;
        copy.unseenCount = unseenCount;
        return copy;
    }

    /**
     * Format version, the reference's {@link CategoricalReference#fingerprint()} (0 for none; the reference itself
     * is not repeated), counts, unseen values, distinct-count registers.
     */
    public byte[] toBytes() {
        return BinaryFormat.write(out -> {
            out.writeInt(FORMAT_VERSION);
            out.writeLong(fingerprint());
            BinaryFormat.writeLongs(out, categoryCounts);
            out.writeLong(count);
            out.writeLong(missingCount);
            out.writeLong(otherCount);
            out.writeLong(unseenCount);
            unseen.writeTo(out);
            distinct.writeTo(out);
        });
    }

    /**
     * The inverse of {@link #toBytes()}.
     *
     * @param reference the reference the summary was counted against (null for none)
     * @throws IllegalArgumentException on malformed input, another format version, or another reference
     */
    public static CategoricalSummary fromBytes(byte[] bytes, CategoricalReference reference) {
        return BinaryFormat.read(bytes, "categorical summary", in -> {
            BinaryFormat.checkVersion(in, FORMAT_VERSION, "categorical summary");
            long fingerprint = in.readLong();
            long expected = reference == null ? NO_REFERENCE : reference.fingerprint();
            if (fingerprint != expected) {
                throw new IOException("summary was counted against another reference");
            }
            long[] categoryCounts = BinaryFormat.readLongs(in);
            long count = BinaryFormat.readCount(in);
            long missing = BinaryFormat.readCount(in);
            long other = BinaryFormat.readCount(in);
            long unseenCount = BinaryFormat.readCount(in);
            BottomKValueCounts unseen = BottomKValueCounts.readFrom(in);
            HyperLogLog distinct = HyperLogLog.readFrom(in);
            CategoricalSummary summary = new CategoricalSummary(reference, unseen, distinct);
            if (categoryCounts.length != summary.categoryCounts.length) {
                throw new IOException(categoryCounts.length + " category counts for "
                        + summary.categoryCounts.length + " categories");
            }
            long total = other + unseenCount;
            for (int i = 0; i < categoryCounts.length; i++) {
                if (categoryCounts[i] < 0) {
                    throw new IOException("negative category count");
                }
                summary.categoryCounts[i] = categoryCounts[i];
                total += categoryCounts[i];
            }
            if (total != count) {
                throw new IOException("category, other and unseen counts do not add up to " + count);
            }
            summary.count = count;
            summary.missingCount = missing;
            summary.otherCount = other;
            summary.unseenCount = unseenCount;
            return summary;
        });
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof CategoricalSummary)) return false;
        CategoricalSummary s = (CategoricalSummary) o;
        return fingerprint() == s.fingerprint()
                && count == s.count
                && missingCount == s.missingCount
                && otherCount == s.otherCount
                && unseenCount == s.unseenCount
                && Arrays.equals(categoryCounts, s.categoryCounts)
                && unseen.equals(s.unseen)
                && distinct.equals(s.distinct);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(count) * 31 + Arrays.hashCode(categoryCounts)) * 31 + unseen.hashCode();
    }

    @Override
    public String toString() {
        return "CategoricalSummary{n=" + count + ", missing=" + missingCount + ", categories="
                + Arrays.toString(categoryCounts) + ", other=" + otherCount + ", unseen=" + unseenCount
                + ", topUnseen=" + topUnseen(5) + ", distinct≈" + Math.round(distinctEstimate()) + "}";
    }
}
