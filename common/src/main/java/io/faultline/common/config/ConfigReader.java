package io.faultline.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.common.incident.IncidentSettings;
import io.faultline.common.remediation.RemediationRules;
import io.faultline.common.scoring.ScoringSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and validates a config tree by hand, collecting every problem (each naming its full dotted key and
 * what is allowed) before failing, so that one run shows a user everything to fix. Absent keys take their
 * default. Scalars may also be given as strings ({@code "4"}, {@code "true"}), which is how command-line
 * overrides arrive.
 */
final class ConfigReader {
    /** Flink's upper bound for max parallelism (KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM). */
    static final int MAX_PARALLELISM_LIMIT = 1 << 15;
    /** Flink rejects checkpoint intervals below 10 ms (CheckpointConfig.MINIMAL_CHECKPOINT_TIME). */
    static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofMillis(10);
    /** Shortest statistics window; windows must also divide a day, so that they align to UTC days. */
    static final Duration MIN_WINDOW_SIZE = Duration.ofMinutes(1);
    static final int MAX_WARMUP_WINDOWS = 1000;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    /** The warn/drift pairs of {@link ConfigSchema#DRIFT_THRESHOLDS}, by metric prefix. */
    private static final List<String> DRIFT_METRICS = List.of("psi", "js-distance", "wasserstein-norm");

