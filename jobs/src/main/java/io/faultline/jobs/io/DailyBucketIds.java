package io.faultline.jobs.io;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds Hive-style bucket ids {@code dt=YYYY-MM-DD/<key>=<value>} with the day taken from epoch
 * milliseconds in UTC.
 *
 * <p>Ids are memoised for the most recent day, so the usual per-record cost is one division and one map
 * lookup instead of date formatting and string concatenation. Not thread-safe: one instance per bucket
 * assigner, which Flink calls from its task thread only.
 */
final class DailyBucketIds {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Keeps the memo bounded if a key turns out to have many values. */
    private static final int MAX_MEMOISED_VALUES = 1_024;

    private final String key;
    private final Map<String, String> idsOfCurrentDay = new HashMap<>();
    private long currentDay = Long.MIN_VALUE;
    private String currentPrefix;

    DailyBucketIds(String key) {
        this.key = key;
    }

    String bucketId(long epochMillis, String value) {
        long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        if (day != currentDay || idsOfCurrentDay.size() >= MAX_MEMOISED_VALUES) {
            currentDay = day;
            currentPrefix = "dt=" + LocalDate.ofEpochDay(day) + '/' + key + '=';
            idsOfCurrentDay.clear();
        }
        String id = idsOfCurrentDay.get(value);
        if (id == null) {
            id = currentPrefix + value;
            idsOfCurrentDay.put(value, id);
        }
        return id;
    }
}
