package io.faultline.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.SourceKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Throws thousands of generated hostile payloads at one decoder (fixed seed, so a failure replays
 * exactly) and checks the contract's promise: every payload either decodes into a record that satisfies
 * every rule, or is rejected with a code and a one-line message. Nothing else may come out.
 */
class HostileInputTest {
    private static final long SEED = 20261122;
    private static final int CASES = 8_000;
    private static final Pattern SAFE_PARTITION_VALUE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final String HUGE_STRING = TestingPayloads.stringOf(100_000, 'h');
    private static final String OVERSIZED_STRING = TestingPayloads.stringOf(ContractDecoder.MAX_PAYLOAD_CHARS, 'o');

    private static final String[] HOSTILE_VALUES = {
        "NaN", "Infinity", "-Infinity", "+Infinity", "1e999", "-1e999", "1e-999", "-0", "0", "1", "1.0", "1e0", "0.5",
        "-1", "1.5", "9223372036854775808", "99999999999999999999999", "1" + "0".repeat(1200), "null", "true", "false",
        "[]", "{}", "[1,2]", "{\"a\":{\"b\":1}}", "\"\"", "\" \"", "\"x\"", "\"../x\"", "\"a/b\"", "\".hidden\"", "\"x=y\"",
        "\"..\"", "\"mod\u00e8le\"", "\"\u202e\u0000\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\n\"", "\"a\\\\b\"",
        "\"C:\\\\x\"", "\"\uD83D\uDE00\"", "\"2026-10-01T06:00:00\"", "\"2026-10-01T06:00:00Z\"", "\"2026-02-30T00:00:00Z\"",
        "\"1790000000000\"", "1790000000000", "1790000000000.0", "-1790000000000", "2", "3", HUGE_STRING, OVERSIZED_STRING,
        "[".repeat(10_000), "{\"k\":".repeat(60) + "1" + "}".repeat(60), "[".repeat(31) + "]".repeat(31),
        TestingPayloads.objectWithEntries(1100, "1"), "{\"a\":NaN}", "{\"a\":1,\"a\":2}", "{\"\":1}", "{\"a\":[]}",
        "{\"a\":\"b\"}", "{\"a\":true}", "{\"a\":null}", "{\"a\":0.5,\"b\":1e999}", "'x'", "tru", "nul", "0x10", "01", ".5",
    };

    private static final String JSON_ALPHABET = "{}[]:,\"\\/ \t\n\r0123456789.eE+-truefalsnNaIfiy_xyz=\u00e8\u0000\u2028\uFEFF\uD83D";

    private final Random random = new Random(SEED);
    private final ContractDecoder decoder = new ContractDecoder();

