package io.faultline.jobs.io;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * Avro schema of the {@code labeling_stats/} table: one flat row per (event-time window, model, version), in
 * the field order of {@code LabelingStatsRow}. Documented, column by column, in {@code docs/schema.md};
 * {@code SchemaDocTest} keeps the two in step.
 *
 * <p>The per-reviewer parallel arrays become maps keyed by labeller ({@code reviewer_labels['alice']}),
 * written in the row's labeller order.
 */
public final class LabelingStatsAvroSchema {

    static final String WINDOW_START = "window_start";
    static final String WINDOW_END = "window_end";
    static final String MODEL = "model";
    static final String MODEL_VERSION = "model_version";
    static final String LABEL_POLICY = "label_policy";
    static final String PREDICTIONS = "predictions";
    static final String LABELLED = "labelled";
    static final String LABELLED_SHARE = "labelled_share";
    static final String LABELS = "labels";
    static final String LABEL_DELAY_P50_MS = "label_delay_p50_ms";
    static final String LABEL_DELAY_P95_MS = "label_delay_p95_ms";
    static final String DISAGREEMENT_EVENTS = "disagreement_events";
    static final String DISAGREEMENT_RATE = "disagreement_rate";
    static final String MISCLASSIFIED = "misclassified";
    static final String MISCLASSIFICATION_RATE = "misclassification_rate";
    static final String REVIEWER_LABELS = "reviewer_labels";
    static final String REVIEWER_AGREEING = "reviewer_agreeing";
    static final String REVIEWER_AGREEMENT = "reviewer_agreement";

    /** Built once per class loader; every writer shares it. */
    public static final Schema SCHEMA = build();

    private LabelingStatsAvroSchema() {}

    private static Schema build() {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        return SchemaBuilder.record("LabelingStatsRow").namespace("io.faultline.catalog").fields()
                .name(WINDOW_START).type(timestamp).noDefault()
                .name(WINDOW_END).type(timestamp).noDefault()
                .name(MODEL).type().stringType().noDefault()
                .name(MODEL_VERSION).type().stringType().noDefault()
                .name(LABEL_POLICY).type().stringType().noDefault()
                .name(PREDICTIONS).type().longType().noDefault()
                .name(LABELLED).type().longType().noDefault()
                .name(LABELLED_SHARE).type().optional().doubleType()
                .name(LABELS).type().longType().noDefault()
                .name(LABEL_DELAY_P50_MS).type().optional().doubleType()
                .name(LABEL_DELAY_P95_MS).type().optional().doubleType()
                .name(DISAGREEMENT_EVENTS).type().longType().noDefault()
                .name(DISAGREEMENT_RATE).type().optional().doubleType()
                .name(MISCLASSIFIED).type().longType().noDefault()
                .name(MISCLASSIFICATION_RATE).type().optional().doubleType()
                .name(REVIEWER_LABELS).type().map().values().longType().noDefault()
                .name(REVIEWER_AGREEING).type().map().values().longType().noDefault()
                .name(REVIEWER_AGREEMENT).type().map().values().doubleType().noDefault()
                .endRecord();
    }
}
