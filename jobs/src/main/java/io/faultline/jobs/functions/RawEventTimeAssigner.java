package io.faultline.jobs.functions;

import io.faultline.common.contract.ContractDecoder;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * Event time of a raw record, read at the source so that watermarks are generated per split (per Kafka
 * partition, per file): a reader that consumes one partition ahead of another then cannot make the
 * other's records late. Only the top-level time field is read, not the whole record. A record without a
 * readable time gets {@link Long#MIN_VALUE}, which never advances the watermark (it becomes a dead letter).
 */
public final class RawEventTimeAssigner implements SerializableTimestampAssigner<RawRecord> {
    private final SourceKind kind;

    public RawEventTimeAssigner(SourceKind kind) {
        this.kind = kind;
    }

    @Override
    public long extractTimestamp(RawRecord record, long recordTimestamp) {
        return ContractDecoder.eventTime(kind, record.payload);
    }
}
