package io.faultline.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import io.faultline.common.config.ConfigException;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.functions.DecodeFunction;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.functions.KeyedEvent;
import io.faultline.jobs.io.FileInputs;
import io.faultline.jobs.pipeline.FaultlinePipeline;
import io.faultline.jobs.pipeline.FileRun;
import io.faultline.jobs.runtime.JobEnvironment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * {@code faultline bench}: throughput of the full pipeline next to a parse-only baseline (read + decode +
 * discard), both measured in this run over the same generated files, on an embedded MiniCluster. The
 * ratio is what to compare across machines; absolute numbers depend on the machine.
 *
 * <p>Each job is measured in a JVM of its own ({@link BenchRun}), started with this JVM's options and a fixed
 * heap ({@code -Xms} equal to {@code -Xmx}), as Flink starts a TaskManager: a job's just-in-time compiled code
 * is then not shaped by the other job's types (one JVM running both alternately kept recompiling the code they
 * share), and no run starts on a heap shrunk by the previous one. Each JVM runs its job {@code --warmup} times
 * unmeasured, then {@code --runs} times, and the fastest measured run counts: the figure is the job's steady
 * state, which is what a long-running job sees.
 */
final class BenchCommand {
    /** The line a measuring JVM prints per measured run: the prefix, then net seconds, CPU seconds and peak heap MiB. */
    static final String RESULT_PREFIX = "faultline-bench-run ";

    private BenchCommand() {}

    /**
     * The measured jobs, each a prefix of the next: the baseline and the full pipeline always, the two stages in
     * between with {@code --stages}. Their ratios to the baseline are a ledger of where the full pipeline's time goes.
     */
    enum Job {
        BASELINE("parse-only baseline", "baseline (read + decode + discard)"),
        KEYED("stage: keyed hop", "stage 1 (baseline + event time + shuffle by event_id)"),
        JOIN("stage: prediction join", "stage 2 (keyed hop + labels + deployments + prediction join)"),
        FULL("full pipeline", "full pipeline");

        final String label;
        final String progress;

        Job(String label, String progress) {
            this.label = label;
            this.progress = progress;
        }
    }

    static Flags flags() {
        return new Flags("bench",
                "Measures events/s of the full pipeline (to Parquet) against a parse-only baseline over the same\n"
                        + "generated events, each job in a JVM of its own, and reports their ratio and the peak heap.\n"
                        + "Prints a table and writes JSON.")
                .declare("events", "N", "number of prediction events (default 1000000)")
                .declare("parallelism", "P", "operator parallelism (default 1)")
                .declare("warmup", "W", "unmeasured runs of each job before its measured runs, to warm its JVM up (default 4)")
                .declare("runs", "R", "measured runs of each job; the fastest counts (default 3)")
                .declare("mode", "MODE", "streaming (the live path: no sorting, heap state; default) or batch (backfill)")
                .declareSwitch("stages", "also measure two stages in between: the keyed hop (event time, shuffle by\n"
                        + "event_id) and the prediction join (dedup, lineage, label verdicts; outputs discarded)")
                .declare("output", "FILE", "where to write the JSON result (default bench-result.json)")
                .declare("work-dir", "DIR", "scratch directory for input and output (default: a temporary directory)");
    }

