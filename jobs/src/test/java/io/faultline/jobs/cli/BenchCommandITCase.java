package io.faultline.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.jobs.testing.DuckDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of {@code faultline bench}: small, once, in both modes. It proves the command works (each job
 * measured in a JVM of its own) and reports what it promises; the figures themselves are for the issue notes,
 * never asserted.
 */
class BenchCommandITCase {
    @TempDir
    Path dir;

    @Test
    void measuringJvmsKeepThisJvmsOptionsWithTheInitialHeapAtTheMaximum() {
        assertThat(BenchCommand.measuringJvmOptions(List.of("-Xmx3g", "-Xms256m", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dlog4j.configurationFile=x"), 1L << 30))
                .containsExactly("-Xmx3g", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dlog4j.configurationFile=x", "-Xms3g");
        assertThat(BenchCommand.measuringJvmOptions(List.of("-XX:MaxHeapSize=2147483648"), 1L << 30))
                .containsExactly("-XX:MaxHeapSize=2147483648", "-Xms2147483648");
        // Without a heap limit the JVM's own maximum becomes the fixed size.
        assertThat(BenchCommand.measuringJvmOptions(List.of(), 3L << 30)).containsExactly("-Xms3072m");
    }

    @Test
    void benchReportsBothRunsTheirRatioAndPeakHeap() throws Exception {
        for (String mode : new String[] {"streaming", "batch"}) {
            Path result = dir.resolve("bench-" + mode + ".json");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // The stages in between are measured only when asked for: here in streaming mode.
            boolean stages = mode.equals("streaming");
            List<String> args = new ArrayList<>(List.of("bench", "--events", "3000", "--warmup", "1", "--runs", "1",
                    "--mode", mode, "--output", result.toString(), "--work-dir", dir.resolve("work-" + mode).toString()));
            if (stages) {
                args.add("--stages");
            }
            int code = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(printed).isZero();
            assertThat(printed).contains("parse-only baseline", "full pipeline", "ratio full / baseline");
            if (stages) {
                assertThat(printed).contains("stage: keyed hop", "stage: prediction join");
            } else {
                assertThat(printed).doesNotContain("stage:");
            }

            JsonNode json = new ObjectMapper().readTree(result.toFile());
            assertThat(json.path("mode").asText()).isEqualTo(mode);
            assertThat(json.path("prediction_events").asLong()).isGreaterThan(2_000);
            assertThat(json.path("baseline_events_per_s").asLong()).isPositive();
            assertThat(json.path("full_events_per_s").asLong()).isPositive();
            assertThat(json.path("ratio").asDouble()).isPositive();
            assertThat(json.path("full_peak_heap_mib").asLong()).isPositive();
            assertThat(json.path("warmup_runs").asInt()).isEqualTo(1);
            assertThat(json.has("stages")).isEqualTo(stages);
            for (String stage : stages ? List.of("keyed", "join") : List.<String>of()) {
                JsonNode measured = json.path("stages").path(stage);
                assertThat(measured.path("events_per_s").asLong()).as(stage).isPositive();
                assertThat(measured.path("ratio").asDouble()).as(stage).isPositive();
                assertThat(measured.path("seconds").asDouble()).as(stage).isPositive();
                assertThat(measured.path("cpu_seconds").asDouble()).as(stage).isPositive();
            }
            // Every run writes a catalog of its own: what is left is the measured run's, with no row twice.
            Path catalog = dir.resolve("work-" + mode).resolve("out");
            try (DuckDb db = new DuckDb()) {
                List<String> counts = db.rows("SELECT count(*), count(DISTINCT failure_id) FROM " + DuckDb.table(catalog, "failures"));
                String[] rowsAndIds = counts.get(0).split("\\|");
                assertThat(Long.parseLong(rowsAndIds[0])).isPositive().isEqualTo(Long.parseLong(rowsAndIds[1]));
            }
            assertThat(dir.resolve("work-" + mode).resolve("reference_profiles")).isNotEmptyDirectory();
            assertThat(json.path("full_cpu_seconds").asDouble()).isPositive();
            // The measuring JVMs run with a fixed heap, as a TaskManager does.
            assertThat(json.path("jvm_options").toString()).contains("-Xms");
        }
    }
}
