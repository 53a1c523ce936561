package io.faultline.jobs.io;

import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.Deployment;
import io.faultline.common.incident.Incident;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.LineageStatus;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.WindowStatsRow;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes hand-built failures and dead letters through the production sinks on a MiniCluster in BATCH mode,
 * then reads them back the way analysts do (DuckDB globbing the committed .parquet files, Hive partitions)
 * and inspects the Parquet footers directly.
 */
class ParquetOutputITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    /** What docs/schema.md tells DuckDB users to pass, so partition values are never re-typed. */
    private static final String FAILURES_HIVE_TYPES = "hive_types={'dt': DATE, 'model': VARCHAR}";
    private static final String DEAD_LETTER_HIVE_TYPES = "hive_types={'dt': DATE, 'source': VARCHAR}";

    @TempDir
    static Path root;

    private static final long DEPLOYED_AT = Instant.parse("2026-09-30T12:00:00Z").toEpochMilli();
    private static final long E1_TIME = Instant.parse("2026-10-01T06:00:00.123Z").toEpochMilli();
    private static final long E1_LABEL_TIME = Instant.parse("2026-10-01T08:00:00.123Z").toEpochMilli();
    private static final long E2_TIME = Instant.parse("2026-10-02T00:00:00Z").toEpochMilli();
    private static final long E3_TIME = Instant.parse("2026-10-01T23:59:59.999Z").toEpochMilli();
    private static final long E4_TIME = Instant.parse("2026-10-02T09:30:00Z").toEpochMilli();
    private static final long DAY1_INGESTED = Instant.parse("2026-10-01T10:00:00Z").toEpochMilli();
    private static final long DAY2_INGESTED = Instant.parse("2026-10-02T03:00:00Z").toEpochMilli();
    private static final long W1_START = Instant.parse("2026-10-01T14:00:00Z").toEpochMilli();
    private static final long W1_END = Instant.parse("2026-10-01T15:00:00Z").toEpochMilli();
    private static final long W2_START = Instant.parse("2026-10-02T00:00:00Z").toEpochMilli();
    private static final long W2_END = Instant.parse("2026-10-02T01:00:00Z").toEpochMilli();

    @BeforeAll
    static void writeTables() throws Exception {
        Configuration config = new Configuration();
        config.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        String outputRoot = root.toString();

        env.fromData(failures()).name("failures")
                .sinkTo(ParquetSinks.failures(outputRoot)).uid("failures-parquet-sink").name("failures parquet");
        env.fromData(deadLetters()).name("dead letters")
                .sinkTo(ParquetSinks.deadLetters(outputRoot, ParquetSinks.DEAD_LETTER_TABLE))
                .uid("dead-letter-parquet-sink").name("dead_letter parquet");
        env.fromData(lateEvents()).name("late events")
                .sinkTo(ParquetSinks.deadLetters(outputRoot, ParquetSinks.LATE_EVENTS_TABLE))
                .uid("late-events-parquet-sink").name("late_events parquet");
        env.fromData(windowStats()).name("window stats")
                .sinkTo(ParquetSinks.windowStats(outputRoot)).uid("window-stats-parquet-sink").name("window_stats parquet");
        Incident incident = IncidentConverterTest.incident();
        incident.startedAt = W1_START;
        incident.detectedAt = W1_END;
        incident.updatedAt = W1_END;
        incident.timeToDetectMs = W1_END - W1_START;
        env.fromData(incident).name("incidents")
                .sinkTo(ParquetSinks.incidents(outputRoot)).uid("incidents-parquet-sink").name("incidents parquet");
        env.execute("parquet output");
    }

    @Test
    void onlyCommittedParquetFilesRemainInHivePartitions() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }

        assertThat(files).isNotEmpty().allSatisfy(file -> {
            String name = file.getFileName().toString();
            assertThat(name).startsWith("part-").endsWith(".parquet");
        });
        assertThat(files.stream().map(f -> root.relativize(f.getParent()).toString()).distinct().sorted())
                .containsExactly(
                        "dead_letter/dt=2026-10-01/source=predictions",
                        "dead_letter/dt=2026-10-02/source=labels",
                        "dead_letter/dt=2026-10-02/source=predictions",
                        "failures/dt=2026-10-01/model=churn",
                        "failures/dt=2026-10-01/model=fraud",
                        "failures/dt=2026-10-02/model=2049",
                        "failures/dt=2026-10-02/model=fraud",
                        "incidents/dt=2026-10-01/model=fraud",
                        "late_events/dt=2026-10-01/source=predictions",
                        "window_stats/dt=2026-10-01/model=fraud",
                        "window_stats/dt=2026-10-02/model=churn");
    }

    @Test
    void incidentsReadBackWithTheDocumentedTypesAndValues() throws SQLException {
        String scan = "read_parquet('" + root + "/incidents/**/*.parquet', hive_partitioning=true, "
                + FAILURES_HIVE_TYPES + ")";
        Map<String, String> types = columnTypes(scan);
        assertThat(types).containsEntry("incident_id", "VARCHAR")
                .containsEntry("model_versions", "VARCHAR[]")
                .containsEntry("revision", "INTEGER")
                .containsEntry("started_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("recovered_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("related_deployed_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("time_to_detect_ms", "BIGINT")
                .containsEntry("peak_value", "DOUBLE")
                .containsEntry("drifted_column_scores", "DOUBLE[]")
                .containsEntry("new_version_labelled", "BIGINT")
                .containsEntry("timeline", "VARCHAR[]")
                .containsEntry("timeline_omitted", "INTEGER")
                .containsEntry("acceptance_criterion", "VARCHAR")
                .containsEntry("dt", "DATE");
        assertThat(types).hasSize(IncidentAvroSchema.SCHEMA.getFields().size() + 1);
        assertThat(query("SELECT incident_id, CAST(dt AS VARCHAR), model, CAST(model_versions AS VARCHAR),"
                + " revision, epoch_ms(started_at), epoch_ms(detected_at), recovered_at, time_to_detect_ms,"
                + " peak_value, CAST(drifted_column_scores AS VARCHAR), previous_version, len(timeline),"
                + " timeline[1], remediation_action, remediation_target FROM " + scan))
                .containsExactly(java.util.Arrays.asList("inc-1", "2026-10-01", "fraud", "[v1, v2]", 0, W1_START,
                        W1_END, null, W1_END - W1_START, 0.3,
                        "[1.5]", "v1", 2L,
                        "{\"at\":3000000,\"type\":\"DEPLOYMENT\",\"version\":\"v2\",\"deployment_id\":\"d2\"}",
                        "ROLLBACK", "v1"));
    }

    @Test
    void failuresHaveTheDocumentedColumnTypes() throws SQLException {
        Map<String, String> types = columnTypes(failuresScan());

        assertThat(types).containsExactlyEntriesOf(orderedMap(
                "failure_id", "VARCHAR",
                "event_id", "VARCHAR",
                "event_time", "TIMESTAMP WITH TIME ZONE",
                "detected_at", "TIMESTAMP WITH TIME ZONE",
                "model", "VARCHAR",
                "model_version", "VARCHAR",
                "category", "VARCHAR",
                "failure_mode", "VARCHAR",
                "severity", "VARCHAR",
                "evidence", "VARCHAR",
                "prediction", "VARCHAR",
                "confidence", "DOUBLE",
                "label", "VARCHAR",
                "label_source", "VARCHAR",
                "label_delay_ms", "BIGINT",
                "latency_ms", "DOUBLE",
                "segment", "VARCHAR",
                "numeric_features", "MAP(VARCHAR, DOUBLE)",
                "categorical_features", "MAP(VARCHAR, VARCHAR)",
                "missing_features", "VARCHAR[]",
                "lineage_status", "VARCHAR",
                "deployment_id", "VARCHAR",
                "environment", "VARCHAR",
                "code_version", "VARCHAR",
                "checkpoint_uri", "VARCHAR",
                "training_data_version", "VARCHAR",
                "preprocessing_version", "VARCHAR",
                "feature_flags", "MAP(VARCHAR, VARCHAR)",
                "deployed_at", "TIMESTAMP WITH TIME ZONE",
                "schema_version", "INTEGER",
                "column_name", "VARCHAR",
                "window_start", "TIMESTAMP WITH TIME ZONE",
                "window_end", "TIMESTAMP WITH TIME ZONE",
                "score", "DOUBLE",
                "offending_keys", "VARCHAR[]",
                "reproducibility", "DOUBLE",
                "signature", "VARCHAR",
                "recurrence", "BIGINT",
                "remediation_action", "VARCHAR",
                "remediation_target", "VARCHAR",
                "hypothesis", "VARCHAR",
                "validation_plan", "VARCHAR",
                "acceptance_criterion", "VARCHAR",
                "dt", "DATE"));
    }

    @Test
    void failuresArePartitionedByEventDayInUtcAndModel() throws SQLException {
        assertThat(query("SELECT CAST(dt AS VARCHAR), model, count(*) FROM " + failuresScan()
                + " GROUP BY ALL ORDER BY ALL"))
                .containsExactly(
                        List.of("2026-10-01", "churn", 1L),
                        List.of("2026-10-01", "fraud", 3L),
                        List.of("2026-10-02", "2049", 1L),
                        List.of("2026-10-02", "fraud", 1L));
    }

    @Test
    void failureRowsCarryExactValues() throws SQLException {
        String columns = "failure_id, event_id, epoch_ms(event_time), epoch_ms(detected_at), model, model_version,"
                + " category, failure_mode, severity, evidence, prediction, confidence, label, label_source,"
                + " label_delay_ms, latency_ms, segment, CAST(numeric_features AS VARCHAR),"
                + " CAST(categorical_features AS VARCHAR), CAST(missing_features AS VARCHAR), lineage_status,"
                + " deployment_id, environment, code_version, checkpoint_uri, training_data_version,"
                + " preprocessing_version, CAST(feature_flags AS VARCHAR), epoch_ms(deployed_at), schema_version,"
                + " column_name, epoch_ms(window_start), epoch_ms(window_end)";

        List<List<Object>> rows = query("SELECT " + columns + " FROM " + failuresScan() + " ORDER BY failure_id");

        assertThat(rows).containsExactly(
                Arrays.asList("f-e1-latency", "e1", E1_TIME, E1_TIME, "fraud", "v3",
                        "DEPLOYMENT", "LATENCY_SLO_BREACH", "HIGH", "latency 312 ms > SLO 100 ms", "1", 0.93, null, null,
                        null, 312.0, "web", "{age=42.0, amount=125.5}",
                        "{country=DE}", "[device]", "RESOLVED",
                        "dep-42", "prod", "abc123", "s3://models/fraud/v3", "td-2026-09",
                        "pp-7", "{shadow=false, threshold=0.7}", DEPLOYED_AT, 1, null, null, null),
                Arrays.asList("f-e1-misclassified", "e1", E1_TIME, E1_LABEL_TIME, "fraud", "v3",
                        "MODEL", "MISCLASSIFICATION", "MEDIUM", "predicted 1, label 0", "1", 0.93, "0", "human",
                        7_200_000L, 312.0, "web", "{age=42.0, amount=125.5}",
                        "{country=DE}", "[device]", "RESOLVED",
                        "dep-42", "prod", "abc123", "s3://models/fraud/v3", "td-2026-09",
                        "pp-7", "{shadow=false, threshold=0.7}", DEPLOYED_AT, 1, null, null, null),
                Arrays.asList("f-e2-unregistered", "e2", E2_TIME, E2_TIME, "fraud", "v4",
                        "DEPLOYMENT", "UNREGISTERED_VERSION", "HIGH", "no deployment of fraud:v4", "0", null, null,
                        null, null, null, null, "{}",
                        "{}", "[]", "UNREGISTERED_VERSION",
                        null, null, null, null, null,
                        null, null, null, 2, null, null, null),
                Arrays.asList("f-e3-low-confidence", "e3", E3_TIME, E3_TIME, "churn", "2026.10.1",
                        "MODEL", "LOW_CONFIDENCE", "LOW", "confidence 0.51 < 0.6", "stay", 0.51, null, null,
                        null, 15.5, null, "{tenure_days=400.0}",
                        "{}", "[]", "RESOLVED",
                        "dep-7", null, null, null, null,
                        null, null, DEPLOYED_AT, 1, null, null, null),
                Arrays.asList("f-e4-low-confidence", "e4", E4_TIME, E4_TIME, "2049", "1",
                        "MODEL", "LOW_CONFIDENCE", "LOW", "confidence 0.2 < 0.6", "a", 0.2, null, null,
                        null, null, null, "{}",
                        "{}", "[]", "UNREGISTERED_VERSION",
                        null, null, null, null, null,
                        null, null, null, 1, null, null, null),
                Arrays.asList("f-w1-feature-drift", "window:fraud/v3/2026-10-01T14:00:00Z/features.amount",
                        W1_START, W1_END, "fraud", "v3",
                        "DATA", "FEATURE_DRIFT", "HIGH", FEATURE_DRIFT_EVIDENCE, null, null, null, null,
                        null, null, null, "{}",
                        "{}", "[]", "PENDING",
                        null, null, null, null, null,
                        null, null, null, 1, "features.amount", W1_START, W1_END));
    }

    @Test
    void partitionValuesAgreeWithTheColumnsInsideTheFiles() throws SQLException {
        // Without Hive partitioning, DuckDB shows the values stored in the files; with it, the values from
        // the directory names (which win when both exist). Both must tell the same story.
        List<List<Object>> rows = query("SELECT model, filename, CAST(CAST(event_time AT TIME ZONE 'UTC' AS DATE)"
                + " AS VARCHAR) FROM read_parquet('" + root + "/failures/**/*.parquet', hive_partitioning=false,"
                + " filename=true)");

        assertThat(rows).hasSize(6).allSatisfy(row ->
                assertThat((String) row.get(1)).contains("/dt=" + row.get(2) + "/model=" + row.get(0) + "/"));
    }

    @Test
    void predictionAttributesAreNeverWritten() throws SQLException {
        assertThat(columnTypes(failuresScan()).keySet()).noneMatch(column -> column.contains("attribute"));
        assertThat(query("SELECT count(*) FROM " + failuresScan()
                + " WHERE list_contains(map_values(categorical_features), 'alice@example.com')"))
                .containsExactly(List.of(0L));
    }

    @Test
    void duckDbRetypesNumericLookingPartitionValuesUnlessToldNotTo() throws SQLException {
        String numericModelOnly = "'" + root + "/failures/*/model=2049/*.parquet'";

        assertThat(columnTypes("read_parquet(" + numericModelOnly + ", hive_partitioning=true)"))
                .containsEntry("model", "BIGINT");
        assertThat(columnTypes("read_parquet(" + numericModelOnly + ", hive_partitioning=true, "
                + FAILURES_HIVE_TYPES + ")"))
                .containsEntry("model", "VARCHAR");
    }

    @Test
    void deadLettersAndLateEventsShareOneSchema() throws SQLException {
        Map<String, String> expectedTypes = orderedMap(
                "source", "VARCHAR",
                "error_code", "VARCHAR",
                "message", "VARCHAR",
                "position", "VARCHAR",
                "ingested_at", "TIMESTAMP WITH TIME ZONE",
                "raw_payload", "VARCHAR",
                "payload_truncated", "BOOLEAN",
                "dt", "DATE");
        assertThat(columnTypes(deadLetterScan(ParquetSinks.DEAD_LETTER_TABLE))).containsExactlyEntriesOf(expectedTypes);
        assertThat(columnTypes(deadLetterScan(ParquetSinks.LATE_EVENTS_TABLE))).containsExactlyEntriesOf(expectedTypes);

        assertThat(query("SELECT CAST(dt AS VARCHAR), source, error_code, message, position, epoch_ms(ingested_at),"
                + " length(raw_payload), left(raw_payload, 9), payload_truncated FROM "
                + deadLetterScan(ParquetSinks.DEAD_LETTER_TABLE) + " ORDER BY position"))
                .containsExactly(
                        Arrays.asList("2026-10-01", "predictions", "INVALID_JSON", "Unexpected character 'n'",
                                "file:/in/preds.jsonl:3", DAY1_INGESTED, 9L, "{not json", false),
                        Arrays.asList("2026-10-02", "predictions", "FIELD_TOO_LONG", "event_id longer than 128",
                                "file:/in/preds.jsonl:9", DAY2_INGESTED, (long) DeadLetter.MAX_PAYLOAD_CHARS,
                                "{\"event_i", true),
                        Arrays.asList("2026-10-02", "labels", "MISSING_FIELD", null,
                                "labels/0/17", DAY2_INGESTED, 0L, "", false));
        assertThat(query("SELECT CAST(dt AS VARCHAR), source, error_code, position FROM "
                + deadLetterScan(ParquetSinks.LATE_EVENTS_TABLE)))
                .containsExactly(List.of("2026-10-01", "predictions", "LATE_EVENT", "predictions/1/4711"));
    }

    @Test
    void exampleQueriesOfTheSchemaDocRunAndFindRows() throws IOException, SQLException {
        List<String> queries = TestingDocs.sqlBlocks(TestingDocs.schemaDoc());

        assertThat(queries).hasSize(4);
        for (String sql : queries) {
            assertThat(query(sql.replace("'out/", "'" + root + "/"))).as(sql).isNotEmpty();
        }
    }

    @Test
    void windowStatsHaveTheDocumentedColumnTypes() throws SQLException {
        Map<String, String> types = columnTypes(windowStatsScan());

        assertThat(types).containsExactlyEntriesOf(orderedMap(
                "window_start", "TIMESTAMP WITH TIME ZONE",
                "window_end", "TIMESTAMP WITH TIME ZONE",
                "model", "VARCHAR",
                "model_version", "VARCHAR",
                "column_name", "VARCHAR",
                "column_kind", "VARCHAR",
                "count", "BIGINT",
                "missing_count", "BIGINT",
                "non_finite_count", "BIGINT",
                "schema_change", "BOOLEAN",
                "other_kind_count", "BIGINT",
                "mean", "DOUBLE",
                "stddev", "DOUBLE",
                "min", "DOUBLE",
                "max", "DOUBLE",
                "p01", "DOUBLE",
                "p05", "DOUBLE",
                "p25", "DOUBLE",
                "p50", "DOUBLE",
                "p75", "DOUBLE",
                "p95", "DOUBLE",
                "p99", "DOUBLE",
                "top_unseen_values", "MAP(VARCHAR, BIGINT)",
                "unseen_count", "BIGINT",
                "distinct_estimate", "BIGINT",
                "reference_id", "VARCHAR",
                "reference_source", "VARCHAR",
                "psi", "DOUBLE",
                "js_distance", "DOUBLE",
                "wasserstein_norm", "DOUBLE",
                "ks_stat", "DOUBLE",
                "chi2_stat", "DOUBLE",
                "chi2_p", "DOUBLE",
                "drift_score", "DOUBLE",
                "drift_status", "VARCHAR",
                "late_count", "BIGINT",
                "dt", "DATE"));
    }

    @Test
    void windowStatsRowsCarryExactValuesWithNullsForNaN() throws SQLException {
        String columns = "CAST(dt AS VARCHAR), epoch_ms(window_start), epoch_ms(window_end), model, model_version,"
                + " column_name, column_kind, count, missing_count, non_finite_count, schema_change, other_kind_count,"
                + " mean, stddev, min, max, p01, p05, p25, p50, p75, p95, p99,"
                + " CAST(top_unseen_values AS VARCHAR), unseen_count, distinct_estimate, reference_id, reference_source,"
                + " psi, js_distance, wasserstein_norm, ks_stat, chi2_stat, chi2_p, drift_score, drift_status, late_count";

        List<List<Object>> rows = query("SELECT " + columns + " FROM " + windowStatsScan()
                + " ORDER BY window_start, column_name");

        assertThat(rows).containsExactly(
                Arrays.asList("2026-10-01", W1_START, W1_END, "fraud", "v3",
                        "features.amount", "NUMERIC", 1200L, 3L, 1L, false, 0L,
                        130.5, 20.25, 1.5, 990.0, 2.0, 10.0, 60.0, 120.0, 180.0, 400.0, 800.0,
                        null, null, null, "fraud/v3/warmup/ab12", "WARMUP",
                        0.84, 0.31, 0.84, 0.42, 812.5, 0.0, 4.2, "DRIFT", 0L),
                Arrays.asList("2026-10-01", W1_START, W1_END, "fraud", "v3",
                        "features.country", "CATEGORICAL", 1100L, 0L, 0L, true, 4L,
                        null, null, null, null, null, null, null, null, null, null, null,
                        "{XX=40, YY=12}", 60L, 25L, "fraud/v3/warmup/ab12", "WARMUP",
                        0.05, 0.08, null, null, 30.5, 0.012, 0.4, "NONE", 2L),
                Arrays.asList("2026-10-02", W2_START, W2_END, "churn", "2026.10.1",
                        "confidence", "NUMERIC", 10L, 0L, 0L, false, 0L,
                        0.7, 0.1, 0.5, 0.9, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 0.9,
                        null, null, null, null, null,
                        null, null, null, null, null, null, null, "NO_REFERENCE", 0L));
        // The ranked order of top_unseen_values survives the round trip in DuckDB.
        assertThat(query("SELECT map_keys(top_unseen_values)::VARCHAR FROM " + windowStatsScan()
                + " WHERE column_name = 'features.country'"))
                .containsExactly(List.of("[XX, YY]"));
    }

    @Test
    void windowLevelFailuresJoinTheirWindowStats() throws SQLException {
        assertThat(query("SELECT f.failure_mode, s.drift_status, s.drift_score FROM " + failuresScan() + " f JOIN "
                + windowStatsScan() + " s USING (model, model_version, window_start, column_name)"))
                .containsExactly(List.of("FEATURE_DRIFT", "DRIFT", 4.2));
    }

    @Test
    void footersUseInt64MillisUtcTimestampsStandardListsAndZstd() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        LogicalTypeAnnotation utcMillis = LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS);

        for (Path file : files) {
            ParquetMetadata footer = readFooter(file);
            MessageType schema = footer.getFileMetaData().getSchema();
            boolean failuresFile = file.toString().contains("/failures/");
            List<String> timestamps = failuresFile
                    ? List.of("event_time", "detected_at", "deployed_at", "window_start", "window_end")
                    : file.toString().contains("/window_stats/") ? List.of("window_start", "window_end")
                    : file.toString().contains("/incidents/") ? List.of("started_at", "detected_at", "updated_at",
                            "recovered_at", "closed_at", "related_deployed_at", "comparison_from", "comparison_to")
                    : List.of("ingested_at");
            for (String column : timestamps) {
                assertThat(schema.getType(column).asPrimitiveType().getPrimitiveTypeName())
                        .as("%s in %s", column, file).isEqualTo(PrimitiveTypeName.INT64);
                assertThat(schema.getType(column).getLogicalTypeAnnotation())
                        .as("%s in %s", column, file).isEqualTo(utcMillis);
            }
            assertThat(schema.getColumns())
                    .noneMatch(c -> c.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT96);
            if (failuresFile) {
                // Three-level LIST of the Parquet spec: <list> (LIST) { repeated group list { element } }.
                assertThat(schema.getType("missing_features").getLogicalTypeAnnotation())
                        .isEqualTo(LogicalTypeAnnotation.listType());
                assertThat(schema.getType("missing_features").asGroupType().getType(0).getName()).isEqualTo("list");
            }
            if (file.toString().contains("/incidents/")) {
                assertThat(schema.getType("timeline").getLogicalTypeAnnotation())
                        .isEqualTo(LogicalTypeAnnotation.listType());
                assertThat(schema.getType("timeline").asGroupType().getType(0).getName()).isEqualTo("list");
            }
            assertThat(footer.getBlocks()).isNotEmpty();
            for (BlockMetaData block : footer.getBlocks()) {
                assertThat(block.getColumns()).extracting(ColumnChunkMetaData::getCodec)
                        .as("codecs in %s", file).containsOnly(CompressionCodecName.ZSTD);
            }
        }
    }

    /**
     * Parses the Thrift footer with parquet-hadoop's converter alone: ParquetFileReader would drag in
     * hadoop-mapreduce, which the job does not need.
     */
    private static ParquetMetadata readFooter(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int tail = bytes.length - 8;
        assertThat(new String(bytes, tail + 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        int footerLength = ByteBuffer.wrap(bytes, tail, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return new ParquetMetadataConverter().readParquetMetadata(
                new ByteArrayInputStream(bytes, tail - footerLength, footerLength), ParquetMetadataConverter.NO_FILTER);
    }

    private static String failuresScan() {
        return "read_parquet('" + root + "/failures/**/*.parquet', hive_partitioning=true, " + FAILURES_HIVE_TYPES + ")";
    }

    private static String windowStatsScan() {
        return "read_parquet('" + root + "/window_stats/**/*.parquet', hive_partitioning=true, "
                + FAILURES_HIVE_TYPES + ")";
    }

    private static String deadLetterScan(String table) {
        return "read_parquet('" + root + "/" + table + "/**/*.parquet', hive_partitioning=true, "
                + DEAD_LETTER_HIVE_TYPES + ")";
    }

    private static Map<String, String> columnTypes(String scan) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<Object> row : query("DESCRIBE SELECT * FROM " + scan)) {
            types.put((String) row.get(0), (String) row.get(1));
        }
        return types;
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions=false");
            statement.execute("SET autoload_known_extensions=false");
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(sql)) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(result.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static FailureRecord[] failures() {
        Deployment fraudV3 = new Deployment();
        fraudV3.model = "fraud";
        fraudV3.modelVersion = "v3";
        fraudV3.deployedAt = DEPLOYED_AT;
        fraudV3.deploymentId = "dep-42";
        fraudV3.environment = "prod";
        fraudV3.checkpointUri = "s3://models/fraud/v3";
        fraudV3.trainingDataVersion = "td-2026-09";
        fraudV3.codeVersion = "abc123";
        fraudV3.preprocessingVersion = "pp-7";
        fraudV3.featureFlagKeys = new String[] {"shadow", "threshold"};
        fraudV3.featureFlagValues = new String[] {"false", "0.7"};

        Prediction e1 = prediction("e1", E1_TIME, "fraud", "v3", "1");
        e1.numericFeatureNames = new String[] {"age", "amount"};
        e1.numericFeatureValues = new double[] {42.0, 125.5};
        e1.categoricalFeatureNames = new String[] {"country"};
        e1.categoricalFeatureValues = new String[] {"DE"};
        e1.missingFeatures = new String[] {"device"};
        e1.confidence = 0.93;
        e1.latencyMs = 312.0;
        e1.segment = "web";
        e1.attributeKeys = new String[] {"email"};
        e1.attributeValues = new String[] {"alice@example.com"};
        e1.scoreClasses = new String[] {"0", "1"};
        e1.scoreValues = new double[] {0.07, 0.93};
        e1.lineageStatus = LineageStatus.RESOLVED.name();
        e1.deployment = fraudV3;

        // Unresolved lineage, and feature arrays left null rather than empty: both must still write.
        Prediction e2 = prediction("e2", E2_TIME, "fraud", "v4", "0");
        e2.lineageStatus = LineageStatus.UNREGISTERED_VERSION.name();
        e2.schemaVersion = 2;

        Deployment churn = new Deployment();
        churn.model = "churn";
        churn.modelVersion = "2026.10.1";
        churn.deployedAt = DEPLOYED_AT;
        churn.deploymentId = "dep-7";
        Prediction e3 = prediction("e3", E3_TIME, "churn", "2026.10.1", "stay");
        e3.numericFeatureNames = new String[] {"tenure_days"};
        e3.numericFeatureValues = new double[] {400.0};
        e3.categoricalFeatureNames = new String[0];
        e3.categoricalFeatureValues = new String[0];
        e3.missingFeatures = new String[0];
        e3.confidence = 0.51;
        e3.latencyMs = 15.5;
        e3.lineageStatus = LineageStatus.RESOLVED.name();
        e3.deployment = churn;

        Prediction e4 = prediction("e4", E4_TIME, "2049", "1", "a");
        e4.confidence = 0.2;
        e4.lineageStatus = LineageStatus.UNREGISTERED_VERSION.name();

        return new FailureRecord[] {
            failure("f-e1-latency", e1, "DEPLOYMENT", "LATENCY_SLO_BREACH", "HIGH", "latency 312 ms > SLO 100 ms", E1_TIME),
            labelled(failure("f-e1-misclassified", e1, "MODEL", "MISCLASSIFICATION", "MEDIUM", "predicted 1, label 0",
                    E1_LABEL_TIME), "0", "human", E1_LABEL_TIME - E1_TIME),
            failure("f-e2-unregistered", e2, "DEPLOYMENT", "UNREGISTERED_VERSION", "HIGH", "no deployment of fraud:v4",
                    E2_TIME),
            failure("f-e3-low-confidence", e3, "MODEL", "LOW_CONFIDENCE", "LOW", "confidence 0.51 < 0.6", E3_TIME),
            failure("f-e4-low-confidence", e4, "MODEL", "LOW_CONFIDENCE", "LOW", "confidence 0.2 < 0.6", E4_TIME),
            windowLevel(failure("f-w1-feature-drift", windowStandIn(), "DATA", "FEATURE_DRIFT", "HIGH",
                    FEATURE_DRIFT_EVIDENCE, W1_END)),
        };
    }

    private static final String FEATURE_DRIFT_EVIDENCE = "features.amount drifted in window"
            + " 2026-10-01T14:00Z..15:00Z: psi 0.84, js 0.31, wasserstein_norm 0.84 (drift_score 4.2)"
            + " vs reference fraud/v3/warmup/ab12";

    /** As the drift detector builds it: model, version, window start as event time, no features, no prediction. */
    private static Prediction windowStandIn() {
        return prediction("window:fraud/v3/2026-10-01T14:00:00Z/features.amount", W1_START, "fraud", "v3", null);
    }

    private static FailureRecord windowLevel(FailureRecord failure) {
        failure.columnName = "features.amount";
        failure.windowStart = W1_START;
        failure.windowEnd = W1_END;
        return failure;
    }

    private static WindowStatsRow[] windowStats() {
        WindowStatsRow amount = stats(W1_START, W1_END, "fraud", "v3", "features.amount", "NUMERIC", 1200);
        amount.missingCount = 3;
        amount.nonFiniteCount = 1;
        numeric(amount, 130.5, 20.25, 1.5, 990.0, 2.0, 10.0, 60.0, 120.0, 180.0, 400.0, 800.0);
        amount.referenceId = "fraud/v3/warmup/ab12";
        amount.referenceSource = "WARMUP";
        amount.psi = 0.84;
        amount.jsDistance = 0.31;
        amount.wassersteinNorm = 0.84;
        amount.ksStat = 0.42;
        amount.chi2Stat = 812.5;
        amount.chi2P = 0.0;
        amount.driftScore = 4.2;
        amount.driftStatus = "DRIFT";

        WindowStatsRow country = stats(W1_START, W1_END, "fraud", "v3", "features.country", "CATEGORICAL", 1100);
        country.schemaChange = true;
        country.otherKindCount = 4;
        country.topUnseenValues = new String[] {"XX", "YY"};
        country.topUnseenCounts = new long[] {40, 12};
        country.unseenCount = 60L;
        country.distinctEstimate = 25L;
        country.referenceId = "fraud/v3/warmup/ab12";
        country.referenceSource = "WARMUP";
        country.psi = 0.05;
        country.jsDistance = 0.08;
        country.wassersteinNorm = Double.NaN;
        country.ksStat = Double.NaN;
        country.chi2Stat = 30.5;
        country.chi2P = 0.012;
        country.driftScore = 0.4;
        country.driftStatus = "NONE";
        country.lateCount = 2;

        WindowStatsRow confidence = stats(W2_START, W2_END, "churn", "2026.10.1", "confidence", "NUMERIC", 10);
        numeric(confidence, 0.7, 0.1, 0.5, 0.9, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 0.9);
        confidence.psi = Double.NaN;
        confidence.jsDistance = Double.NaN;
        confidence.wassersteinNorm = Double.NaN;
        confidence.ksStat = Double.NaN;
        confidence.chi2Stat = Double.NaN;
        confidence.chi2P = Double.NaN;
        confidence.driftScore = Double.NaN;
        confidence.driftStatus = "NO_REFERENCE";

        return new WindowStatsRow[] {amount, country, confidence};
    }

    private static WindowStatsRow stats(long start, long end, String model, String version, String column,
            String kind, long count) {
        WindowStatsRow row = new WindowStatsRow();
        row.windowStart = start;
        row.windowEnd = end;
        row.model = model;
        row.modelVersion = version;
        row.columnName = column;
        row.columnKind = kind;
        row.count = count;
        return row;
    }

    private static void numeric(WindowStatsRow row, double mean, double stddev, double min, double max,
            double... percentiles) {
        row.mean = mean;
        row.stddev = stddev;
        row.min = min;
        row.max = max;
        row.p01 = percentiles[0];
        row.p05 = percentiles[1];
        row.p25 = percentiles[2];
        row.p50 = percentiles[3];
        row.p75 = percentiles[4];
        row.p95 = percentiles[5];
        row.p99 = percentiles[6];
    }

    private static DeadLetter[] deadLetters() {
        DeadLetter missingMessage = DeadLetter.of(
                new RawRecord("labels", "labels/0/17", DAY2_INGESTED, null), "MISSING_FIELD", null);
        return new DeadLetter[] {
            DeadLetter.of(new RawRecord("predictions", "file:/in/preds.jsonl:3", DAY1_INGESTED, "{not json"),
                    "INVALID_JSON", "Unexpected character 'n'"),
            DeadLetter.of(new RawRecord("predictions", "file:/in/preds.jsonl:9", DAY2_INGESTED,
                            "{\"event_id\":\"" + "x".repeat(DeadLetter.MAX_PAYLOAD_CHARS) + "\"}"),
                    "FIELD_TOO_LONG", "event_id longer than 128"),
            missingMessage,
        };
    }

    private static DeadLetter[] lateEvents() {
        return new DeadLetter[] {
            DeadLetter.of(new RawRecord("predictions", "predictions/1/4711", DAY1_INGESTED, "{\"event_id\":\"late\"}"),
                    "LATE_EVENT", "event_time 2026-09-30T00:00:00Z is behind the watermark"),
        };
    }

    private static Prediction prediction(String eventId, long eventTime, String model, String version, String label) {
        Prediction p = new Prediction();
        p.eventId = eventId;
        p.eventTime = eventTime;
        p.model = model;
        p.modelVersion = version;
        p.prediction = label;
        return p;
    }

    private static FailureRecord failure(String id, Prediction event, String category, String mode, String severity,
            String evidence, long detectedAt) {
        FailureRecord f = new FailureRecord();
        f.failureId = id;
        f.event = event;
        f.category = category;
        f.failureMode = mode;
        f.severity = severity;
        f.evidence = evidence;
        f.detectedAt = detectedAt;
        return f;
    }

    private static FailureRecord labelled(FailureRecord failure, String label, String source, long delayMs) {
        failure.label = label;
        failure.labelSource = source;
        failure.labelDelayMs = delayMs;
        return failure;
    }
}
