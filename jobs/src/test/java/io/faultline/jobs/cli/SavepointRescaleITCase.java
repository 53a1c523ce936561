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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
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
    private static final Pattern EVENT_TIME = Pattern.compile("\"event_time\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");
    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern LABEL_TIME = Pattern.compile("\"label_time\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");

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
        List<String> predictions = Files.readAllLines(input.resolve(DemoTraffic.PREDICTIONS_FILE));
        List<String> labels = Files.readAllLines(input.resolve(DemoTraffic.LABELS_FILE));
        List<String> deployments = Files.readAllLines(input.resolve(DemoTraffic.DEPLOYMENTS_FILE));

        int half = cutThroughMostDuplicates(predictions);
        long splitTime = firstTimeFrom(predictions, half, EVENT_TIME);
        List<String> firstPredictions = predictions.subList(0, half);
        List<String> secondPredictions = predictions.subList(half, predictions.size());
        List<List<String>> labelHalves = splitLabels(labels, splitTime);
        List<String> firstLabels = labelHalves.get(0);
        List<String> secondLabels = labelHalves.get(1);
        assertThat(firstLabels).isNotEmpty();
        assertThat(secondLabels).isNotEmpty();
        // The split must cut through state: retries of first-half events and labels of first-half
        // predictions arrive in the second half, so only restored dedup and join state get them right.
        Set<String> firstEvents = eventIds(firstPredictions);
        assertThat(secondPredictions.stream().filter(l -> firstEvents.contains(eventId(l))).count())
                .as("second-half duplicates of first-half events").isPositive();
        assertThat(secondLabels.stream().filter(l -> firstEvents.contains(eventId(l))).count())
                .as("second-half labels of first-half predictions").isPositive();

        KAFKA.createTopic("predictions", 2);
        KAFKA.createTopic("labels", 1);
        KAFKA.createTopic("deployments", 1);
        KAFKA.produceLines("deployments", deployments);
        KAFKA.produceLines("predictions", firstPredictions);
        KAFKA.produceLines("labels", firstLabels);

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
        KAFKA.produceLines("predictions", secondPredictions);
        KAFKA.produceLines("labels", secondLabels);
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

        Path batchOut = work.resolve("batch");
        FaultlineConfig batchConfig = FaultlineConfig.defaults().withOverrides(Map.of("output.uri", batchOut.toString()));
        FileRun.execute("backfill", batchConfig, new FileRun.Files(
                input.resolve(DemoTraffic.PREDICTIONS_FILE).toString(), input.resolve(DemoTraffic.LABELS_FILE).toString(),
                input.resolve(DemoTraffic.DEPLOYMENTS_FILE).toString()), EventTimeRange.ALL, RuntimeExecutionMode.BATCH, null);

        try (DuckDb db = new DuckDb()) {
            String failures = DuckDb.table(streamOut, "failures");
            assertThat(db.count("SELECT count(*) - count(DISTINCT failure_id) FROM " + failures))
                    .as("duplicated failure_id").isZero();
            db.assertSameRows(batchOut, streamOut, "failures", "failure_id");
            db.assertSameRows(batchOut, streamOut, "window_stats", "model, model_version, window_start, column_name",
                    "late_count");
        }
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

    /**
     * The cut, in the middle half of the lines, that the most (first line, retry) pairs of one event id
     * span: those retries reach run 2, where only the restored dedup state recognises them.
     */
    private static int cutThroughMostDuplicates(List<String> lines) {
        int n = lines.size();
        int[] spanning = new int[n + 1];
        Map<String, Integer> firstSeen = new HashMap<>();
        for (int j = 0; j < n; j++) {
            String id = eventId(lines.get(j));
            if (id == null) {
                continue;
            }
            Integer i = firstSeen.putIfAbsent(id, j);
            if (i != null) {
                // Cuts i+1..j put line i in the first half and line j in the second.
                spanning[i + 1]++;
                spanning[j + 1]--;
            }
        }
        int best = n / 2;
        int bestCount = -1;
        int running = 0;
        for (int c = 0; c <= n; c++) {
            running += spanning[c];
            if (c >= n / 4 && c <= 3 * n / 4 && running > bestCount) {
                best = c;
                bestCount = running;
            }
        }
        System.out.printf("split after %d of %d prediction lines: %d retries span it%n", best, n, bestCount);
        return best;
    }

    private static Set<String> eventIds(List<String> lines) {
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            String id = eventId(line);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String eventId(String line) {
        Matcher m = EVENT_ID.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** The first parseable time at or after {@code from}. */
    private static long firstTimeFrom(List<String> lines, int from, Pattern field) {
        for (int i = from; i < lines.size(); i++) {
            OptionalLong t = time(lines.get(i), field);
            if (t.isPresent()) {
                return t.getAsLong();
            }
        }
        throw new IllegalStateException("no parseable time from line " + from);
    }

    /**
     * Labels with label_time before {@code split} first, the rest second; an unparseable (malformed) label
     * goes with the half its neighbours in the file are in.
     */
    private static List<List<String>> splitLabels(List<String> labels, long split) {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        boolean pastSplit = false;
        for (String line : labels) {
            OptionalLong t = time(line, LABEL_TIME);
            if (t.isPresent()) {
                pastSplit = t.getAsLong() >= split;
                (pastSplit ? second : first).add(line);
            } else {
                (pastSplit ? second : first).add(line);
            }
        }
        return List.of(first, second);
    }

    private static OptionalLong time(String line, Pattern field) {
        Matcher m = field.matcher(line);
        if (!m.find()) {
            return OptionalLong.empty();
        }
        String raw = m.group(1);
        try {
            if (raw.startsWith("\"")) {
                return OptionalLong.of(Instant.parse(raw.substring(1, raw.length() - 1)).toEpochMilli());
            }
            return OptionalLong.of(Long.parseLong(raw));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
