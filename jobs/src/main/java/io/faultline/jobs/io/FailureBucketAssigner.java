package io.faultline.jobs.io;

import io.faultline.common.model.FailureRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Buckets failure rows as {@code dt=YYYY-MM-DD/model=NAME}, the day of the prediction's event time in UTC.
 * Event time rather than processing time, so that a replay or backfill writes each row to the same
 * partition as the original run. Model names are safe partition values: the input contract rejects any
 * other.
 */
public final class FailureBucketAssigner implements BucketAssigner<FailureRecord, String> {

    private static final long serialVersionUID = 1L;

    private transient DailyBucketIds bucketIds;

    @Override
    public String getBucketId(FailureRecord failure, Context context) {
        if (bucketIds == null) {
            bucketIds = new DailyBucketIds("model");
        }
        return bucketIds.bucketId(failure.event.eventTime, failure.event.model);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "FailureBucketAssigner{dt=<event_time UTC day>/model=<model>}";
    }
}
