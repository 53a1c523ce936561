package io.faultline.common.failure;

import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Window-level {@link FailureMode#SCHEMA_VIOLATION} rows: the dead letters of one input source in one window,
 * rolled up so that contract breaks show in the catalog next to the failures they may explain. One row per
 * (window, source) with at least one dead letter; the raw records stay in {@code dead_letter/}.
 *
 * <p>The row follows the conventions of the drift rows ({@link DriftFailures}): a stand-in event whose id
 * names the window, {@code event_time} = window start, {@code detected_at} = window end, lineage
 * {@code NOT_APPLICABLE}. A dead letter may have no readable model, so the stand-in's model is the reserved
 * {@value #MODEL} and its version the source. {@code offendingKeys} are the error codes seen (sorted), the
 * score is the number of dead letters.
 *
 * <p>Rows come with the base severity; pass them through {@link FailureAnnotator#annotate}.
 */
public final class SchemaViolations {
    /** Stand-in model of schema-violation rows (a dead letter may name no model, or an unsafe one). */
    public static final String MODEL = "_contract";

    private SchemaViolations() {}

    /** The catalog row of one (window, source); null when {@code counts} holds no dead letter. */
    public static FailureRecord of(SchemaViolationCounts counts) {
        long total = counts.total();
        if (total == 0) {
            return null;
        }
        FailureMode mode = FailureMode.SCHEMA_VIOLATION;
        Prediction standIn = new Prediction();
        standIn.eventId = "window:" + MODEL + "/" + counts.source + "/" + Instant.ofEpochMilli(counts.windowStart);
        standIn.eventTime = counts.windowStart;
        standIn.model = MODEL;
        standIn.modelVersion = counts.source;
        standIn.lineageStatus = DriftFailures.NOT_APPLICABLE;

        FailureRecord f = new FailureRecord();
        f.failureId = FailureClassifier.failureId(standIn.eventId, mode);
        f.failureMode = mode.name();
        f.category = mode.category().name();
        f.score = (double) total;
        f.severity = FailureAnnotator.baseSeverity(mode, f.score).name();
        f.detectedAt = counts.windowEnd;
        f.event = standIn;
        f.windowStart = counts.windowStart;
        f.windowEnd = counts.windowEnd;
        f.offendingKeys = counts.errorCodes.clone();
        f.evidence = evidence(counts, total);
        return f;
    }

    /** "12 predictions records rejected in window A..B: INVALID_JSON 9, WRONG_TYPE 3" (most frequent first). */
    private static String evidence(SchemaViolationCounts counts, long total) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < counts.errorCodes.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> -counts.counts[i]).thenComparing(i -> counts.errorCodes[i]));
        StringBuilder s = new StringBuilder().append(total).append(' ').append(counts.source)
                .append(total == 1 ? " record" : " records").append(" rejected in window ")
                .append(Instant.ofEpochMilli(counts.windowStart)).append("..")
                .append(Instant.ofEpochMilli(counts.windowEnd)).append(':');
        String sep = " ";
        for (int i : order) {
            s.append(sep).append(counts.errorCodes[i]).append(' ').append(counts.counts[i]);
            sep = ", ";
        }
        return s.toString();
    }
}
