package io.faultline.jobs.io;

import io.faultline.common.incident.Incident;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Buckets incident rows as {@code dt=YYYY-MM-DD/model=NAME}, the UTC day of the incident's {@code started_at}.
 * Event time, like the other tables, so that a replay writes each row to the same partition, and every revision
 * of one incident lands in the same partition (its start does not change).
 */
public final class IncidentBucketAssigner implements BucketAssigner<Incident, String> {

    private static final long serialVersionUID = 1L;

    private transient DailyBucketIds bucketIds;

    @Override
    public String getBucketId(Incident incident, Context context) {
        if (bucketIds == null) {
            bucketIds = new DailyBucketIds("model");
        }
        return bucketIds.bucketId(incident.startedAt, incident.model);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "IncidentBucketAssigner{dt=<started_at UTC day>/model=<model>}";
    }
}
