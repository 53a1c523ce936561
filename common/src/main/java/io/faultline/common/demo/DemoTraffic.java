package io.faultline.common.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Deterministic, realistic ML-serving traffic in the input contract v1: predictions, delayed labels and
 * deployments of three models, with known incidents injected at exact times.
 *
 * <p>The models: {@code fraud-detector} (binary, tabular features), {@code churn-model} (binary; the control
 * model, on which nothing is ever injected) and {@code intent-classifier} (four classes with {@code scores}).
 * The same settings always give byte-identical files; nothing reads the clock.
 *
 * <p>Incidents, on the default two-day run (the schedule scales with the duration):
 * <ul>
 *   <li>{@value #LATENCY_SPIKE}: intent-classifier 1.8.2, hours 9-11: latency mostly above 100 ms;</li>
 *   <li>{@value #FEATURE_SHIFT}: fraud-detector 3.2.0, hours 14-20: amount x3 and a different country mix;</li>
 *   <li>{@value #BAD_DEPLOYMENT}: intent-classifier 1.9.0, deployed at hour 30 and rolled back at hour 36:
 *       about 35% wrong instead of 5%, with lower confidence;</li>
 *   <li>{@value #UNREGISTERED_VERSION}: fraud-detector 3.3.0-rc1, hour 40-41: a quarter of the traffic carries
 *       a version without a deployment event;</li>
 *   <li>{@value #MALFORMED_RECORDS} and {@value #DUPLICATE_EVENTS} over the whole run (model null).</li>
 * </ul>
 *
 * <pre>{@code
 * DemoTraffic.Summary summary = DemoTraffic.builder().seed(7).duration(Duration.ofHours(6)).build().writeTo(dir);
 * }</pre>
 */
public final class DemoTraffic {
    public static final String LATENCY_SPIKE = "LATENCY_SPIKE";
    public static final String FEATURE_SHIFT = "FEATURE_SHIFT";
    public static final String BAD_DEPLOYMENT = "BAD_DEPLOYMENT";
    public static final String UNREGISTERED_VERSION = "UNREGISTERED_VERSION";
    public static final String MALFORMED_RECORDS = "MALFORMED_RECORDS";
    public static final String DUPLICATE_EVENTS = "DUPLICATE_EVENTS";

    public static final long DEFAULT_SEED = 20261001L;
    public static final Instant DEFAULT_START = Instant.parse("2026-10-01T00:00:00Z");
    public static final Duration DEFAULT_DURATION = Duration.ofDays(2);
    /** 900 per model per hour: about 130k predictions in the default run, a one-minute Flink demo. */
    public static final int DEFAULT_EVENTS_PER_MODEL_PER_HOUR = 900;

    public static final String PREDICTIONS_FILE = "predictions.jsonl";
    public static final String LABELS_FILE = "labels.jsonl";
    public static final String DEPLOYMENTS_FILE = "deployments.jsonl";

    /** Every available model, in the fixed order that breaks ties between simultaneous arrivals. */
    private static final Map<String, Supplier<ModelProfile>> CATALOG = new LinkedHashMap<>();

    static {
        CATALOG.put(FraudDetectorProfile.NAME, FraudDetectorProfile::new);
        CATALOG.put(ChurnModelProfile.NAME, ChurnModelProfile::new);
        CATALOG.put(IntentClassifierProfile.NAME, IntentClassifierProfile::new);
    }

    /**
     * Line counts of a run. Each file count includes its malformed lines (and, for predictions, the
     * duplicates); malformed lines are summed over all three files. An empty line counts as a line.
     */
    public record Summary(long predictionLines, long labelLines, long deploymentLines, long malformedLines,
                          long duplicateLines) {}

    /**
     * One injected incident with its exact half-open time range [start, end) in event time. model and
     * modelVersion are null for injections that are not about one model (malformed lines, duplicates).
     */
    public record InjectedIncident(String kind, String model, String modelVersion, Instant start, Instant end,
                                   String description) {}

    private final long seed;
    private final long startMs;
    private final long durationMs;
    private final int eventsPerModelPerHour;
    private final boolean injectIncidents;
    private final List<ModelProfile> profiles;
    private final IncidentPlan plan;

    private DemoTraffic(Builder builder) {
        this.seed = builder.seed;
        this.startMs = builder.start.toEpochMilli();
        this.durationMs = builder.duration.toMillis();
        this.eventsPerModelPerHour = builder.eventsPerModelPerHour;
        this.injectIncidents = builder.injectIncidents;
        Map<String, ModelProfile> byName = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<ModelProfile>> entry : CATALOG.entrySet()) {
            if (builder.models.contains(entry.getKey())) byName.put(entry.getKey(), entry.getValue().get());
        }
        this.profiles = List.copyOf(byName.values());
        this.plan = new IncidentPlan(startMs, durationMs, byName, injectIncidents);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names of all models the generator can simulate. */
    public static List<String> availableModels() {
        return List.copyOf(CATALOG.keySet());
    }

    /**
     * Writes {@value #PREDICTIONS_FILE}, {@value #LABELS_FILE} and {@value #DEPLOYMENTS_FILE} (UTF-8, one line
     * each, {@code \n}-terminated) into {@code dir}, creating it, replacing files of those names. Streams to
     * disk: memory is bounded by the label horizon, not by the number of events.
     */
    public Summary writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        DeploymentLog deployments = newDeploymentLog();
        try (Writer deploymentOut = Files.newBufferedWriter(dir.resolve(DEPLOYMENTS_FILE), StandardCharsets.UTF_8)) {
            for (String line : deployments.lines()) deploymentOut.write(line + "\n");
        }
        TrafficSimulation simulation = newSimulation();
        try (BufferedWriter predictionOut = Files.newBufferedWriter(dir.resolve(PREDICTIONS_FILE), StandardCharsets.UTF_8);
             BufferedWriter labelOut = Files.newBufferedWriter(dir.resolve(LABELS_FILE), StandardCharsets.UTF_8)) {
            TrafficSimulation.LineSink sink = (output, line) -> {
                BufferedWriter out = output == TrafficSimulation.Output.PREDICTIONS ? predictionOut : labelOut;
                try {
                    out.write(line);
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            try {
                while (simulation.step(sink)) {
                    // each step writes the lines of one arrival
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return new Summary(simulation.predictionLines(), simulation.labelLines(), deployments.lines().size(),
                simulation.malformedLines() + deployments.malformedLines(), simulation.duplicateLines());
    }

    /** The lines of {@value #PREDICTIONS_FILE}, in order, generated lazily. */
    public Iterator<String> predictions() {
        return lines(TrafficSimulation.Output.PREDICTIONS);
    }

    /** The lines of {@value #LABELS_FILE}, in order, generated lazily. */
    public Iterator<String> labels() {
        return lines(TrafficSimulation.Output.LABELS);
    }

    /** The lines of {@value #DEPLOYMENTS_FILE}, in order. */
    public Iterator<String> deployments() {
        return newDeploymentLog().lines().iterator();
    }

    /** What this run injects, ordered by start time, with exact ranges; empty without incidents. */
    public List<InjectedIncident> injectedIncidents() {
        List<InjectedIncident> incidents = new ArrayList<>(plan.incidents());
        incidents.sort((a, b) -> a.start().compareTo(b.start()));
        return List.copyOf(incidents);
    }

    public Instant start() {
        return Instant.ofEpochMilli(startMs);
    }

    public Instant end() {
        return Instant.ofEpochMilli(startMs + durationMs);
    }

    /** The simulated models, in catalog order. */
    public List<String> models() {
        List<String> names = new ArrayList<>();
        for (ModelProfile profile : profiles) names.add(profile.name());
        return names;
    }

    private TrafficSimulation newSimulation() {
        return new TrafficSimulation(profiles, plan, seed, startMs, durationMs, eventsPerModelPerHour, injectIncidents);
    }

    private DeploymentLog newDeploymentLog() {
        return new DeploymentLog(profiles, startMs, plan, injectIncidents);
    }

    private Iterator<String> lines(TrafficSimulation.Output wanted) {
        TrafficSimulation simulation = newSimulation();
        ArrayDeque<String> buffer = new ArrayDeque<>();
        TrafficSimulation.LineSink sink = (output, line) -> {
            if (output == wanted) buffer.add(line);
        };
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                while (buffer.isEmpty() && simulation.step(sink)) {
                    // step until a wanted line shows up or the run is over
                }
                return !buffer.isEmpty();
            }

            @Override
            public String next() {
                if (!hasNext()) throw new NoSuchElementException();
                return buffer.poll();
            }
        };
    }

    /** Settings of a run; every setting has a default. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private Instant start = DEFAULT_START;
        private Duration duration = DEFAULT_DURATION;
        private int eventsPerModelPerHour = DEFAULT_EVENTS_PER_MODEL_PER_HOUR;
        private Set<String> models = new LinkedHashSet<>(CATALOG.keySet());
        private boolean injectIncidents = true;

        private Builder() {}

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Start of the traffic (deployments of the baseline versions precede it). Truncated to milliseconds. */
        public Builder start(Instant start) {
            this.start = Instant.ofEpochMilli(start.toEpochMilli());
            return this;
        }

        public Builder duration(Duration duration) {
            if (duration.toMillis() <= 0) throw new IllegalArgumentException("duration must be positive: " + duration);
            this.duration = duration;
            return this;
        }

        /** Average arrivals per model per hour; the actual rate follows a daily cycle (0.6x to 1.4x). */
        public Builder eventsPerModelPerHour(int eventsPerModelPerHour) {
            if (eventsPerModelPerHour <= 0) {
                throw new IllegalArgumentException("eventsPerModelPerHour must be positive: " + eventsPerModelPerHour);
            }
            this.eventsPerModelPerHour = eventsPerModelPerHour;
            return this;
        }

        /**
         * Sets the hourly rate so that the run has about {@code predictions} prediction arrivals over the
         * chosen duration and models (call after {@link #duration} and {@link #models}). For benchmarks
         * and tests that want a volume rather than a rate.
         */
        public Builder targetPredictions(long predictions) {
            if (predictions <= 0) {
                throw new IllegalArgumentException("predictions must be positive: " + predictions);
            }
            double hours = duration.toMillis() / 3_600_000.0;
            long perModelPerHour = Math.round(predictions / (hours * models.size()));
            return eventsPerModelPerHour((int) Math.max(1, Math.min(Integer.MAX_VALUE, perModelPerHour)));
        }

        /** A subset of {@link #availableModels()}; order does not matter. Incidents of absent models are skipped. */
        public Builder models(String... names) {
            Set<String> chosen = new LinkedHashSet<>();
            for (String name : names) {
                if (!CATALOG.containsKey(name)) {
                    throw new IllegalArgumentException("unknown model " + name + "; available: " + CATALOG.keySet());
                }
                chosen.add(name);
            }
            if (chosen.isEmpty()) throw new IllegalArgumentException("at least one model is needed");
            this.models = chosen;
            return this;
        }

        /** False gives clean traffic: no incident, no malformed line, no duplicate. Default true. */
        public Builder injectIncidents(boolean injectIncidents) {
            this.injectIncidents = injectIncidents;
            return this;
        }

        public DemoTraffic build() {
            return new DemoTraffic(this);
        }
    }

    /** Writes the default demo traffic into {@code args[0]}; an optional {@code args[1]} sets the seed. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: DemoTraffic <output-dir> [seed]");
            System.exit(2);
        }
        Builder builder = builder();
        if (args.length == 2) builder.seed(Long.parseLong(args[1]));
        DemoTraffic traffic = builder.build();
        Summary summary = traffic.writeTo(Path.of(args[0]));
        System.out.println(summary);
        for (InjectedIncident incident : traffic.injectedIncidents()) {
            System.out.println(incident.kind() + " " + incident.model() + " " + incident.modelVersion()
                    + " [" + incident.start() + ", " + incident.end() + ") " + incident.description());
        }
    }
}
