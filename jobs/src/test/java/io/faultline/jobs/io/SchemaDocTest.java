package io.faultline.jobs.io;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/schema.md must list, for every table, exactly the columns of its Avro schema, in schema order,
 * with the Parquet type and nullability the writer produces.
 */
class SchemaDocTest {

    private static String doc;

    @BeforeAll
    static void readDoc() throws IOException {
        doc = TestingDocs.schemaDoc();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"failures, failures", "dead_letter, dead_letter", "late_events, dead_letter",
            "window_stats, window_stats", "labeling_stats, labeling_stats",
            "incidents, incidents"})
    void columnTableMatchesTheAvroSchema(String table, String schemaName) {
        Schema schema = schema(schemaName);

        List<String> expected = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            Schema type = nonNull(field.schema());
            expected.add(field.name() + " | " + parquetType(type) + " | " + (type == field.schema() ? "no" : "yes"));
        }

        assertThat(documentedColumns(table)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"failures, model", "dead_letter, source", "late_events, source", "window_stats, model",
            "labeling_stats, model", "incidents, model"})
    void partitionLayoutIsDocumented(String table, String key) {
        assertThat(section(table)).contains("`" + table + "/dt=YYYY-MM-DD/" + key + "=NAME/`");
    }

    private static Schema schema(String name) {
        switch (name) {
            case "failures":
                return FailureAvroSchema.SCHEMA;
            case "dead_letter":
                return DeadLetterAvroSchema.SCHEMA;
            case "window_stats":
                return WindowStatsAvroSchema.SCHEMA;
            case "labeling_stats":
                return LabelingStatsAvroSchema.SCHEMA;
            case "incidents":
                return IncidentAvroSchema.SCHEMA;
            default:
                throw new AssertionError("No schema named " + name);
        }
    }

    /** Rows of the table under "### Columns" in the table's section, as "name | type | nullable". */
    private static List<String> documentedColumns(String table) {
        String section = section(table);
        int columns = section.indexOf("### Columns");
        assertThat(columns).as("### Columns in section of %s", table).isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : section.substring(columns).split("\n")) {
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rows.add(unquote(cells[1]) + " | " + unquote(cells[2]) + " | " + cells[3].strip());
            }
        }
        return rows;
    }

    private static String section(String table) {
        String heading = "\n## `" + table + "/`\n";
        int start = doc.indexOf(heading);
        assertThat(start).as("heading %s in docs/schema.md", heading.strip()).isNotNegative();
        int end = doc.indexOf("\n## ", start + heading.length());
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static String unquote(String cell) {
        String text = cell.strip();
        return text.startsWith("`") && text.endsWith("`") ? text.substring(1, text.length() - 1) : text;
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }

    /** How parquet-avro writes each Avro type, in the notation of docs/schema.md. */
    private static String parquetType(Schema schema) {
        switch (schema.getType()) {
            case STRING:
                return "BINARY (STRING)";
            case LONG:
                return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        ? "INT64 TIMESTAMP(MILLIS, UTC)" : "INT64";
            case INT:
                return "INT32";
            case DOUBLE:
                return "DOUBLE";
            case BOOLEAN:
                return "BOOLEAN";
            case MAP:
                return "MAP<STRING, " + elementType(schema.getValueType()) + ">";
            case ARRAY:
                return "LIST<" + elementType(schema.getElementType()) + ">";
            default:
                throw new AssertionError("No documented notation for Avro type " + schema);
        }
    }

    private static String elementType(Schema schema) {
        return schema.getType() == Schema.Type.STRING ? "STRING" : parquetType(schema);
    }
}
