package io.faultline.common.model;

/**
 * One input record as it came off a source, before decoding: which input it belongs to, where it was
 * read (Kafka {@code topic/partition/offset} or {@code file:line}), when it was ingested, and the raw
 * payload. Everything downstream of the contract either decodes it or turns it into a {@link DeadLetter}.
 *
 * <p>A plain Flink POJO: public no-argument constructor and public fields.
 */
public class RawRecord {
    /** {@link SourceKind#tableValue()} of the input this record came from. */
    public String source;
    /** Kafka {@code topic/partition/offset} or {@code path:line} (line numbers start at 1). */
    public String position;
    /** Ingestion time, epoch milliseconds (processing time; not used for any deterministic output). */
    public long ingestedAt;
    /** The record exactly as read (UTF-8 text). */
    public String payload;

    public RawRecord() {}

    public RawRecord(String source, String position, long ingestedAt, String payload) {
        this.source = source;
        this.position = position;
        this.ingestedAt = ingestedAt;
        this.payload = payload;
    }

    @Override
    public String toString() {
        return "RawRecord{" + source + " @ " + position + "}";
    }
}
