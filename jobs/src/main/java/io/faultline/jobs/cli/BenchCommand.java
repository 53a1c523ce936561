package io.faultline.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.functions.DecodeFunction;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.io.FileInputs;
import io.faultline.jobs.pipeline.FileRun;
import io.faultline.jobs.runtime.JobEnvironment;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * {@code faultline bench}: throughput of the full pipeline next to a parse-only baseline (read + decode +
 * discard), both measured in this run over the same generated files, on an embedded MiniCluster. The
 * ratio is what to compare across machines; absolute numbers depend on the machine.
 */
final class BenchCommand {
    private BenchCommand() {}

    static Flags flags() {
        return new Flags("bench",
                "Measures events/s of the full pipeline (to Parquet) against a parse-only baseline over the same\n"
                        + "generated events, in one JVM, and reports their ratio and the peak heap. Prints a table and\n"
                        + "writes JSON.")
                .declare("events", "N", "number of prediction events (default 1000000)")
                .declare("parallelism", "P", "operator parallelism (default 1)")
                .declare("runs", "R", "measure each job R times, alternating, and keep each one's fastest run (default 3)")
                .declare("mode", "MODE", "streaming (the live path: no sorting, heap state; default) or batch (backfill)")
                .declare("output", "FILE", "where to write the JSON result (default bench-result.json)")
                .declare("work-dir", "DIR", "scratch directory for input and output (default: a temporary directory)");
    }