    /** Same rule as the input contract's model names (they become partition values). */
    private static final Pattern MODEL_NAME = Pattern.compile("(?!\\.)[A-Za-z0-9._-]{1,128}");
    /** Kafka's legal topic names (org.apache.kafka.common.internals.Topic). */
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,]+:\\d{1,5}");
    private static final Pattern URI_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)");

    private static final com.fasterxml.jackson.dataformat.yaml.YAMLMapper RULES_YAML =
            com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private final List<String> problems = new ArrayList<>();

    FaultlineConfig read(JsonNode root, String origin) throws ConfigException {
        FaultlineConfig d = FaultlineConfig.defaults();
        Map<String, JsonNode> top = section("", root, ConfigSchema.ROOT);

        Map<String, JsonNode> output = section("output", top.get("output"), sectionSchema("output"));
        String outputUri = outputUri("output.uri", output.get("uri"), d.outputUri());

        int maxParallelism = integer("max-parallelism", top.get("max-parallelism"), d.maxParallelism(), 1,
                MAX_PARALLELISM_LIMIT, "a whole number from 1 to " + MAX_PARALLELISM_LIMIT);
        int parallelism = integer("parallelism", top.get("parallelism"), d.parallelism(), 0,
                MAX_PARALLELISM_LIMIT, "a whole number from 0 to " + MAX_PARALLELISM_LIMIT + " (0 = Flink default)");
        if (parallelism > maxParallelism) {
            problems.add("parallelism: " + parallelism + " exceeds max-parallelism " + maxParallelism
                    + "; use at most " + maxParallelism + " or raise max-parallelism");
        }

        Map<String, JsonNode> time = section("time", top.get("time"), sectionSchema("time"));
        Duration dedupHorizon = duration("time.dedup-horizon", time.get("dedup-horizon"), d.dedupHorizon(), Duration.ZERO);
        Duration labelWait = duration("time.label-wait", time.get("label-wait"), d.labelWait(), Duration.ZERO);
        Duration lineageWait = duration("time.lineage-wait", time.get("lineage-wait"), d.lineageWait(), Duration.ZERO);
        Duration allowedLateness = duration("time.allowed-lateness", time.get("allowed-lateness"), d.allowedLateness(), Duration.ZERO);
        Duration outOfOrderness = duration("time.out-of-orderness", time.get("out-of-orderness"), d.outOfOrderness(), Duration.ZERO);
        Duration sourceIdleness = duration("time.source-idleness", time.get("source-idleness"), d.sourceIdleness(), Duration.ofMillis(1));

        ConfigSchema.Section thresholdsSchema = sectionSchema("thresholds");
        Map<String, JsonNode> thresholds = section("thresholds", top.get("thresholds"), thresholdsSchema);
        Map<String, Double> defaultValues = thresholdValues("thresholds.defaults", thresholds.get("defaults"));
        ModelThresholds defaults = FaultlineConfig.merge(d.thresholdsFor(null), defaultValues);
        Map<String, Map<String, Double>> models = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : freeMap("thresholds.models", thresholds.get("models"),
                "<model>: {latency-slo-ms: 50}").entrySet()) {
            String model = e.getKey();
            if (!MODEL_NAME.matcher(model).matches()) {
                problems.add("thresholds.models: " + quote(model) + " is not a valid model name; use 1-128 characters"
                        + " of A-Z, a-z, 0-9, '.', '_', '-', not starting with '.'");
                continue;
            }
            Map<String, Double> values = thresholdValues("thresholds.models." + model, e.getValue());
            if (!values.isEmpty()) {
                models.put(model, values);
            }
        }

        Map<String, JsonNode> windows = section("windows", top.get("windows"), sectionSchema("windows"));
        Duration windowSize = windowSize("windows.size", windows.get("size"), d.windowSize());

        LabelSettings dl = d.labels();
        Map<String, JsonNode> labels = section("labels", top.get("labels"), sectionSchema("labels"));
        String labelPolicy = choice("labels.policy", labels.get("policy"), dl.policy(), LabelSettings.POLICIES);
        List<String> sourcePriority = sourceList("labels.source-priority", labels.get("source-priority"),
                dl.sourcePriority());
        double noiseConfidence = orDefault(number("labels.noise-confidence", labels.get("noise-confidence"), 0, false,
                1, "a number > 0 and at most 1"), dl.noiseConfidence());

        Map<String, String> scoring = settings("scoring", top.get("scoring"), ScoringSettings::fromMap);

        IncidentSettings incidents = incidents("incidents", top.get("incidents"));
        Map<String, JsonNode> remediation = section("remediation", top.get("remediation"),
                sectionSchema("remediation"));
        String rulesFile = optionalText("remediation.rules-file", remediation.get("rules-file"),
                "a local path or file: URI of a YAML file of remediation rules, or \"\" for the shipped rules");
        RemediationRules remediationRules = remediationRules("remediation.rules-file", rulesFile);

        Map<String, JsonNode> drift = section("drift", top.get("drift"), sectionSchema("drift"));
        int warmupWindows = integer("drift.warmup-windows", drift.get("warmup-windows"), d.warmupWindows(), 1,
                MAX_WARMUP_WINDOWS, "a whole number from 1 to " + MAX_WARMUP_WINDOWS);
        String referenceProfiles = optionalUri("drift.reference-profiles", drift.get("reference-profiles"));
        String ignoreColumns = columnList("drift.ignore-columns", drift.get("ignore-columns"));
        // Built-in defaults from DriftThresholds.defaults() (d is the defaults), the one source of truth.
        Map<String, Double> builtIn = FaultlineConfig.driftValues(d.driftThresholdsFor(null));
        Map<String, Double> driftSet = driftValues("drift.thresholds", drift.get("thresholds"));
        Map<String, Double> driftDefaultValues = new LinkedHashMap<>(builtIn);
        driftDefaultValues.putAll(driftSet);
        checkWarnAtMostDrift("drift.thresholds", driftSet, builtIn, "the default");
        Map<String, Map<String, Double>> driftModels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : freeMap("drift.models", drift.get("models"),
                "<model>: {psi-drift: 0.3}").entrySet()) {
            String model = e.getKey();
            if (!MODEL_NAME.matcher(model).matches()) {
                problems.add("drift.models: " + quote(model) + " is not a valid model name; use 1-128 characters"
                        + " of A-Z, a-z, 0-9, '.', '_', '-', not starting with '.'");
                continue;
            }
            String path = "drift.models." + model;
            Map<String, Double> values = driftValues(path, e.getValue());
            checkWarnAtMostDrift(path, values, driftDefaultValues, "from drift.thresholds");
            if (!values.isEmpty()) {
                driftModels.put(model, values);
            }
        }

        Map<String, Map<String, Double>> driftColumns = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : freeMap("drift.columns", drift.get("columns"),
                "<column>: {psi-drift: 0.3}").entrySet()) {
            String column = e.getKey();
            if (!isMonitoredColumn(column)) {
                problems.add("drift.columns: " + quote(column) + " is not a monitored column; allowed: features.<name>,"
                        + " confidence, latency_ms, prediction");
                continue;
            }
            String path = "drift.columns." + column;
            Map<String, Double> values = driftValues(path, e.getValue());
            checkWarnAtMostDrift(path, values, driftDefaultValues, "from drift.thresholds");
            if (!values.isEmpty()) {
                driftColumns.put(column, values);
            }
        }

        KafkaSettings dk = d.kafka();
        Map<String, JsonNode> kafka = section("kafka", top.get("kafka"), sectionSchema("kafka"));
        String bootstrap = string("kafka.bootstrap-servers", kafka.get("bootstrap-servers"), dk.bootstrapServers());
        for (String server : bootstrap.split(",", -1)) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
                problems.add("kafka.bootstrap-servers: " + quote(bootstrap) + " is not a comma-separated list of"
                        + " host:port; use e.g. localhost:9092 or broker-1:9092,broker-2:9092");
                break;
            }
        }
        String groupId = string("kafka.group-id", kafka.get("group-id"), dk.groupId());
        String startingOffsets = choice("kafka.starting-offsets", kafka.get("starting-offsets"),
                dk.startingOffsets(), List.of("earliest", "latest", "committed"));
        ConfigSchema.Section kafkaSchema = sectionSchema("kafka");
        Map<String, JsonNode> topics = section("kafka.topics", kafka.get("topics"),
                (ConfigSchema.Section) kafkaSchema.keys.get("topics"));
        String predictionsTopic = topic("kafka.topics.predictions", topics.get("predictions"), dk.predictionsTopic());
        String labelsTopic = topic("kafka.topics.labels", topics.get("labels"), dk.labelsTopic());
        String deploymentsTopic = topic("kafka.topics.deployments", topics.get("deployments"), dk.deploymentsTopic());
        Map<String, String> properties = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : freeMap("kafka.properties", kafka.get("properties"),
                "<name>: <value>").entrySet()) {
            String key = "kafka.properties." + e.getKey();
            if (e.getKey().isBlank()) {
                problems.add("kafka.properties: a property name is empty; use a Kafka client property name"
                        + " such as security.protocol");
                continue;
            }
            String value = scalarText(key, e.getValue(), "a string, e.g. SASL_SSL");
            if (value != null) {
                properties.put(e.getKey(), value);
            }
        }

        CheckpointSettings dc = d.checkpoints();
        Map<String, JsonNode> cp = section("checkpoints", top.get("checkpoints"), sectionSchema("checkpoints"));
        Duration interval = duration("checkpoints.interval", cp.get("interval"), dc.interval(), MIN_CHECKPOINT_INTERVAL);
        String dir = string("checkpoints.dir", cp.get("dir"), dc.dir());
        String stateBackend = choice("checkpoints.state-backend", cp.get("state-backend"), dc.stateBackend(),
                List.of(CheckpointSettings.ROCKSDB, CheckpointSettings.HASHMAP));
        boolean incremental = bool("checkpoints.incremental", cp.get("incremental"), dc.incremental());

        if (!problems.isEmpty()) {
            throw new ConfigException(origin, problems);
        }
        return new FaultlineConfig(outputUri, parallelism, maxParallelism,
                dedupHorizon, labelWait, lineageWait, allowedLateness, outOfOrderness, sourceIdleness,
                defaults, models,
                windowSize, warmupWindows, referenceProfiles, ignoreColumns,
                FaultlineConfig.mergeDrift(d.driftThresholdsFor(null), driftSet),
                driftModels, driftColumns,
                new LabelSettings(labelPolicy, sourcePriority, noiseConfidence), scoring,
                incidents, rulesFile, remediationRules,
                new KafkaSettings(bootstrap, groupId, startingOffsets, predictionsTopic, labelsTopic,
                        deploymentsTopic, properties),
                new CheckpointSettings(interval, dir, stateBackend, incremental));
    }

    /**
     * A section of settings that validate themselves ({@code fromMap} of their class): its values as text
     * (a list as its items joined by {@code ;}, an item that is itself a list by {@code ,}), validated at once,
     * with the settings' message as the problem.
     */
    private Map<String, String> settings(String path, JsonNode node, java.util.function.Consumer<Map<String, String>> validate) {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : section(path, node, sectionSchema(path)).entrySet()) {
            JsonNode value = e.getValue();
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    List<String> parts = new ArrayList<>();
                    if (item.isArray()) {
                        item.forEach(part -> parts.add(part.asText()));
                    } else {
                        parts.add(item.asText());
                    }
                    items.add(String.join(",", parts));
                }
                values.put(e.getKey(), String.join(";", items));
            } else if (value.isValueNode()) {
                values.put(e.getKey(), value.asText());
            } else {
                problems.add(path + "." + e.getKey() + ": expected a value or a list, got " + describe(value));
            }
        }
        try {
            validate.accept(values);
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
        }
        return values;
    }

    /**
     * The {@code incidents} section: its tree (keys checked against the schema, which has the shape of
     * {@link IncidentSettings#toMap()}) handed to {@link IncidentSettings#fromMap(Map, String)}, which validates
     * the values. Text that reads as a number is passed on as one (command-line overrides arrive as text).
     */
    private IncidentSettings incidents(String path, JsonNode node) {
        int before = problems.size();
        Map<String, Object> values = tree(path, node, sectionSchema(path));
        if (problems.size() > before) {
            return IncidentSettings.defaults();
        }
        try {
            return IncidentSettings.fromMap(values, path);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return IncidentSettings.defaults();
        }
    }

    /** A nested fixed-key section as plain maps and scalars (numbers where the text is a number). */
    private Map<String, Object> tree(String path, JsonNode node, ConfigSchema.Section schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : section(path, node, schema).entrySet()) {
            String key = path + "." + e.getKey();
            JsonNode value = e.getValue();
            if (value == null || value.isNull()) {
                continue;
            }
            if (schema.keys.get(e.getKey()) instanceof ConfigSchema.Section child) {
                out.put(e.getKey(), tree(key, value, child));
            } else if (value.isValueNode()) {
                out.put(e.getKey(), scalar(value));
            } else {
                problems.add(key + ": expected a single value, got " + describe(value));
            }
        }
        return out;
    }

    private static Object scalar(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        String text = value.asText().trim();
        try {
            BigDecimal number = new BigDecimal(text);
            try {
                return number.longValueExact();
            } catch (ArithmeticException notWhole) {
                return number.doubleValue();
            }
        } catch (NumberFormatException notANumber) {
            return value.asText();
        }
    }

    /** A scalar as trimmed text; "" when absent. */
    private String optionalText(String key, JsonNode node, String expected) {
        if (isAbsent(node)) {
            return "";
        }
        String text = scalarText(key, node, expected);
        return text == null ? "" : text.trim();
    }

    /**
     * The remediation table: the shipped rules when {@code location} is empty, else the YAML file at
     * {@code location} (a local path, relative to the working directory, or a {@code file:} URI) read now, in the
     * format of {@link RemediationRules#fromMap(Map, String)} ({@code defaults: keep|replace}, {@code rules: [...]}).
     */
    private RemediationRules remediationRules(String key, String location) {
        if (location.isEmpty()) {
            return RemediationRules.defaults();
        }
        String where = key + " (" + quote(location) + ")";
        java.util.regex.Matcher scheme = URI_SCHEME.matcher(location);
        if (scheme.matches() && !scheme.group(1).equalsIgnoreCase("file")) {
            problems.add(key + ": " + quote(location) + " is not allowed; allowed: a local path or a file: URI");
            return RemediationRules.defaults();
        }
        java.nio.file.Path file;
        try {
            file = location.regionMatches(true, 0, "file:", 0, 5)
                    ? java.nio.file.Path.of(java.net.URI.create(location))
                    : java.nio.file.Path.of(location);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            problems.add(key + ": " + quote(location) + " is not allowed; allowed: a local path or a file: URI");
            return RemediationRules.defaults();
        }
        JsonNode tree;
        try {
            tree = RULES_YAML.readTree(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            problems.add(where + ": file not found");
            return RemediationRules.defaults();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            problems.add(where + ": not valid YAML: " + e.getOriginalMessage());
            return RemediationRules.defaults();
        } catch (java.io.IOException e) {
            problems.add(where + ": cannot read: " + e);
            return RemediationRules.defaults();
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return RemediationRules.defaults();
        }
        if (!tree.isObject()) {
            problems.add(where + ": expected a map with the keys defaults and rules, got " + describe(tree));
            return RemediationRules.defaults();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = RULES_YAML.convertValue(tree, Map.class);
        try {
            return RemediationRules.fromMap(values, "");
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return RemediationRules.defaults();
        }
    }

    private static ConfigSchema.Section sectionSchema(String key) {
        return (ConfigSchema.Section) ConfigSchema.ROOT.keys.get(key);
    }

    // ---- structure ----------------------------------------------------------------------------------------

    /** The entries of a fixed-key map; absent or null means empty. Unknown keys and non-maps are problems. */
    private Map<String, JsonNode> section(String path, JsonNode node, ConfigSchema.Section schema) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (isAbsent(node) || node.isNull()) {
            return out; // "time:" with every key commented out
        }
        String where = path.isEmpty() ? "the top level" : path;
        if (!node.isObject()) {
            problems.add((path.isEmpty() ? "" : path + ": ") + "expected a map with keys " + schema.keyList()
                    + (path.isEmpty() ? " at the top level" : "") + ", got " + describe(node));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (schema.keys.containsKey(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            } else {
                problems.add(ConfigSchema.join(path, e.getKey()) + ": unknown key" + suggestion(e.getKey(), schema)
                        + "; known keys in " + where + ": " + schema.keyList());
            }
        }
        return out;
    }

    /** The entries of a map whose keys the user chooses; absent or null means empty. */
    private Map<String, JsonNode> freeMap(String path, JsonNode node, String example) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (isAbsent(node) || node.isNull()) {
            return out; // "time:" with every key commented out
        }
        if (!node.isObject()) {
            problems.add(path + ": expected a map (e.g. {" + example + "}), got " + describe(node));
            return out;
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private Map<String, Double> thresholdValues(String path, JsonNode node) {
        Map<String, JsonNode> section = section(path, node, ConfigSchema.THRESHOLDS);
        Map<String, Double> out = new TreeMap<>();
        Double slo = number(path + ".latency-slo-ms", section.get("latency-slo-ms"), 0, false, Double.MAX_VALUE,
                "a number > 0 (milliseconds)");
        Double low = number(path + ".low-confidence", section.get("low-confidence"), 0, true, 1,
                "a number from 0 to 1");
        Double margin = number(path + ".ambiguous-margin", section.get("ambiguous-margin"), 0, true, 1,
                "a number from 0 to 1");
        if (slo != null) out.put("latency-slo-ms", slo);
        if (low != null) out.put("low-confidence", low);
        Double weight = number(path + ".impact-weight", section.get("impact-weight"), 0, false,
                ModelThresholds.MAX_IMPACT_WEIGHT,
                "a number > 0 and at most " + number(ModelThresholds.MAX_IMPACT_WEIGHT));
        if (margin != null) out.put("ambiguous-margin", margin);
        if (weight != null) out.put("impact-weight", weight);
        return out;
    }

    /** The drift threshold keys a section sets, each validated on its own (range, type). */
    private Map<String, Double> driftValues(String path, JsonNode node) {
        Map<String, JsonNode> section = section(path, node, ConfigSchema.DRIFT_THRESHOLDS);
        Map<String, Double> out = new TreeMap<>();
        Long minSample = optionalInteger(path + ".min-sample-size", section.get("min-sample-size"), 1,
                Integer.MAX_VALUE, "a whole number from 1 to " + Integer.MAX_VALUE);
        if (minSample != null) {
            out.put("min-sample-size", minSample.doubleValue());
        }
        for (String metric : DRIFT_METRICS) {
            double max = metric.equals("js-distance") ? 1 : Double.MAX_VALUE;
            String allowed = max == 1 ? "a number > 0 and at most 1" : "a number > 0";
            for (String level : List.of("-warn", "-drift")) {
                String key = metric + level;
                Double value = number(path + "." + key, section.get(key), 0, false, max, allowed);
                if (value != null) {
                    out.put(key, value);
                }
            }
        }
        return out;
    }

    /**
     * Records a problem for each metric whose warn threshold exceeds its drift threshold once {@code set} is
     * applied over {@code base}, naming a key the section sets. Pairs the section does not touch are not its
     * problem.
     */
    private void checkWarnAtMostDrift(String path, Map<String, Double> set, Map<String, Double> base,
            String baseName) {
        for (String metric : DRIFT_METRICS) {
            String warnKey = metric + "-warn";
            String driftKey = metric + "-drift";
            if (!set.containsKey(warnKey) && !set.containsKey(driftKey)) {
                continue;
            }
            double warn = set.getOrDefault(warnKey, base.get(warnKey));
            double drift = set.getOrDefault(driftKey, base.get(driftKey));
            if (warn <= drift) {
                continue;
            }
            if (set.containsKey(warnKey)) {
                problems.add(path + "." + warnKey + ": " + number(warn) + " exceeds " + driftKey + " "
                        + number(drift) + (set.containsKey(driftKey) ? "" : " (" + baseName + ")")
                        + "; allowed: a warn threshold at most its drift threshold");
            } else {
                problems.add(path + "." + driftKey + ": " + number(drift) + " is below " + warnKey + " "
                        + number(warn) + " (" + baseName + "); allowed: a drift threshold at least its warn"
                        + " threshold");
            }
        }
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    // ---- scalars ------------------------------------------------------------------------------------------

    /** The text of a scalar; null (with a problem recorded) for a map, list or null. */
    private String scalarText(String key, JsonNode node, String expected) {
        if (node.isNull()) {
            problems.add(key + ": no value given; expected " + expected + " (or remove the key to use the default)");
            return null;
        }
        if (!node.isValueNode()) {
            problems.add(key + ": expected " + expected + ", got " + describe(node));
            return null;
        }
        return node.asText();
    }

    /**
     * A comma-separated list of monitored column names ({@code features.<name>}, {@code confidence},
     * {@code latency_ms}, {@code prediction}); empty when absent. Returned normalised (trimmed, sorted).
     */
    private String columnList(String key, JsonNode node) {
        if (isAbsent(node)) {
            return "";
        }
        String text = scalarText(key, node, "a comma-separated list of columns (e.g. features.hour_of_day)");
        if (text == null || text.isBlank()) {
            return "";
        }
        java.util.TreeSet<String> columns = new java.util.TreeSet<>();
        for (String part : text.split(",")) {
            String column = part.trim();
            if (column.isEmpty()) {
                continue;
            }
            if (!isMonitoredColumn(column)) {
                problems.add(key + ": \"" + column + "\" is not a monitored column; allowed: features.<name>,"
                        + " confidence, latency_ms, prediction (comma-separated)");
            } else {
                columns.add(column);
            }
        }
        return String.join(",", columns);
    }

    /**
     * A comma-separated list of distinct label sources ({@link LabelSettings#SOURCES}), in the given order;
     * the default when absent. Empty is allowed: every source then ranks the same.
     */
    private List<String> sourceList(String key, JsonNode node, List<String> dflt) {
        if (isAbsent(node)) {
            return dflt;
        }
        String allowed = "a comma-separated list of distinct sources from " + String.join(", ", LabelSettings.SOURCES)
                + ", most trusted first (e.g. " + String.join(",", dflt) + ")";
        String text = scalarText(key, node, allowed);
        if (text == null) {
            return dflt;
        }
        List<String> sources = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String source = part.trim();
            if (source.isEmpty() && text.isBlank()) {
                continue;
            }
            if (!LabelSettings.SOURCES.contains(source) || sources.contains(source)) {
                problems.add(key + ": " + quote(text) + " is not allowed; allowed: " + allowed);
                return dflt;
            }
            sources.add(source);
        }
        return sources;
    }

    private static double orDefault(Double value, double dflt) {
        return value == null ? dflt : value;
    }

    private static boolean isMonitoredColumn(String column) {
        return column.equals("confidence") || column.equals("latency_ms") || column.equals("prediction")
                || (column.startsWith("features.") && column.length() > "features.".length());
    }

    private String string(String key, JsonNode node, String dflt) {
        if (isAbsent(node)) {
            return dflt;
        }
        String text = scalarText(key, node, "a string (e.g. " + dflt + ")");
        if (text == null) {
            return dflt;
        }
        if (text.isBlank()) {
            problems.add(key + ": must not be empty; expected a string (e.g. " + dflt + ")");
            return dflt;
        }
        return text.trim();
    }

    private String choice(String key, JsonNode node, String dflt, List<String> allowed) {
        if (isAbsent(node)) {
            return dflt;
        }
        String text = scalarText(key, node, "one of " + String.join(", ", allowed));
        if (text == null) {
            return dflt;
        }
        if (!allowed.contains(text)) {
            problems.add(key + ": " + quote(text) + " is not allowed; allowed: " + String.join(", ", allowed));
            return dflt;
        }
        return text;
    }

    private String topic(String key, JsonNode node, String dflt) {
        String topic = string(key, node, dflt);
        if (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            problems.add(key + ": " + quote(topic) + " is not a valid Kafka topic name; use 1-249 characters of"
                    + " A-Z, a-z, 0-9, '.', '_', '-'");
            return dflt;
        }
        return topic;
    }

    private String outputUri(String key, JsonNode node, String dflt) {
        String uri = string(key, node, dflt);
        return allowedUri(key, uri) ? uri : dflt;
    }

    /** Like {@link #outputUri} but empty (absent, or written as {@code ""}) means unset and is returned as "". */
    private String optionalUri(String key, JsonNode node) {
        if (isAbsent(node)) {
            return "";
        }
        String text = scalarText(key, node, "a URI such as s3://bucket/prefix, or \"\" for the default");
        if (text == null || text.isBlank()) {
            return "";
        }
        String uri = text.trim();
        return allowedUri(key, uri) ? uri : "";
    }

    /** Whether {@code uri} is a local path or a file, s3 or s3a URI; otherwise records a problem. */
    private boolean allowedUri(String key, String uri) {
        java.util.regex.Matcher m = URI_SCHEME.matcher(uri);
        if (m.matches()) {
            String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
            boolean objectStore = scheme.equals("s3") || scheme.equals("s3a");
            if (!(scheme.equals("file") || objectStore) || (objectStore && m.group(2).replace("/", "").isEmpty())) {
                problems.add(key + ": " + quote(uri) + " is not allowed; allowed: a local directory,"
                        + " file:///path, s3://bucket/prefix or s3a://bucket/prefix");
                return false;
            }
        }
        return true;
    }

    /** A duration of at least {@link #MIN_WINDOW_SIZE} that divides one day. */
    private Duration windowSize(String key, JsonNode node, Duration dflt) {
        Duration size = duration(key, node, dflt, MIN_WINDOW_SIZE);
        if (DAY_MILLIS % size.toMillis() != 0) {
            problems.add(key + ": " + shown(node) + " does not divide 1 day evenly, so windows would not align to"
                    + " UTC days; allowed: a duration of at least 1m that divides 24h, e.g. 1m, 5m, 10m, 15m, 30m,"
                    + " 1h, 2h, 6h, 12h, 1d");
            return dflt;
        }
        return size;
    }

    private int integer(String key, JsonNode node, int dflt, int min, int max, String allowed) {
        Long value = optionalInteger(key, node, min, max, allowed);
        return value == null ? dflt : value.intValue();
    }

    /** A whole number in range, or null when absent or invalid (with a problem recorded). */
    private Long optionalInteger(String key, JsonNode node, long min, long max, String allowed) {
        if (isAbsent(node)) {
            return null;
        }
        String text = scalarText(key, node, allowed);
        if (text == null) {
            return null;
        }
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else {
            try {
                value = node.isTextual() ? Long.parseLong(text.trim()) : Long.MIN_VALUE;
            } catch (NumberFormatException e) {
                value = Long.MIN_VALUE;
            }
            if (value == Long.MIN_VALUE) {
                problems.add(key + ": " + shown(node) + " is not a whole number; allowed: " + allowed);
                return null;
            }
        }
        if (value < min || value > max) {
            problems.add(key + ": " + value + " is out of range; allowed: " + allowed);
            return null;
        }
        return value;
    }

    /** A finite number in range, or null when absent or invalid (with a problem recorded). */
    private Double number(String key, JsonNode node, double min, boolean minInclusive, double max, String allowed) {
        if (isAbsent(node)) {
            return null;
        }
        String text = scalarText(key, node, allowed);
        if (text == null) {
            return null;
        }
        double value;
        if (node.isNumber()) {
            value = node.asDouble();
        } else {
            try {
                // BigDecimal, unlike Double.parseDouble, rejects "NaN", "Infinity", "1d" and hex floats.
                value = node.isTextual() ? new BigDecimal(text.trim()).doubleValue() : Double.NaN;
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (Double.isNaN(value)) {
                problems.add(key + ": " + shown(node) + " is not a number; allowed: " + allowed);
                return null;
            }
        }
        boolean aboveMin = minInclusive ? value >= min : value > min;
        if (!Double.isFinite(value) || !aboveMin || value > max) {
            problems.add(key + ": " + shown(node) + " is out of range; allowed: " + allowed);
            return null;
        }
        return value;
    }

    private boolean bool(String key, JsonNode node, boolean dflt) {
        if (isAbsent(node)) {
            return dflt;
        }
        String text = scalarText(key, node, "true or false");
        if (text == null) {
            return dflt;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        problems.add(key + ": " + shown(node) + " is not allowed; allowed: true, false");
        return dflt;
    }

    private Duration duration(String key, JsonNode node, Duration dflt, Duration min) {
        if (isAbsent(node)) {
            return dflt;
        }
        String example = " (e.g. " + Durations.format(dflt) + ")";
        String text = scalarText(key, node, "a duration; " + Durations.SYNTAX + example);
        if (text == null) {
            return dflt;
        }
        Duration value;
        try {
            value = node.isIntegralNumber() || node.isTextual() ? Durations.parse(text) : null;
        } catch (ArithmeticException e) {
            problems.add(key + ": " + shown(node) + " is too long; " + Durations.SYNTAX + example);
            return dflt;
        }
        if (value == null) {
            problems.add(key + ": " + shown(node) + " is not a duration; " + Durations.SYNTAX + example);
            return dflt;
        }
        if (value.compareTo(min) < 0) {
            String bound = min.isZero() ? "0 or more" : "at least " + Durations.format(min);
            problems.add(key + ": " + shown(node) + " is too short; use " + bound + example);
            return dflt;
        }
        return value;
    }

    // ---- messages -----------------------------------------------------------------------------------------

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isMissingNode();
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) return "a map";
        if (node.isArray()) return "a list";
        if (node.isNull()) return "no value";
        if (node.isTextual()) return "the string " + shown(node);
        if (node.isBoolean()) return "the boolean " + node.asText();
        return "the number " + node.asText();
    }

    /** Strings quoted (as in the file), other scalars as written. */
    private static String shown(JsonNode node) {
        return node.isTextual() ? quote(node.textValue()) : node.asText();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** " (did you mean label-wait?)" for a near-miss such as {@code label_wait} or {@code lable-wait}. */
    private static String suggestion(String unknown, ConfigSchema.Section schema) {
        String best = null;
        int bestDistance = 3;
        for (String known : schema.keys.keySet()) {
            int d = editDistance(unknown.toLowerCase(java.util.Locale.ROOT).replace('_', '-'), known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
