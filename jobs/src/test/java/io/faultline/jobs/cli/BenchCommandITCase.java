package io.faultline.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of {@code faultline bench}: small, once, in both modes. It proves the command works and
 * reports what it promises; the figures themselves are for the issue notes, never asserted.
 */
class BenchCommandITCase {
    @TempDir
    Path dir;

    @Test
    void benchReportsBothRunsTheirRatioAndPeakHeap() throws Exception {
        for (String mode : new String[] {"streaming", "batch"}) {
            Path result = dir.resolve("bench-" + mode + ".json");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = Cli.run(new String[] {"bench", "--events", "3000", "--runs", "1", "--mode", mode, "--output",
                    result.toString(), "--work-dir", dir.resolve("work-" + mode).toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(printed).isZero();
            assertThat(printed).contains("parse-only baseline", "full pipeline", "ratio full / baseline");

            JsonNode json = new ObjectMapper().readTree(result.toFile());
            assertThat(json.path("mode").asText()).isEqualTo(mode);
            assertThat(json.path("prediction_events").asLong()).isGreaterThan(2_000);
            assertThat(json.path("baseline_events_per_s").asLong()).isPositive();
            assertThat(json.path("full_events_per_s").asLong()).isPositive();
            assertThat(json.path("ratio").asDouble()).isPositive();
            assertThat(json.path("full_peak_heap_mib").asLong()).isPositive();
        }
    }
}
