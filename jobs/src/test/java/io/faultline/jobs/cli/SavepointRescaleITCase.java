package io.faultline.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.runtime.Accounting;
import io.faultline.jobs.runtime.RunSummary;
import io.faultline.jobs.testing.CatalogComparison;
import io.faultline.jobs.testing.TestingKafkaCluster;
import io.faultline.jobs.testing.TrafficHalves;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new run takes over the state of an old one at another parallelism: the first half of the traffic is
 * consumed by an unbounded run at parallelism 1, which is stopped with a savepoint; the second half is
 * produced and a bounded run at parallelism 2 resumes from the savepoint. Duplicates, labels and joins
 * that span the split live in the savepointed state of the label gate, the prediction join (dedup,
 * lineage, pending labels) and the window pre-aggregation; the combined output must equal one backfill
 * of all the records.
 */
class SavepointRescaleITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final TestingKafkaCluster KAFKA = new TestingKafkaCluster();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path work;

    @Test
    void runResumedFromSavepointAtHigherParallelismMatchesBackfill() throws Exception {
        DemoTraffic traffic = DemoTraffic.builder().seed(7).targetPredictions(5_000).build();
        Path input = work.resolve("input");
        DemoTraffic.Summary generated = traffic.writeTo(input);
        TrafficHalves halves = TrafficHalves.of(input);
        List<String> firstPredictions = halves.firstPredictions();
        List<String> secondPredictions = halves.secondPredictions();
        List<String> firstLabels = halves.firstLabels();
        List<String> secondLabels = halves.secondLabels();
        List<String> deployments = halves.deployments();
        assertThat(firstLabels).isNotEmpty();
        assertThat(secondLabels).isNotEmpty();
        // The split must cut through state: retries of first-half events and labels of first-half
        // predictions arrive in the second half, so only restored dedup and join state get them right.
        assertThat(halves.duplicatesAcrossTheCut()).as("second-half duplicates of first-half events").isPositive();
        assertThat(halves.labelsAcrossTheCut()).as("second-half labels of first-half predictions").isPositive();

        halves.produceFirstHalf(KAFKA.client(), 2);

        Path streamOut = work.resolve("stream");
        Path savepoints = work.resolve("savepoints");

        // Run 1: unbounded, parallelism 1, stopped with a savepoint once the first half is consumed.
        Instant started = Instant.now();
        JobClient first = StreamCommand.build(config(streamOut, 1), false).executeAsync("faultline stream (run 1)");
        awaitCount(first, Accounting.name("predictions", Accounting.READ), firstPredictions.size());
        awaitCount(first, Accounting.name("labels", Accounting.READ), firstLabels.size());
        awaitCount(first, Accounting.name("deployments", Accounting.READ), deployments.size());
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        JobExecutionResult firstResult = first.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(first.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        RunSummary run1 = new RunSummary("stream", started, Instant.now(), firstResult.getAllAccumulatorResults());
        System.out.printf("run 1: %d ms, savepoint %s%n", Duration.between(started, Instant.now()).toMillis(), savepoint);

        // Run 2: the second half, bounded, parallelism 2, from the savepoint.
        halves.produceSecondHalf(KAFKA.client());
        Instant restarted = Instant.now();
        StreamExecutionEnvironment env = StreamCommand.build(config(streamOut, 2), true);
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        env.configure(restore);
        JobClient second = env.executeAsync("faultline stream (run 2)");
        // The restored offsets are in effect once run 2 has read exactly the second half (an overshoot fails).
        awaitCount(second, Accounting.name("predictions", Accounting.READ), secondPredictions.size());
        awaitCount(second, Accounting.name("labels", Accounting.READ), secondLabels.size());
        // A bounded KafkaSource restored from a savepoint never finishes (flink-connector-kafka 5.0.0-2.2): here
        // run 2 read exactly the second half and then stayed RUNNING for minutes. Known upstream: the restored
        // enumerator never sends NoMoreSplits (FLINK-31006 / FLINK-33466, apache/flink-connector-kafka#318).
        // Stopping with drain ends the sources and emits the final watermark, as the end of a bounded input
        // does; once the connector is fixed, run 2 ends by itself first and this is skipped.
        boolean endedByItself = awaitEnd(second, Duration.ofSeconds(10));
        System.out.println("run 2 ended by itself (bounded): " + endedByItself);
        if (!endedByItself) {
            second.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        JobExecutionResult secondResult = second.getJobExecutionResult().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        RunSummary run2 = new RunSummary("stream", restarted, Instant.now(), secondResult.getAllAccumulatorResults());
        System.out.printf("run 2: %d ms%n", Duration.between(restarted, Instant.now()).toMillis());

        for (SourceKind kind : SourceKind.values()) {
            assertThat(run1.unaccounted(kind.tableValue())).as("run 1 unaccounted " + kind).isZero();
            assertThat(run2.unaccounted(kind.tableValue())).as("run 2 unaccounted " + kind).isZero();
        }
        // The offsets came from the savepoint: run 2 read only what was produced after it.
        assertThat(run2.count(Accounting.name("predictions", Accounting.READ))).isEqualTo(secondPredictions.size());
        assertThat(run2.count(Accounting.name("labels", Accounting.READ))).isEqualTo(secondLabels.size());
        assertThat(run2.count(Accounting.name("deployments", Accounting.READ))).isZero();
        // Dedup state crossed the savepoint: duplicates of first-half events in the second half were dropped.
        assertThat(run1.count(Accounting.name("predictions", Accounting.DUPLICATE))
                + run2.count(Accounting.name("predictions", Accounting.DUPLICATE)))
                .isEqualTo(generated.duplicateLines());

        CatalogComparison.assertSameCatalog(CatalogComparison.backfill(input, work.resolve("batch")), streamOut);
    }

    private FaultlineConfig config(Path out, int parallelism) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("output.uri", out.toString());
        overrides.put("parallelism", Integer.toString(parallelism));
        overrides.put("kafka.bootstrap-servers", KAFKA.bootstrapServers());
        overrides.put("kafka.group-id", "faultline-savepoint-it");
        overrides.put("checkpoints.interval", "300ms");
        overrides.put("checkpoints.dir", out.resolve("_checkpoints").toUri().toString());
        overrides.put("checkpoints.state-backend", "rocksdb");
        return FaultlineConfig.defaults().withOverrides(overrides);
    }

    /** Polls the job's accumulators until {@code name} reaches {@code expected}; fails on overshoot or timeout. */
    private static void awaitCount(JobClient job, String name, long expected) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get(30, TimeUnit.SECONDS);
            assertThat(status.isGloballyTerminalState()).as("job ended early: " + status).isFalse();
            Map<String, Object> accumulators = job.getAccumulators().get(30, TimeUnit.SECONDS);
            Object value = accumulators.get(name);
            seen = value == null ? 0 : ((Number) value).longValue();
            assertThat(seen).as(name).isLessThanOrEqualTo(expected);
            if (seen == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " stayed at " + seen + " of " + expected + " for " + TIMEOUT);
    }

    /** Whether the job reaches a terminal state within {@code wait} (polled). */
    private static boolean awaitEnd(JobClient job, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