    @Test
    void everyPayloadDecodesValidlyOrIsRejectedWithACodeAndMessage() {
        Map<ErrorCode, Integer> rejections = new EnumMap<>(ErrorCode.class);
        int decoded = 0;
        for (int i = 0; i < CASES; i++) {
            SourceKind kind = SourceKind.values()[random.nextInt(3)];
            String payload = hostilePayload(kind);
            try {
                Object record = random.nextBoolean() ? decoder.decode(kind, payload) : decodeDirectly(kind, payload);
                checkInvariants(record);
                decoded++;
            } catch (ContractViolation violation) {
                assertThat(violation.code()).as("code for case %d", i).isNotNull();
                assertThat(violation.getMessage()).as("message for case %d", i)
                        .isNotBlank().doesNotContain("\n").doesNotContain("\r").hasSizeLessThan(1000);
                rejections.merge(violation.code(), 1, Integer::sum);
            } catch (Throwable unexpected) {
                fail("case " + i + " (" + kind + ") threw " + unexpected + " for payload " + excerpt(payload), unexpected);
            }
        }
        // The generator must exercise both outcomes and many rules, or the test proves little.
        assertThat(decoded).as("decoded records").isGreaterThan(CASES / 10);
        assertThat(rejections.keySet()).as("codes produced: %s", rejections).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void generatedValidRecordsDecodeToWhatWasGenerated() throws ContractViolation {
        for (int i = 0; i < 2_000; i++) {
            int features = random.nextInt(40);
            String eventId = "evt-" + i;
            String payload = validPrediction(eventId, features).json();

            Prediction p = decoder.decodePrediction(payload);

            checkInvariants(p);
            assertThat(p.eventId).isEqualTo(eventId);
            assertThat(p.numericFeatureNames.length + p.categoricalFeatureNames.length + p.missingFeatures.length)
                    .isEqualTo(features);
        }
    }

    private Object decodeDirectly(SourceKind kind, String payload) throws ContractViolation {
        switch (kind) {
            case PREDICTIONS:
                return decoder.decodePrediction(payload);
            case LABELS:
                return decoder.decodeLabel(payload);
            default:
                return decoder.decodeDeployment(payload);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Generators.

    private String hostilePayload(SourceKind kind) {
        TestingPayloads base = validRecord(kind);
        switch (random.nextInt(12)) {
            case 0:
                return base.json();
            case 1: {
                String json = base.json();
                return json.substring(0, random.nextInt(json.length() + 1));
            }
            case 2: {
                char[] chars = base.json().toCharArray();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    chars[random.nextInt(chars.length)] = JSON_ALPHABET.charAt(random.nextInt(JSON_ALPHABET.length()));
                }
                return new String(chars);
            }
            case 3:
            case 4: {
                String[] names = base.fieldNames();
                return base.with(names[random.nextInt(names.length)], hostileValue()).json();
            }
            case 5:
                return base.with(randomKey(), hostileValue()).json();
            case 6:
                return randomJunk(random.nextInt(300));
            case 7: {
                byte[] bytes = new byte[random.nextInt(400)];
                random.nextBytes(bytes);
                return new String(bytes, random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            }
            case 8: {
                String[] names = base.fieldNames();
                String json = base.json();
                return json.substring(0, json.length() - 1) + ",\"" + names[random.nextInt(names.length)] + "\":"
                        + hostileValue() + "}";
            }
            case 9: {
                String json = base.json();
                int from = random.nextInt(json.length());
                int to = Math.min(json.length(), from + 1 + random.nextInt(20));
                return json.substring(0, from) + json.substring(to);
            }
            case 10:
                return random.nextBoolean() ? base.json() + validRecord(kind).json() : "[".repeat(10_000) + base.json();
            default: {
                String map = kind == SourceKind.DEPLOYMENTS ? "feature_flags"
                        : new String[] {"features", "scores", "attributes"}[random.nextInt(3)];
                return base.with(map, "{" + quoted(randomKey()) + ":" + hostileValue() + "," + quoted(randomKey())
                        + ":" + hostileValue() + "}").json();
            }
        }
    }

    private TestingPayloads validRecord(SourceKind kind) {
        switch (kind) {
            case PREDICTIONS:
                return validPrediction("evt-" + random.nextInt(1_000_000), random.nextInt(12));
            case LABELS: {
                TestingPayloads label = TestingPayloads.label()
                        .with("label", random.nextBoolean() ? quoted("class-" + random.nextInt(3)) : Integer.toString(random.nextInt(2)))
                        .with("label_time", timestamp());
                if (random.nextBoolean()) {
                    label.with("source", quoted(new String[] {"outcome", "human", "system"}[random.nextInt(3)]))
                            .with("reviewer", quoted("rev-" + random.nextInt(9)))
                            .with("justification", quoted(randomKey()))
                            .with("schema_version", "1");
                }
                return label;
            }
            default: {
                TestingPayloads deployment = TestingPayloads.deployment()
                        .with("model", quoted(safeName()))
                        .with("model_version", quoted(safeName()))
                        .with("deployed_at", timestamp());
                if (random.nextBoolean()) {
                    deployment.with("deployment_id", quoted("dep-" + random.nextInt(100)))
                            .with("environment", "\"prod\"")
                            .with("checkpoint_uri", "\"s3://bucket/ckpt\"")
                            .with("code_version", "\"abc123\"")
                            .with("schema_version", "1");
                }
                return deployment;
            }
        }
    }

    private TestingPayloads validPrediction(String eventId, int featureCount) {
        StringBuilder features = new StringBuilder("{");
        for (int f = 0; f < featureCount; f++) {
            features.append(f == 0 ? "" : ",").append(quoted("f" + f + "_" + random.nextInt(1000))).append(':');
            switch (random.nextInt(5)) {
                case 0 -> features.append(random.nextGaussian() * 100);
                case 1 -> features.append(random.nextInt(1000));
                case 2 -> features.append(quoted("c" + random.nextInt(5)));
                case 3 -> features.append(random.nextBoolean());
                default -> features.append("null");
            }
        }
        TestingPayloads prediction = TestingPayloads.prediction()
                .with("event_id", quoted(eventId))
                .with("event_time", timestamp())
                .with("model", quoted(safeName()))
                .with("model_version", quoted(safeName()))
                .with("features", features.append('}').toString())
                .with("prediction", random.nextBoolean() ? quoted("fraud") : Double.toString(random.nextDouble()))
                .with("confidence", Double.toString(random.nextDouble()));
        if (random.nextBoolean()) {
            prediction.with("scores", "{\"fraud\":" + random.nextDouble() + ",\"legit\":" + random.nextDouble() + "}")
                    .with("latency_ms", Integer.toString(random.nextInt(500)))
                    .with("segment", quoted("seg-" + random.nextInt(4)))
                    .with("attributes", "{\"user\":\"u-" + random.nextInt(100) + "\"}")
                    .with("schema_version", "1");
        }
        return prediction;
    }

    private String timestamp() {
        long epochMillis = 1_700_000_000_000L + (long) (random.nextDouble() * 200_000_000_000L);
        return random.nextBoolean()
                ? Long.toString(epochMillis)
                : quoted(java.time.Instant.ofEpochMilli(epochMillis).atOffset(java.time.ZoneOffset.ofHours(random.nextInt(25) - 12)).toString());
    }

    private String safeName() {
        String[] names = {"fraud-scorer", "churn_v2", "m", "A.b-c_1", "v1.4.2", "2026.10"};
        return names[random.nextInt(names.length)];
    }

    private String hostileValue() {
        return random.nextInt(4) == 0 ? randomJunk(random.nextInt(30)) : HOSTILE_VALUES[random.nextInt(HOSTILE_VALUES.length)];
    }

    private String randomKey() {
        return random.nextInt(5) == 0 ? "" : randomJunk(1 + random.nextInt(12)).replace("\\", "").replace("\"", "");
    }

    private String randomJunk(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(random.nextInt(3) == 0 ? (char) random.nextInt(0x10000) : JSON_ALPHABET.charAt(random.nextInt(JSON_ALPHABET.length())));
        }
        return out.toString();
    }

    private static String quoted(String text) {
        return '"' + text + '"';
    }

    private static String excerpt(String payload) {
        return payload == null ? "null" : payload.length() <= 300 ? payload : payload.substring(0, 300) + "... (" + payload.length() + " chars)";
    }

    // ---------------------------------------------------------------------------------------------------
    // Invariants every decoded record must satisfy.

    private static void checkInvariants(Object record) {
        if (record instanceof Prediction) {
            checkPrediction((Prediction) record);
        } else if (record instanceof Label) {
            checkLabel((Label) record);
        } else {
            checkDeployment((Deployment) record);
        }
    }

    private static void checkPrediction(Prediction p) {
        checkEventId(p.eventId);
        checkTime(p.eventTime);
        assertThat(p.model).matches(SAFE_PARTITION_VALUE);
        assertThat(p.modelVersion).matches(SAFE_PARTITION_VALUE);
        checkSortedUniqueNames(p.numericFeatureNames);
        checkSortedUniqueNames(p.categoricalFeatureNames);
        checkSortedUniqueNames(p.missingFeatures);
        assertThat(p.numericFeatureValues).hasSameSizeAs(p.numericFeatureNames);
        assertThat(p.categoricalFeatureValues).hasSameSizeAs(p.categoricalFeatureNames).doesNotContainNull();
        for (double value : p.numericFeatureValues) {
            assertThat(Double.isFinite(value)).isTrue();
        }
        Set<String> allNames = new HashSet<>(Arrays.asList(p.numericFeatureNames));
        allNames.addAll(Arrays.asList(p.categoricalFeatureNames));
        allNames.addAll(Arrays.asList(p.missingFeatures));
        assertThat(allNames).hasSize(p.numericFeatureNames.length + p.categoricalFeatureNames.length + p.missingFeatures.length)
                .hasSizeLessThanOrEqualTo(ContractDecoder.MAX_ENTRIES);
        assertThat(p.prediction).isNotEmpty().hasSizeLessThanOrEqualTo(ContractDecoder.MAX_VALUE_CHARS);
        if (p.confidence != null) {
            assertThat(p.confidence).isBetween(0.0, 1.0);
        }
        if (p.scoreClasses != null) {
            checkSortedUniqueNames(p.scoreClasses);
            assertThat(p.scoreValues).hasSameSizeAs(p.scoreClasses);
            for (double value : p.scoreValues) {
                assertThat(value).isBetween(0.0, 1.0);
            }
        } else {
            assertThat(p.scoreValues).isNull();
        }
        if (p.latencyMs != null) {
            assertThat(p.latencyMs).isFinite().isGreaterThanOrEqualTo(0.0);
        }
        if (p.attributeKeys != null) {
            checkSortedUniqueNames(p.attributeKeys);
            assertThat(p.attributeValues).hasSameSizeAs(p.attributeKeys).doesNotContainNull();
        } else {
            assertThat(p.attributeValues).isNull();
        }
        assertThat(p.schemaVersion).isEqualTo(ContractDecoder.SUPPORTED_SCHEMA_VERSION);
    }

    private static void checkLabel(Label l) {
        checkEventId(l.eventId);
        checkTime(l.labelTime);
        assertThat(l.label).isNotEmpty().hasSizeLessThanOrEqualTo(ContractDecoder.MAX_VALUE_CHARS);
        if (l.source != null) {
            assertThat(l.source).isIn("outcome", "human", "system");
        }
    }

    private static void checkDeployment(Deployment d) {
        assertThat(d.model).matches(SAFE_PARTITION_VALUE);
        assertThat(d.modelVersion).matches(SAFE_PARTITION_VALUE);
        checkTime(d.deployedAt);
        if (d.featureFlagKeys != null) {
            checkSortedUniqueNames(d.featureFlagKeys);
            assertThat(d.featureFlagValues).hasSameSizeAs(d.featureFlagKeys).doesNotContainNull();
        } else {
            assertThat(d.featureFlagValues).isNull();
        }
    }

    private static void checkEventId(String eventId) {
        assertThat(eventId).isNotEmpty().hasSizeLessThanOrEqualTo(ContractDecoder.MAX_ID_CHARS);
    }

    private static void checkTime(long epochMillis) {
        assertThat(epochMillis).isBetween(Timestamps.MIN_EPOCH_MILLIS, Timestamps.MAX_EPOCH_MILLIS);
    }

    private static void checkSortedUniqueNames(String[] names) {
        assertThat(names).isNotNull().doesNotContainNull();
        for (int i = 0; i < names.length; i++) {
            assertThat(names[i]).isNotEmpty().hasSizeLessThanOrEqualTo(ContractDecoder.MAX_NAME_CHARS);
            if (i > 0) {
                assertThat(names[i - 1].compareTo(names[i])).as("%s before %s", names[i - 1], names[i]).isNegative();
            }
        }
    }
}