    static int run(Flags flags, PrintStream out) throws Exception {
        long events = flags.getLong("events", 1_000_000, 1_000, 1_000_000_000);
        int parallelism = (int) flags.getLong("parallelism", 1, 1, 64);
        int runs = (int) flags.getLong("runs", 3, 1, 20);
        RuntimeExecutionMode mode = switch (flags.get("mode", "streaming")) {
            case "streaming" -> RuntimeExecutionMode.STREAMING;
            case "batch" -> RuntimeExecutionMode.BATCH;
            default -> throw new Flags.UsageException("--mode " + flags.get("mode") + " is not allowed; allowed: streaming, batch");
        };
        Path resultFile = Path.of(flags.get("output", "bench-result.json"));
        Path work = flags.has("work-dir") ? Path.of(flags.get("work-dir")) : Files.createTempDirectory("faultline-bench");
        Files.createDirectories(work);
        try {
            Path input = work.resolve("input");
            out.printf("generating ~%,d prediction events into %s ...%n", events, input);
            DemoTraffic.Summary generated = DemoTraffic.builder().seed(7).targetPredictions(events).build().writeTo(input);
            // Streaming runs without checkpoints (the interval is longer than the run) on heap state, so
            // the figures are the pipeline's own cost, comparable with the baseline's.
            FaultlineConfig config = FaultlineConfig.defaults().withOverrides(Map.of(
                    "parallelism", Integer.toString(parallelism),
                    "output.uri", work.resolve("out").toString(),
                    "checkpoints.interval", "24h",
                    "checkpoints.state-backend", "hashmap",
                    "checkpoints.dir", work.resolve("checkpoints").toUri().toString()));
            String predictions = input.resolve("predictions.jsonl").toString();
            // Everything on: per-event edge-case scores need reference profiles, built (untimed) from an earlier,
            // healthy stretch of traffic as a team would profile its training data.
            Path training = work.resolve("training");
            out.printf("profiling %,d earlier events as reference data (not timed) ...%n", Math.max(1_000, events / 5));
            DemoTraffic.builder().seed(8).targetPredictions(Math.max(1_000, events / 5))
                    .start(DemoTraffic.builder().seed(7).build().start().minus(java.time.Duration.ofDays(2)))
                    .injectIncidents(false).build().writeTo(training);
            ProfileCommand.profile(config, training.resolve("predictions.jsonl").toString(), null, null,
                    new PrintStream(java.io.OutputStream.nullOutputStream()));

            FileRun.Files files = new FileRun.Files(predictions, input.resolve("labels.jsonl").toString(),
                    input.resolve("deployments.jsonl").toString());
            // Alternating runs share the machine's noise fairly; the fastest run of each is the least disturbed.
            Measurement baseline = null;
            Measurement full = null;
            for (int run = 1; run <= runs; run++) {
                out.printf("run %d/%d: baseline (read + decode + discard) ...%n", run, runs);
                baseline = Measurement.best(baseline, measure(() -> runBaseline(config, mode, predictions)));
                out.printf("run %d/%d: full pipeline ...%n", run, runs);
                full = Measurement.best(full, measure(() -> FileRun.execute("bench", config, files, EventTimeRange.ALL,
                        mode, null).netRuntimeMs()));
            }

            long n = generated.predictionLines();
            double baselineRate = n / baseline.seconds;
            double fullRate = n / full.seconds;
            out.println();
            out.printf("%-26s %12s %10s %14s%n", "run", "events/s", "seconds", "peak heap MiB");
            out.printf("%-26s %,12.0f %10.2f %14d%n", "parse-only baseline", baselineRate, baseline.seconds, baseline.peakHeapMiB);
            out.printf("%-26s %,12.0f %10.2f %14d%n", "full pipeline", fullRate, full.seconds, full.peakHeapMiB);
            out.printf("ratio full / baseline: %.2f  (%,d prediction lines, %s mode, parallelism %d;"
                    + " best of %d runs; seconds are the jobs' net runtimes)%n", fullRate / baselineRate, n, mode.name().toLowerCase(), parallelism, runs);

            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode json = mapper.createObjectNode();
            json.put("prediction_events", n);
            json.put("parallelism", parallelism);
            json.put("mode", mode.name().toLowerCase());
            json.put("runs", runs);
            json.put("baseline_events_per_s", Math.round(baselineRate));
            json.put("full_events_per_s", Math.round(fullRate));
            json.put("ratio", Math.round(fullRate / baselineRate * 1000) / 1000.0);
            json.put("baseline_seconds", baseline.seconds);
            json.put("full_seconds", full.seconds);
            json.put("baseline_peak_heap_mib", baseline.peakHeapMiB);
            json.put("full_peak_heap_mib", full.peakHeapMiB);
            json.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
            mapper.writeValue(resultFile.toFile(), json);
            out.println("result: " + resultFile.toAbsolutePath());
            return 0;
        } finally {
            if (!flags.has("work-dir")) {
                Directories.deleteTree(work);
            }
        }
    }

    private static long runBaseline(FaultlineConfig config, RuntimeExecutionMode mode, String predictions)
            throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(config, mode);
        env.fromSource(FileInputs.source(predictions, SourceKind.PREDICTIONS.tableValue()),
                        WatermarkStrategy.noWatermarks(), "predictions files", TypeInformation.of(RawRecord.class))
                .uid("bench-source").name("predictions files")
                .process(new DecodeFunction<Prediction>(SourceKind.PREDICTIONS, true))
                .returns(TypeInformation.of(Prediction.class))
                .uid("bench-decode").name("decode predictions")
                .sinkTo(new DiscardingSink<>()).uid("bench-discard").name("discard");
        return env.execute("faultline bench baseline").getNetRuntime();
    }

    /** A job run that returns its net runtime in milliseconds. */
    private interface Run {
        long run() throws Exception;
    }

    private record Measurement(double seconds, long peakHeapMiB) {
        /** The faster of two runs; the peak heap is the larger of both. */
        static Measurement best(Measurement a, Measurement b) {
            if (a == null) {
                return b;
            }
            return new Measurement(Math.min(a.seconds, b.seconds), Math.max(a.peakHeapMiB, b.peakHeapMiB));
        }
    }

    private static Measurement measure(Run run) throws Exception {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        double seconds = run.run() / 1000.0;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return new Measurement(seconds, peak >> 20);
    }
}
