package io.faultline.common.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.common.drift.DriftStatus;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.WindowStatsRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one model did in one event-time window, as the {@link IncidentDetector} needs it: per model version the
 * predictions, failures per failure mode (latency breaches are the {@code LATENCY_SLO_BREACH} failures), labelled
 * and misclassified predictions, the drift verdict of each monitored column, and the model's deployments seen.
 *
 * <p><b>Building it.</b> Feed every input exactly once, each into the window of its prediction's
 * {@code event_time}:
 * <ul>
 *   <li>{@link #addPredictions} with the version's prediction count (e.g. {@code WindowProfile.predictions()});</li>
 *   <li>{@link #addFailure} with each per-prediction catalog row (or {@link #addFailures} with counts);</li>
 *   <li>{@link #addLabels} with the labelled and misclassified counts of the version (effective labels);</li>
 *   <li>{@link #addWindowStats} with each {@code window_stats/} row of the window (its drift verdict);</li>
 *   <li>{@link #addDeployment} with each deployment of the model (best: in the window holding its
 *       {@code deployed_at}; a deployment seen twice is kept once).</li>
 * </ul>
 *
 * <p><b>Merging.</b> Several subtasks may each build a partial for the same (model, window); {@link #merge} sums
 * the counts (exact {@code long} arithmetic), unites the deployments, and for a column verdict reported by two
 * partials keeps the greater one (DRIFT over WARN over NONE over anything else, then the higher score). Every
 * part of the merge is commutative and associative, so any order and grouping of partials gives an equal result
 * (and equal {@link #toBytes() bytes}).
 *
 * <p>Mutable, not thread-safe. The byte form is versioned JSON ({@link #FORMAT_VERSION}); in Flink carry it as a
 * {@code byte[]} field of a POJO, as the window profiles are carried.
 */
public final class WindowSignals {
    public static final int FORMAT_VERSION = 1;
    /** The failure mode whose rows are latency breaches (the latency-breach count of a version). */
    public static final String LATENCY_SLO_BREACH = "LATENCY_SLO_BREACH";

    /** One drift verdict: a {@code drift_status} and its {@code drift_score} (null when there is none). */
    public record ColumnDrift(String status, Double score) {
        public ColumnDrift {
            Objects.requireNonNull(status, "status");
            if (score != null && !Double.isFinite(score)) {
                throw new IllegalArgumentException("drift score must be finite: " + score);
            }
        }

        /** DRIFT, WARN or NONE: the column was judged (enough data and a reference). */
        public boolean hasVerdict() {
            return status.equals(DriftStatus.DRIFT.name()) || status.equals(DriftStatus.WARN.name())
                    || status.equals(DriftStatus.NONE.name());
        }

        public boolean drifted() {
            return status.equals(DriftStatus.DRIFT.name());
        }

        private int rank() {
            if (status.equals(DriftStatus.DRIFT.name())) return 3;
            if (status.equals(DriftStatus.WARN.name())) return 2;
            if (status.equals(DriftStatus.NONE.name())) return 1;
            return 0;
        }

        /** A total order: the merge keeps the maximum. */
        static final Comparator<ColumnDrift> ORDER = Comparator.comparingInt(ColumnDrift::rank)
                .thenComparing(ColumnDrift::score, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ColumnDrift::status);
    }

    /** A deployment of the model: its id (may be null), version and {@code deployed_at} (epoch ms). */
    public record DeploymentSeen(String deploymentId, String version, long deployedAt) {
        public DeploymentSeen {
            Objects.requireNonNull(version, "version");
        }

        /** Oldest first; a total order. */
        public static final Comparator<DeploymentSeen> ORDER = Comparator.comparingLong(DeploymentSeen::deployedAt)
                .thenComparing(DeploymentSeen::version)
                .thenComparing(DeploymentSeen::deploymentId, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    /** Counts of one version in the window. */
    private static final class VersionCounts {
        long predictions;
        long labelled;
        long misclassified;
        final TreeMap<String, Long> failures = new TreeMap<>();
        final TreeMap<String, ColumnDrift> drift = new TreeMap<>();

        void merge(VersionCounts o) {
            predictions = Math.addExact(predictions, o.predictions);
            labelled = Math.addExact(labelled, o.labelled);
            misclassified = Math.addExact(misclassified, o.misclassified);
            o.failures.forEach((mode, n) -> failures.merge(mode, n, Math::addExact));
            o.drift.forEach((column, d) -> drift.merge(column, d, WindowSignals::greater));
        }

        boolean isEmpty() {
            return predictions == 0 && labelled == 0 && failures.isEmpty() && drift.isEmpty();
        }
    }

    private final String model;
    private final long windowStart;
    private final long windowEnd;
    private final TreeMap<String, VersionCounts> versions = new TreeMap<>();
    private final TreeSet<DeploymentSeen> deployments = new TreeSet<>(DeploymentSeen.ORDER);

    /**
     * An empty window [windowStart, windowEnd) of {@code model}.
     *
     * @throws IllegalArgumentException if the model is empty or the window is empty or inverted
     */
    public WindowSignals(String model, long windowStart, long windowEnd) {
        Objects.requireNonNull(model, "model");
        if (model.isEmpty()) {
            throw new IllegalArgumentException("model must not be empty");
        }
        if (windowEnd <= windowStart) {
            throw new IllegalArgumentException("window end " + windowEnd + " must be after its start " + windowStart);
        }
        this.model = model;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    // ---- building ------------------------------------------------------------------------------------------

    /** Adds {@code count} predictions served by {@code version}. */
    public WindowSignals addPredictions(String version, long count) {
        requireCount("predictions", count);
        counts(version).predictions = Math.addExact(counts(version).predictions, count);
        return this;
    }

    /** Adds {@code count} failures of {@code failureMode} (a {@code FailureMode} name) of {@code version}. */
    public WindowSignals addFailures(String version, String failureMode, long count) {
        Objects.requireNonNull(failureMode, "failureMode");
        if (failureMode.isEmpty()) {
            throw new IllegalArgumentException("failure mode must not be empty");
        }
        requireCount("failures", count);
        if (count > 0) {
            counts(version).failures.merge(failureMode, count, Math::addExact);
        }
        return this;
    }

    /**
     * Counts one per-prediction catalog row under its prediction's version and failure mode. Window-level rows
     * (drift, which carry a {@code window_start}) are not counted and return false: drift verdicts come from
     * {@link #addWindowStats}, so feeding both never counts a verdict twice.
     *
     * @throws IllegalArgumentException if the row is of another model or has no prediction
     */
    public boolean addFailure(FailureRecord failure) {
        Objects.requireNonNull(failure, "failure");
        if (failure.windowStart != null || failure.columnName != null) {
            return false;
        }
        if (failure.event == null) {
            throw new IllegalArgumentException("failure " + failure.failureId + " has no prediction");
        }
        requireModel(failure.event.model, "failure " + failure.failureId);
        addFailures(failure.event.modelVersion, failure.failureMode, 1);
        return true;
    }

    /**
     * Adds {@code labelled} predictions of {@code version} that have an effective label, {@code misclassified} of
     * which disagree with it.
     */
    public WindowSignals addLabels(String version, long labelled, long misclassified) {
        requireCount("labelled", labelled);
        requireCount("misclassified", misclassified);
        if (misclassified > labelled) {
            throw new IllegalArgumentException("misclassified " + misclassified + " > labelled " + labelled);
        }
        VersionCounts c = counts(version);
        c.labelled = Math.addExact(c.labelled, labelled);
        c.misclassified = Math.addExact(c.misclassified, misclassified);
        return this;
    }

    /**
     * Records the drift verdict of one {@code window_stats/} row (any column and status). Returns false, and
     * records nothing, for a row without a status.
     *
     * @throws IllegalArgumentException if the row is of another model or window
     */
    public boolean addWindowStats(WindowStatsRow row) {
        Objects.requireNonNull(row, "row");
        requireModel(row.model, "window_stats row " + row.columnName);
        if (row.windowStart != windowStart || row.windowEnd != windowEnd) {
            throw new IllegalArgumentException("window_stats row of window [" + row.windowStart + ", " + row.windowEnd
                    + ") added to window [" + windowStart + ", " + windowEnd + ")");
        }
        if (row.driftStatus == null) {
            return false;
        }
        addDrift(row.modelVersion, row.columnName, row.driftStatus, row.driftScore);
        return true;
    }

    /** Records a column's drift verdict; of two verdicts for one (version, column) the greater is kept. */
    public WindowSignals addDrift(String version, String column, String driftStatus, Double driftScore) {
        Objects.requireNonNull(column, "column");
        counts(version).drift.merge(column, new ColumnDrift(driftStatus, driftScore), WindowSignals::greater);
        return this;
    }

    /**
     * Records a deployment of this model.
     *
     * @throws IllegalArgumentException if it is of another model
     */
    public WindowSignals addDeployment(Deployment deployment) {
        Objects.requireNonNull(deployment, "deployment");
        requireModel(deployment.model, "deployment " + deployment.deploymentId);
        deployments.add(new DeploymentSeen(deployment.deploymentId, deployment.modelVersion, deployment.deployedAt));
        return this;
    }

    /** Records a deployment of this model given by its parts. */
    public WindowSignals addDeployment(String deploymentId, String version, long deployedAt) {
        deployments.add(new DeploymentSeen(deploymentId, version, deployedAt));
        return this;
    }

    /**
     * Adds {@code other}'s counts, verdicts and deployments into this one (see the class comment) and returns
     * this. {@code other} is not changed.
     *
     * @throws IllegalArgumentException if {@code other} is of another model or window
     */
    public WindowSignals merge(WindowSignals other) {
        if (!model.equals(other.model) || windowStart != other.windowStart || windowEnd != other.windowEnd) {
            throw new IllegalArgumentException("cannot merge " + other.describe() + " into " + describe());
        }
        other.versions.forEach((version, c) -> counts(version).merge(c));
        deployments.addAll(other.deployments);
        return this;
    }

    // ---- reading -------------------------------------------------------------------------------------------

    public String model() {
        return model;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    /** Versions with any count or verdict in this window, sorted. */
    public SortedSet<String> versions() {
        TreeSet<String> names = new TreeSet<>();
        versions.forEach((version, c) -> {
            if (!c.isEmpty()) names.add(version);
        });
        return Collections.unmodifiableSortedSet(names);
    }

    /** Predictions of all versions. */
    public long predictions() {
        long n = 0;
        for (VersionCounts c : versions.values()) n += c.predictions;
        return n;
    }

    public long predictions(String version) {
        VersionCounts c = versions.get(version);
        return c == null ? 0 : c.predictions;
    }

    /** Failure modes with at least one failure in this window, sorted. */
    public SortedSet<String> failureModes() {
        TreeSet<String> modes = new TreeSet<>();
        for (VersionCounts c : versions.values()) modes.addAll(c.failures.keySet());
        return Collections.unmodifiableSortedSet(modes);
    }

    /** Failures of {@code failureMode} over all versions. */
    public long failures(String failureMode) {
        long n = 0;
        for (VersionCounts c : versions.values()) n += c.failures.getOrDefault(failureMode, 0L);
        return n;
    }

    public long failures(String version, String failureMode) {
        VersionCounts c = versions.get(version);
        return c == null ? 0 : c.failures.getOrDefault(failureMode, 0L);
    }

    /** The {@value #LATENCY_SLO_BREACH} failures of {@code version}. */
    public long latencyBreaches(String version) {
        return failures(version, LATENCY_SLO_BREACH);
    }

    public long labelled(String version) {
        VersionCounts c = versions.get(version);
        return c == null ? 0 : c.labelled;
    }

    public long misclassified(String version) {
        VersionCounts c = versions.get(version);
        return c == null ? 0 : c.misclassified;
    }

    /** The labelled error rate of {@code version}, or null without labels. */
    public Double errorRate(String version) {
        long n = labelled(version);
        return n == 0 ? null : (double) misclassified(version) / n;
    }

    /** Every column verdict of {@code version}, by column name. */
    public SortedMap<String, ColumnDrift> drift(String version) {
        VersionCounts c = versions.get(version);
        return c == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(c.drift));
    }

    /** The columns of {@code version} whose status is DRIFT, with their drift score (null if none was given). */
    public SortedMap<String, Double> driftedColumns(String version) {
        TreeMap<String, Double> drifted = new TreeMap<>();
        VersionCounts c = versions.get(version);
        if (c != null) {
            c.drift.forEach((column, d) -> {
                if (d.drifted()) drifted.put(column, d.score());
            });
        }
        return Collections.unmodifiableSortedMap(drifted);
    }

    /** Deployments of the model recorded in this window, oldest first. */
    public List<DeploymentSeen> deployments() {
        return List.copyOf(deployments);
    }

    // ---- byte form -----------------------------------------------------------------------------------------

    /** The versioned byte form (UTF-8 JSON with sorted keys): equal signals give equal bytes. */
    public byte[] toBytes() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT_VERSION);
        root.put("model", model);
        root.put("window_start", windowStart);
        root.put("window_end", windowEnd);
        ObjectNode vs = root.putObject("versions");
        versions.forEach((version, c) -> {
            if (c.isEmpty()) return;
            ObjectNode v = vs.putObject(version);
            v.put("predictions", c.predictions);
            v.put("labelled", c.labelled);
            v.put("misclassified", c.misclassified);
            ObjectNode f = v.putObject("failures");
            c.failures.forEach(f::put);
            ObjectNode d = v.putObject("drift");
            c.drift.forEach((column, cd) -> {
                ObjectNode node = d.putObject(column);
                node.put("status", cd.status());
                if (cd.score() != null) node.put("score", cd.score());
            });
        });
        ArrayNode deps = root.putArray("deployments");
        for (DeploymentSeen dep : deployments) {
            ObjectNode node = deps.addObject();
            if (dep.deploymentId() != null) node.put("id", dep.deploymentId());
            node.put("version", dep.version());
            node.put("deployed_at", dep.deployedAt());
        }
        return Json.write(root);
    }

    /** Reads {@link #toBytes()}; malformed input is an {@link IllegalArgumentException}. */
    public static WindowSignals fromBytes(byte[] bytes) {
        JsonNode root = Json.read(bytes, "window signals");
        try {
            int format = Json.requiredInt(root, "format");
            if (format != FORMAT_VERSION) {
                throw new IllegalArgumentException("window signals format " + format + " is not supported (expected "
                        + FORMAT_VERSION + ")");
            }
            WindowSignals s = new WindowSignals(Json.requiredText(root, "model"), Json.requiredLong(root, "window_start"),
                    Json.requiredLong(root, "window_end"));
            for (Map.Entry<String, JsonNode> e : Json.fields(root, "versions")) {
                JsonNode v = e.getValue();
                String version = e.getKey();
                s.addPredictions(version, Json.requiredLong(v, "predictions"));
                s.addLabels(version, Json.requiredLong(v, "labelled"), Json.requiredLong(v, "misclassified"));
                for (Map.Entry<String, JsonNode> f : Json.fields(v, "failures")) {
                    s.addFailures(version, f.getKey(), Json.asLong(f.getValue(), f.getKey()));
                }
                for (Map.Entry<String, JsonNode> d : Json.fields(v, "drift")) {
                    JsonNode score = d.getValue().get("score");
                    s.addDrift(version, d.getKey(), Json.requiredText(d.getValue(), "status"),
                            score == null ? null : score.doubleValue());
                }
            }
            JsonNode deps = root.get("deployments");
            if (deps != null) {
                for (JsonNode dep : deps) {
                    JsonNode id = dep.get("id");
                    s.addDeployment(id == null ? null : id.asText(), Json.requiredText(dep, "version"),
                            Json.requiredLong(dep, "deployed_at"));
                }
            }
            return s;
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            throw new IllegalArgumentException("malformed window signals: " + e.getMessage(), e);
        }
    }

    // ---- internals -----------------------------------------------------------------------------------------

    private VersionCounts counts(String version) {
        Objects.requireNonNull(version, "version");
        if (version.isEmpty()) {
            throw new IllegalArgumentException("version must not be empty");
        }
        return versions.computeIfAbsent(version, v -> new VersionCounts());
    }

    private void requireModel(String other, String what) {
        if (!model.equals(other)) {
            throw new IllegalArgumentException(what + " is of model " + other + ", not " + model);
        }
    }

    private static void requireCount(String what, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + count);
        }
    }

    private static ColumnDrift greater(ColumnDrift a, ColumnDrift b) {
        return ColumnDrift.ORDER.compare(a, b) >= 0 ? a : b;
    }

    private String describe() {
        return "window signals of " + model + " [" + windowStart + ", " + windowEnd + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof WindowSignals)) return false;
        return java.util.Arrays.equals(toBytes(), ((WindowSignals) o).toBytes());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        versions.forEach((v, c) -> parts.add(v + ": " + c.predictions + " predictions, " + c.failures + ", "
                + c.misclassified + "/" + c.labelled + " wrong, drifted " + driftedColumns(v).keySet()));
        return describe() + " " + parts + " deployments " + deployments;
    }
}
