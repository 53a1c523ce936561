package io.faultline.jobs.io;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * Avro schema of the {@code incidents/} table: one row per change of an incident (opened, updated, closed), in
 * the field order of {@code Incident}. Documented, column by column, in {@code docs/schema.md};
 * {@code SchemaDocTest} keeps the two in step.
 *
 * <p>Arrays become lists (empty when absent); the timeline is a list of JSON objects, one per entry. New columns
 * are only ever added at the end and optional.
 */
public final class IncidentAvroSchema {

    static final String INCIDENT_ID = "incident_id";
    static final String MODEL = "model";
    static final String MODEL_VERSIONS = "model_versions";
    static final String KIND = "kind";
    static final String SIGNAL = "signal";
    static final String SIGNAL_KEY = "signal_key";
    static final String CATEGORY = "category";
    static final String STATUS = "status";
    static final String CHANGE = "change";
    static final String REVISION = "revision";
    static final String STARTED_AT = "started_at";
    static final String DETECTED_AT = "detected_at";
    static final String UPDATED_AT = "updated_at";
    static final String RECOVERED_AT = "recovered_at";
    static final String CLOSED_AT = "closed_at";
    static final String TIME_TO_DETECT_MS = "time_to_detect_ms";
    static final String PEAK_VALUE = "peak_value";
    static final String BASELINE_VALUE = "baseline_value";
    static final String THRESHOLD_VALUE = "threshold_value";
    static final String AFFECTED_EVENTS = "affected_events";
    static final String AFFECTED_VERSIONS = "affected_versions";
    static final String ANOMALOUS_WINDOWS = "anomalous_windows";
    static final String DRIFTED_COLUMNS = "drifted_columns";
    static final String DRIFTED_COLUMN_SCORES = "drifted_column_scores";
    static final String RELATED_DEPLOYMENT_ID = "related_deployment_id";
    static final String RELATED_DEPLOYMENT_VERSION = "related_deployment_version";
    static final String RELATED_DEPLOYED_AT = "related_deployed_at";
    static final String SUSPECTED_CAUSE = "suspected_cause";
    static final String NEW_VERSION = "new_version";
    static final String PREVIOUS_VERSION = "previous_version";
    static final String COMPARISON_BASIS = "comparison_basis";
    static final String NEW_VERSION_LABELLED = "new_version_labelled";
    static final String NEW_VERSION_MISCLASSIFIED = "new_version_misclassified";
    static final String NEW_VERSION_ERROR_RATE = "new_version_error_rate";
    static final String PREVIOUS_VERSION_LABELLED = "previous_version_labelled";
    static final String PREVIOUS_VERSION_MISCLASSIFIED = "previous_version_misclassified";
    static final String PREVIOUS_VERSION_ERROR_RATE = "previous_version_error_rate";
    static final String COMPARISON_FROM = "comparison_from";
    static final String COMPARISON_TO = "comparison_to";
    static final String SIGNALS = "signals";
    static final String TIMELINE = "timeline";
    static final String TIMELINE_OMITTED = "timeline_omitted";
    static final String REMEDIATION_RULE = "remediation_rule";

    /** Built once per class loader; every writer shares it. */
    public static final Schema SCHEMA = build();

    private IncidentAvroSchema() {}

    private static Schema build() {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        Schema nullableTimestamp = Schema.createUnion(Schema.create(Schema.Type.NULL), timestamp);
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("IncidentRow").namespace("io.faultline.catalog")
                .fields()
                .name(INCIDENT_ID).type().stringType().noDefault()
                .name(MODEL).type().stringType().noDefault()
                .name(MODEL_VERSIONS).type().array().items().stringType().noDefault()
                .name(KIND).type().stringType().noDefault()
                .name(SIGNAL).type().optional().stringType()
                .name(SIGNAL_KEY).type().optional().stringType()
                .name(CATEGORY).type().optional().stringType()
                .name(STATUS).type().stringType().noDefault()
                .name(CHANGE).type().optional().stringType()
                .name(REVISION).type().intType().noDefault()
                .name(STARTED_AT).type(timestamp).noDefault()
                .name(DETECTED_AT).type(timestamp).noDefault()
                .name(UPDATED_AT).type(timestamp).noDefault()
                .name(RECOVERED_AT).type(nullableTimestamp).withDefault(null)
                .name(CLOSED_AT).type(nullableTimestamp).withDefault(null)
                .name(TIME_TO_DETECT_MS).type().longType().noDefault()
                .name(PEAK_VALUE).type().optional().doubleType()
                .name(BASELINE_VALUE).type().optional().doubleType()
                .name(THRESHOLD_VALUE).type().optional().doubleType()
                .name(AFFECTED_EVENTS).type().longType().noDefault()
                .name(AFFECTED_VERSIONS).type().array().items().stringType().noDefault()
                .name(ANOMALOUS_WINDOWS).type().intType().noDefault()
                .name(DRIFTED_COLUMNS).type().array().items().stringType().noDefault()
                .name(DRIFTED_COLUMN_SCORES).type().array().items().doubleType().noDefault()
                .name(RELATED_DEPLOYMENT_ID).type().optional().stringType()
                .name(RELATED_DEPLOYMENT_VERSION).type().optional().stringType()
                .name(RELATED_DEPLOYED_AT).type(nullableTimestamp).withDefault(null)
                .name(SUSPECTED_CAUSE).type().optional().stringType()
                .name(NEW_VERSION).type().optional().stringType()
                .name(PREVIOUS_VERSION).type().optional().stringType()
                .name(COMPARISON_BASIS).type().optional().stringType()
                .name(NEW_VERSION_LABELLED).type().optional().longType()
                .name(NEW_VERSION_MISCLASSIFIED).type().optional().longType()
                .name(NEW_VERSION_ERROR_RATE).type().optional().doubleType()
                .name(PREVIOUS_VERSION_LABELLED).type().optional().longType()
                .name(PREVIOUS_VERSION_MISCLASSIFIED).type().optional().longType()
                .name(PREVIOUS_VERSION_ERROR_RATE).type().optional().doubleType()
                .name(COMPARISON_FROM).type(nullableTimestamp).withDefault(null)
                .name(COMPARISON_TO).type(nullableTimestamp).withDefault(null)
                .name(SIGNALS).type().array().items().stringType().noDefault()
                .name(TIMELINE).type().array().items().stringType().noDefault()
                .name(TIMELINE_OMITTED).type().intType().noDefault()
                .name(REMEDIATION_RULE).type().optional().stringType();
        return RemediationColumns.addTo(fields).endRecord();
    }
}
