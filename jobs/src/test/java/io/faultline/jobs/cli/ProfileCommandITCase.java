package io.faultline.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.jobs.testing.DuckDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline profile} over clean "training" traffic, then a backfill of later traffic measured
 * against those profiles instead of a warm-up.
 */
class ProfileCommandITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    private int run(ByteArrayOutputStream out, String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    }

    @Test
    void profilesAreWrittenPerVersionAndUsedByTheNextBackfill() throws Exception {
        Path training = dir.resolve("training");
        DemoTraffic.builder().seed(21).start(Instant.parse("2026-09-20T00:00:00Z")).duration(Duration.ofHours(12))
                .eventsPerModelPerHour(1_000).injectIncidents(false).build().writeTo(training);
        Path out = dir.resolve("out");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = run(printed, "profile", "--predictions", training.resolve("predictions.jsonl").toString(),
                "--output", out.toString(), "--model", "fraud-detector");
        assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();

        Path file = out.resolve("reference_profiles/model=fraud-detector/version=3.2.0/profile.json");
        assertThat(file).exists();
        assertThat(out.resolve("reference_profiles/model=churn-model")).as("--model filters").doesNotExist();
        ReferenceProfile profile = ReferenceProfile.fromJson(Files.readString(file));
        assertThat(profile.columns()).containsKeys("features.amount", "features.country", "confidence", "prediction");
        assertThat(profile.referenceId()).startsWith("fraud-detector/3.2.0/profile/");

        Path live = dir.resolve("live");
        DemoTraffic.builder().seed(22).duration(Duration.ofHours(12)).eventsPerModelPerHour(3_000)
                .models("fraud-detector").build().writeTo(live);
        printed.reset();
        code = run(printed, "backfill", "--predictions", live.resolve("predictions.jsonl").toString(),
                "--deployments", live.resolve("deployments.jsonl").toString(), "--output", out.toString());
        assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        try (DuckDb db = new DuckDb()) {
            List<String> sources = db.rows("SELECT DISTINCT reference_source || ' ' || reference_id FROM "
                    + DuckDb.table(out, "window_stats") + " WHERE model_version = '3.2.0'");
            assertThat(sources).containsExactly("PROFILE " + profile.referenceId());
            assertThat(db.count("SELECT count(*) FROM " + DuckDb.table(out, "window_stats")
                    + " WHERE column_name = 'features.amount' AND drift_status = 'DRIFT'")).isPositive();
        }
    }

    @Test
    void versionWithoutModelIsAUsageError() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"profile", "--predictions", "x", "--version", "v1"},
                new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--version needs --model");
    }
}
