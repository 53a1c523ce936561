package io.faultline.jobs.cli;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.pipeline.FileRun;
import io.faultline.jobs.runtime.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code faultline demo}: generates two days of realistic traffic with injected incidents, runs the
 * backfill pipeline over it on an embedded MiniCluster, and shows what was found.
 */
final class DemoCommand {
    static final String INPUT_DIR = "_demo_input";
    private static final List<String> OUTPUT_TABLES = List.of("failures", "dead_letter", "late_events", "window_stats",
            "labeling_stats", "incidents", "reference_profiles", "_runs");

    private DemoCommand() {}

    static Flags flags() {
        return new Flags("demo",
                "Generates two days of traffic for three models (with a latency spike, a feature shift, a bad\n"
                        + "deployment, an unregistered version, malformed records and duplicates), runs the pipeline on an\n"
                        + "embedded Flink MiniCluster and prints what it found. Re-running replaces the previous demo output.")
                .declare("output", "DIR", "output directory (default ./faultline-out)")
                .declare("config", "FILE", "job config (YAML) to use instead of the defaults")
                .declare("parallelism", "P", "operator parallelism (default 2)")
                .declare("seed", "N", "generator seed (default 42)");
    }

    static int run(Flags flags, PrintStream out) throws Exception {
        Path root = Path.of(flags.get("output", "faultline-out")).toAbsolutePath().normalize();
        prepare(root);
        Path input = root.resolve(INPUT_DIR);
        long seed = flags.getLong("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        out.println("faultline demo → " + root);
        out.println("generating traffic (seed " + seed + ") into " + input + " ...");
        DemoTraffic traffic = DemoTraffic.builder().seed(seed).build();
        DemoTraffic.Summary generated = traffic.writeTo(input);
        out.printf("  %,d predictions, %,d labels, %,d deployments (%,d malformed and %,d duplicate lines on purpose)%n",
                generated.predictionLines(), generated.labelLines(), generated.deploymentLines(),
                generated.malformedLines(), generated.duplicateLines());
        out.println("injected incidents:");
        for (DemoTraffic.InjectedIncident incident : traffic.injectedIncidents()) {
            out.printf("  %-22s %-18s %-6s %s .. %s%n", incident.kind(), incident.model(), incident.modelVersion(),
                    incident.start(), incident.end());
        }

        FaultlineConfig base = flags.has("config") ? FaultlineConfig.load(Path.of(flags.get("config"))) : FaultlineConfig.defaults();
        FaultlineConfig config = base.withOverrides(java.util.Map.of(
                "output.uri", root.toString(),
                "parallelism", Long.toString(flags.getLong("parallelism", 2, 1, 64)),
                // hour_of_day is a function of event time: every hourly window differs from an all-day reference.
                "drift.ignore-columns", "features.hour_of_day"));

        // Drift needs a baseline: profile two earlier, healthy days, as a team would profile training or
        // validation data logged in the contract.
        Path training = input.resolve("training");
        out.println("generating two earlier healthy days as training data and profiling them ...");
        DemoTraffic.builder().seed(seed + 1).start(traffic.start().minus(java.time.Duration.ofDays(2)))
                .injectIncidents(false).build().writeTo(training);
        ProfileCommand.profile(config, training.resolve("predictions.jsonl").toString(), null, null, out);
        out.println("running the pipeline on an embedded MiniCluster ...");
        FileRun.Files files = new FileRun.Files(input.resolve("predictions.jsonl").toString(),
                input.resolve("labels.jsonl").toString(), input.resolve("deployments.jsonl").toString());
        RunSummary summary = BackfillCommand.execute("demo", config, files, EventTimeRange.ALL, out);

        String glob = root.resolve("failures") + "/**/*.parquet";
        out.println();
        out.println("Query the catalog with DuckDB:");
        out.println("  duckdb -c \"SELECT model, failure_mode, count(*) AS n FROM read_parquet('" + glob
                + "', hive_partitioning=true, hive_types={'dt': DATE, 'model': VARCHAR}) GROUP BY ALL ORDER BY n DESC\"");
        out.println("  duckdb -c \"SELECT model, model_version, column_name, min(window_start) AS first, max(window_end) AS last,"
                + " count(*) AS windows, max(drift_score) AS worst FROM read_parquet('" + root.resolve("window_stats")
                + "/**/*.parquet', hive_partitioning=true, hive_types={'dt': DATE, 'model': VARCHAR})"
                + " WHERE drift_status = 'DRIFT' GROUP BY ALL ORDER BY first\"");
        out.println("  duckdb -c \"SELECT model, incident_id, kind, suspected_cause, started_at, detected_at, closed_at,"
                + " related_deployment_id, remediation_action, remediation_target FROM read_parquet('" + root.resolve("incidents")
                + "/**/*.parquet', hive_partitioning=true, hive_types={'dt': DATE, 'model': VARCHAR})"
                + " QUALIFY revision = max(revision) OVER (PARTITION BY incident_id) ORDER BY started_at\"");
        out.println("  duckdb -c \"SELECT error_code, count(*) FROM read_parquet('" + root.resolve("dead_letter")
                + "/**/*.parquet', hive_partitioning=true, hive_types={'dt': DATE, 'source': VARCHAR}) GROUP BY ALL\"");
        return summary == null || summary.unaccountedTotal() == 0 ? 0 : 3;
    }

    /** Creates the output root, clearing a previous demo's tables; refuses to touch a directory it did not make. */
    private static void prepare(Path root) throws IOException {
        if (Files.exists(root)) {
            boolean fromDemo = Files.isDirectory(root.resolve(INPUT_DIR));
            boolean empty;
            try (Stream<Path> entries = Files.list(root)) {
                empty = entries.findAny().isEmpty();
            }
            if (!fromDemo && !empty) {
                throw new IOException(root + " exists and was not written by 'faultline demo'; choose another --output");
            }
            for (String table : OUTPUT_TABLES) {
                Directories.deleteTree(root.resolve(table));
            }
            Directories.deleteTree(root.resolve(INPUT_DIR));
        }
        Files.createDirectories(root);
    }
}
