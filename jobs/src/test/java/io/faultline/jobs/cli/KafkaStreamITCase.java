package io.faultline.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.pipeline.FileRun;
import io.faultline.jobs.runtime.Accounting;
import io.faultline.jobs.runtime.RunSummary;
import io.faultline.jobs.testing.DuckDb;
import io.faultline.jobs.testing.TestingKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline stream} end to end against a real Kafka broker (KRaft, in this JVM, on 127.0.0.1):
 * the three topics in, checkpointed exactly-once Parquet out, and the catalog equal to a backfill of the
 * same records.
 */
class KafkaStreamITCase {
    @RegisterExtension
    static final TestingKafkaCluster KAFKA = new TestingKafkaCluster();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path work;

    @Test
    void streamFromKafkaMatchesBackfillOfTheSameRecords() throws Exception {
        DemoTraffic traffic = DemoTraffic.builder().seed(5).targetPredictions(5_000).build();
        Path input = work.resolve("input");
        DemoTraffic.Summary generated = traffic.writeTo(input);

        KAFKA.produceTraffic(input, 2);

        Path streamOut = work.resolve("stream");
        Map<String, String> overrides = new HashMap<>();
        overrides.put("output.uri", streamOut.toString());
        overrides.put("parallelism", "2");
        overrides.put("kafka.bootstrap-servers", KAFKA.bootstrapServers());
        overrides.put("kafka.group-id", "faultline-it");
        overrides.put("checkpoints.interval", "300ms");
        overrides.put("checkpoints.dir", streamOut.resolve("_checkpoints").toUri().toString());
        overrides.put("checkpoints.state-backend", "rocksdb");
        FaultlineConfig config = FaultlineConfig.defaults().withOverrides(overrides);

        JobExecutionResult result = StreamCommand.build(config, true).execute("faultline stream (kafka it)");
        RunSummary stream = new RunSummary("stream", Instant.now(), Instant.now(), result.getAllAccumulatorResults());
        for (SourceKind kind : SourceKind.values()) {
            assertThat(stream.unaccounted(kind.tableValue())).as("unaccounted " + kind).isZero();
        }
        assertThat(stream.count(Accounting.name("predictions", Accounting.READ))).isEqualTo(generated.predictionLines());
        assertThat(stream.count(Accounting.name("predictions", Accounting.DUPLICATE))).isEqualTo(generated.duplicateLines());

        Path batchOut = work.resolve("batch");
        FaultlineConfig batchConfig = FaultlineConfig.defaults().withOverrides(Map.of("output.uri", batchOut.toString()));
        RunSummary batch = FileRun.execute("backfill", batchConfig, new FileRun.Files(
                input.resolve("predictions.jsonl").toString(), input.resolve("labels.jsonl").toString(),
                input.resolve("deployments.jsonl").toString()), EventTimeRange.ALL, RuntimeExecutionMode.BATCH, null);
        assertThat(stream.failuresByMode()).isEqualTo(batch.failuresByMode());

        try (DuckDb db = new DuckDb()) {
            db.assertSameRows(batchOut, streamOut, "failures", "failure_id");
            db.assertSameRows(batchOut, streamOut, "window_stats", "model, model_version, window_start, column_name",
                    "late_count");
            List<String> positions = db.rows("SELECT DISTINCT split_part(position, '/', 1) FROM "
                    + DuckDb.table(streamOut, "dead_letter") + " ORDER BY 1");
            assertThat(positions).as("dead letters carry topic/partition/offset").contains("predictions", "labels");
        }
    }
}
