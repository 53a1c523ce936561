package io.faultline.common.model;

/**
 * A rejected input record: the stable error code and a message that says precisely what is wrong, where
 * the record was read, and its raw payload (truncated to {@link #MAX_PAYLOAD_CHARS}).
 */
public class DeadLetter {
    /** Payloads longer than this are truncated in the dead-letter output (the flag says so). */
    public static final int MAX_PAYLOAD_CHARS = 65_536;

    public String source;
    public String errorCode;
    public String message;
    public String position;
    /** Processing time at ingestion, epoch milliseconds. */
    public long ingestedAt;
    public String rawPayload;
    public boolean payloadTruncated;

    public DeadLetter() {}

    public static DeadLetter of(RawRecord raw, String errorCode, String message) {
        DeadLetter d = new DeadLetter();
        d.source = raw.source;
        d.errorCode = errorCode;
        d.message = message;
        d.position = raw.position;
        d.ingestedAt = raw.ingestedAt;
        String payload = raw.payload == null ? "" : raw.payload;
        d.payloadTruncated = payload.length() > MAX_PAYLOAD_CHARS;
        d.rawPayload = d.payloadTruncated ? payload.substring(0, MAX_PAYLOAD_CHARS) : payload;
        return d;
    }

    @Override
    public String toString() {
        return "DeadLetter{" + source + " " + errorCode + " @ " + position + ": " + message + "}";
    }
}
