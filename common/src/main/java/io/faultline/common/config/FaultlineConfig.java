package io.faultline.common.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.faultline.common.drift.DriftThresholds;
import io.faultline.common.incident.IncidentSettings;
import io.faultline.common.remediation.RemediationRules;
import io.faultline.common.scoring.ScoringSettings;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The job configuration: one YAML file (see {@code docs/config.md} and the commented example
 * {@code deploy/faultline.yaml}), optionally amended by command-line overrides given as dotted keys.
 *
 * <p>The file is parsed into a tree and validated by hand rather than mapped onto classes, so that every
 * problem names its full dotted key and the allowed values, unknown keys (typos) are rejected, and all
 * problems are reported at once. Absent keys take the defaults of {@link #defaults()}; an empty file is the
 * defaults.
 *
 * <p>Immutable and {@link Serializable}: Flink functions capture it.
 */
public final class FaultlineConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Rejects duplicate keys: YAML parsers otherwise keep the last one silently, which hides copy-paste
     * mistakes in a long file.
     */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final FaultlineConfig DEFAULTS = new FaultlineConfig(
            "./faultline-out", 0, 128,
            Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofSeconds(30), Duration.ofMinutes(1),
            new ModelThresholds(100, 0.5, 0.1), Map.of(),
            Duration.ofHours(1), 24, "", "", DriftThresholds.defaults(), Map.of(), Map.of(),
            new LabelSettings(LabelSettings.NEWEST, LabelSettings.SOURCES, 0.95), Map.of(),
            IncidentSettings.defaults(), "", RemediationRules.defaults(),
            new KafkaSettings("localhost:9092", "faultline", "earliest", "predictions", "labels", "deployments",
                    Map.of()),
            new CheckpointSettings(Duration.ofSeconds(30), "file:///tmp/faultline/checkpoints", "rocksdb", true));

    private final String outputUri;
    private final int parallelism;
    private final int maxParallelism;
    private final Duration dedupHorizon;
    private final Duration labelWait;
    private final Duration lineageWait;
    private final Duration allowedLateness;
    private final Duration outOfOrderness;
    private final Duration sourceIdleness;
    private final ModelThresholds defaultThresholds;
    /** Per model, only the keys the configuration sets (so a later change of a default still applies to the rest). */
    private final Map<String, Map<String, Double>> modelOverrides;
    /** Per model, the overrides merged over the defaults: the per-record lookup is one hash lookup. */
    private final Map<String, ModelThresholds> modelThresholds;
    private final Duration windowSize;
    private final int warmupWindows;
    /** As configured; empty = under the output root (see {@link #referenceProfilesUri()}). */
    private final String referenceProfiles;
    /** Normalised comma-separated list (sorted, no blanks); empty for none. */
    private final String ignoreColumns;
    private final java.util.Set<String> ignoredColumnSet;
    private final DriftThresholds driftDefaults;
    /** Per model, only the drift.models keys the configuration sets (as for modelOverrides). */
    private final Map<String, Map<String, Double>> driftOverrides;
    /** Per model, the drift overrides merged over drift.thresholds. */
    private final Map<String, DriftThresholds> driftThresholds;
    /** Per monitored column, only the drift.columns keys the configuration sets; applied over the model's. */
    private final Map<String, Map<String, Double>> driftColumnOverrides;
    private final LabelSettings labels;
    /** The {@code scoring} keys as given (validated); {@link #scoring()} parses them. */
    private final Map<String, String> scoringValues;
    private transient ScoringSettings scoring;
    private final IncidentSettings incidents;
    /** remediation.rules-file as configured; empty = the shipped rules. */
    private final String remediationRulesFile;
    /** The table read from {@link #remediationRulesFile} when the configuration was loaded. */
    private final RemediationRules remediation;
    private final KafkaSettings kafka;
    private final CheckpointSettings checkpoints;

    FaultlineConfig(String outputUri, int parallelism, int maxParallelism,
            Duration dedupHorizon, Duration labelWait, Duration lineageWait, Duration allowedLateness,
            Duration outOfOrderness, Duration sourceIdleness,
            ModelThresholds defaultThresholds, Map<String, Map<String, Double>> modelOverrides,
            Duration windowSize, int warmupWindows, String referenceProfiles, String ignoreColumns,
            DriftThresholds driftDefaults, Map<String, Map<String, Double>> driftOverrides,
            Map<String, Map<String, Double>> driftColumnOverrides, LabelSettings labels, Map<String, String> scoringValues,
            IncidentSettings incidents, String remediationRulesFile, RemediationRules remediation,
            KafkaSettings kafka, CheckpointSettings checkpoints) {
        this.outputUri = outputUri;
        this.parallelism = parallelism;
        this.maxParallelism = maxParallelism;
        this.dedupHorizon = dedupHorizon;
        this.labelWait = labelWait;
        this.lineageWait = lineageWait;
        this.allowedLateness = allowedLateness;
        this.outOfOrderness = outOfOrderness;
        this.sourceIdleness = sourceIdleness;
        this.defaultThresholds = defaultThresholds;
        Map<String, Map<String, Double>> overrides = new TreeMap<>();
        Map<String, ModelThresholds> merged = new HashMap<>();
        for (Map.Entry<String, Map<String, Double>> e : modelOverrides.entrySet()) {
            overrides.put(e.getKey(), Collections.unmodifiableMap(new TreeMap<>(e.getValue())));
            merged.put(e.getKey(), merge(defaultThresholds, e.getValue()));
        }
        this.modelOverrides = Collections.unmodifiableMap(overrides);
        this.modelThresholds = Collections.unmodifiableMap(merged);
        this.windowSize = windowSize;
        this.warmupWindows = warmupWindows;
        this.referenceProfiles = referenceProfiles;
        this.ignoreColumns = ignoreColumns;
        this.ignoredColumnSet = ignoreColumns.isEmpty() ? java.util.Set.of()
                : java.util.Set.copyOf(java.util.Arrays.asList(ignoreColumns.split(",")));
        this.driftDefaults = driftDefaults;
        Map<String, Map<String, Double>> driftSet = new TreeMap<>();
        Map<String, DriftThresholds> driftMerged = new HashMap<>();
        for (Map.Entry<String, Map<String, Double>> e : driftOverrides.entrySet()) {
            driftSet.put(e.getKey(), Collections.unmodifiableMap(new TreeMap<>(e.getValue())));
            driftMerged.put(e.getKey(), mergeDrift(driftDefaults, e.getValue()));
        }
        this.driftOverrides = Collections.unmodifiableMap(driftSet);
        this.driftThresholds = Collections.unmodifiableMap(driftMerged);
        Map<String, Map<String, Double>> columnSet = new TreeMap<>();
        driftColumnOverrides.forEach((column, values) ->
                columnSet.put(column, Collections.unmodifiableMap(new TreeMap<>(values))));
        this.driftColumnOverrides = Collections.unmodifiableMap(columnSet);
        this.labels = labels;
        this.scoringValues = Collections.unmodifiableMap(new TreeMap<>(scoringValues));
        this.incidents = incidents;
        this.remediationRulesFile = remediationRulesFile;
        this.remediation = remediation;
        this.kafka = kafka;
        this.checkpoints = checkpoints;
    }

    static ModelThresholds merge(ModelThresholds base, Map<String, Double> values) {
        return new ModelThresholds(
                values.getOrDefault("latency-slo-ms", base.latencySloMs()),
                values.getOrDefault("low-confidence", base.lowConfidence()),
                values.getOrDefault("ambiguous-margin", base.ambiguousMargin()),
                values.getOrDefault("impact-weight", base.impactWeight()));
    }

    /** The keys of {@link ConfigSchema#DRIFT_THRESHOLDS} to the values of {@code t} (min-sample-size as a double). */
    static Map<String, Double> driftValues(DriftThresholds t) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("min-sample-size", (double) t.minSampleSize());
        m.put("psi-warn", t.psiWarn());
        m.put("psi-drift", t.psiDrift());
        m.put("js-distance-warn", t.jsDistanceWarn());
        m.put("js-distance-drift", t.jsDistanceDrift());
        m.put("wasserstein-norm-warn", t.wassersteinNormWarn());
        m.put("wasserstein-norm-drift", t.wassersteinNormDrift());
        return m;
    }

    /**
     * {@code base} with {@code values} (keys of {@link ConfigSchema#DRIFT_THRESHOLDS}) applied. The reader has
     * validated the result, so the builder's own checks cannot fail here.
     */
    static DriftThresholds mergeDrift(DriftThresholds base, Map<String, Double> values) {
        Map<String, Double> m = driftValues(base);
        m.putAll(values);
        return DriftThresholds.builder()
                .minSampleSize(m.get("min-sample-size").longValue())
                .psi(m.get("psi-warn"), m.get("psi-drift"))
                .jsDistance(m.get("js-distance-warn"), m.get("js-distance-drift"))
                .wassersteinNorm(m.get("wasserstein-norm-warn"), m.get("wasserstein-norm-drift"))
                .build();
    }

    // ---- construction -------------------------------------------------------------------------------------

    /** The built-in defaults (the same as an empty file). */
    public static FaultlineConfig defaults() {
        return DEFAULTS;
    }

    /** Reads and validates a YAML file; a missing or unreadable file is a ConfigException naming the path. */
    public static FaultlineConfig load(Path yaml) throws ConfigException {
        String text;
        try {
            text = Files.readString(yaml, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + yaml + " not found", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + yaml + ": " + e, e);
        }
        return parse(text, yaml.toString());
    }

    /**
     * Parses and validates YAML text.
     *
     * @param origin where the text came from (a file name), used as the prefix of every message
     */
    public static FaultlineConfig parse(String yaml, String origin) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(origin + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        return new ConfigReader().read(root, origin);
    }

    /**
     * This configuration with command-line overrides applied, validated like the file. Keys are the dotted
     * keys of {@link #knownKeys()}, e.g. {@code output.uri}, {@code time.label-wait},
     * {@code thresholds.models.fraud-detector.latency-slo-ms}, {@code drift.models.fraud.v2.psi-drift}, {@code kafka.properties.security.protocol};
     * values are written as in the file ({@code 2h}, {@code 0.4}, {@code true}).
     */
    public FaultlineConfig withOverrides(Map<String, String> overrides) throws ConfigException {
        if (overrides.isEmpty()) {
            return this;
        }
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        List<String> problems = new ArrayList<>();
        toMap().forEach((key, value) -> put(tree, key, value, problems));
        // Sorted, so that a result never depends on the iteration order of the caller's map.
        new TreeMap<>(overrides).forEach((key, value) -> {
            if (value == null) {
                problems.add(key + ": no value given");
            } else {
                put(tree, key, value, problems);
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException("overrides", problems);
        }
        return new ConfigReader().read(tree, "overrides");
    }

    private static void put(ObjectNode tree, String dottedKey, String value, List<String> problems) {
        List<String> path = ConfigSchema.path(dottedKey);
        ObjectNode node = tree;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode child = node.get(path.get(i));
            if (child == null || !child.isObject()) {
                if (child != null && child.isValueNode()) {
                    problems.add(dottedKey + ": " + String.join(".", path.subList(0, i + 1))
                            + " is a single value and has no keys below it");
                    return;
                }
                child = node.putObject(path.get(i));
            }
            node = (ObjectNode) child;
        }
        node.put(path.get(path.size() - 1), value);
    }

    // ---- accessors ----------------------------------------------------------------------------------------

    /** Every dotted key the loader knows, in documentation order; user-chosen names as {@code <model>} and {@code <name>}. */
    public static List<String> knownKeys() {
        return ConfigSchema.leafKeys();
    }

    /**
     * The effective configuration as dotted key to value text, sorted by key: every fixed key, the keys
     * each model overrides, and every Kafka property. {@code defaults().withOverrides(c.toMap())} equals
     * {@code c}. Kafka property values may be secrets: do not log this map verbatim.
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new TreeMap<>();
        m.put("output.uri", outputUri);
        m.put("parallelism", Integer.toString(parallelism));
        m.put("max-parallelism", Integer.toString(maxParallelism));
        m.put("time.dedup-horizon", Durations.format(dedupHorizon));
        m.put("time.label-wait", Durations.format(labelWait));
        m.put("time.lineage-wait", Durations.format(lineageWait));
        m.put("time.allowed-lateness", Durations.format(allowedLateness));
        m.put("time.out-of-orderness", Durations.format(outOfOrderness));
        m.put("time.source-idleness", Durations.format(sourceIdleness));
        m.put("thresholds.defaults.latency-slo-ms", number(defaultThresholds.latencySloMs()));
        m.put("thresholds.defaults.low-confidence", number(defaultThresholds.lowConfidence()));
        m.put("thresholds.defaults.ambiguous-margin", number(defaultThresholds.ambiguousMargin()));
        m.put("thresholds.defaults.impact-weight", number(defaultThresholds.impactWeight()));
        modelOverrides.forEach((model, values) ->
                values.forEach((key, value) -> m.put("thresholds.models." + model + "." + key, number(value))));
        m.put("windows.size", Durations.format(windowSize));
        m.put("labels.policy", labels.policy());
        m.put("labels.source-priority", String.join(",", labels.sourcePriority()));
        m.put("labels.noise-confidence", number(labels.noiseConfidence()));
        ScoringSettings sc = scoring();
        m.put("scoring." + ScoringSettings.TAIL_PROBABILITY, number(sc.tailProbability()));
        m.put("scoring." + ScoringSettings.ANOMALY_SCORE_THRESHOLD, number(sc.anomalyScoreThreshold()));
        m.put("scoring." + ScoringSettings.RARE_COMBINATION_MIN_SUPPORT, Integer.toString(sc.rareCombinationMinSupport()));
        m.put("scoring." + ScoringSettings.MAX_PAIRS_KEY, Integer.toString(sc.maxPairs()));
        m.put("scoring." + ScoringSettings.MAX_CELLS_PER_PAIR_KEY, Integer.toString(sc.maxCellsPerPair()));
        m.put("scoring." + ScoringSettings.TOP_CONTRIBUTORS, Integer.toString(sc.topContributors()));
        m.put("scoring." + ScoringSettings.PAIRS, sc.pairs().stream().map(pair -> pair.first() + "," + pair.second())
                .collect(java.util.stream.Collectors.joining(";")));
        putSettings(m, "incidents", incidents.toMap());
        m.put("remediation.rules-file", remediationRulesFile);
        m.put("drift.warmup-windows", Integer.toString(warmupWindows));
        m.put("drift.reference-profiles", referenceProfiles);
        m.put("drift.ignore-columns", ignoreColumns);
        driftValues(driftDefaults).forEach((key, value) -> m.put("drift.thresholds." + key, number(value)));
        driftOverrides.forEach((model, values) ->
                values.forEach((key, value) -> m.put("drift.models." + model + "." + key, number(value))));
        driftColumnOverrides.forEach((column, values) ->
                values.forEach((key, value) -> m.put("drift.columns." + column + "." + key, number(value))));
        m.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        m.put("kafka.group-id", kafka.groupId());
        m.put("kafka.starting-offsets", kafka.startingOffsets());
        m.put("kafka.topics.predictions", kafka.predictionsTopic());
        m.put("kafka.topics.labels", kafka.labelsTopic());
        m.put("kafka.topics.deployments", kafka.deploymentsTopic());
        kafka.properties().forEach((key, value) -> m.put("kafka.properties." + key, value));
        m.put("checkpoints.interval", Durations.format(checkpoints.interval()));
        m.put("checkpoints.dir", checkpoints.dir());
        m.put("checkpoints.state-backend", checkpoints.stateBackend());
        m.put("checkpoints.incremental", Boolean.toString(checkpoints.incremental()));
        return Collections.unmodifiableMap(m);
    }

    /** A nested settings map as dotted keys under {@code prefix}. */
    private static void putSettings(Map<String, String> m, String prefix, Map<String, ?> settings) {
        settings.forEach((key, value) -> {
            String dotted = prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> child = (Map<String, ?>) nested;
                putSettings(m, dotted, child);
            } else if (value instanceof Double || value instanceof Float) {
                m.put(dotted, number(((Number) value).doubleValue()));
            } else {
                m.put(dotted, String.valueOf(value));
            }
        });
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** Thresholds of {@code model}: its {@code thresholds.models} entry merged over {@code thresholds.defaults}. */
    public ModelThresholds thresholdsFor(String model) {
        ModelThresholds t = model == null ? null : modelThresholds.get(model);
        return t == null ? defaultThresholds : t;
    }

    /**
     * Length of the tumbling event-time windows of the statistics and drift: at least a minute and a divisor
     * of one day, so that windows align to UTC days.
     */
    public Duration windowSize() {
        return windowSize;
    }

    /** A model version without a reference profile uses its first this many complete windows as reference (1 to 1000). */
    public int warmupWindows() {
        return warmupWindows;
    }

    /**
     * Columns whose drift is not judged (drift.ignore-columns): they still get statistics, with drift_status
     * IGNORED. For features that are a function of time (e.g. hour_of_day), which differ in every window.
     */
    public java.util.Set<String> driftIgnoredColumns() {
        return ignoredColumnSet;
    }

    /** The reference_profiles root URI: drift.reference-profiles if set, else output.uri + "/reference_profiles". */
    public String referenceProfilesUri() {
        if (!referenceProfiles.isEmpty()) {
            return referenceProfiles;
        }
        String root = outputUri;
        // Without trailing slashes, but never past a scheme's "//" (file:/// keeps file://).
        while (root.length() > 1 && root.endsWith("/") && !root.endsWith("://")) {
            root = root.substring(0, root.length() - 1);
        }
        return root.equals("/") ? "/reference_profiles" : root + "/reference_profiles";
    }

    /**
     * The thresholds for one column of one model: drift.thresholds, then drift.models.<model>, then
     * drift.columns.<column> (the most specific wins).
     */
    public DriftThresholds driftThresholdsFor(String model, String column) {
        Map<String, Double> columnValues = column == null ? null : driftColumnOverrides.get(column);
        DriftThresholds modelThresholds = driftThresholdsFor(model);
        return columnValues == null ? modelThresholds : mergeDrift(modelThresholds, columnValues);
    }

    /** drift.thresholds with the model's overrides from drift.models.<model> applied. */
    public DriftThresholds driftThresholdsFor(String model) {
        DriftThresholds t = model == null ? null : driftThresholds.get(model);
        return t == null ? driftDefaults : t;
    }

    /** Duplicates of an event_id within this much event time are dropped; 0 disables deduplication. */
    public Duration dedupHorizon() {
        return dedupHorizon;
    }

    /** How long (event time) a prediction waits for labels. */
    public Duration labelWait() {
        return labelWait;
    }

    /** Streaming: how long (event time) a prediction waits for its deployment event. */
    public Duration lineageWait() {
        return lineageWait;
    }

    /** Records older than (watermark - this) are late. */
    public Duration allowedLateness() {
        return allowedLateness;
    }

    /** The watermark's bound on out-of-orderness. */
    public Duration outOfOrderness() {
        return outOfOrderness;
    }

    /** A silent source stops holding back the watermark after this (always positive). */
    public Duration sourceIdleness() {
        return sourceIdleness;
    }

    /** Root of all outputs: a local directory, {@code file:///...} or {@code s3://bucket/prefix}. */
    public String outputUri() {
        return outputUri;
    }

    /** Job parallelism; 0 means the Flink default. */
    public int parallelism() {
        return parallelism;
    }

    /** Max parallelism (number of key groups); fixed, because changing it breaks savepoint compatibility. */
    public int maxParallelism() {
        return maxParallelism;
    }

    /** Edge-case scoring settings ({@code scoring} section; docs/scoring.md). */
    public ScoringSettings scoring() {
        ScoringSettings s = scoring;
        if (s == null) {
            s = ScoringSettings.fromMap(scoringValues);
            scoring = s;
        }
        return s;
    }

    /** How incidents open, last and close ({@code incidents} section; docs/config.md). */
    public IncidentSettings incidents() {
        return incidents;
    }

    /**
     * The remediation rule table: the shipped rules ({@link RemediationRules#defaults()}), or those of
     * {@code remediation.rules-file}, read when the configuration was loaded.
     */
    public RemediationRules remediation() {
        return remediation;
    }

    /** The label policy and the label-noise threshold. */
    public LabelSettings labels() {
        return labels;
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    public CheckpointSettings checkpoints() {
        return checkpoints;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof FaultlineConfig)) return false;
        FaultlineConfig c = (FaultlineConfig) o;
        return parallelism == c.parallelism
                && maxParallelism == c.maxParallelism
                && outputUri.equals(c.outputUri)
                && dedupHorizon.equals(c.dedupHorizon)
                && labelWait.equals(c.labelWait)
                && lineageWait.equals(c.lineageWait)
                && allowedLateness.equals(c.allowedLateness)
                && outOfOrderness.equals(c.outOfOrderness)
                && sourceIdleness.equals(c.sourceIdleness)
                && defaultThresholds.equals(c.defaultThresholds)
                && modelOverrides.equals(c.modelOverrides)
                && windowSize.equals(c.windowSize)
                && warmupWindows == c.warmupWindows
                && referenceProfiles.equals(c.referenceProfiles)
                && ignoreColumns.equals(c.ignoreColumns)
                && driftDefaults.equals(c.driftDefaults)
                && driftOverrides.equals(c.driftOverrides)
                && driftColumnOverrides.equals(c.driftColumnOverrides)
                && labels.equals(c.labels)
                && scoring().equals(c.scoring())
                && incidents.equals(c.incidents)
                && remediationRulesFile.equals(c.remediationRulesFile)
                && remediation.equals(c.remediation)
                && kafka.equals(c.kafka)
                && checkpoints.equals(c.checkpoints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outputUri, parallelism, maxParallelism, dedupHorizon, labelWait, lineageWait,
                allowedLateness, outOfOrderness, sourceIdleness, defaultThresholds, modelOverrides, windowSize,
                warmupWindows, referenceProfiles, ignoreColumns, driftDefaults, driftOverrides, driftColumnOverrides,
                labels, incidents, remediationRulesFile, remediation, kafka,
                checkpoints);
    }

    /** Every setting except Kafka property values (which may be secrets). */
    @Override
    public String toString() {
        Map<String, String> m = new TreeMap<>(toMap());
        m.replaceAll((k, v) -> k.startsWith("kafka.properties.") ? "***" : v);
        return "FaultlineConfig" + m;
    }
}
