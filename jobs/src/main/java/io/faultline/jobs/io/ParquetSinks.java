package io.faultline.jobs.io;

import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.incident.Incident;
import io.faultline.common.label.LabelingStatsRow;
import io.faultline.common.model.WindowStatsRow;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Exactly-once Parquet sinks for the output tables under one root (local directory, {@code file:} URI or
 * {@code s3://bucket/prefix}). Layouts and columns are documented in {@code docs/schema.md}.
 *
 * <p>Files roll on every checkpoint (bulk formats cannot roll anywhere else) and in BATCH mode at the end
 * of the job. Until then their names start with a dot, so readers that glob for {@code *.parquet} files
 * only see committed data.
 */
public final class ParquetSinks {

    public static final String FAILURES_TABLE = "failures";
    public static final String DEAD_LETTER_TABLE = "dead_letter";
    public static final String LATE_EVENTS_TABLE = "late_events";
    public static final String WINDOW_STATS_TABLE = "window_stats";
    public static final String LABELING_STATS_TABLE = "labeling_stats";
    public static final String INCIDENTS_TABLE = "incidents";

    /** ZSTD: smaller files than Snappy at similar write cost; zstd-jni ships the native library in its jar. */
    public static final CompressionCodecName COMPRESSION = CompressionCodecName.ZSTD;

    private static final OutputFileConfig PARQUET_FILES =
            OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build();

    private ParquetSinks() {}

    /** The {@code failures/} table, partitioned {@code dt=YYYY-MM-DD/model=NAME} by event time (UTC). */
    public static FileSink<FailureRecord> failures(String outputRoot) {
        return parquet(
                StoragePaths.table(outputRoot, FAILURES_TABLE),
                FailureRowWriteSupport.writers(COMPRESSION),
                DailyBucketAssigner.failures());
    }

    /**
     * The {@code window_stats/} table, partitioned {@code dt=YYYY-MM-DD/model=NAME} by the window's start
     * (UTC).
     */
    public static FileSink<WindowStatsRow> windowStats(String outputRoot) {
        return parquet(
                StoragePaths.table(outputRoot, WINDOW_STATS_TABLE),
                new AvroParquetWriterFactory<>(WindowStatsAvroSchema.SCHEMA, COMPRESSION, WindowStatsConverter::new),
                DailyBucketAssigner.windowStats());
    }

    /**
     * The {@code labeling_stats/} table, partitioned {@code dt=YYYY-MM-DD/model=NAME} by the window's start
     * (UTC).
     */
    public static FileSink<LabelingStatsRow> labelingStats(String outputRoot) {
        return parquet(
                StoragePaths.table(outputRoot, LABELING_STATS_TABLE),
                new AvroParquetWriterFactory<>(LabelingStatsAvroSchema.SCHEMA, COMPRESSION, LabelingStatsConverter::new),
                DailyBucketAssigner.labelingStats());
    }

    /**
     * The {@code incidents/} table, one row per change of an incident, partitioned {@code dt=YYYY-MM-DD/model=NAME}
     * by the incident's start (UTC).
     */
    public static FileSink<Incident> incidents(String outputRoot) {
        return parquet(
                StoragePaths.table(outputRoot, INCIDENTS_TABLE),
                new AvroParquetWriterFactory<>(IncidentAvroSchema.SCHEMA, COMPRESSION, IncidentConverter::new),
                DailyBucketAssigner.incidents());
    }

    /**
     * A dead-letter-shaped table ({@link #DEAD_LETTER_TABLE} or {@link #LATE_EVENTS_TABLE}), partitioned
     * {@code dt=YYYY-MM-DD/source=NAME} by ingestion time (UTC).
     */
    public static FileSink<DeadLetter> deadLetters(String outputRoot, String tableName) {
        return parquet(
                StoragePaths.table(outputRoot, tableName),
                new AvroParquetWriterFactory<>(DeadLetterAvroSchema.SCHEMA, COMPRESSION, DeadLetterConverter::new),
                DailyBucketAssigner.deadLetters());
    }

    private static <T> FileSink<T> parquet(
            Path tableDirectory, BulkWriter.Factory<T> writers, BucketAssigner<T, String> buckets) {
        return FileSink.forBulkFormat(tableDirectory, writers)
                .withBucketAssigner(buckets)
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(PARQUET_FILES)
                .build();
    }
}
