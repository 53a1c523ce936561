package io.faultline.jobs.io;

import io.faultline.common.label.LabelingStatsRow;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Buckets labelling statistics as {@code dt=YYYY-MM-DD/model=NAME}, the UTC day of the window's start. Event
 * time, like the failures table, so that a replay or backfill writes each row to the same partition (and a
 * window that spans midnight stays whole, in the day it started).
 */
public final class LabelingStatsBucketAssigner implements BucketAssigner<LabelingStatsRow, String> {

    private static final long serialVersionUID = 1L;

    private transient DailyBucketIds bucketIds;

    @Override
    public String getBucketId(LabelingStatsRow stats, Context context) {
        if (bucketIds == null) {
            bucketIds = new DailyBucketIds("model");
        }
        return bucketIds.bucketId(stats.windowStart, stats.model);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "LabelingStatsBucketAssigner{dt=<window_start UTC day>/model=<model>}";
    }
}
