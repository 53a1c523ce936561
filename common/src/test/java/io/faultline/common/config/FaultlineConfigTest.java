package io.faultline.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import io.faultline.common.drift.DriftThresholds;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FaultlineConfigTest {

    private static FaultlineConfig parse(String yaml) throws ConfigException {
        return FaultlineConfig.parse(yaml, "test.yaml");
    }

    /** The problems of an invalid config (fails the test if it is valid). */
    private static ConfigException problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    // ---- defaults -----------------------------------------------------------------------------------------

    @Test
    void defaultsAreTheDocumentedValues() {
        FaultlineConfig c = FaultlineConfig.defaults();
        assertThat(c.outputUri()).isEqualTo("./faultline-out");
        assertThat(c.parallelism()).isZero();
        assertThat(c.maxParallelism()).isEqualTo(128);
        assertThat(c.dedupHorizon()).isEqualTo(Duration.ofHours(1));
        assertThat(c.labelWait()).isEqualTo(Duration.ofHours(24));
        assertThat(c.lineageWait()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.allowedLateness()).isEqualTo(Duration.ofHours(1));
        assertThat(c.outOfOrderness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.sourceIdleness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.thresholdsFor("any-model")).isEqualTo(new ModelThresholds(100, 0.5, 0.1));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.kafka().groupId()).isEqualTo("faultline");
        assertThat(c.kafka().startingOffsets()).isEqualTo("earliest");
        assertThat(c.kafka().predictionsTopic()).isEqualTo("predictions");
        assertThat(c.kafka().labelsTopic()).isEqualTo("labels");
        assertThat(c.kafka().deploymentsTopic()).isEqualTo("deployments");
        assertThat(c.kafka().properties()).isEmpty();
        assertThat(c.checkpoints().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.checkpoints().dir()).isEqualTo("file:///tmp/faultline/checkpoints");
        assertThat(c.checkpoints().stateBackend()).isEqualTo("rocksdb");
        assertThat(c.checkpoints().incremental()).isTrue();
        assertThat(c.windowSize()).isEqualTo(Duration.ofHours(1));
        assertThat(c.warmupWindows()).isEqualTo(24);
        assertThat(c.referenceProfilesUri()).isEqualTo("./faultline-out/reference_profiles");
        assertThat(c.driftThresholdsFor("any-model")).isEqualTo(DriftThresholds.defaults());
        assertThat(c.driftThresholdsFor(null)).isEqualTo(DriftThresholds.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "# only a comment\n", "---\n", "~\n", "time:\n", "thresholds:\n  models:\n"})
    void emptyDocumentsAndEmptySectionsAreTheDefaults(String yaml) throws ConfigException {
        assertThat(parse(yaml)).isEqualTo(FaultlineConfig.defaults());
    }

    // ---- reading every key --------------------------------------------------------------------------------

    @Test
    void readsEveryKey() throws ConfigException {
        FaultlineConfig c = parse(String.join("\n",
                "output: {uri: s3://bucket/faultline}",
                "parallelism: 4",
                "max-parallelism: 256",
                "time:",
                "  dedup-horizon: 2h",
                "  label-wait: 2d",
                "  lineage-wait: 500ms",
                "  allowed-lateness: 90s",
                "  out-of-orderness: 1500",
                "  source-idleness: 5m",
                "thresholds:",
                "  defaults: {latency-slo-ms: 250.5, low-confidence: 0.4, ambiguous-margin: 0.05}",
                "  models:",
                "    fraud-detector: {latency-slo-ms: 50}",
                "    churn.v2: {low-confidence: 0.7, ambiguous-margin: 0}",
                "kafka:",
                "  bootstrap-servers: b1:9092, b2:9093",
                "  group-id: faultline-prod",
                "  starting-offsets: committed",
                "  topics: {predictions: p.v1, labels: l.v1, deployments: d.v1}",
                "  properties: {security.protocol: SASL_SSL, max.poll.records: 1000}",
                "checkpoints:",
                "  interval: 1m",
                "  dir: s3://bucket/checkpoints",
                "  state-backend: hashmap",
                "  incremental: false"));
        assertThat(c.outputUri()).isEqualTo("s3://bucket/faultline");
        assertThat(c.parallelism()).isEqualTo(4);
        assertThat(c.maxParallelism()).isEqualTo(256);
        assertThat(c.dedupHorizon()).isEqualTo(Duration.ofHours(2));
        assertThat(c.labelWait()).isEqualTo(Duration.ofDays(2));
        assertThat(c.lineageWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.allowedLateness()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.outOfOrderness()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.sourceIdleness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.thresholdsFor("other")).isEqualTo(new ModelThresholds(250.5, 0.4, 0.05));
        // Per-model keys override; the rest come from this file's defaults, not the built-in ones.
        assertThat(c.thresholdsFor("fraud-detector")).isEqualTo(new ModelThresholds(50, 0.4, 0.05));
        assertThat(c.thresholdsFor("churn.v2")).isEqualTo(new ModelThresholds(250.5, 0.7, 0));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("b1:9092, b2:9093");
        assertThat(c.kafka().groupId()).isEqualTo("faultline-prod");
        assertThat(c.kafka().startingOffsets()).isEqualTo("committed");
        assertThat(c.kafka().predictionsTopic()).isEqualTo("p.v1");
        assertThat(c.kafka().labelsTopic()).isEqualTo("l.v1");
        assertThat(c.kafka().deploymentsTopic()).isEqualTo("d.v1");
        assertThat(c.kafka().properties())
                .containsExactly(Map.entry("max.poll.records", "1000"), Map.entry("security.protocol", "SASL_SSL"));
        assertThat(c.checkpoints().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.checkpoints().dir()).isEqualTo("s3://bucket/checkpoints");
        assertThat(c.checkpoints().stateBackend()).isEqualTo("hashmap");
        assertThat(c.checkpoints().incremental()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "10m, 600000", "1h, 3600000", "2d, 172800000", "0, 0", "1500, 1500",
            "'\"250\"', 250", "0ms, 0"})
    void durationSyntax(String value, long millis) throws ConfigException {
        assertThat(parse("time: {dedup-horizon: " + value + "}").dedupHorizon()).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void quotedScalarsAreAccepted() throws ConfigException {
        FaultlineConfig c = parse("parallelism: \"8\"\ncheckpoints: {incremental: \"false\"}\n"
                + "thresholds: {defaults: {low-confidence: \"0.25\"}}");
        assertThat(c.parallelism()).isEqualTo(8);
        assertThat(c.checkpoints().incremental()).isFalse();
        assertThat(c.thresholdsFor("m").lowConfidence()).isEqualTo(0.25);
    }

    @Test
    void thresholdsForUnknownOrNullModelAreTheDefaults() throws ConfigException {
        FaultlineConfig c = parse("thresholds: {models: {fraud-detector: {latency-slo-ms: 50}}}");
        assertThat(c.thresholdsFor("fraud-detector").latencySloMs()).isEqualTo(50);
        assertThat(c.thresholdsFor("Fraud-Detector").latencySloMs()).isEqualTo(100);
        assertThat(c.thresholdsFor(null).latencySloMs()).isEqualTo(100);
    }

    @Test
    void thresholdBoundsThemselvesAreAllowed() throws ConfigException {
        FaultlineConfig c = parse("thresholds: {defaults: {low-confidence: 0, ambiguous-margin: 1},"
                + " models: {m: {low-confidence: 1, ambiguous-margin: 0, latency-slo-ms: 0.001}}}");
        assertThat(c.thresholdsFor("x")).isEqualTo(new ModelThresholds(100, 0, 1));
        assertThat(c.thresholdsFor("m")).isEqualTo(new ModelThresholds(0.001, 1, 0));
    }

    // ---- validation messages ------------------------------------------------------------------------------

    @Test
    void badDurationNamesKeyAndSyntax() {
        assertThat(problems("time:\n  label-wait: abc\n").getMessage()).isEqualTo(
                "test.yaml: time.label-wait: \"abc\" is not a duration; use a number with a unit ms, s, m, h or d"
                        + " (e.g. 24h)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "time: {out-of-orderness: 1.5}       | time.out-of-orderness: 1.5 is not a duration; use a number with a unit ms, s, m, h or d (e.g. 30s)",
            "time: {out-of-orderness: 10 weeks}  | time.out-of-orderness: \"10 weeks\" is not a duration;",
            "time: {out-of-orderness: true}      | time.out-of-orderness: true is not a duration;",
            "time: {dedup-horizon: -5m}          | time.dedup-horizon: \"-5m\" is too short; use 0 or more (e.g. 1h)",
            "time: {source-idleness: 0}          | time.source-idleness: 0 is too short; use at least 1ms (e.g. 1m)",
            "time: {label-wait: 99999999999999d} | time.label-wait: \"99999999999999d\" is too long;",
            "checkpoints: {interval: 5ms}        | checkpoints.interval: \"5ms\" is too short; use at least 10ms (e.g. 30s)",
    })
    void durationProblems(String yaml, String expectedStart) {
        assertThat(problems(yaml).problems()).singleElement().asString().startsWith(expectedStart.trim());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "checkpoints: {state-backend: foo}        | checkpoints.state-backend: \"foo\" is not allowed; allowed: rocksdb, hashmap",
            "checkpoints: {state-backend: RocksDB}    | checkpoints.state-backend: \"RocksDB\" is not allowed; allowed: rocksdb, hashmap",
            "kafka: {starting-offsets: newest}        | kafka.starting-offsets: \"newest\" is not allowed; allowed: earliest, latest, committed",
            "checkpoints: {incremental: maybe}        | checkpoints.incremental: \"maybe\" is not allowed; allowed: true, false",
            "checkpoints: {incremental: 1}            | checkpoints.incremental: 1 is not allowed; allowed: true, false",
            "parallelism: four                        | parallelism: \"four\" is not a whole number; allowed: a whole number from 0 to 32768 (0 = Flink default)",
            "parallelism: 2.5                         | parallelism: 2.5 is not a whole number;",
            "parallelism: -1                          | parallelism: -1 is out of range; allowed: a whole number from 0 to 32768 (0 = Flink default)",
            "max-parallelism: 0                       | max-parallelism: 0 is out of range; allowed: a whole number from 1 to 32768",
            "max-parallelism: 40000                   | max-parallelism: 40000 is out of range;",
            "thresholds: {defaults: {latency-slo-ms: 0}}      | thresholds.defaults.latency-slo-ms: 0 is out of range; allowed: a number > 0 (milliseconds)",
            "thresholds: {defaults: {latency-slo-ms: 1e400}}  | thresholds.defaults.latency-slo-ms: Infinity is out of range;",
            "thresholds: {defaults: {low-confidence: 1.5}}    | thresholds.defaults.low-confidence: 1.5 is out of range; allowed: a number from 0 to 1",
            "thresholds: {defaults: {low-confidence: NaN}}    | thresholds.defaults.low-confidence: \"NaN\" is not a number; allowed: a number from 0 to 1",
            "thresholds: {models: {m1: {ambiguous-margin: -0.1}}} | thresholds.models.m1.ambiguous-margin: -0.1 is out of range; allowed: a number from 0 to 1",
            "thresholds: {models: {'fraud detector': {latency-slo-ms: 5}}} | thresholds.models: \"fraud detector\" is not a valid model name; use 1-128 characters of A-Z, a-z, 0-9, '.', '_', '-', not starting with '.'",
            "thresholds: {models: {.hidden: {latency-slo-ms: 5}}}          | thresholds.models: \".hidden\" is not a valid model name;",
            "kafka: {bootstrap-servers: localhost}    | kafka.bootstrap-servers: \"localhost\" is not a comma-separated list of host:port; use e.g. localhost:9092 or broker-1:9092,broker-2:9092",
            "kafka: {bootstrap-servers: 'a:1,'}       | kafka.bootstrap-servers: \"a:1,\" is not a comma-separated list of host:port;",
            "kafka: {topics: {labels: 'my labels'}}   | kafka.topics.labels: \"my labels\" is not a valid Kafka topic name; use 1-249 characters of A-Z, a-z, 0-9, '.', '_', '-'",
            "kafka: {group-id: '  '}                  | kafka.group-id: must not be empty; expected a string (e.g. faultline)",
            "kafka: {properties: {acks: [1, 2]}}      | kafka.properties.acks: expected a string, e.g. SASL_SSL, got a list",
            "output: {uri: 'gs://bucket/x'}           | output.uri: \"gs://bucket/x\" is not allowed; allowed: a local directory, file:///path, s3://bucket/prefix or s3a://bucket/prefix",
            "output: {uri: 's3://'}                   | output.uri: \"s3://\" is not allowed;",
            "output: {uri: }                          | output.uri: no value given; expected a string (e.g. ./faultline-out) (or remove the key to use the default)",
    })
    void valueProblemsNameTheKeyAndTheAllowedValues(String yaml, String expectedStart) {
        assertThat(problems(yaml).problems()).singleElement().asString().startsWith(expectedStart.trim());
    }

    @Test
    void unknownTopLevelKeyListsTheKnownKeys() {
        assertThat(problems("paralelism: 4").problems()).containsExactly(
                "paralelism: unknown key (did you mean parallelism?); known keys in the top level: output,"
                        + " parallelism, max-parallelism, time, thresholds, windows, labels, drift, scoring, incidents, remediation, kafka, checkpoints");
    }

    @Test
    void unknownNestedKeyNamesItsFullPathAndTheKeysAtThatLevel() {
        assertThat(problems("time:\n  label_wait: 2h\n").problems()).containsExactly(
                "time.label_wait: unknown key (did you mean label-wait?); known keys in time: dedup-horizon,"
                        + " label-wait, lineage-wait, allowed-lateness, out-of-orderness, source-idleness");
        assertThat(problems("thresholds: {models: {fraud: {slo: 5}}}").problems()).containsExactly(
                "thresholds.models.fraud.slo: unknown key; known keys in thresholds.models.fraud: latency-slo-ms,"
                        + " low-confidence, ambiguous-margin, impact-weight");
        assertThat(problems("kafka: {topics: {prediction: p}}").problems()).singleElement().asString()
                .startsWith("kafka.topics.prediction: unknown key (did you mean predictions?); known keys in"
                        + " kafka.topics: predictions, labels, deployments");
    }

    @Test
    void wrongShapesAreErrors() {
        assertThat(problems("time:\n  - 1h\n  - 2h\n").problems()).containsExactly(
                "time: expected a map with keys dedup-horizon, label-wait, lineage-wait, allowed-lateness,"
                        + " out-of-orderness, source-idleness, got a list");
        assertThat(problems("output: ./out").problems()).containsExactly(
                "output: expected a map with keys uri, got the string \"./out\"");
        assertThat(problems("time: {label-wait: {hours: 2}}").problems()).containsExactly(
                "time.label-wait: expected a duration; use a number with a unit ms, s, m, h or d (e.g. 24h),"
                        + " got a map");
        assertThat(problems("thresholds: {models: [fraud]}").problems()).containsExactly(
                "thresholds.models: expected a map (e.g. {<model>: {latency-slo-ms: 50}}), got a list");
        assertThat(problems("- a\n- b\n").problems()).containsExactly(
                "expected a map with keys output, parallelism, max-parallelism, time, thresholds, windows, labels,"
                        + " drift, scoring, incidents, remediation, kafka, checkpoints at the top level, got a list");
    }

    @Test
    void parallelismMustNotExceedMaxParallelism() {
        assertThat(problems("parallelism: 200").problems()).containsExactly(
                "parallelism: 200 exceeds max-parallelism 128; use at most 128 or raise max-parallelism");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = problems(String.join("\n",
                "time: {label-wait: abc}",
                "checkpoints: {state-backend: foo}",
                "kafka: {topic: x}"));
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).startsWith("test.yaml: 3 problems:\n  time.label-wait: \"abc\" is not a duration")
                .contains("\n  checkpoints.state-backend: \"foo\" is not allowed; allowed: rocksdb, hashmap")
                .contains("\n  kafka.topic: unknown key (did you mean topics?)");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThatThrownBy(() -> parse("time:\n  label-wait: 1h\n  label-wait: 2h\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml: not valid YAML at line 3")
                .hasMessageContaining("label-wait");
    }

    @Test
    void malformedYamlNamesTheOriginAndLine() {
        assertThatThrownBy(() -> parse("time:\n  label-wait: [1h\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml: not valid YAML at line ");
    }

    // ---- files --------------------------------------------------------------------------------------------

    @Test
    void missingFileNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> FaultlineConfig.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + missing + " not found");
    }

    @Test
    void unreadableFileNamesThePath(@TempDir Path dir) {
        // A directory cannot be read as a file, on every OS and as any user.
        assertThatThrownBy(() -> FaultlineConfig.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read config file " + dir + ": ");
    }

    @Test
    void loadUsesThePathAsOrigin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, "parallelism: 2\n");
        assertThat(FaultlineConfig.load(file).parallelism()).isEqualTo(2);
        Files.writeString(file, "parallelism: x\n");
        assertThatThrownBy(() -> FaultlineConfig.load(file)).hasMessageStartingWith(file + ": parallelism: \"x\"");
    }

    // ---- overrides ----------------------------------------------------------------------------------------

    @Test
    void overridesByDottedKey() throws ConfigException {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("output.uri", "/tmp/x");
        o.put("time.label-wait", "2h");
        o.put("parallelism", "3");
        o.put("checkpoints.incremental", "false");
        o.put("thresholds.models.fraud.v2.latency-slo-ms", "40");
        o.put("kafka.properties.security.protocol", "SASL_SSL");
        FaultlineConfig c = FaultlineConfig.defaults().withOverrides(o);
        assertThat(c.outputUri()).isEqualTo("/tmp/x");
        assertThat(c.labelWait()).isEqualTo(Duration.ofHours(2));
        assertThat(c.parallelism()).isEqualTo(3);
        assertThat(c.checkpoints().incremental()).isFalse();
        assertThat(c.thresholdsFor("fraud.v2")).isEqualTo(new ModelThresholds(40, 0.5, 0.1));
        assertThat(c.kafka().properties()).containsExactly(Map.entry("security.protocol", "SASL_SSL"));
        // Untouched keys keep their values.
        assertThat(c.lineageWait()).isEqualTo(FaultlineConfig.defaults().lineageWait());
    }

    @Test
    void overridingADefaultThresholdReachesModelsThatDoNotSetIt() throws ConfigException {
        FaultlineConfig file = parse("thresholds: {models: {fraud: {latency-slo-ms: 50}}}");
        FaultlineConfig c = file.withOverrides(Map.of("thresholds.defaults.low-confidence", "0.3"));
        assertThat(c.thresholdsFor("fraud")).isEqualTo(new ModelThresholds(50, 0.3, 0.1));
    }

    @Test
    void overridesAreValidatedLikeTheFile() {
        assertThatThrownBy(() -> FaultlineConfig.defaults().withOverrides(Map.of("time.label-wait", "abc")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("overrides: time.label-wait: \"abc\" is not a duration; use a number with a unit ms,"
                        + " s, m, h or d (e.g. 24h)");
        assertThatThrownBy(() -> FaultlineConfig.defaults().withOverrides(Map.of("time.lable-wait", "2h")))
                .hasMessageStartingWith("overrides: time.lable-wait: unknown key (did you mean label-wait?);"
                        + " known keys in time: dedup-horizon, label-wait");
        assertThatThrownBy(() -> FaultlineConfig.defaults().withOverrides(Map.of("parallelism.max", "2")))
                .hasMessage("overrides: parallelism.max: parallelism is a single value and has no keys below it");
        assertThatThrownBy(() -> FaultlineConfig.defaults().withOverrides(Map.of("time", "2h")))
                .hasMessageStartingWith("overrides: time: expected a map with keys dedup-horizon,");
        assertThatThrownBy(() -> FaultlineConfig.defaults().withOverrides(Map.of("thresholds.models.m.slo", "2")))
                .hasMessageStartingWith("overrides: thresholds.models.m.slo: unknown key; known keys in"
                        + " thresholds.models.m: latency-slo-ms");
    }

    @Test
    void toMapRoundTripsThroughOverrides() throws ConfigException {
        FaultlineConfig c = parse(String.join("\n",
                "parallelism: 4",
                "time: {label-wait: 2d, lineage-wait: 1500}",
                "thresholds: {defaults: {low-confidence: 0.45}, models: {a.b: {ambiguous-margin: 0.02}}}",
                "kafka: {properties: {sasl.mechanism: PLAIN}}",
                "checkpoints: {state-backend: hashmap}"));
        assertThat(c).isNotEqualTo(FaultlineConfig.defaults());
        assertThat(FaultlineConfig.defaults().withOverrides(c.toMap())).isEqualTo(c);
        assertThat(c.toMap()).containsEntry("time.label-wait", "48h")
                .containsEntry("time.lineage-wait", "1500ms")
                .containsEntry("thresholds.models.a.b.ambiguous-margin", "0.02")
                .containsEntry("kafka.properties.sasl.mechanism", "PLAIN");
    }

    @Test
    void toStringMasksKafkaPropertyValues() throws ConfigException {
        FaultlineConfig c = parse("kafka: {properties: {sasl.jaas.config: secret-password}}");
        assertThat(c.toString()).contains("kafka.properties.sasl.jaas.config=***").doesNotContain("secret-password");
        assertThat(c.kafka().toString()).contains("sasl.jaas.config").doesNotContain("secret-password");
    }

    @Test
    void isSerializableAndImmutable() throws Exception {
        FaultlineConfig c = parse("thresholds: {models: {m: {low-confidence: 0.2}}}\n"
                + "kafka: {properties: {a: b}}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }
        assertThat(back).isEqualTo(c);
        assertThat(((FaultlineConfig) back).thresholdsFor("m").lowConfidence()).isEqualTo(0.2);
        assertThatThrownBy(() -> c.kafka().properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.toMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void knownKeysAreTheLeavesOfTheSchema() {
        assertThat(FaultlineConfig.knownKeys())
                .startsWith("output.uri", "parallelism", "max-parallelism", "time.dedup-horizon")
                .contains("thresholds.models.<model>.latency-slo-ms", "kafka.properties.<name>",
                        "checkpoints.incremental")
                .doesNotHaveDuplicates()
                .hasSize(90);
        // Every fixed key has a value in the effective configuration and vice versa.
        assertThat(FaultlineConfig.defaults().toMap().keySet())
                .containsExactlyInAnyOrderElementsOf(FaultlineConfig.knownKeys().stream()
                        .filter(k -> !k.contains("<")).toList());
    }

    // ---- incidents and remediation ------------------------------------------------------------------------

    @Test
    void incidentSettingsAreReadValidatedAndRoundTrip() throws Exception {
        FaultlineConfig c = FaultlineConfig.parse("incidents:\n  open-after-windows: 3\n  deployment-lookback: 90m\n"
                + "  latency: {min-count: 20, z: 2.5}\n  drift: {min-columns: 2}\n", "test");
        assertThat(c.incidents().openAfterWindows()).isEqualTo(3);
        assertThat(c.incidents().deploymentLookback()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.incidents().latency().minCount()).isEqualTo(20);
        assertThat(c.incidents().latency().z()).isEqualTo(2.5);
        assertThat(c.incidents().latency().minRatio())
                .isEqualTo(io.faultline.common.incident.IncidentSettings.DEFAULT_LATENCY.minRatio());
        assertThat(c.incidents().drift().minColumns()).isEqualTo(2);
        assertThat(c.toMap()).containsEntry("incidents.latency.z", "2.5")
                .containsEntry("incidents.deployment-lookback", "90m");
        assertThat(FaultlineConfig.defaults().withOverrides(c.toMap())).isEqualTo(c);
        assertThat(FaultlineConfig.defaults().incidents())
                .isEqualTo(io.faultline.common.incident.IncidentSettings.defaults());
        assertThat(c).isNotEqualTo(FaultlineConfig.defaults());
        // Overrides arrive as text.
        FaultlineConfig o = FaultlineConfig.defaults().withOverrides(Map.of("incidents.error-rate.min-ratio", "3",
                "incidents.close-after-windows", "4"));
        assertThat(o.incidents().errorRate().minRatio()).isEqualTo(3.0);
        assertThat(o.incidents().closeAfterWindows()).isEqualTo(4);
        assertThat(problems("incidents: {open-after-windows: 0}").problems()).singleElement().asString()
                .startsWith("incidents.open-after-windows must be an integer >= 1");
        assertThat(problems("incidents: {latency: {min-cout: 5}}").problems()).singleElement().asString()
                .startsWith("incidents.latency.min-cout: unknown key");
        assertThat(problems("incidents: {open-after-windows: 1.5}").problems()).singleElement().asString()
                .startsWith("incidents.open-after-windows must be an integer");
    }

    @Test
    void remediationRulesFileIsReadAtLoadTime(@TempDir Path dir) throws Exception {
        assertThat(FaultlineConfig.defaults().remediation())
                .isEqualTo(io.faultline.common.remediation.RemediationRules.defaults());
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, String.join("\n",
                "defaults: replace",
                "rules:",
                "  - id: page-on-call",
                "    applies-to: failure",
                "    kinds: [LATENCY_SLO_BREACH]",
                "    action: INVESTIGATE",
                "    target: '{model}'",
                "    hypothesis: slow",
                "    validation-plan: look",
                "    acceptance-criterion: fast again",
                ""));
        FaultlineConfig c = FaultlineConfig.parse("remediation:\n  rules-file: " + rules + "\n", "test");
        assertThat(c.remediation().rules()).extracting(io.faultline.common.remediation.RemediationRule::id)
                .containsExactly("page-on-call");
        assertThat(c.toMap()).containsEntry("remediation.rules-file", rules.toString());
        assertThat(FaultlineConfig.defaults().withOverrides(c.toMap())).isEqualTo(c);
        assertThat(FaultlineConfig.parse("remediation:\n  rules-file: " + rules.toUri() + "\n", "test")
                .remediation()).isEqualTo(c.remediation());

        Files.writeString(rules, "rules:\n  - id: Bad Id\n    action: NOPE\n");
        assertThat(problems("remediation: {rules-file: '" + rules + "'}").problems()).singleElement().asString()
                .startsWith("remediation.rules-file (\"" + rules + "\"): ")
                .contains("unknown action NOPE");
        assertThat(problems("remediation: {rules-file: '" + dir.resolve("absent.yaml") + "'}").problems())
                .singleElement().asString().endsWith("file not found");
        assertThat(problems("remediation: {rules-file: 's3://bucket/rules.yaml'}").problems())
                .singleElement().asString().contains("allowed: a local path or a file: URI");
    }

    // ---- scoring ----------------------------------------------------------------------------------------------

    @Test
    void scoringSettingsAreReadValidatedAndRoundTrip() throws Exception {
        FaultlineConfig c = FaultlineConfig.parse("scoring:\n  tail-probability: 0.001\n  max-pairs: 3\n"
                + "  pairs: ['features.country,features.device', [features.a, features.b]]\n", "test");
        assertThat(c.scoring().tailProbability()).isEqualTo(0.001);
        assertThat(c.scoring().maxPairs()).isEqualTo(3);
        assertThat(c.scoring().pairs()).hasSize(2);
        assertThat(FaultlineConfig.defaults().withOverrides(c.toMap())).isEqualTo(c);
        assertThat(FaultlineConfig.defaults().scoring()).isEqualTo(io.faultline.common.scoring.ScoringSettings.defaults());
        assertThat(problems("scoring: {tail-probability: 2}").problems()).singleElement().asString()
                .startsWith("scoring: tail-probability must be a number in (0, 1)");
        assertThat(problems("scoring: {tail-prob: 0.1}").problems()).singleElement().asString()
                .startsWith("scoring.tail-prob: unknown key");
    }

    // ---- labels and impact weight -------------------------------------------------------------------------

    @Test
    void labelAndImpactDefaults() {
        FaultlineConfig c = FaultlineConfig.defaults();
        assertThat(c.labels().policy()).isEqualTo("newest");
        assertThat(c.labels().sourcePriority()).containsExactly("human", "outcome", "system");
        assertThat(c.labels().noiseConfidence()).isEqualTo(0.95);
        assertThat(c.thresholdsFor("any").impactWeight()).isEqualTo(1.0);
    }

    @Test
    void readsLabelKeysAndPerModelImpactWeights() throws ConfigException {
        FaultlineConfig c = parse(String.join("\n",
                "thresholds: {defaults: {impact-weight: 0.5}, models: {fraud: {impact-weight: 4}, churn: {low-confidence: 0.2}}}",
                "labels: {policy: source-priority, source-priority: 'outcome, human', noise-confidence: 0.9}"));
        assertThat(c.labels().policy()).isEqualTo("source-priority");
        assertThat(c.labels().sourcePriority()).containsExactly("outcome", "human");
        assertThat(c.labels().noiseConfidence()).isEqualTo(0.9);
        assertThat(c.thresholdsFor("fraud").impactWeight()).isEqualTo(4);
        assertThat(c.thresholdsFor("churn")).isEqualTo(new ModelThresholds(100, 0.2, 0.1, 0.5));
        assertThat(c.thresholdsFor("other").impactWeight()).isEqualTo(0.5);
        assertThat(c.toMap()).containsEntry("labels.source-priority", "outcome,human")
                .containsEntry("thresholds.models.fraud.impact-weight", "4")
                .containsEntry("thresholds.defaults.impact-weight", "0.5");
        assertThat(FaultlineConfig.defaults().withOverrides(c.toMap())).isEqualTo(c);
        assertThat(FaultlineConfig.defaults().withOverrides(Map.of("labels.policy", "majority")).labels().policy())
                .isEqualTo("majority");
    }

    @Test
    void anEmptySourcePriorityRanksEverySourceTheSame() throws ConfigException {
        FaultlineConfig c = parse("labels: {source-priority: ''}");
        assertThat(c.labels().sourcePriority()).isEmpty();
        assertThat(FaultlineConfig.defaults().withOverrides(c.toMap())).isEqualTo(c);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "labels: {policy: oldest}                      | labels.policy: \"oldest\" is not allowed; allowed: newest, majority, source-priority",
            "labels: {source-priority: 'human,crowd'}      | labels.source-priority: \"human,crowd\" is not allowed; allowed: a comma-separated list of distinct sources from human, outcome, system",
            "labels: {source-priority: 'human,human'}      | labels.source-priority: \"human,human\" is not allowed;",
            "labels: {source-priority: 'human,,outcome'}   | labels.source-priority: \"human,,outcome\" is not allowed;",
            "labels: {noise-confidence: 0}                 | labels.noise-confidence: 0 is out of range; allowed: a number > 0 and at most 1",
            "labels: {noise-confidence: 1.01}              | labels.noise-confidence: 1.01 is out of range;",
            "labels: {noise_confidence: 0.9}               | labels.noise_confidence: unknown key (did you mean noise-confidence?)",
            "thresholds: {defaults: {impact-weight: 0}}    | thresholds.defaults.impact-weight: 0 is out of range; allowed: a number > 0 and at most 1024",
            "thresholds: {models: {m: {impact-weight: 2000}}} | thresholds.models.m.impact-weight: 2000 is out of range;",
    })
    void labelAndImpactProblemsNameTheKeyAndTheAllowedValues(String yaml, String expectedStart) {
        assertThat(problems(yaml).problems()).singleElement().asString().startsWith(expectedStart.trim());
    }

    // ---- windows and drift --------------------------------------------------------------------------------

    @Test
    void driftDefaultsComeFromDriftThresholds() {
        Map<String, String> m = FaultlineConfig.defaults().toMap();
        DriftThresholds t = DriftThresholds.defaults();
        assertThat(m).containsEntry("windows.size", "1h")
                .containsEntry("drift.warmup-windows", "24")
                .containsEntry("drift.reference-profiles", "")
                .containsEntry("drift.thresholds.min-sample-size", Long.toString(t.minSampleSize()))
                .containsEntry("drift.thresholds.psi-warn", "0.1")
                .containsEntry("drift.thresholds.psi-drift", "0.25")
                .containsEntry("drift.thresholds.js-distance-warn", "0.1")
                .containsEntry("drift.thresholds.js-distance-drift", "0.2")
                .containsEntry("drift.thresholds.wasserstein-norm-warn", "0.1")
                .containsEntry("drift.thresholds.wasserstein-norm-drift", "0.2");
    }

    @Test
    void readsWindowAndDriftKeys() throws ConfigException {
        FaultlineConfig c = parse(String.join("\n",
                "output: {uri: 's3://bucket/out/'}",
                "windows: {size: 15m}",
                "drift:",
                "  warmup-windows: 5",
                "  thresholds:",
                "    min-sample-size: 500",
                "    psi-warn: 0.15",
                "    psi-drift: 0.3",
                "    js-distance-warn: 0.05",
                "    js-distance-drift: 1",
                "    wasserstein-norm-warn: 0.2",
                "    wasserstein-norm-drift: 0.4",
                "  models:",
                "    fraud-detector: {psi-drift: 0.5, min-sample-size: 2000}",
                "    fraud.v2: {wasserstein-norm-warn: 0.4}"));
        assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.warmupWindows()).isEqualTo(5);
        assertThat(c.referenceProfilesUri()).isEqualTo("s3://bucket/out/reference_profiles");
        DriftThresholds base = DriftThresholds.builder().minSampleSize(500).psi(0.15, 0.3).jsDistance(0.05, 1)
                .wassersteinNorm(0.2, 0.4).build();
        assertThat(c.driftThresholdsFor("other")).isEqualTo(base);
        assertThat(c.driftThresholdsFor("fraud-detector")).isEqualTo(DriftThresholds.builder().minSampleSize(2000)
                .psi(0.15, 0.5).jsDistance(0.05, 1).wassersteinNorm(0.2, 0.4).build());
        assertThat(c.driftThresholdsFor("fraud.v2")).isEqualTo(DriftThresholds.builder().minSampleSize(500)
                .psi(0.15, 0.3).jsDistance(0.05, 1).wassersteinNorm(0.4, 0.4).build());
        assertThat(c.toMap()).containsEntry("drift.models.fraud-detector.psi-drift", "0.5")
                .containsEntry("drift.models.fraud-detector.min-sample-size", "2000")
                .containsEntry("drift.models.fraud.v2.wasserstein-norm-warn", "0.4")
                .doesNotContainKey("drift.models.fraud.v2.psi-drift");
        assertThat(FaultlineConfig.defaults().withOverrides(c.toMap())).isEqualTo(c);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1m | 60000", "90s | 90000", "5m | 300000", "15m | 900000", "2h | 7200000", "1d | 86400000",
            "24h | 86400000"})
    void windowSizesThatDivideADay(String value, long millis) throws ConfigException {
        assertThat(parse("windows: {size: " + value + "}").windowSize()).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void referenceProfilesUri() throws ConfigException {
        assertThat(parse("drift: {reference-profiles: 's3://ref/profiles'}").referenceProfilesUri())
                .isEqualTo("s3://ref/profiles");
        assertThat(parse("drift: {reference-profiles: ''}")).isEqualTo(FaultlineConfig.defaults());
        assertThat(parse("output: {uri: 'file:///'}").referenceProfilesUri()).isEqualTo("file:///reference_profiles");
        assertThat(parse("output: {uri: /data/out}").referenceProfilesUri()).isEqualTo("/data/out/reference_profiles");
    }

    @Test
    void driftOverridesByDottedKey() throws ConfigException {
        FaultlineConfig file = parse("drift: {models: {fraud.v2: {psi-warn: 0.2}}}");
        Map<String, String> o = new LinkedHashMap<>();
        o.put("drift.models.fraud.v2.psi-drift", "0.3");
        o.put("drift.thresholds.min-sample-size", "2000");
        o.put("windows.size", "5m");
        o.put("drift.warmup-windows", "10");
        o.put("drift.reference-profiles", "s3://b/ref");
        FaultlineConfig c = file.withOverrides(o);
        assertThat(c.driftThresholdsFor("fraud.v2")).isEqualTo(
                DriftThresholds.builder().psi(0.2, 0.3).minSampleSize(2000).build());
        // A default set by override reaches the models that do not set it; other models get the defaults.
        assertThat(c.driftThresholdsFor("fraud")).isEqualTo(DriftThresholds.builder().minSampleSize(2000).build());
        assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.warmupWindows()).isEqualTo(10);
        assertThat(c.referenceProfilesUri()).isEqualTo("s3://b/ref");
        // An empty override resets the reference root to its default under output.uri.
        assertThat(c.withOverrides(Map.of("drift.reference-profiles", "")).referenceProfilesUri())
                .isEqualTo("./faultline-out/reference_profiles");
        assertThatThrownBy(() -> c.withOverrides(Map.of("drift.models.fraud.v2.psi-drift", "0.1")))
                .hasMessage("overrides: drift.models.fraud.v2.psi-warn: 0.2 exceeds psi-drift 0.1; allowed: a"
                        + " warn threshold at most its drift threshold");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "windows: {size: 7m}                 | windows.size: \"7m\" does not divide 1 day evenly, so windows would not align to UTC days; allowed: a duration of at least 1m that divides 24h, e.g. 1m, 5m, 10m, 15m, 30m, 1h, 2h, 6h, 12h, 1d",
            "windows: {size: 2d}                 | windows.size: \"2d\" does not divide 1 day evenly,",
            "windows: {size: 30s}                | windows.size: \"30s\" is too short; use at least 1m (e.g. 1h)",
            "windows: {size: 0}                  | windows.size: 0 is too short; use at least 1m (e.g. 1h)",
            "windows: {size: hourly}             | windows.size: \"hourly\" is not a duration; use a number with a unit ms, s, m, h or d (e.g. 1h)",
            "drift: {warmup-windows: 0}          | drift.warmup-windows: 0 is out of range; allowed: a whole number from 1 to 1000",
            "drift: {warmup-windows: 1001}       | drift.warmup-windows: 1001 is out of range; allowed: a whole number from 1 to 1000",
            "drift: {reference-profiles: 'gs://x'} | drift.reference-profiles: \"gs://x\" is not allowed; allowed: a local directory, file:///path, s3://bucket/prefix or s3a://bucket/prefix",
            "drift: {thresholds: {psi-warn: -0.1}}          | drift.thresholds.psi-warn: -0.1 is out of range; allowed: a number > 0",
            "drift: {thresholds: {psi-drift: 0}}            | drift.thresholds.psi-drift: 0 is out of range; allowed: a number > 0",
            "drift: {thresholds: {js-distance-drift: 1.5}}  | drift.thresholds.js-distance-drift: 1.5 is out of range; allowed: a number > 0 and at most 1",
            "drift: {thresholds: {min-sample-size: 0}}      | drift.thresholds.min-sample-size: 0 is out of range; allowed: a whole number from 1 to 2147483647",
            "drift: {thresholds: {min-sample-size: 10.5}}   | drift.thresholds.min-sample-size: 10.5 is not a whole number;",
            "drift: {models: {m1: {wasserstein-norm-warn: -1}}} | drift.models.m1.wasserstein-norm-warn: -1 is out of range; allowed: a number > 0",
            "drift: {thresholds: {psi-warn: 0.3}}           | drift.thresholds.psi-warn: 0.3 exceeds psi-drift 0.25 (the default); allowed: a warn threshold at most its drift threshold",
            "drift: {thresholds: {psi-warn: 0.3, psi-drift: 0.2}} | drift.thresholds.psi-warn: 0.3 exceeds psi-drift 0.2; allowed: a warn threshold at most its drift threshold",
            "drift: {thresholds: {js-distance-drift: 0.05}} | drift.thresholds.js-distance-drift: 0.05 is below js-distance-warn 0.1 (the default); allowed: a drift threshold at least its warn threshold",
            "drift: {models: {fraud: {psi-drift: 0.05}}}    | drift.models.fraud.psi-drift: 0.05 is below psi-warn 0.1 (from drift.thresholds); allowed: a drift threshold at least its warn threshold",
            "drift: {models: {'fraud detector': {psi-drift: 0.3}}} | drift.models: \"fraud detector\" is not a valid model name;",
    })
    void windowAndDriftProblemsNameTheKeyAndTheAllowedValues(String yaml, String expectedStart) {
        assertThat(problems(yaml).problems()).singleElement().asString().startsWith(expectedStart.trim());
    }

    @Test
    void unknownDriftKeysSuggestTheKnownOnes() {
        assertThat(problems("drift: {thresholds: {psi_warn: 0.2}}").problems()).containsExactly(
                "drift.thresholds.psi_warn: unknown key (did you mean psi-warn?); known keys in drift.thresholds:"
                        + " min-sample-size, psi-warn, psi-drift, js-distance-warn, js-distance-drift,"
                        + " wasserstein-norm-warn, wasserstein-norm-drift");
        assertThat(problems("drift: {models: {fraud.v2: {psi_drift: 0.3}}}").problems()).singleElement().asString()
                .startsWith("drift.models.fraud.v2.psi_drift: unknown key (did you mean psi-drift?); known keys in"
                        + " drift.models.fraud.v2: min-sample-size,");
        assertThat(problems("drift: {warmup: 3}").problems()).singleElement().asString()
                .startsWith("drift.warmup: unknown key; known keys in drift: warmup-windows, reference-profiles, ignore-columns,"
                        + " thresholds, models");
        assertThat(problems("windows: {sise: 1h}").problems()).containsExactly(
                "windows.sise: unknown key (did you mean size?); known keys in windows: size");
        assertThatThrownBy(() -> FaultlineConfig.defaults().withOverrides(
                Map.of("drift.thresholds.wasserstein-warn", "0.2")))
                .hasMessageStartingWith("overrides: drift.thresholds.wasserstein-warn: unknown key;");
    }

    @Test
    void driftSettingsSurviveSerialization() throws Exception {
        FaultlineConfig c = parse("windows: {size: 5m}\ndrift: {models: {m: {psi-drift: 0.4}}}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        FaultlineConfig back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (FaultlineConfig) in.readObject();
        }
        assertThat(back).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(back.driftThresholdsFor("m").psiDrift()).isEqualTo(0.4);
        assertThat(back.windowSize()).isEqualTo(Duration.ofMinutes(5));
    }
}
