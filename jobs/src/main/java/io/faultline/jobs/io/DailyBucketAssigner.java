package io.faultline.jobs.io;

import io.faultline.common.incident.Incident;
import io.faultline.common.label.LabelingStatsRow;
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.WindowStatsRow;
import java.io.Serializable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Buckets the rows of one table as {@code dt=YYYY-MM-DD/<key>=<value>}: the UTC day of one of the row's times and
 * one of its names. Every table but the dead-letter-shaped ones takes the day from event time (the event, the
 * window's start, the incident's start), so that a replay or backfill writes each row to the same partition.
 *
 * @param <T> the row type
 */
public final class DailyBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    /** The time whose UTC day is the {@code dt} partition, epoch ms. */
    public interface DayOf<T> extends Serializable {
        long epochMillis(T row);
    }

    /** The value of the second partition. */
    public interface ValueOf<T> extends Serializable {
        String value(T row);
    }

    private final String key;
    private final String description;
    private final DayOf<T> day;
    private final ValueOf<T> value;

    private transient DailyBucketIds bucketIds;

    private DailyBucketAssigner(String key, String dayDescription, DayOf<T> day, ValueOf<T> value) {
        this.key = key;
        this.description = "dt=<" + dayDescription + " UTC day>/" + key + "=<" + key + ">";
        this.day = day;
        this.value = value;
    }

    /** {@code failures/}: the event's time (a window-level row's stand-in event carries the window's start). */
    public static DailyBucketAssigner<FailureRecord> failures() {
        return new DailyBucketAssigner<>("model", "event_time", f -> f.event.eventTime, f -> f.event.model);
    }

    /** {@code window_stats/}: the window's start, so that a window spanning midnight stays whole. */
    public static DailyBucketAssigner<WindowStatsRow> windowStats() {
        return new DailyBucketAssigner<>("model", "window_start", r -> r.windowStart, r -> r.model);
    }

    /** {@code labeling_stats/}: the window's start. */
    public static DailyBucketAssigner<LabelingStatsRow> labelingStats() {
        return new DailyBucketAssigner<>("model", "window_start", r -> r.windowStart, r -> r.model);
    }

    /** {@code incidents/}: the incident's start, which never changes, so every revision lands in one partition. */
    public static DailyBucketAssigner<Incident> incidents() {
        return new DailyBucketAssigner<>("model", "started_at", i -> i.startedAt, i -> i.model);
    }

    /** {@code dead_letter/}, {@code late_events/}: ingestion time (a dead letter may have no readable event time). */
    public static DailyBucketAssigner<DeadLetter> deadLetters() {
        return new DailyBucketAssigner<>("source", "ingested_at", d -> d.ingestedAt, d -> d.source);
    }

    @Override
    public String getBucketId(T row, Context context) {
        if (bucketIds == null) {
            bucketIds = new DailyBucketIds(key);
        }
        return bucketIds.bucketId(day.epochMillis(row), value.value(row));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "DailyBucketAssigner{" + description + "}";
    }
}
