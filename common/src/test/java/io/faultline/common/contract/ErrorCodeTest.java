package io.faultline.common.contract;

import static io.faultline.common.contract.TestingPayloads.deployment;
import static io.faultline.common.contract.TestingPayloads.label;
import static io.faultline.common.contract.TestingPayloads.objectWithEntries;
import static io.faultline.common.contract.TestingPayloads.prediction;
import static io.faultline.common.contract.TestingPayloads.stringOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faultline.common.model.SourceKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One or more bad records per {@link ErrorCode}, each with the code it must produce and a fragment its
 * message must contain (usually the field name and the offending value). {@link #everyErrorCodeHasAFixture}
 * fails the build when a code is added without a fixture here.
 */
class ErrorCodeTest {
    private static final SourceKind P = SourceKind.PREDICTIONS;
    private static final SourceKind L = SourceKind.LABELS;
    private static final SourceKind D = SourceKind.DEPLOYMENTS;

    record Fixture(String name, SourceKind kind, String payload, ErrorCode code, String messageFragment) {
        @Override
        public String toString() {
            return code + ": " + name;
        }
    }

    private static Fixture fixture(String name, SourceKind kind, String payload, ErrorCode code, String fragment) {
        return new Fixture(name, kind, payload, code, fragment);
    }

    static List<Fixture> fixtures() {
        String deepArray = "[".repeat(10_000);
        return List.of(
            fixture("null payload", P, null, ErrorCode.EMPTY_PAYLOAD, "null"),
            fixture("empty payload", L, "", ErrorCode.EMPTY_PAYLOAD, "empty"),
            fixture("blank payload", D, " \t\r\n ", ErrorCode.EMPTY_PAYLOAD, "blank"),
            fixture("only a byte-order mark", P, "\uFEFF", ErrorCode.EMPTY_PAYLOAD, "blank"),

            fixture("1 MiB of unknown field", P, prediction().with("padding", stringOf(ContractDecoder.MAX_PAYLOAD_CHARS, 'x')).json(),
                ErrorCode.PAYLOAD_TOO_LARGE, "the limit is 1048576"),

            fixture("truncated record", P, "{\"event_id\":\"e\",\"features\":{\"a\":1", ErrorCode.INVALID_JSON, "ends unexpectedly"),
            fixture("single quotes", L, "{'event_id':'e'}", ErrorCode.INVALID_JSON, "at line 1, column 3: Unexpected character"),
            fixture("bare word", D, "deployed", ErrorCode.INVALID_JSON, "Unrecognized token 'deployed'"),
            fixture("misspelled literal", P, prediction().with("confidence", "tru").json(), ErrorCode.INVALID_JSON, "in field \"confidence\""),
            fixture("missing colon", L, "{\"event_id\" \"e\"}", ErrorCode.INVALID_JSON, "colon"),
            fixture("leading zero", P, prediction().with("latency_ms", "007").json(), ErrorCode.INVALID_JSON, "Leading zeroes"),
            fixture("unterminated string", D, "{\"model\":\"abc", ErrorCode.INVALID_JSON, "ends unexpectedly"),

            fixture("array", P, "[" + prediction().json() + "]", ErrorCode.NOT_AN_OBJECT, "is an array"),
            fixture("string", L, "\"label\"", ErrorCode.NOT_AN_OBJECT, "is a string (\"label\")"),
            fixture("number", D, "42", ErrorCode.NOT_AN_OBJECT, "is a number (42)"),
            fixture("null", P, "null", ErrorCode.NOT_AN_OBJECT, "is null"),
            fixture("10 000 open brackets", P, deepArray, ErrorCode.NOT_AN_OBJECT, "is an array"),

            fixture("second object", P, prediction().json() + prediction().json(), ErrorCode.TRAILING_CONTENT, "after the JSON object"),
            fixture("extra brace", L, label().json() + "}", ErrorCode.TRAILING_CONTENT, "line 1, column"),
            fixture("trailing junk", D, deployment().json() + " ;drop table", ErrorCode.TRAILING_CONTENT, "after the JSON object"),

            fixture("33 levels in an unknown field", P, prediction().with("trace", "[".repeat(32) + "]".repeat(32)).json(),
                ErrorCode.TOO_DEEPLY_NESTED, "deeper than 32 levels in field \"trace\""),
            fixture("10 000 levels in an unknown field", L, label().with("x", deepArray).json(), ErrorCode.TOO_DEEPLY_NESTED, "deeper than 32"),
            fixture("nested objects", D, deployment().with("meta", "{\"a\":".repeat(40) + "1" + "}".repeat(40)).json(),
                ErrorCode.TOO_DEEPLY_NESTED, "deeper than 32"),

            fixture("model twice", P, prediction().json().replaceFirst("\\}$", ",\"model\":\"other\"}"),
                ErrorCode.DUPLICATE_FIELD, "\"model\" appears more than once"),
            fixture("feature twice", P, prediction().with("features", "{\"a\":1,\"b\":\"x\",\"a\":null}").json(), ErrorCode.DUPLICATE_FIELD,
                "features has key \"a\" more than once"),
            fixture("unknown field twice", L, label().with("note", "1").json().replaceFirst("\\}$", ",\"note\":2}"),
                ErrorCode.DUPLICATE_FIELD, "\"note\" appears more than once"),
            fixture("score class twice", P, prediction().with("scores", "{\"a\":0.1,\"a\":0.2}").json(), ErrorCode.DUPLICATE_FIELD, "scores has key \"a\""),
            fixture("attribute twice", P, prediction().with("attributes", "{\"u\":\"1\",\"u\":\"2\"}").json(), ErrorCode.DUPLICATE_FIELD, "attributes"),
            fixture("flag twice", D, deployment().with("feature_flags", "{\"f\":true,\"f\":false}").json(), ErrorCode.DUPLICATE_FIELD, "feature_flags"),
            fixture("schema_version twice", D, deployment().with("schema_version", "1").json().replaceFirst("\\}$", ",\"schema_version\":1}"),
                ErrorCode.DUPLICATE_FIELD, "schema_version"),

            fixture("no event_id", P, prediction().without("event_id").json(), ErrorCode.MISSING_FIELD, "event_id"),
            fixture("null event_time", P, prediction().with("event_time", "null").json(), ErrorCode.MISSING_FIELD, "event_time is null but required"),
            fixture("null features", P, prediction().with("features", "null").json(), ErrorCode.MISSING_FIELD, "features"),
            fixture("empty object", P, "{}", ErrorCode.MISSING_FIELD, "event_id, event_time, model, model_version, features, prediction"),
            fixture("no label", L, label().without("label").json(), ErrorCode.MISSING_FIELD, "label"),
            fixture("no deployed_at", D, deployment().without("deployed_at").json(), ErrorCode.MISSING_FIELD, "deployed_at"),

            fixture("numeric model_version", P, prediction().with("model_version", "3").json(), ErrorCode.WRONG_TYPE, "model_version is a number (3)"),
            fixture("features as array", P, prediction().with("features", "[1,2]").json(), ErrorCode.WRONG_TYPE, "features is an array"),
            fixture("nested feature", P, prediction().with("features", "{\"geo\":{\"lat\":1}}").json(), ErrorCode.WRONG_TYPE, "features[\"geo\"] is an object"),
            fixture("confidence as string", P, prediction().with("confidence", "\"0.9\"").json(), ErrorCode.WRONG_TYPE, "confidence is a string (\"0.9\")"),
            fixture("boolean prediction", P, prediction().with("prediction", "true").json(), ErrorCode.WRONG_TYPE, "prediction is a boolean (true)"),
            fixture("event_time as boolean", P, prediction().with("event_time", "false").json(), ErrorCode.WRONG_TYPE, "event_time is a boolean"),
            fixture("fractional epoch", P, prediction().with("event_time", "1790000000000.5").json(), ErrorCode.WRONG_TYPE, "event_time is a number (1790000000000.5)"),
            fixture("numeric attribute", P, prediction().with("attributes", "{\"age\":41}").json(), ErrorCode.WRONG_TYPE, "attributes[\"age\"] is a number (41)"),
            fixture("null score", P, prediction().with("scores", "{\"a\":null}").json(), ErrorCode.WRONG_TYPE, "scores[\"a\"] is null"),
            fixture("schema_version as string", P, prediction().with("schema_version", "\"1\"").json(), ErrorCode.WRONG_TYPE, "schema_version is a string"),
            fixture("schema_version with fraction", L, label().with("schema_version", "1.5").json(), ErrorCode.WRONG_TYPE, "schema_version"),
            fixture("numeric reviewer", L, label().with("reviewer", "7").json(), ErrorCode.WRONG_TYPE, "reviewer is a number (7)"),
            fixture("numeric flag", D, deployment().with("feature_flags", "{\"rollout\":0.5}").json(), ErrorCode.WRONG_TYPE, "feature_flags[\"rollout\"]"),
            fixture("flags as string", D, deployment().with("feature_flags", "\"a=b\"").json(), ErrorCode.WRONG_TYPE, "feature_flags is a string"),

            fixture("empty event_id", P, prediction().with("event_id", "\"\"").json(), ErrorCode.EMPTY_VALUE, "event_id is an empty string"),
            fixture("empty prediction", P, prediction().with("prediction", "\"\"").json(), ErrorCode.EMPTY_VALUE, "prediction"),
            fixture("empty feature name", P, prediction().with("features", "{\"\":1}").json(), ErrorCode.EMPTY_VALUE, "features has an empty key"),
            fixture("empty label", L, label().with("label", "\"\"").json(), ErrorCode.EMPTY_VALUE, "label"),
            fixture("empty flag name", D, deployment().with("feature_flags", "{\"\":true}").json(), ErrorCode.EMPTY_VALUE, "feature_flags"),

            fixture("no offset", P, prediction().with("event_time", "\"2026-10-01T06:00:00\"").json(), ErrorCode.INVALID_TIMESTAMP, "has no UTC offset"),
            fixture("date only", P, prediction().with("event_time", "\"2026-10-01\"").json(), ErrorCode.INVALID_TIMESTAMP, "date without time"),
            fixture("February 30", L, label().with("label_time", "\"2026-02-30T00:00:00Z\"").json(), ErrorCode.INVALID_TIMESTAMP, "day 30 of month 2"),
            fixture("epoch before 1970", D, deployment().with("deployed_at", "-1").json(), ErrorCode.INVALID_TIMESTAMP, "deployed_at -1 (epoch ms) is outside"),
            fixture("epoch microseconds", P, prediction().with("event_time", "1790000000000000").json(), ErrorCode.INVALID_TIMESTAMP, "outside the supported range"),
            fixture("epoch beyond long", P, prediction().with("event_time", "99999999999999999999").json(), ErrorCode.INVALID_TIMESTAMP, "outside"),
            fixture("epoch as string", L, label().with("label_time", "\"1790000000000\"").json(), ErrorCode.INVALID_TIMESTAMP, "must be a JSON number"),
            fixture("year 2201", P, prediction().with("event_time", "\"2201-01-01T00:00:00Z\"").json(), ErrorCode.INVALID_TIMESTAMP, "outside"),
            fixture("free text", D, deployment().with("deployed_at", "\"yesterday\"").json(), ErrorCode.INVALID_TIMESTAMP, "\"yesterday\" is not an ISO-8601 timestamp"),

            fixture("NaN feature", P, prediction().with("features", "{\"amount\":NaN}").json(), ErrorCode.NON_FINITE_NUMBER, "features[\"amount\"] NaN"),
            fixture("infinite confidence", P, prediction().with("confidence", "Infinity").json(), ErrorCode.NON_FINITE_NUMBER, "confidence Infinity"),
            fixture("overflowing prediction", P, prediction().with("prediction", "1e999").json(), ErrorCode.NON_FINITE_NUMBER, "prediction 1e999"),
            fixture("negative infinite feature", P, prediction().with("features", "{\"x\":-Infinity}").json(), ErrorCode.NON_FINITE_NUMBER, "-Infinity"),
            fixture("NaN latency", P, prediction().with("latency_ms", "NaN").json(), ErrorCode.NON_FINITE_NUMBER, "latency_ms"),
            fixture("NaN score", P, prediction().with("scores", "{\"a\":NaN}").json(), ErrorCode.NON_FINITE_NUMBER, "scores[\"a\"]"),
            fixture("overflowing label", L, label().with("label", "-1e400").json(), ErrorCode.NON_FINITE_NUMBER, "label -1e400"),
            fixture("NaN event_time", P, prediction().with("event_time", "NaN").json(), ErrorCode.NON_FINITE_NUMBER, "event_time"),

            fixture("confidence above 1", P, prediction().with("confidence", "1.5").json(), ErrorCode.OUT_OF_RANGE, "confidence 1.5 is out of range"),
            fixture("negative confidence", P, prediction().with("confidence", "-0.1").json(), ErrorCode.OUT_OF_RANGE, "confidence -0.1"),
            fixture("negative latency", P, prediction().with("latency_ms", "-1").json(), ErrorCode.OUT_OF_RANGE, "latency_ms -1 is negative"),
            fixture("score above 1", P, prediction().with("scores", "{\"fraud\":1.01}").json(), ErrorCode.OUT_OF_RANGE, "scores[\"fraud\"] 1.01"),
            fixture("schema_version 0", L, label().with("schema_version", "0").json(), ErrorCode.OUT_OF_RANGE, "schema_version 0"),
            fixture("negative huge schema_version", D, deployment().with("schema_version", "-99999999999").json(), ErrorCode.OUT_OF_RANGE, "schema_version"),

            fixture("129-char event_id", P, prediction().with("event_id", stringOf(129, 'e')).json(), ErrorCode.VALUE_TOO_LONG, "(129 chars) is longer than the limit of 128 chars"),
            fixture("long categorical value", P, prediction().with("features", "{\"note\":" + stringOf(4097, 'n') + "}").json(),
                ErrorCode.VALUE_TOO_LONG, "features[\"note\"]"),
            fixture("long feature name", P, prediction().with("features", "{" + stringOf(129, 'f') + ":1}").json(), ErrorCode.VALUE_TOO_LONG, "features key"),
            fixture("100k-char prediction", P, prediction().with("prediction", stringOf(100_000, 'p')).json(), ErrorCode.VALUE_TOO_LONG, "(100000 chars)"),
            fixture("1001-digit number", P, prediction().with("features", "{\"x\":1" + "0".repeat(1000) + "}").json(), ErrorCode.VALUE_TOO_LONG, "a JSON token is too long in field \"features\" at line 1, column"),
            fixture("long justification", L, label().with("justification", stringOf(32_769, 'j')).json(), ErrorCode.VALUE_TOO_LONG, "the limit of 32768 chars"),
            fixture("long checkpoint_uri", D, deployment().with("checkpoint_uri", stringOf(4097, 'c')).json(), ErrorCode.VALUE_TOO_LONG, "checkpoint_uri"),

            fixture("path traversal", P, prediction().with("model_version", "\"../etc\"").json(), ErrorCode.UNSAFE_PARTITION_VALUE, "model_version \"../etc\""),
            fixture("slash", P, prediction().with("model", "\"a/b\"").json(), ErrorCode.UNSAFE_PARTITION_VALUE, "\"a/b\""),
            fixture("hidden", D, deployment().with("model", "\".hidden\"").json(), ErrorCode.UNSAFE_PARTITION_VALUE, "not starting with '.'"),
            fixture("equals sign", D, deployment().with("model_version", "\"x=y\"").json(), ErrorCode.UNSAFE_PARTITION_VALUE, "\"x=y\""),
            fixture("unicode", P, prediction().with("model", "\"mod\u00e8le\"").json(), ErrorCode.UNSAFE_PARTITION_VALUE, "model"),
            fixture("space", P, prediction().with("model", "\"my model\"").json(), ErrorCode.UNSAFE_PARTITION_VALUE, "model"),
            fixture("empty model", P, prediction().with("model", "\"\"").json(), ErrorCode.UNSAFE_PARTITION_VALUE, "model \"\""),
            fixture("129-char model", D, deployment().with("model", stringOf(129, 'm')).json(), ErrorCode.UNSAFE_PARTITION_VALUE, "1-128 chars"),

            fixture("schema_version 2", P, prediction().with("schema_version", "2").json(), ErrorCode.UNSUPPORTED_SCHEMA_VERSION, "schema_version 2 is newer"),
            fixture("huge schema_version", L, label().with("schema_version", "99999999999").json(), ErrorCode.UNSUPPORTED_SCHEMA_VERSION, "99999999999"),
            fixture("v2 record with v1 type errors", D, "{\"model\":{\"name\":\"m\"},\"schema_version\":3}", ErrorCode.UNSUPPORTED_SCHEMA_VERSION,
                "as version 1 it also fails: model is an object"),

            fixture("unknown label source", L, label().with("source", "\"robot\"").json(), ErrorCode.INVALID_ENUM_VALUE, "source \"robot\" is not one of outcome, human, system"),
            fixture("label source in capitals", L, label().with("source", "\"Human\"").json(), ErrorCode.INVALID_ENUM_VALUE, "\"Human\""),

            fixture("1025 features", P, prediction().with("features", objectWithEntries(1025, "1")).json(), ErrorCode.TOO_MANY_ENTRIES, "features has more than 1024 entries"),
            fixture("1025 scores", P, prediction().with("scores", objectWithEntries(1025, "0.001")).json(), ErrorCode.TOO_MANY_ENTRIES, "scores"),
            fixture("1025 attributes", P, prediction().with("attributes", objectWithEntries(1025, "\"v\"")).json(), ErrorCode.TOO_MANY_ENTRIES, "attributes"),
            fixture("1025 flags", D, deployment().with("feature_flags", objectWithEntries(1025, "true")).json(), ErrorCode.TOO_MANY_ENTRIES, "feature_flags")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rejectsWithTheExpectedCodeAndAPreciseMessage(Fixture fixture) {
        ContractViolation violation = catchThrowableOfType(ContractViolation.class,
                () -> new ContractDecoder().decode(fixture.kind(), fixture.payload()));

        assertThat(violation).as("violation for %s", fixture.name()).isNotNull();
        assertThat(violation.code()).as("code for %s (message: %s)", fixture.name(), violation.getMessage())
                .isEqualTo(fixture.code());
        assertThat(violation.getMessage()).contains(fixture.messageFragment()).doesNotContain("\n").hasSizeLessThan(600);
    }

    @Test
    void everyErrorCodeHasAFixture() {
        Set<ErrorCode> covered = fixtures().stream().map(Fixture::code).collect(Collectors.toCollection(() -> EnumSet.noneOf(ErrorCode.class)));

        assertThat(EnumSet.complementOf(EnumSet.copyOf(covered))).as("error codes without a fixture").isEmpty();
    }

    @Test
    void everyErrorCodeHasADescription() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.description()).as(code.name()).isNotBlank().doesNotContain("|").doesNotContain("\n");
        }
    }
}
