package io.faultline.common.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact counts of up to {@code capacity} distinct values; beyond that, exact counts of the {@code capacity} values
 * with the smallest {@link StableHash} (ties by value): a bottom-k sketch (Cohen, Kaplan, "Summarizing data using
 * bottom-k sketches", PODC 2007) that keeps counts.
 *
 * <p><b>Why bottom-k.</b> Which values are kept depends only on the set of distinct values, never on arrival or
 * merge order: a value among the k smallest hashes of the whole input is among the k smallest of every part that
 * contains it, so it is never evicted and its count is exact. Frequency-based heavy-hitter summaries (Misra–Gries,
 * Space-Saving) keep different values, and different counts, depending on order. The price: past {@code capacity}
 * distinct values, the kept values are a uniform sample of the distinct values, not the most frequent ones
 * ({@link #isExact()} is then false).
 *
 * <p>Not thread-safe. {@link #add} allocates only when a value is kept for the first time.
 */
public final class BottomKValueCounts {
    private static final Comparator<Entry> BY_KEY =
            Comparator.comparingLong((Entry e) -> e.hash).thenComparing(e -> e.value);
    private static final Comparator<ValueCount> BY_COUNT_DESC_THEN_VALUE =
            Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value);

    private final int capacity;
    private final HashMap<String, Entry> entries;
    /** More distinct values were seen than {@code capacity}. */
    private boolean overflowed;
    /** The kept entry with the largest (hash, value) once full; null until then. */
    private Entry largest;

    private static final class Entry {
        final String value;
        final long hash;
        long count;

        Entry(String value, long hash, long count) {
            this.value = value;
            this.hash = hash;
            this.count = count;
        }
    }

    /** @param capacity at least 1 */
    public BottomKValueCounts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new HashMap<>(Math.min(capacity, 64) * 2);
    }

    /** @param hash {@link StableHash#hash64(String)} of {@code value} */
    public void add(String value, long hash) {
        add(value, hash, 1);
    }

    void add(String value, long hash, long count) {
        Entry entry = entries.get(value);
        if (entry != null) {
            entry.count += count;
            return;
        }
        if (entries.size() < capacity) {
            entries.put(value, new Entry(value, hash, count));
            if (entries.size() == capacity) {
                largest = findLargest();
            }
            return;
        }
        overflowed = true;
        if (compareKey(hash, value, largest) >= 0) {
            return;
        }
        entries.remove(largest.value);
        entries.put(value, new Entry(value, hash, count));
        largest = findLargest();
    }

    private static int compareKey(long hash, String value, Entry entry) {
        int c = Long.compare(hash, entry.hash);
        return c != 0 ? c : value.compareTo(entry.value);
    }

    private Entry findLargest() {
        Entry max = null;
        for (Entry e : entries.values()) {
            if (max == null || BY_KEY.compare(e, max) > 0) {
                max = e;
            }
        }
        return max;
    }

    public void merge(BottomKValueCounts other) {
        if (other.capacity != capacity) {
            throw new IllegalArgumentException("cannot merge capacity " + other.capacity + " into " + capacity);
        }
        for (Entry e : other.entries.values()) {
            add(e.value, e.hash, e.count);
        }
        overflowed |= other.overflowed;
    }

    /** True while no more than {@code capacity} distinct values were seen: then every value and count is kept. */
    public boolean isExact() {
        return !overflowed;
    }

    public int capacity() {
        return capacity;
    }

    /** Kept distinct values (all of them while {@link #isExact()}). */
    public int size() {
        return entries.size();
    }

    /** The exact count of a kept value; 0 if the value was never seen or not kept. */
    public long count(String value) {
        Entry e = entries.get(value);
        return e == null ? 0 : e.count;
    }

    /** The {@code k} kept values with the highest counts, by count descending then value ascending. */
    public List<ValueCount> top(int k) {
        return all().stream().limit(Math.max(0, k)).toList();
    }

    /** Every kept value, by count descending then value ascending. */
    public List<ValueCount> all() {
        List<ValueCount> all = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            all.add(new ValueCount(e.value, e.count));
        }
        all.sort(BY_COUNT_DESC_THEN_VALUE);
        return all;
    }

    public BottomKValueCounts copy() {
        BottomKValueCounts copy = new BottomKValueCounts(capacity);
        copy.merge(this);
        return copy;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(capacity);
        out.writeBoolean(overflowed);
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(BY_KEY);
        out.writeInt(sorted.size());
        for (Entry e : sorted) {
            BinaryFormat.writeString(out, e.value);
            out.writeLong(e.count);
        }
    }

    static BottomKValueCounts readFrom(DataInput in) throws IOException {
        int capacity = in.readInt();
        if (capacity < 1 || capacity > (1 << 24)) {
            throw new IOException("bad capacity " + capacity);
        }
        BottomKValueCounts counts = new BottomKValueCounts(capacity);
        boolean overflowed = in.readBoolean();
        int size = BinaryFormat.readLength(in);
        if (size > capacity) {
            throw new IOException(size + " values exceed capacity " + capacity);
        }
        for (int i = 0; i < size; i++) {
            String value = BinaryFormat.readString(in);
            long count = BinaryFormat.readCount(in);
            if (counts.entries.containsKey(value)) {
                throw new IOException("repeated value " + value);
            }
            counts.add(value, StableHash.hash64(value), count);
        }
        counts.overflowed = overflowed;
        return counts;
    }

    /** Same kept values with the same counts, and the same exactness. */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof BottomKValueCounts)) return false;
        BottomKValueCounts b = (BottomKValueCounts) o;
        if (capacity != b.capacity || overflowed != b.overflowed || entries.size() != b.entries.size()) {
            return false;
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry other = b.entries.get(e.getKey());
            if (other == null || other.count != e.getValue().count) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Entry e : entries.values()) {
            h += e.value.hashCode() ^ Long.hashCode(e.count);
        }
        return h;
    }

    @Override
    public String toString() {
        return "BottomKValueCounts{exact=" + isExact() + ", top=" + top(5) + "}";
    }
}
