package io.faultline.jobs.io;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * Avro schema of the {@code window_stats/} table: one flat row per (event-time window, model, version,
 * monitored column), in the field order of {@code WindowStatsRow}. Documented, column by column, in
 * {@code docs/schema.md}; {@code SchemaDocTest} keeps the two in step.
 *
 * <p>Statistics and drift metrics are optional: numeric statistics are null for categorical columns and
 * vice versa, drift metrics are null without a reference or where a metric does not apply (the POJO's NaN
 * is written as null, so that {@code avg(psi)} and friends never turn into NaN).
 *
 * <p>{@code top_unseen_values} is a {@code MAP<STRING, INT64>} (value to count), written most frequent
 * first: it reads like the failures table's feature maps ({@code top_unseen_values['XX']}), and the count
 * travels with each value, so the ranking can be rebuilt in engines whose maps are unordered (Trino).
 */
public final class WindowStatsAvroSchema {

    static final String WINDOW_START = "window_start";
    static final String WINDOW_END = "window_end";
    static final String MODEL = "model";
    static final String MODEL_VERSION = "model_version";
    static final String COLUMN_NAME = "column_name";
    static final String COLUMN_KIND = "column_kind";
    static final String COUNT = "count";
    static final String MISSING_COUNT = "missing_count";
    static final String NON_FINITE_COUNT = "non_finite_count";
    static final String SCHEMA_CHANGE = "schema_change";
    static final String OTHER_KIND_COUNT = "other_kind_count";
    static final String MEAN = "mean";
    static final String STDDEV = "stddev";
    static final String MIN = "min";
    static final String MAX = "max";
    static final String P01 = "p01";
    static final String P05 = "p05";
    static final String P25 = "p25";
    static final String P50 = "p50";
    static final String P75 = "p75";
    static final String P95 = "p95";
    static final String P99 = "p99";
    static final String TOP_UNSEEN_VALUES = "top_unseen_values";
    static final String UNSEEN_COUNT = "unseen_count";
    static final String DISTINCT_ESTIMATE = "distinct_estimate";
    static final String REFERENCE_ID = "reference_id";
    static final String REFERENCE_SOURCE = "reference_source";
    static final String PSI = "psi";
    static final String JS_DISTANCE = "js_distance";
    static final String WASSERSTEIN_NORM = "wasserstein_norm";
    static final String KS_STAT = "ks_stat";
    static final String CHI2_STAT = "chi2_stat";
    static final String CHI2_P = "chi2_p";
    static final String DRIFT_SCORE = "drift_score";
    static final String DRIFT_STATUS = "drift_status";
    static final String LATE_COUNT = "late_count";

    /** Built once per class loader; every writer shares it. */
    public static final Schema SCHEMA = build();

    private WindowStatsAvroSchema() {}

    private static Schema build() {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        return SchemaBuilder.record("WindowStatsRow").namespace("io.faultline.catalog").fields()
                .name(WINDOW_START).type(timestamp).noDefault()
                .name(WINDOW_END).type(timestamp).noDefault()
                .name(MODEL).type().stringType().noDefault()
                .name(MODEL_VERSION).type().stringType().noDefault()
                .name(COLUMN_NAME).type().stringType().noDefault()
                .name(COLUMN_KIND).type().stringType().noDefault()
                .name(COUNT).type().longType().noDefault()
                .name(MISSING_COUNT).type().longType().noDefault()
                .name(NON_FINITE_COUNT).type().longType().noDefault()
                .name(SCHEMA_CHANGE).type().booleanType().noDefault()
                .name(OTHER_KIND_COUNT).type().longType().noDefault()
                .name(MEAN).type().optional().doubleType()
                .name(STDDEV).type().optional().doubleType()
                .name(MIN).type().optional().doubleType()
                .name(MAX).type().optional().doubleType()
                .name(P01).type().optional().doubleType()
                .name(P05).type().optional().doubleType()
                .name(P25).type().optional().doubleType()
                .name(P50).type().optional().doubleType()
                .name(P75).type().optional().doubleType()
                .name(P95).type().optional().doubleType()
                .name(P99).type().optional().doubleType()
                .name(TOP_UNSEEN_VALUES).type().optional().map().values().longType()
                .name(UNSEEN_COUNT).type().optional().longType()
                .name(DISTINCT_ESTIMATE).type().optional().longType()
                .name(REFERENCE_ID).type().optional().stringType()
                .name(REFERENCE_SOURCE).type().optional().stringType()
                .name(PSI).type().optional().doubleType()
                .name(JS_DISTANCE).type().optional().doubleType()
                .name(WASSERSTEIN_NORM).type().optional().doubleType()
                .name(KS_STAT).type().optional().doubleType()
                .name(CHI2_STAT).type().optional().doubleType()
                .name(CHI2_P).type().optional().doubleType()
                .name(DRIFT_SCORE).type().optional().doubleType()
                .name(DRIFT_STATUS).type().stringType().noDefault()
                .name(LATE_COUNT).type().longType().noDefault()
                .endRecord();
    }
}
