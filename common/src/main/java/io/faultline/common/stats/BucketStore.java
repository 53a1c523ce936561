package io.faultline.common.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Counts per bucket index, at most {@code maxBuckets} consecutive indices wide; when wider, the lowest buckets are
 * folded into the lowest one kept (DDSketch's "collapsing lowest" store).
 *
 * <p>Why the final state does not depend on order: with {@code H} the highest index ever added, the store always
 * equals the counts of {@code max(i, H − maxBuckets + 1)} over all added indices {@code i}. Folding under a lower,
 * earlier {@code H'} and then under {@code H} gives {@code max(max(i, H' − m + 1), H − m + 1) = max(i, H − m + 1)}
 * because {@code H' ≤ H}; and {@code H} is a maximum, the same for every order and every merge tree. The
 * {@code collapsed} flag ("some value's own bucket was folded") is a function of the same multiset.
 */
final class BucketStore {
    private static final long[] EMPTY = {};

    private final int maxBuckets;
    /** counts[i] belongs to index offset + i. */
    private long[] counts = EMPTY;
    private int offset;
    /** Every non-zero count lies in [minIndex, maxIndex]; maxIndex is the highest index ever added. */
    private int minIndex = Integer.MAX_VALUE;
    private int maxIndex = Integer.MIN_VALUE;
    private boolean collapsed;
    private long total;

    BucketStore(int maxBuckets) {
        this.maxBuckets = maxBuckets;
    }

    long total() {
        return total;
    }

    boolean collapsed() {
        return collapsed;
    }

    void add(int index) {
        if (index > maxIndex || index < minIndex) {
            index = makeRoom(index);
        }
        counts[index - offset]++;
        total++;
    }

    void add(int index, long count) {
        if (count == 0) {
            return;
        }
        if (index > maxIndex || index < minIndex) {
            index = makeRoom(index);
        }
        counts[index - offset] += count;
        total += count;
    }

    /** Widens the range to cover {@code index}, folding what falls out of range; returns where to count it. */
    private int makeRoom(int index) {
        if (total == 0) {
            allocate(index, index, true);
            minIndex = index;
            maxIndex = index;
            return index;
        }
        if (index > maxIndex) {
            int lowest = (int) Math.max((long) index - maxBuckets + 1, Integer.MIN_VALUE);
            if (lowest > minIndex) {
                long folded = 0;
                int foldEnd = Math.min(lowest - 1, maxIndex);
                for (int i = minIndex; i <= foldEnd; i++) {
                    folded += counts[i - offset];
                    counts[i - offset] = 0;
                }
                minIndex = lowest;
                maxIndex = Math.max(maxIndex, lowest);
                ensureRange(lowest, index, true);
                counts[lowest - offset] += folded;
                if (folded > 0) {
                    collapsed = true;
                }
            } else {
                ensureRange(minIndex, index, true);
            }
            maxIndex = index;
            return index;
        }
        int lowest = (int) Math.max((long) maxIndex - maxBuckets + 1, Integer.MIN_VALUE);
        if (index < lowest) {
            collapsed = true;
            index = lowest;
        }
        if (index < minIndex) {
            ensureRange(index, maxIndex, false);
            minIndex = index;
        }
        return index;
    }

    private void ensureRange(int low, int high, boolean growingUp) {
        if (low >= offset && high < offset + counts.length) {
            return;
        }
        allocate(low, high, growingUp);
    }

    /** A new array covering [low, high] with slack on the side the range is growing towards. */
    private void allocate(int low, int high, boolean growingUp) {
        int needed = high - low + 1;
        int length = Math.max(needed, Math.min(Math.max(16, 2 * counts.length), 2 * maxBuckets));
        int slack = length - needed;
        int newOffset = growingUp ? low - slack / 4 : low - (slack - slack / 4);
        long[] fresh = new long[length];
        // Only the part of [minIndex, maxIndex] the old array covers can hold counts (after a fold, none may).
        int copyLow = Math.max(minIndex, offset);
        int copyHigh = Math.min(maxIndex, offset + counts.length - 1);
        if (total > 0 && copyLow <= copyHigh) {
            System.arraycopy(counts, copyLow - offset, fresh, copyLow - newOffset, copyHigh - copyLow + 1);
        }
        counts = fresh;
        offset = newOffset;
    }

    /** Adds every bucket of {@code other}, highest first so that at most one fold happens. */
    void merge(BucketStore other) {
        if (other.total > 0) {
            for (int i = other.maxIndex; i >= other.minIndex; i--) {
                long c = other.counts[i - other.offset];
                if (c != 0) {
                    add(i, c);
                }
            }
        }
        collapsed |= other.collapsed;
    }

    /** The lowest index with a non-zero count; only when {@code total > 0}. */
    int lowestIndex() {
        int i = minIndex;
        while (counts[i - offset] == 0) {
            i++;
        }
        return i;
    }

    /** The highest index with a non-zero count (the highest ever added); only when {@code total > 0}. */
    int highestIndex() {
        return maxIndex;
    }

    long count(int index) {
        if (total == 0 || index < minIndex || index > maxIndex) {
            return 0;
        }
        return counts[index - offset];
    }

    /** The lowest bucket is the fold target once any fold happened. */
    boolean isCollapsedBucket(int index) {
        return collapsed && index == lowestIndex();
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(collapsed);
        if (total == 0) {
            out.writeInt(0);
            return;
        }
        int low = lowestIndex();
        out.writeInt(maxIndex - low + 1);
        out.writeInt(low);
        for (int i = low; i <= maxIndex; i++) {
            out.writeLong(counts[i - offset]);
        }
    }

    static BucketStore readFrom(DataInput in, int maxBuckets) throws IOException {
        BucketStore store = new BucketStore(maxBuckets);
        boolean collapsed = in.readBoolean();
        int length = in.readInt();
        if (length < 0 || length > maxBuckets) {
            throw new IOException("bucket range " + length + " exceeds " + maxBuckets);
        }
        if (length > 0) {
            int low = in.readInt();
            if ((long) low + length - 1 > Integer.MAX_VALUE) {
                throw new IOException("bucket index overflow");
            }
            for (int i = 0; i < length; i++) {
                long c = BinaryFormat.readCount(in);
                if ((i == 0 || i == length - 1) && c == 0) {
                    throw new IOException("bucket range not trimmed");
                }
                store.add(low + i, c);
            }
        }
        store.collapsed = collapsed;
        return store;
    }

    BucketStore copy() {
        BucketStore copy = new BucketStore(maxBuckets);
        copy.merge(this);
        return copy;
    }

    /** Same counts per index and same fold flag, whatever the array layout. */
    boolean sameState(BucketStore other) {
        if (total != other.total || collapsed != other.collapsed) {
            return false;
        }
        if (total == 0) {
            return true;
        }
        int low = lowestIndex();
        if (low != other.lowestIndex() || maxIndex != other.maxIndex) {
            return false;
        }
        for (int i = low; i <= maxIndex; i++) {
            if (counts[i - offset] != other.counts[i - other.offset]) {
                return false;
            }
        }
        return true;
    }

    int stateHash() {
        int h = Long.hashCode(total) * 31 + (collapsed ? 1 : 0);
        if (total > 0) {
            for (int i = lowestIndex(); i <= maxIndex; i++) {
                h = h * 31 + Long.hashCode(counts[i - offset]);
            }
        }
        return h;
    }
}
