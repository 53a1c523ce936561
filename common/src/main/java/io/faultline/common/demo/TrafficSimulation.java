package io.faultline.common.demo;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Produces the prediction and label lines of one run, step by step, in file order.
 *
 * <p>Time advances in one-hour slices. For each slice every model gets its share of arrivals (a daily cycle
 * around the configured rate), drawn uniformly in the slice and sorted; only one slice is held in memory.
 * Each arrival becomes one prediction line whose {@code event_time} trails the arrival by a small jitter, so the
 * file is in arrival order and event time is out of order by at most a few seconds. Labels and duplicates wait
 * in priority queues until no later arrival can produce anything earlier, which bounds memory by the label
 * horizon (at most {@link ModelProfile#MAX_LABEL_DELAY_MS}), not by the length of the run.
 *
 * <p>Determinism: every random draw comes from a {@link SplittableRandom} derived from the seed and the model
 * name, in an order fixed by the arrival order; nothing reads the clock.
 */
final class TrafficSimulation {
    enum Output { PREDICTIONS, LABELS }

    interface LineSink {
        void accept(Output output, String line);
    }

    /** An event's {@code event_time} trails its arrival (its place in the file) by at most this. */
    static final long MAX_EVENT_LAG_MS = 2_000;
    /** A duplicate follows its original within this. */
    static final long MAX_RETRY_DELAY_MS = 3_000;
    static final double LABEL_RATE = 0.40;
    /**
     * Rates on the traffic of the models that carry injections; the control model has none, so over all
     * three models these are about 0.3% malformed and 0.5% duplicated lines.
     */
    static final double MALFORMED_RATE = 0.0045;
    static final double DUPLICATE_RATE = 0.0075;
    /** Share of timestamps written as integer epoch milliseconds instead of ISO-8601 text. */
    static final double EPOCH_MILLIS_RATE = 0.02;
    /** Older clients omit {@code schema_version} (the contract's default is 1). */
    static final double SCHEMA_VERSION_RATE = 0.5;
    static final double MISSING_LATENCY_RATE = 0.01;
    static final double LATENCY_SIGMA = 0.35;
    static final double SPIKE_MEDIAN_LATENCY_MS = 170;
    /** Traffic peaks at 15:00 UTC at 1.4 times the rate and bottoms out at 03:00 at 0.6 times. */
    private static final double DIURNAL_AMPLITUDE = 0.4;
    private static final double PEAK_HOUR_UTC = 15;
    private static final int SCORE_UNITS = 10_000;
    /** Arrival keys pack (arrival millis, model index); this many models fit. */
    private static final int MAX_MODELS = 16;

    /** One model's traffic: its profile, its own random streams and its event id sequence. */
    private static final class ModelStream {
        final ModelProfile profile;
        final boolean injected;
        final SplittableRandom arrivals;
        final SplittableRandom requests;
        final SplittableRandom labels;
        final SplittableRandom injections;
        long sequence;

        ModelStream(ModelProfile profile, long seed, boolean injected) {
            this.profile = profile;
            this.injected = injected;
            // The name's hash is fixed by the String specification, so streams are stable across JVMs.
            SplittableRandom root = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * profile.name().hashCode()));
            this.arrivals = root.split();
            this.requests = root.split();
            this.labels = root.split();
            this.injections = root.split();
        }
    }

    /** A line waiting for its time: a label until its label_time, a duplicate until its retry. */
    private record Pending(long dueMs, long order, String line, boolean malformed, boolean duplicate) {}

    private static final Comparator<Pending> BY_DUE_TIME =
            Comparator.comparingLong(Pending::dueMs).thenComparingLong(Pending::order);

    private final ModelStream[] streams;
    private final IncidentPlan plan;
    private final long startMs;
    private final long endMs;
    private final int eventsPerModelPerHour;

    private final PriorityQueue<Pending> pendingLabels = new PriorityQueue<>(BY_DUE_TIME);
    private final PriorityQueue<Pending> pendingDuplicates = new PriorityQueue<>(BY_DUE_TIME);
    private long pendingOrder;
    private int predictionMalformations;
    private int labelMalformations;

    private long nextSliceStart;
    private long[] sliceArrivals = new long[0];
    private int slicePosition;
    private boolean finished;

    private long predictionLines;
    private long labelLines;
    private long malformedLines;
    private long duplicateLines;

    TrafficSimulation(List<ModelProfile> profiles, IncidentPlan plan, long seed, long startMs, long durationMs,
                      int eventsPerModelPerHour, boolean inject) {
        if (profiles.size() > MAX_MODELS) throw new IllegalArgumentException("at most " + MAX_MODELS + " models");
        this.streams = new ModelStream[profiles.size()];
        for (int i = 0; i < streams.length; i++) {
            ModelProfile profile = profiles.get(i);
            boolean control = profile.name().equals(ChurnModelProfile.NAME);
            streams[i] = new ModelStream(profile, seed, inject && !control);
        }
        this.plan = plan;
        this.startMs = startMs;
        this.endMs = startMs + durationMs;
        this.eventsPerModelPerHour = eventsPerModelPerHour;
        this.nextSliceStart = startMs;
    }

    /**
     * Emits the lines of the next arrival (and whatever became due before it), or at the very end everything
     * still pending. Returns false once the run is over and nothing was emitted.
     */
    boolean step(LineSink sink) {
        if (finished) return false;
        while (slicePosition == sliceArrivals.length) {
            if (nextSliceStart >= endMs) {
                flush(pendingDuplicates, Long.MAX_VALUE, Output.PREDICTIONS, sink);
                flush(pendingLabels, Long.MAX_VALUE, Output.LABELS, sink);
                finished = true;
                return true;
            }
            loadNextSlice();
        }
        long key = sliceArrivals[slicePosition++];
        long arrivalMs = key / MAX_MODELS;
        ModelStream stream = streams[(int) (key % MAX_MODELS)];
        flush(pendingDuplicates, arrivalMs, Output.PREDICTIONS, sink);
        // A later arrival's event is at most MAX_EVENT_LAG_MS older than this arrival, and its labels come
        // at least a minute after the event: labels due by now minus the lag can no longer be overtaken.
        flush(pendingLabels, arrivalMs - MAX_EVENT_LAG_MS, Output.LABELS, sink);
        simulateRequest(stream, arrivalMs, sink);
        return true;
    }

    long predictionLines() { return predictionLines; }
    long labelLines() { return labelLines; }
    long malformedLines() { return malformedLines; }
    long duplicateLines() { return duplicateLines; }

    private void loadNextSlice() {
        long sliceStart = nextSliceStart;
        long sliceEnd = Math.min(sliceStart + ModelProfile.HOUR_MS, endMs);
        long length = sliceEnd - sliceStart;
        double midHourOfDay = Math.floorMod(sliceStart + length / 2, ModelProfile.DAY_MS) / (double) ModelProfile.HOUR_MS;
        double dailyCycle = 1 + DIURNAL_AMPLITUDE * StrictMath.cos(2 * StrictMath.PI * (midHourOfDay - PEAK_HOUR_UTC) / 24);
        int perModel = (int) Math.round(eventsPerModelPerHour * dailyCycle * length / ModelProfile.HOUR_MS);

        long[] arrivals = new long[perModel * streams.length];
        int n = 0;
        for (int m = 0; m < streams.length; m++) {
            for (int i = 0; i < perModel; i++) {
                long arrivalMs = sliceStart + streams[m].arrivals.nextLong(length);
                arrivals[n++] = arrivalMs * MAX_MODELS + m;
            }
        }
        Arrays.sort(arrivals);
        sliceArrivals = arrivals;
        slicePosition = 0;
        nextSliceStart = sliceEnd;
    }

    private void simulateRequest(ModelStream stream, long arrivalMs, LineSink sink) {
        ModelProfile profile = stream.profile;
        SplittableRandom rng = stream.requests;
        long lag = Sampling.clamp(Math.round(Sampling.logNormal(rng, 120, 1.0)), 0, MAX_EVENT_LAG_MS);
        long eventTime = Math.max(startMs, arrivalMs - lag);
        String eventId = String.format(Locale.ROOT, "%s-%09d", profile.name(), ++stream.sequence);
        String model = profile.name();

        String version = profile.baselineRelease().version();
        ModelProfile.Quality quality = profile.healthyQuality();
        if (covers(plan.badDeployment, model, eventTime)) {
            version = profile.nextRelease().version();
            quality = profile.degradedQuality();
        } else if (covers(plan.unregisteredVersion, model, eventTime)
                && Sampling.chance(rng, IncidentPlan.UNREGISTERED_TRAFFIC_SHARE)) {
            version = profile.nextRelease().version();
        }
        boolean featureShift = covers(plan.featureShift, model, eventTime);
        boolean latencySpike = covers(plan.latencySpike, model, eventTime);

        ModelProfile.Request request = profile.drawRequest(rng, eventTime, featureShift);
        ModelProfile.ModelOutput output = profile.predict(rng, request.trueClass(), quality);
        double latencyMs = Sampling.logNormal(rng,
                latencySpike ? SPIKE_MEDIAN_LATENCY_MS : profile.medianLatencyMs(), LATENCY_SIGMA);
        JsonObject line = renderPrediction(rng, profile, eventId, eventTime, version, request, output, latencyMs);

        if (stream.injected && Sampling.chance(stream.injections, MALFORMED_RATE)) {
            // A broken line replaces the event: it is never labelled nor duplicated.
            Malformation malformation = Malformation.PREDICTION.get(predictionMalformations++ % Malformation.PREDICTION.size());
            emit(sink, Output.PREDICTIONS, malformation.apply(line), true, false);
            return;
        }
        String text = line.toString();
        emit(sink, Output.PREDICTIONS, text, false, false);
        if (stream.injected && Sampling.chance(stream.injections, DUPLICATE_RATE)) {
            long retryDelay = Sampling.clamp(Math.round(Sampling.logNormal(stream.injections, 600, 0.8)),
                    100, MAX_RETRY_DELAY_MS);
            pendingDuplicates.add(new Pending(arrivalMs + retryDelay, pendingOrder++, text, false, true));
        }
        if (Sampling.chance(stream.labels, LABEL_RATE)) {
            queueLabels(stream, eventId, eventTime, request.trueClass(), output.predictedClass());
        }
    }

    private void queueLabels(ModelStream stream, String eventId, long eventTime, String trueClass, String predicted) {
        for (ModelProfile.LabelDraft draft : stream.profile.drawLabels(stream.labels, eventTime, trueClass, predicted)) {
            // The export is cut at the end of the run: labels due later have not arrived yet.
            if (draft.labelTime() >= endMs) continue;
            JsonObject line = renderLabel(stream.labels, eventId, draft);
            pendingLabels.add(new Pending(draft.labelTime(), pendingOrder++, line.toString(), false, false));
            if (stream.injected && Sampling.chance(stream.injections, MALFORMED_RATE)) {
                Malformation malformation = Malformation.LABEL.get(labelMalformations++ % Malformation.LABEL.size());
                pendingLabels.add(new Pending(draft.labelTime(), pendingOrder++, malformation.apply(line), true, false));
            }
        }
    }

    private static JsonObject renderPrediction(SplittableRandom rng, ModelProfile profile, String eventId,
                                               long eventTime, String version, ModelProfile.Request request,
                                               ModelProfile.ModelOutput output, double latencyMs) {
        JsonObject line = new JsonObject().putString("event_id", eventId);
        putTime(rng, line, "event_time", eventTime);
        line.putString("model", profile.name()).putString("model_version", version);
        if (Sampling.chance(rng, SCHEMA_VERSION_RATE)) line.putLong("schema_version", 1);
        line.putObject("features", request.features())
                .putString("prediction", output.predictedClass())
                .putDecimal("confidence", output.confidenceUnits() / (double) SCORE_UNITS, 4);
        if (output.scoreUnits() != null) {
            JsonObject scores = new JsonObject();
            List<String> classes = profile.classes();
            for (int i = 0; i < classes.size(); i++) {
                scores.putDecimal(classes.get(i), output.scoreUnits()[i] / (double) SCORE_UNITS, 4);
            }
            line.putObject("scores", scores);
        }
        if (!Sampling.chance(rng, MISSING_LATENCY_RATE)) line.putDecimal("latency_ms", latencyMs, 1);
        if (request.segment() != null) line.putString("segment", request.segment());
        if (request.attributes() != null) line.putObject("attributes", request.attributes());
        return line;
    }

    private static JsonObject renderLabel(SplittableRandom rng, String eventId, ModelProfile.LabelDraft draft) {
        JsonObject line = new JsonObject().putString("event_id", eventId).putString("label", draft.label());
        putTime(rng, line, "label_time", draft.labelTime());
        line.putString("source", draft.source());
        if (draft.reviewer() != null) line.putString("reviewer", draft.reviewer());
        if (draft.justification() != null) line.putString("justification", draft.justification());
        return line;
    }

    private static void putTime(SplittableRandom rng, JsonObject line, String name, long epochMillis) {
        if (Sampling.chance(rng, EPOCH_MILLIS_RATE)) {
            line.putLong(name, epochMillis);
        } else {
            line.putIsoTime(name, epochMillis);
        }
    }

    private static boolean covers(IncidentPlan.Window window, String model, long timeMs) {
        return window != null && window.covers(model, timeMs);
    }

    private void flush(PriorityQueue<Pending> queue, long dueUpToMs, Output output, LineSink sink) {
        while (!queue.isEmpty() && queue.peek().dueMs() <= dueUpToMs) {
            Pending pending = queue.poll();
            emit(sink, output, pending.line(), pending.malformed(), pending.duplicate());
        }
    }

    private void emit(LineSink sink, Output output, String line, boolean malformed, boolean duplicate) {
        if (output == Output.PREDICTIONS) predictionLines++; else labelLines++;
        if (malformed) malformedLines++;
        if (duplicate) duplicateLines++;
        sink.accept(output, line);
    }
}
