package io.faultline.jobs.io;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * Avro schema of the {@code failures/} table: one flat row per (prediction, failure mode), or per (window,
 * model, version, column, failure mode) for window-level (drift) rows. Documented,
 * column by column, in {@code docs/schema.md}; {@code SchemaDocTest} keeps the two in step.
 *
 * <p>Prediction attributes are deliberately absent: they may carry personal data. New columns are only
 * ever added at the end and optional, so files written before them still read under one schema.
 *
 * <p>This schema is the one list of the table's columns. Its writer ({@link FailureRowWriteSupport}) builds no Avro
 * records: it derives the Parquet schema from this one, as parquet-avro does, and stores this one in the footer.
 */
public final class FailureAvroSchema {

    static final String FAILURE_ID = "failure_id";
    static final String EVENT_ID = "event_id";
    static final String EVENT_TIME = "event_time";
    static final String DETECTED_AT = "detected_at";
    static final String MODEL = "model";
    static final String MODEL_VERSION = "model_version";
    static final String CATEGORY = "category";
    static final String FAILURE_MODE = "failure_mode";
    static final String SEVERITY = "severity";
    static final String EVIDENCE = "evidence";
    static final String PREDICTION = "prediction";
    static final String CONFIDENCE = "confidence";
    static final String LABEL = "label";
    static final String LABEL_SOURCE = "label_source";
    static final String LABEL_DELAY_MS = "label_delay_ms";
    static final String LATENCY_MS = "latency_ms";
    static final String SEGMENT = "segment";
    static final String NUMERIC_FEATURES = "numeric_features";
    static final String CATEGORICAL_FEATURES = "categorical_features";
    static final String MISSING_FEATURES = "missing_features";
    static final String LINEAGE_STATUS = "lineage_status";
    static final String DEPLOYMENT_ID = "deployment_id";
    static final String ENVIRONMENT = "environment";
    static final String CODE_VERSION = "code_version";
    static final String CHECKPOINT_URI = "checkpoint_uri";
    static final String TRAINING_DATA_VERSION = "training_data_version";
    static final String PREPROCESSING_VERSION = "preprocessing_version";
    static final String FEATURE_FLAGS = "feature_flags";
    static final String DEPLOYED_AT = "deployed_at";
    static final String SCHEMA_VERSION = "schema_version";
    static final String COLUMN_NAME = "column_name";
    static final String WINDOW_START = "window_start";
    static final String WINDOW_END = "window_end";
    static final String SCORE = "score";
    static final String OFFENDING_KEYS = "offending_keys";
    static final String REPRODUCIBILITY = "reproducibility";
    static final String SIGNATURE = "signature";
    static final String RECURRENCE = "recurrence";

    /** Built once per class loader; every writer shares it. */
    public static final Schema SCHEMA = build();

    private FailureAvroSchema() {}

    private static Schema build() {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        Schema nullableTimestamp = Schema.createUnion(Schema.create(Schema.Type.NULL), timestamp);
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("FailureRow").namespace("io.faultline.catalog")
                .fields()
                .name(FAILURE_ID).type().stringType().noDefault()
                .name(EVENT_ID).type().stringType().noDefault()
                .name(EVENT_TIME).type(timestamp).noDefault()
                .name(DETECTED_AT).type(timestamp).noDefault()
                .name(MODEL).type().stringType().noDefault()
                .name(MODEL_VERSION).type().stringType().noDefault()
                .name(CATEGORY).type().stringType().noDefault()
                .name(FAILURE_MODE).type().stringType().noDefault()
                .name(SEVERITY).type().stringType().noDefault()
                .name(EVIDENCE).type().stringType().noDefault()
                .name(PREDICTION).type().optional().stringType()
                .name(CONFIDENCE).type().optional().doubleType()
                .name(LABEL).type().optional().stringType()
                .name(LABEL_SOURCE).type().optional().stringType()
                .name(LABEL_DELAY_MS).type().optional().longType()
                .name(LATENCY_MS).type().optional().doubleType()
                .name(SEGMENT).type().optional().stringType()
                .name(NUMERIC_FEATURES).type().map().values().doubleType().noDefault()
                .name(CATEGORICAL_FEATURES).type().map().values().stringType().noDefault()
                .name(MISSING_FEATURES).type().array().items().stringType().noDefault()
                .name(LINEAGE_STATUS).type().stringType().noDefault()
                .name(DEPLOYMENT_ID).type().optional().stringType()
                .name(ENVIRONMENT).type().optional().stringType()
                .name(CODE_VERSION).type().optional().stringType()
                .name(CHECKPOINT_URI).type().optional().stringType()
                .name(TRAINING_DATA_VERSION).type().optional().stringType()
                .name(PREPROCESSING_VERSION).type().optional().stringType()
                .name(FEATURE_FLAGS).type().optional().map().values().stringType()
                .name(DEPLOYED_AT).type(nullableTimestamp).withDefault(null)
                .name(SCHEMA_VERSION).type().intType().noDefault()
                .name(COLUMN_NAME).type().optional().stringType()
                .name(WINDOW_START).type(nullableTimestamp).withDefault(null)
                .name(WINDOW_END).type(nullableTimestamp).withDefault(null)
                .name(SCORE).type().optional().doubleType()
                .name(OFFENDING_KEYS).type().optional().array().items().stringType()
                .name(REPRODUCIBILITY).type().optional().doubleType()
                .name(SIGNATURE).type().optional().stringType()
                .name(RECURRENCE).type().optional().longType();
        return RemediationColumns.addTo(fields).endRecord();
    }
}
