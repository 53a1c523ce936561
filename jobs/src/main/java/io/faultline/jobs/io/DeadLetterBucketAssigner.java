package io.faultline.jobs.io;

import io.faultline.common.model.DeadLetter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Buckets dead letters as {@code dt=YYYY-MM-DD/source=NAME}, the UTC day of ingestion. A rejected record
 * may have no usable event time (that is often why it was rejected), so the day it was ingested is the only
 * date every dead letter has. Source names are fixed identifiers ({@code predictions}, {@code labels},
 * {@code deployments}).
 */
public final class DeadLetterBucketAssigner implements BucketAssigner<DeadLetter, String> {

    private static final long serialVersionUID = 1L;

    private transient DailyBucketIds bucketIds;

    @Override
    public String getBucketId(DeadLetter deadLetter, Context context) {
        if (bucketIds == null) {
            bucketIds = new DailyBucketIds("source");
        }
        return bucketIds.bucketId(deadLetter.ingestedAt, deadLetter.source);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "DeadLetterBucketAssigner{dt=<ingested_at UTC day>/source=<source>}";
    }
}
