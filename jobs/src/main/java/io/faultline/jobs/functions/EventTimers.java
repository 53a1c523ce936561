package io.faultline.jobs.functions;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Event-time timers of many keys, for an operator that keeps its own per-key state on the heap
 * ({@link HeapPredictionJoinOperator}). A timer is a (time, key, value) triple, the value being whatever the
 * owner wants back with it (its state object, which spares it a lookup); {@link #advanceTo} hands out every
 * timer at or before the watermark in time order (ties in registration order).
 *
 * <p>Timers are filed in buckets of {@value #BUCKET_BITS} bits of milliseconds (about a minute) kept in a
 * sorted map; registering appends to a bucket's two flat arrays and nearly always hits the bucket of the
 * previous registration, as deadlines follow event time. Compared with a binary heap over hundreds of
 * thousands of timer objects (what Flink's heap timer service keeps), nothing is sifted and the garbage
 * collector sees two arrays per minute of deadlines. There is no deletion and no de-duplication: a timer
 * that fires for a key whose state has moved on must be harmless to its owner.
 */
final class EventTimers<V> {
    /** Buckets span 2^16 ms (65.5 s). */
    static final int BUCKET_BITS = 16;

    /** Receives due timers. */
    interface Due<V> {
        void fire(String key, V value, long time) throws Exception;
    }

    private static final class Bucket {
        long[] times = new long[16];
        String[] keys = new String[16];
        Object[] values = new Object[16];
        int size;

        void add(long time, String key, Object value) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            times[size] = time;
            keys[size] = key;
            values[size] = value;
            size++;
        }

        /** Sorts by time, keeping registration order among equal times. */
        void sort() {
            for (int i = 1; i < size; i++) {
                if (times[i] < times[i - 1]) {
                    sortFully();
                    return;
                }
            }
        }

        /** All times of a bucket share their high bits: sort (offset in the bucket, index) packed in a long. */
        private void sortFully() {
            long base = (times[0] >> BUCKET_BITS) << BUCKET_BITS;
            long[] order = new long[size];
            for (int i = 0; i < size; i++) {
                order[i] = ((times[i] - base) << 32) | i;
            }
            Arrays.sort(order); // ties on time keep registration order, as the index breaks them
            long[] t = new long[times.length];
            String[] k = new String[keys.length];
            Object[] v = new Object[values.length];
            for (int i = 0; i < size; i++) {
                int from = (int) order[i];
                t[i] = times[from];
                k[i] = keys[from];
                v[i] = values[from];
            }
            times = t;
            keys = k;
            values = v;
        }
    }

    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private long lastBucketId = Long.MIN_VALUE;
    private Bucket lastBucket;
    private int size;

    /** Registers a timer; one at or before the last watermark fires at the next {@link #advanceTo}. */
    void register(long time, String key, V value) {
        long id = time >> BUCKET_BITS;
        Bucket bucket;
        if (id == lastBucketId && lastBucket != null) {
            bucket = lastBucket;
        } else {
            bucket = buckets.get(id);
            if (bucket == null) {
                bucket = new Bucket();
                buckets.put(id, bucket);
            }
            lastBucketId = id;
            lastBucket = bucket;
        }
        bucket.add(time, key, value);
        size++;
    }

    /** Number of registered timers that have not fired. */
    int size() {
        return size;
    }

    /** Fires, in time order, every timer at or before {@code watermark}, including those registered while firing. */
    @SuppressWarnings("unchecked")
    void advanceTo(long watermark, Due<V> due) throws Exception {
        while (!buckets.isEmpty()) {
            Map.Entry<Long, Bucket> first = buckets.firstEntry();
            long id = first.getKey();
            if (id > (watermark >> BUCKET_BITS)) {
                return;
            }
            Bucket bucket = first.getValue();
            buckets.pollFirstEntry();
            if (bucket == lastBucket) {
                lastBucket = null;
            }
            bucket.sort();
            int fired = 0;
            while (fired < bucket.size && bucket.times[fired] <= watermark) {
                size--;
                due.fire(bucket.keys[fired], (V) bucket.values[fired], bucket.times[fired]);
                bucket.keys[fired] = null;
                bucket.values[fired] = null;
                fired++;
            }
            if (fired < bucket.size) {
                // The watermark lies inside this bucket: keep the rest, with any timer registered meanwhile.
                Bucket rest = buckets.get(id);
                for (int i = fired; i < bucket.size; i++) {
                    if (rest == null) {
                        rest = new Bucket();
                        buckets.put(id, rest);
                    }
                    rest.add(bucket.times[i], bucket.keys[i], bucket.values[i]);
                }
                if (buckets.firstKey() == id && firstDue(buckets.get(id), watermark)) {
                    continue; // a timer registered while firing is already due
                }
                return;
            }
        }
    }

    private static boolean firstDue(Bucket bucket, long watermark) {
        for (int i = 0; i < bucket.size; i++) {
            if (bucket.times[i] <= watermark) {
                return true;
            }
        }
        return false;
    }
}