    static int run(Flags flags, PrintStream out) throws Exception {
        long events = flags.getLong("events", 1_000_000, 1_000, 1_000_000_000);
        int parallelism = (int) flags.getLong("parallelism", 1, 1, 64);
        int warmup = (int) flags.getLong("warmup", 4, 0, 20);
        int runs = (int) flags.getLong("runs", 3, 1, 20);
        RuntimeExecutionMode mode = mode(flags.get("mode", "streaming"));
        Path resultFile = Path.of(flags.get("output", "bench-result.json"));
        Path work = flags.has("work-dir") ? Path.of(flags.get("work-dir")) : Files.createTempDirectory("faultline-bench");
        Files.createDirectories(work);
        try {
            Path input = work.resolve("input");
            out.printf("generating ~%,d prediction events into %s ...%n", events, input);
            DemoTraffic.Summary generated = DemoTraffic.builder().seed(7).targetPredictions(events).build().writeTo(input);
            // Everything on: per-event edge-case scores need reference profiles, built (untimed) from an earlier,
            // healthy stretch of traffic as a team would profile its training data.
            Path training = work.resolve("training");
            out.printf("profiling %,d earlier events as reference data (not timed) ...%n", Math.max(1_000, events / 5));
            DemoTraffic.builder().seed(8).targetPredictions(Math.max(1_000, events / 5))
                    .start(DemoTraffic.builder().seed(7).build().start().minus(java.time.Duration.ofDays(2)))
                    .injectIncidents(false).build().writeTo(training);
            ProfileCommand.profile(config(work, parallelism), training.resolve("predictions.jsonl").toString(), null, null,
                    new PrintStream(java.io.OutputStream.nullOutputStream()));

            List<String> jvmOptions = measuringJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    Runtime.getRuntime().maxMemory());
            boolean stages = flags.has("stages");
            Map<Job, Measurement> measured = new EnumMap<>(Job.class);
            for (Job job : Job.values()) {
                if (stages || job == Job.BASELINE || job == Job.FULL) {
                    measured.put(job, measureInOwnJvm(job, work, parallelism, mode, warmup, runs, jvmOptions, out));
                }
            }
            Measurement baseline = measured.get(Job.BASELINE);
            Measurement full = measured.get(Job.FULL);

            long n = generated.predictionLines();
            out.println();
            out.printf("%-26s %12s %10s %12s %14s %8s%n", "run", "events/s", "seconds", "CPU seconds", "peak heap MiB", "ratio");
            measured.forEach((job, m) -> out.printf("%-26s %,12.0f %10.2f %12.2f %14d %8.2f%n", job.label, m.rate(n),
                    m.seconds, m.cpuSeconds, m.peakHeapMiB, m.ratioTo(baseline)));
            out.printf("ratio full / baseline: %.2f  (%,d prediction lines, %s mode, parallelism %d; each job in its own JVM,"
                    + " %d warm-up runs, best of %d runs; seconds are the jobs' net runtimes)%n", full.ratioTo(baseline), n,
                    mode.name().toLowerCase(), parallelism, warmup, runs);

            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode json = mapper.createObjectNode();
            json.put("prediction_events", n);
            json.put("parallelism", parallelism);
            json.put("mode", mode.name().toLowerCase());
            json.put("warmup_runs", warmup);
            json.put("runs", runs);
            json.put("baseline_events_per_s", Math.round(baseline.rate(n)));
            json.put("full_events_per_s", Math.round(full.rate(n)));
            json.put("ratio", Math.round(full.ratioTo(baseline) * 1000) / 1000.0);
            json.put("baseline_seconds", baseline.seconds);
            json.put("full_seconds", full.seconds);
            json.put("baseline_cpu_seconds", Math.round(baseline.cpuSeconds * 100) / 100.0);
            json.put("full_cpu_seconds", Math.round(full.cpuSeconds * 100) / 100.0);
            json.put("baseline_peak_heap_mib", baseline.peakHeapMiB);
            json.put("full_peak_heap_mib", full.peakHeapMiB);
            if (stages) {
                ObjectNode stageJson = json.putObject("stages");
                for (Job job : List.of(Job.KEYED, Job.JOIN)) {
                    Measurement m = measured.get(job);
                    ObjectNode one = stageJson.putObject(job.name().toLowerCase());
                    one.put("events_per_s", Math.round(m.rate(n)));
                    one.put("ratio", Math.round(m.ratioTo(baseline) * 1000) / 1000.0);
                    one.put("seconds", m.seconds);
                    one.put("cpu_seconds", Math.round(m.cpuSeconds * 100) / 100.0);
                    one.put("peak_heap_mib", m.peakHeapMiB);
                }
            }
            json.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
            json.putPOJO("jvm_options", jvmOptions);
            mapper.writeValue(resultFile.toFile(), json);
            out.println("result: " + resultFile.toAbsolutePath());
            return 0;
        } finally {
            if (!flags.has("work-dir")) {
                Directories.deleteTree(work);
            }
        }
    }

    static RuntimeExecutionMode mode(String name) throws Flags.UsageException {
        return switch (name) {
            case "streaming" -> RuntimeExecutionMode.STREAMING;
            case "batch" -> RuntimeExecutionMode.BATCH;
            default -> throw new Flags.UsageException("--mode " + name + " is not allowed; allowed: streaming, batch");
        };
    }

    /**
     * The configuration both jobs run with. Streaming runs without checkpoints (the interval is longer than the
     * run) on heap state, so the figures are the pipeline's own cost, comparable with the baseline's. The reference
     * profiles live outside the output, which every run starts without ({@link #measureHere}).
     */
    static FaultlineConfig config(Path work, int parallelism) throws ConfigException {
        return FaultlineConfig.defaults().withOverrides(Map.of(
                "parallelism", Integer.toString(parallelism),
                "output.uri", work.resolve("out").toString(),
                "drift.reference-profiles", work.resolve("reference_profiles").toString(),
                "checkpoints.interval", "24h",
                "checkpoints.state-backend", "hashmap",
                "checkpoints.dir", work.resolve("checkpoints").toUri().toString()));
    }

    /**
     * The options of a measuring JVM: this JVM's own (heap limit, module opens, system properties), with the
     * initial heap set to the maximum, as Flink sets both for a TaskManager. {@code maxHeapBytes} is used when
     * no {@code -Xmx} was given.
     */
    static List<String> measuringJvmOptions(List<String> own, long maxHeapBytes) {
        List<String> options = new ArrayList<>();
        String max = null;
        for (String option : own) {
            if (option.startsWith("-Xms") || option.startsWith("-XX:InitialHeapSize=")) {
                continue;
            }
            if (option.startsWith("-Xmx")) {
                max = option.substring(4);
            } else if (option.startsWith("-XX:MaxHeapSize=")) {
                max = option.substring("-XX:MaxHeapSize=".length());
            }
            options.add(option);
        }
        options.add("-Xms" + (max != null ? max : (maxHeapBytes >> 20) + "m"));
        return options;
    }

    /** Runs {@code job} in a new JVM ({@link BenchRun}) and returns its fastest measured run. */
    private static Measurement measureInOwnJvm(Job job, Path work, int parallelism, RuntimeExecutionMode mode, int warmup,
            int runs, List<String> jvmOptions, PrintStream out) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchRun.class.getName());
        command.addAll(List.of(job.name(), work.toString(), Integer.toString(parallelism), mode.name().toLowerCase(),
                Integer.toString(warmup), Integer.toString(runs)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Measurement best = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(RESULT_PREFIX)) {
                    String[] fields = line.substring(RESULT_PREFIX.length()).trim().split(" ");
                    best = Measurement.best(best, new Measurement(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                            Long.parseLong(fields[2])));
                } else {
                    out.println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || best == null) {
            throw new IllegalStateException("the JVM measuring the " + job.label + " exited with code " + exit
                    + (best == null ? " before reporting a run" : "") + " (its errors are printed above)");
        }
        return best;
    }

    /**
     * Runs {@code job} {@code warmup} times unmeasured, then {@code runs} times, in this JVM, printing a
     * {@link #RESULT_PREFIX} line per measured run. What a measuring JVM does.
     */
    static void measureHere(Job job, Path work, int parallelism, RuntimeExecutionMode mode, int warmup, int runs,
            PrintStream out) throws Exception {
        FaultlineConfig config = config(work, parallelism);
        Path input = work.resolve("input");
        String predictions = input.resolve("predictions.jsonl").toString();
        FileRun.Files files = new FileRun.Files(predictions, input.resolve("labels.jsonl").toString(),
                input.resolve("deployments.jsonl").toString());
        Run run = switch (job) {
            case BASELINE -> () -> runBaseline(config, mode, predictions);
            case KEYED -> () -> runKeyedHop(config, mode, predictions);
            case JOIN -> () -> runThroughJoin(config, mode, files);
            case FULL -> () -> FileRun.execute("bench", config, files, EventTimeRange.ALL, mode, null).netRuntimeMs();
        };
        // Every run is a job submitted to one cluster, as to a standing cluster in production, not a cluster of its own.
        try (StandingMiniCluster cluster = StandingMiniCluster.start(JobEnvironment.flinkConfiguration(config, mode),
                parallelism)) {
            for (int i = 1; i <= warmup + runs; i++) {
                boolean measured = i > warmup;
                out.printf("%s %d/%d: %s ...%n", measured ? "run" : "warm-up", measured ? i - warmup : i,
                        measured ? runs : warmup, job.progress);
                // Each run writes a catalog of its own, as a one-off backfill would, not on top of the previous run's.
                Directories.deleteTree(work.resolve("out"));
                Measurement m = measure(run);
                if (measured) {
                    out.println(RESULT_PREFIX + m.seconds + " " + m.cpuSeconds + " " + m.peakHeapMiB);
                }
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

    /**
     * Stage 1: the baseline plus what every record pays before the join: the pipeline's predictions source (event
     * time read from the raw line, watermarks) and decoder, and the shuffle by {@code event_id}, discarded behind it.
     */
    private static long runKeyedHop(FaultlineConfig config, RuntimeExecutionMode mode, String predictions) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(config, mode);
        FaultlinePipeline.decodePredictions(FileRun.input(env, config, predictions, SourceKind.PREDICTIONS))
                .keyBy(KeyedEvent::eventId, Types.STRING)
                .sinkTo(new DiscardingSink<>()).uid("bench-keyed-discard").name("discard");
        return env.execute("faultline bench keyed hop").getNetRuntime();
    }

    /** Stage 2: the pipeline's inputs and everything up to and including the prediction join; its output discarded. */
    private static long runThroughJoin(FaultlineConfig config, RuntimeExecutionMode mode, FileRun.Files files) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(config, mode);
        FaultlinePipeline.buildThroughJoin(config, EventTimeRange.ALL, FileRun.inputs(env, config, files))
                .sinkTo(new DiscardingSink<>()).uid("bench-join-discard").name("discard");
        return env.execute("faultline bench prediction join").getNetRuntime();
    }

    /** A job run that returns its net runtime in milliseconds. */
    private interface Run {
        long run() throws Exception;
    }

    /**
     * A run's net runtime, the CPU time its JVM spent meanwhile (all threads: tasks, garbage collector, compiler),
     * and its peak heap in use.
     */
    private record Measurement(double seconds, double cpuSeconds, long peakHeapMiB) {
        /** The faster of two runs, with its CPU time; the peak heap is the larger of both. */
        static Measurement best(Measurement a, Measurement b) {
            if (a == null) {
                return b;
            }
            Measurement faster = a.seconds <= b.seconds ? a : b;
            return new Measurement(faster.seconds, faster.cpuSeconds, Math.max(a.peakHeapMiB, b.peakHeapMiB));
        }

        /** Events per second over {@code events} input lines. */
        double rate(long events) {
            return events / seconds;
        }

        /** This run's rate as a share of {@code baseline}'s over the same input. */
        double ratioTo(Measurement baseline) {
            return baseline.seconds / seconds;
        }
    }

    private static Measurement measure(Run run) throws Exception {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        double seconds = run.run() / 1000.0;
        double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return new Measurement(seconds, cpuSeconds, peak >> 20);
    }
}
