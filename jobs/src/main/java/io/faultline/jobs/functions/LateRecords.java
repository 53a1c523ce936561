package io.faultline.jobs.functions;

import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.RawRecord;
import java.time.Instant;
import org.apache.flink.util.OutputTag;

/**
 * Records that arrived after the watermark had passed their event time by more than the allowed
 * lateness. They are not analysed (their windows and joins are closed) but are kept in the
 * {@code late_events/} table, in the dead-letter schema with error code {@link #ERROR_CODE}, so a user
 * can find and replay them.
 */
public final class LateRecords {
    public static final String ERROR_CODE = "LATE_EVENT";
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("late-records") {};

    private LateRecords() {}

    /** Whether {@code eventTime} is late against {@code watermark} (Long.MIN_VALUE before the first watermark and in batch). */
    public static boolean isLate(long eventTime, long watermark, long allowedLatenessMs) {
        return watermark != Long.MIN_VALUE && eventTime < watermark - allowedLatenessMs;
    }

    /**
     * A late-event row. The raw payload is no longer at hand after decoding, so the row carries the
     * record's identity as a small JSON object; the position names the event id, which finds the
     * record in its source.
     */
    public static DeadLetter of(String source, String eventId, String timeField, long eventTime, long watermark,
            long allowedLatenessMs, String identityJson) {
        RawRecord raw = new RawRecord(source, "event_id=" + eventId, System.currentTimeMillis(), identityJson);
        String message = timeField + " " + Instant.ofEpochMilli(eventTime) + " is more than " + allowedLatenessMs
                + " ms behind the watermark " + Instant.ofEpochMilli(watermark);
        return DeadLetter.of(raw, ERROR_CODE, message);
    }

    /** The identity of a late prediction, as the late-event row's payload. */
    public static String identity(io.faultline.common.model.Prediction p) {
        return "{\"event_id\":" + quote(p.eventId) + ",\"event_time\":" + p.eventTime + ",\"model\":" + quote(p.model)
                + ",\"model_version\":" + quote(p.modelVersion) + "}";
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
