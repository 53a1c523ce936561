package io.faultline.jobs.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.io.StoragePaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * What a run did, from its accumulators: per source, records read and their outcomes (which must add up),
 * failures by mode and by model, lineage misses. Printed as a table and written as JSON under
 * {@code <output>/_runs/} (a name starting with {@code _} that readers globbing {@code *.parquet} skip).
 */
public final class RunSummary {
    private final String command;
    private final String runId;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final Map<String, Long> counts;
    private long netRuntimeMs = -1;

    /** The summary of a finished job: its accumulators and its net runtime (excluding cluster start-up). */
    public static RunSummary of(String command, Instant startedAt, JobExecutionResult result) {
        RunSummary summary = new RunSummary(command, startedAt, Instant.now(), result.getAllAccumulatorResults());
        summary.netRuntimeMs = result.getNetRuntime();
        return summary;
    }

    public RunSummary(String command, Instant startedAt, Instant finishedAt, Map<String, Object> accumulators) {
        this.command = command;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
        this.runId = command + "-" + startedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString()
                .replace(":", "").replace(".", "");
        this.counts = new TreeMap<>();
        for (Map.Entry<String, Object> e : accumulators.entrySet()) {
            if (e.getValue() instanceof Number n) {
                counts.put(e.getKey(), n.longValue());
            }
        }
    }

    /** The job's net runtime in milliseconds, or -1 when not known. */
    public long netRuntimeMs() {
        return netRuntimeMs;
    }

    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** Records read by {@code source} minus the sum of its outcomes: 0 when every record is accounted for. */
    public long unaccounted(String source) {
        long outcomes = 0;
        for (String outcome : Accounting.OUTCOMES) {
            outcomes += count(Accounting.name(source, outcome));
        }
        return count(Accounting.name(source, Accounting.READ)) - outcomes;
    }

    /** The sum of {@link #unaccounted(String)} over all sources. */
    public long unaccountedTotal() {
        long total = 0;
        for (SourceKind kind : SourceKind.values()) {
            total += Math.abs(unaccounted(kind.tableValue()));
        }
        return total;
    }

    public Map<String, Long> failuresByMode() {
        Map<String, Long> byMode = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(Accounting.FAILURES_PREFIX) && v > 0) {
                byMode.put(k.substring(Accounting.FAILURES_PREFIX.length()), v);
            }
        });
        return byMode;
    }

    public Map<String, Long> failuresByModelAndMode() {
        Map<String, Long> byModel = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(Accounting.FAILURES_BY_MODEL_PREFIX) && v > 0) {
                byModel.put(k.substring(Accounting.FAILURES_BY_MODEL_PREFIX.length()), v);
            }
        });
        return byModel;
    }

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-12s %10s %10s %10s %8s %12s %12s%n", "source", "read", "valid", "duplicate", "late",
                "dead_letter", "out_of_range"));
        for (SourceKind kind : SourceKind.values()) {
            String s = kind.tableValue();
            b.append(String.format("%-12s %10d %10d %10d %8d %12d %12d%n", s, count(Accounting.name(s, Accounting.READ)),
                    count(Accounting.name(s, Accounting.VALID)), count(Accounting.name(s, Accounting.DUPLICATE)),
                    count(Accounting.name(s, Accounting.LATE)), count(Accounting.name(s, Accounting.DEAD_LETTER)),
                    count(Accounting.name(s, Accounting.OUT_OF_RANGE))));
        }
        b.append("\nfailures by mode:\n");
        failuresByMode().forEach((mode, n) -> b.append(String.format("  %-24s %10d%n", mode, n)));
        b.append("\nfailures by model and mode:\n");
        failuresByModelAndMode().forEach((key, n) -> b.append(String.format("  %-48s %10d%n", key, n)));
        b.append(String.format("%nlineage misses (UNREGISTERED_VERSION): %d; labels joined: %d; orphaned labels: %d%n",
                count(Accounting.LINEAGE_UNREGISTERED), count(Accounting.LABELS_JOINED), count(Accounting.LABELS_ORPHANED)));
        return b.toString();
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("run_id", runId);
        root.put("command", command);
        root.put("started_at", startedAt.toString());
        root.put("finished_at", finishedAt.toString());
        root.put("net_runtime_ms", netRuntimeMs);
        ObjectNode sources = root.putObject("sources");
        for (SourceKind kind : SourceKind.values()) {
            String s = kind.tableValue();
            ObjectNode node = sources.putObject(s);
            node.put(Accounting.READ, count(Accounting.name(s, Accounting.READ)));
            for (String outcome : Accounting.OUTCOMES) {
                node.put(outcome, count(Accounting.name(s, outcome)));
            }
            node.put("unaccounted", unaccounted(s));
        }
        ObjectNode failures = root.putObject("failures_by_mode");
        failuresByMode().forEach(failures::put);
        ObjectNode byModel = root.putObject("failures_by_model_and_mode");
        failuresByModelAndMode().forEach(byModel::put);
        root.put("lineage_unregistered", count(Accounting.LINEAGE_UNREGISTERED));
        root.put("labels_joined", count(Accounting.LABELS_JOINED));
        root.put("labels_orphaned", count(Accounting.LABELS_ORPHANED));
        root.put("contract_unknown_fields", count(Accounting.CONTRACT_UNKNOWN_FIELDS));
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the JSON summary to {@code <root>/_runs/<run id>.json}; returns its path. */
    public Path writeTo(String outputRootUri) throws IOException {
        Path path = new Path(new Path(StoragePaths.location(outputRootUri), "_runs"), runId + ".json");
        FileSystem fs = path.getFileSystem();
        try (OutputStream out = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(toJson().getBytes(StandardCharsets.UTF_8));
        }
        return path;
    }
}
