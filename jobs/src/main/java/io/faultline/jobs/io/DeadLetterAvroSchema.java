package io.faultline.jobs.io;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * Avro schema shared by the {@code dead_letter/} and {@code late_events/} tables: one row per input record
 * that was rejected, or that arrived after the allowed lateness. Documented in {@code docs/schema.md}.
 *
 * <p>Only the columns that every producer always fills are required. Message, position and payload are
 * nullable: this table is the last resort for bad input, and a required column that some producer leaves
 * empty would fail the very sink that is meant to catch failures.
 */
public final class DeadLetterAvroSchema {

    static final String SOURCE = "source";
    static final String ERROR_CODE = "error_code";
    static final String MESSAGE = "message";
    static final String POSITION = "position";
    static final String INGESTED_AT = "ingested_at";
    static final String RAW_PAYLOAD = "raw_payload";
    static final String PAYLOAD_TRUNCATED = "payload_truncated";

    /** Built once per class loader; every writer shares it. */
    public static final Schema SCHEMA = build();

    private DeadLetterAvroSchema() {}

    private static Schema build() {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        return SchemaBuilder.record("DeadLetterRow").namespace("io.faultline.catalog").fields()
                .name(SOURCE).type().stringType().noDefault()
                .name(ERROR_CODE).type().stringType().noDefault()
                .name(MESSAGE).type().optional().stringType()
                .name(POSITION).type().optional().stringType()
                .name(INGESTED_AT).type(timestamp).noDefault()
                .name(RAW_PAYLOAD).type().optional().stringType()
                .name(PAYLOAD_TRUNCATED).type().booleanType().noDefault()
                .endRecord();
    }
}
