package io.faultline.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.jobs.testing.DuckDb;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline backfill} as a scheduler would call it, over a directory of hand-written JSON-lines
 * files (one of them gzipped), where every line's fate is known in advance.
 */
class BackfillCommandITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    private static final String DEPLOY_V1 = "{\"model\":\"fraud\",\"model_version\":\"v1\",\"deployed_at\":\"2026-09-30T00:00:00Z\","
            + "\"deployment_id\":\"dep-1\",\"code_version\":\"c0ffee1\",\"checkpoint_uri\":\"s3://m/fraud/v1\","
            + "\"training_data_version\":\"td-7\",\"preprocessing_version\":\"pp-2\",\"feature_flags\":{\"ranker\":true}}";

    private static String prediction(String id, String time, String version, String predicted, double confidence,
            double latency) {
        return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + time + "\",\"model\":\"fraud\",\"model_version\":\""
                + version + "\",\"features\":{\"amount\":10.5,\"country\":\"DE\",\"new_device\":false},\"prediction\":\""
                + predicted + "\",\"confidence\":" + confidence + ",\"latency_ms\":" + latency + "}";
    }

    @Test
    void backfillOverADirectoryAccountsForEveryLineAndFindsEachFailure() throws Exception {
        Path preds = Files.createDirectories(dir.resolve("predictions"));
        Files.write(preds.resolve("part-1.jsonl"), List.of(
                prediction("ok-1", "2026-10-01T01:00:00Z", "v1", "legit", 0.95, 20),
                prediction("slow", "2026-10-01T01:01:00Z", "v1", "legit", 0.95, 350),
                prediction("unsure", "2026-10-01T01:02:00Z", "v1", "legit", 0.2, 20),
                prediction("wrong", "2026-10-01T01:03:00Z", "v1", "fraud", 0.97, 20),
                prediction("ok-1", "2026-10-01T01:00:00Z", "v1", "legit", 0.95, 20), // duplicate
                "{\"event_id\":\"broken\"", // truncated
                ""));
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(preds.resolve("part-2.jsonl.gz")))) {
            gz.write((prediction("ghost", "2026-10-02T03:00:00Z", "v9", "legit", 0.9, 20) + "\n"
                    + prediction("outside", "2026-10-05T03:00:00Z", "v1", "legit", 0.9, 20) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("labels.jsonl"), List.of(
                "{\"event_id\":\"wrong\",\"label\":\"legit\",\"label_time\":\"2026-10-01T05:03:00Z\",\"source\":\"human\",\"reviewer\":\"alice\"}",
                "{\"event_id\":\"ok-1\",\"label\":\"legit\",\"label_time\":\"2026-10-01T02:00:00Z\",\"source\":\"outcome\"}",
                "{\"event_id\":\"x\",\"label\":\"legit\"}"));
        Files.write(dir.resolve("deployments.jsonl"), List.of(DEPLOY_V1));
        Path out = dir.resolve("out");

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"backfill", "--predictions", preds.toString(), "--labels",
                dir.resolve("labels.jsonl").toString(), "--deployments", dir.resolve("deployments.jsonl").toString(),
                "--output", out.toString(), "--from", "2026-10-01", "--to", "2026-10-02", "--parallelism", "2"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).as(stdout.toString(StandardCharsets.UTF_8)).isZero();

        JsonNode summary;
        try (Stream<Path> runs = Files.list(out.resolve("_runs"))) {
            summary = new ObjectMapper().readTree(runs.findFirst().orElseThrow().toFile());
        }
        JsonNode p = summary.path("sources").path("predictions");
        assertThat(p.path("read").asLong()).isEqualTo(9);
        assertThat(p.path("valid").asLong()).isEqualTo(5);
        assertThat(p.path("duplicate").asLong()).isEqualTo(1);
        assertThat(p.path("dead_letter").asLong()).isEqualTo(2);
        assertThat(p.path("out_of_range").asLong()).isEqualTo(1);
        assertThat(p.path("unaccounted").asLong()).isZero();
        assertThat(summary.path("sources").path("labels").path("dead_letter").asLong()).isEqualTo(1);
        assertThat(summary.path("failures_by_mode").path("LATENCY_SLO_BREACH").asLong()).isEqualTo(1);

        try (DuckDb db = new DuckDb()) {
            List<String> rows = db.rows("SELECT event_id, failure_mode, lineage_status, coalesce(code_version, '-'),"
                    + " coalesce(label, '-') FROM " + DuckDb.table(out, "failures")
                    + " WHERE failure_mode <> 'SCHEMA_VIOLATION' ORDER BY event_id, failure_mode");
            assertThat(rows).containsExactly(
                    "ghost|UNREGISTERED_VERSION|UNREGISTERED_VERSION|-|-",
                    "slow|LATENCY_SLO_BREACH|RESOLVED|c0ffee1|-",
                    "unsure|LOW_CONFIDENCE|RESOLVED|c0ffee1|-",
                    "wrong|MISCLASSIFICATION|RESOLVED|c0ffee1|legit",
                    // a confident prediction (0.97) contradicted by its label: the label is suspect too
                    "wrong|SUSPECTED_LABEL_NOISE|RESOLVED|c0ffee1|legit");
            assertThat(db.rows("SELECT model, model_version, sum(score)::BIGINT FROM " + DuckDb.table(out, "failures")
                    + " WHERE failure_mode = 'SCHEMA_VIOLATION' GROUP BY ALL ORDER BY ALL"))
                    .as("dead letters rolled up per window and source").containsExactly(
                            "_contract|labels|1", "_contract|predictions|2");
            assertThat(db.count("SELECT count(*) FROM " + DuckDb.table(out, "failures")
                    + " WHERE recurrence IS NULL OR signature IS NULL OR severity IS NULL OR reproducibility IS NULL"))
                    .as("every row is annotated and ranked").isZero();
            assertThat(db.rows("SELECT dt, model FROM " + DuckDb.table(out, "failures") + " WHERE event_id = 'ghost'"))
                    .containsExactly("2026-10-02|fraud");
            List<String> dead = db.rows("SELECT source, error_code, position FROM " + DuckDb.table(out, "dead_letter")
                    + " ORDER BY source, position");
            assertThat(dead).hasSize(3);
            assertThat(dead.get(0)).startsWith("labels|MISSING_FIELD|").endsWith("labels.jsonl:3");
            assertThat(dead.get(1)).startsWith("predictions|").endsWith("part-1.jsonl:6");
            assertThat(dead.get(2)).startsWith("predictions|EMPTY_PAYLOAD|").endsWith("part-1.jsonl:7");
        }
    }

    @Test
    void rerunningABackfillReplacesItsDaysAndAFailedRunLeavesThePreviousOutput() throws Exception {
        Path input = dir.resolve("traffic");
        io.faultline.common.demo.DemoTraffic.builder().seed(9).targetPredictions(3_000).build().writeTo(input);
        Path out = dir.resolve("out");
        String[] backfill = {"backfill", "--predictions", input.resolve("predictions.jsonl").toString(), "--labels",
                input.resolve("labels.jsonl").toString(), "--deployments", input.resolve("deployments.jsonl").toString(),
                "--output", out.toString(), "--from", "2026-10-01", "--to", "2026-10-02"};
        assertThat(Cli.run(backfill, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System.err)).isZero();
        List<String> first;
        long firstStats;
        try (DuckDb db = new DuckDb()) {
            first = db.rows("SELECT * FROM " + DuckDb.table(out, "failures") + " ORDER BY failure_id");
            firstStats = db.count("SELECT count(*) FROM " + DuckDb.table(out, "window_stats"));
        }
        assertThat(first).isNotEmpty();

        assertThat(Cli.run(backfill, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                System.err)).as("second run").isZero();
        try (DuckDb db = new DuckDb()) {
            assertThat(db.rows("SELECT * FROM " + DuckDb.table(out, "failures") + " ORDER BY failure_id"))
                    .as("a re-run leaves the same rows, not twice as many").containsExactlyElementsOf(first);
            assertThat(db.count("SELECT count(*) FROM " + DuckDb.table(out, "window_stats"))).isEqualTo(firstStats);
        }

        // A run whose job fails (a corrupt gzip file among the inputs) publishes nothing.
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(input.resolve("predictions.jsonl"), broken.resolve("predictions.jsonl"));
        Files.write(broken.resolve("more.jsonl.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        String[] failing = backfill.clone();
        failing[2] = broken.toString();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Cli.run(failing, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(Cli.FAILED);
        try (DuckDb db = new DuckDb()) {
            assertThat(db.rows("SELECT * FROM " + DuckDb.table(out, "failures") + " ORDER BY failure_id"))
                    .as("the previous output is untouched").containsExactlyElementsOf(first);
        }
    }
}
