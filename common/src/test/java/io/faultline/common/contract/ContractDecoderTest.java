package io.faultline.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContractDecoderTest {
    private final ContractDecoder decoder = new ContractDecoder();

    private static long epochMillis(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    @Test
    void decodesEveryFieldOfAPrediction() throws ContractViolation {
        String payload = "{\"event_id\":\"evt-0001\",\"event_time\":\"2026-10-01T08:00:00.123+02:00\","
                + "\"model\":\"fraud-scorer\",\"model_version\":\"v1.4.2\","
                + "\"features\":{\"zeta\":1,\"amount\":12.5,\"country\":\"DE\",\"age\":41,\"is_new\":true,"
                + "\"device\":null,\"browser\":null,\"churned\":false},"
                + "\"prediction\":\"fraud\",\"confidence\":0.93,\"scores\":{\"legit\":0.07,\"fraud\":0.93},"
                + "\"latency_ms\":12,\"segment\":\"eu\",\"attributes\":{\"user\":\"u-1\",\"ip\":\"10.0.0.1\"},"
                + "\"schema_version\":1}";

        Prediction p = decoder.decodePrediction(payload);

        assertThat(p.eventId).isEqualTo("evt-0001");
        assertThat(p.eventTime).isEqualTo(epochMillis("2026-10-01T06:00:00.123Z"));
        assertThat(p.model).isEqualTo("fraud-scorer");
        assertThat(p.modelVersion).isEqualTo("v1.4.2");
        assertThat(p.numericFeatureNames).containsExactly("age", "amount", "zeta");
        assertThat(p.numericFeatureValues).containsExactly(41.0, 12.5, 1.0);
        assertThat(p.categoricalFeatureNames).containsExactly("churned", "country", "is_new");
        assertThat(p.categoricalFeatureValues).containsExactly("false", "DE", "true");
        assertThat(p.missingFeatures).containsExactly("browser", "device");
        assertThat(p.prediction).isEqualTo("fraud");
        assertThat(p.confidence).isEqualTo(0.93);
        assertThat(p.scoreClasses).containsExactly("fraud", "legit");
        assertThat(p.scoreValues).containsExactly(0.93, 0.07);
        assertThat(p.latencyMs).isEqualTo(12.0);
        assertThat(p.segment).isEqualTo("eu");
        assertThat(p.attributeKeys).containsExactly("ip", "user");
        assertThat(p.attributeValues).containsExactly("10.0.0.1", "u-1");
        assertThat(p.schemaVersion).isEqualTo(1);
        assertThat(p.lineageStatus).isEqualTo("PENDING");
        assertThat(p.deployment).isNull();
    }

    @Test
    void absentOrNullOptionalFieldsOfAPredictionStayUnset() throws ContractViolation {
        String payload = "{\"event_id\":\"e\",\"event_time\":1790000000000,\"model\":\"m\",\"model_version\":\"1\","
                + "\"features\":{},\"prediction\":0,\"confidence\":null,\"scores\":null,\"latency_ms\":null,"
                + "\"segment\":null,\"attributes\":null,\"schema_version\":null}";

        Prediction p = decoder.decodePrediction(payload);

        assertThat(p.eventTime).isEqualTo(1_790_000_000_000L);
        assertThat(p.prediction).isEqualTo("0");
        assertThat(p.numericFeatureNames).isEmpty();
        assertThat(p.numericFeatureValues).isEmpty();
        assertThat(p.categoricalFeatureNames).isEmpty();
        assertThat(p.categoricalFeatureValues).isEmpty();
        assertThat(p.missingFeatures).isNotNull().isEmpty();
        assertThat(p.confidence).isNull();
        assertThat(p.scoreClasses).isNull();
        assertThat(p.scoreValues).isNull();
        assertThat(p.latencyMs).isNull();
        assertThat(p.segment).isNull();
        assertThat(p.attributeKeys).isNull();
        assertThat(p.attributeValues).isNull();
        assertThat(p.schemaVersion).isEqualTo(1);
    }

    @Test
    void sortsManyFeaturesAndKeepsValuesWithTheirNames() throws ContractViolation {
        StringBuilder features = new StringBuilder("{");
        for (int i = 299; i >= 0; i--) {
            features.append(i == 299 ? "" : ",").append(String.format("\"f%03d\":%d", i, i));
        }
        String payload = TestingPayloads.prediction().with("features", features.append('}').toString()).json();

        Prediction p = decoder.decodePrediction(payload);

        assertThat(p.numericFeatureNames).hasSize(300).isSorted();
        for (int i = 0; i < 300; i++) {
            assertThat(p.numericFeatureNames[i]).isEqualTo(String.format("f%03d", i));
            assertThat(p.numericFeatureValues[i]).isEqualTo(i);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "1; 1", "1.0; 1", "1e0; 1", "-0.0; 0", "-3; -3", "2.5; 2.5", "0.1; 0.1", "1e20; 1.0E20",
        "12345678901234567890; 1.2345678901234567E19", "9007199254740993; 9007199254740992", "1E-7; 1.0E-7"})
    void rendersNumericPredictionsAndLabelsCanonically(String json, String canonical) throws ContractViolation {
        assertThat(decoder.decodePrediction(TestingPayloads.prediction().with("prediction", json).json()).prediction)
                .isEqualTo(canonical);
        assertThat(decoder.decodeLabel(TestingPayloads.label().with("label", json).json()).label)
                .isEqualTo(canonical);
    }

    @Test
    void canonicalNumberPrintsIntegralValuesAsLongsAndTheRestAsDoubles() {
        assertThat(ContractDecoder.canonicalNumber(1.0)).isEqualTo("1");
        assertThat(ContractDecoder.canonicalNumber(-0.0)).isEqualTo("0");
        assertThat(ContractDecoder.canonicalNumber(0.5)).isEqualTo("0.5");
        assertThat(ContractDecoder.canonicalNumber(-0x1p63)).isEqualTo(Long.toString(Long.MIN_VALUE));
        assertThat(ContractDecoder.canonicalNumber(0x1p63)).isEqualTo("9.223372036854776E18");
    }

    @Test
    void decodesEveryFieldOfALabel() throws ContractViolation {
        String payload = "{\"event_id\":\"evt-0001\",\"label\":\"legit\",\"label_time\":\"2026-10-03T12:00:00+02:00\","
                + "\"source\":\"human\",\"reviewer\":\"alice\",\"justification\":\"chargeback withdrawn\","
                + "\"schema_version\":1}";

        Label l = decoder.decodeLabel(payload);

        assertThat(l.eventId).isEqualTo("evt-0001");
        assertThat(l.label).isEqualTo("legit");
        assertThat(l.labelTime).isEqualTo(epochMillis("2026-10-03T10:00:00Z"));
        assertThat(l.source).isEqualTo("human");
        assertThat(l.reviewer).isEqualTo("alice");
        assertThat(l.justification).isEqualTo("chargeback withdrawn");
    }

    @Test
    void absentOptionalFieldsOfALabelStayNull() throws ContractViolation {
        Label l = decoder.decodeLabel("{\"event_id\":\"e\",\"label\":1.0,\"label_time\":\"2026-10-03T12:00:00.5-05:30\","
                + "\"source\":null}");

        assertThat(l.label).isEqualTo("1");
        assertThat(l.labelTime).isEqualTo(epochMillis("2026-10-03T17:30:00.500Z"));
        assertThat(l.source).isNull();
        assertThat(l.reviewer).isNull();
        assertThat(l.justification).isNull();
    }

    @Test
    void decodesEveryFieldOfADeployment() throws ContractViolation {
        String payload = "{\"model\":\"fraud-scorer\",\"model_version\":\"v1.4.2\",\"deployed_at\":\"2026-09-30T22:00:00Z\","
                + "\"deployment_id\":\"dep-42\",\"environment\":\"prod\",\"checkpoint_uri\":\"s3://models/fraud/v1.4.2\","
                + "\"training_data_version\":\"2026-09-15\",\"code_version\":\"a1b2c3d\",\"preprocessing_version\":\"pp-7\","
                + "\"feature_flags\":{\"tier\":\"gold\",\"shadow\":true,\"canary\":false}}";

        Deployment d = decoder.decodeDeployment(payload);

        assertThat(d.model).isEqualTo("fraud-scorer");
        assertThat(d.modelVersion).isEqualTo("v1.4.2");
        assertThat(d.deployedAt).isEqualTo(epochMillis("2026-09-30T22:00:00Z"));
        assertThat(d.deploymentId).isEqualTo("dep-42");
        assertThat(d.environment).isEqualTo("prod");
        assertThat(d.checkpointUri).isEqualTo("s3://models/fraud/v1.4.2");
        assertThat(d.trainingDataVersion).isEqualTo("2026-09-15");
        assertThat(d.codeVersion).isEqualTo("a1b2c3d");
        assertThat(d.preprocessingVersion).isEqualTo("pp-7");
        assertThat(d.featureFlagKeys).containsExactly("canary", "shadow", "tier");
        assertThat(d.featureFlagValues).containsExactly("false", "true", "gold");
    }

    @Test
    void absentOptionalFieldsOfADeploymentStayNull() throws ContractViolation {
        Deployment d = decoder.decodeDeployment("{\"model\":\"m\",\"model_version\":\"1\",\"deployed_at\":0}");

        assertThat(d.deployedAt).isZero();
        assertThat(d.deploymentId).isNull();
        assertThat(d.environment).isNull();
        assertThat(d.checkpointUri).isNull();
        assertThat(d.trainingDataVersion).isNull();
        assertThat(d.codeVersion).isNull();
        assertThat(d.preprocessingVersion).isNull();
        assertThat(d.featureFlagKeys).isNull();
        assertThat(d.featureFlagValues).isNull();
    }

    @Test
    void decodeDispatchesOnTheSourceKind() throws ContractViolation {
        assertThat(decoder.decode(SourceKind.PREDICTIONS, TestingPayloads.prediction().json())).isInstanceOf(Prediction.class);
        assertThat(decoder.decode(SourceKind.LABELS, TestingPayloads.label().json())).isInstanceOf(Label.class);
        assertThat(decoder.decode(SourceKind.DEPLOYMENTS, TestingPayloads.deployment().json())).isInstanceOf(Deployment.class);
        assertThatThrownBy(() -> decoder.decode(SourceKind.LABELS, TestingPayloads.prediction().json()))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("label");
    }

    @Test
    void toleratesWhitespaceAroundTheObjectAndALeadingByteOrderMark() throws ContractViolation {
        String payload = TestingPayloads.label().json();

        assertThat(decoder.decodeLabel(" \n\t" + payload + " \r\n").eventId).isEqualTo("evt-0001");
        assertThat(decoder.decodeLabel('\uFEFF' + payload).eventId).isEqualTo("evt-0001");
    }

    @Test
    void countsIgnoredUnknownTopLevelFieldsOfDecodedRecordsOnly() throws ContractViolation {
        String withTwoUnknown = TestingPayloads.prediction()
                .with("trace", "{\"span\":[1,2,{\"deep\":true}]}")
                .with("producer", "\"svc-a\"")
                .json();
        String withOneUnknown = TestingPayloads.deployment().with("approved_by", "\"bob\"").json();
        String rejectedWithUnknown = TestingPayloads.label().with("note", "\"x\"").without("label").json();

        decoder.decodePrediction(withTwoUnknown);
        assertThat(decoder.unknownFieldsSeen()).isEqualTo(2);
        decoder.decodeDeployment(withOneUnknown);
        assertThat(decoder.unknownFieldsSeen()).isEqualTo(3);
        assertThatThrownBy(() -> decoder.decodeLabel(rejectedWithUnknown)).isInstanceOf(ContractViolation.class);
        assertThat(decoder.unknownFieldsSeen()).isEqualTo(3);
        decoder.decodeLabel(TestingPayloads.label().json());
        assertThat(decoder.unknownFieldsSeen()).isEqualTo(3);
    }

    @Test
    void aDecoderIsReusableAfterARejectedRecord() throws ContractViolation {
        String bad = TestingPayloads.prediction().with("features", "{\"a\":1,\"b\":2,\"a\":3}").json();
        assertThatThrownBy(() -> decoder.decodePrediction(bad)).isInstanceOf(ContractViolation.class);

        Prediction p = decoder.decodePrediction(TestingPayloads.prediction().with("features", "{\"b\":2}").json());

        assertThat(p.numericFeatureNames).containsExactly("b");
        assertThat(p.missingFeatures).isEmpty();
    }

    @Test
    void messagesNameTheFieldTheValueAndWhatWasExpected() {
        assertThatThrownBy(() -> decoder.decodePrediction(
                TestingPayloads.prediction().with("model_version", "\"../etc\"").json()))
                .hasMessage("model_version \"../etc\" is not a safe partition value: "
                        + "1-128 chars of [A-Za-z0-9._-], not starting with '.'");
        assertThatThrownBy(() -> decoder.decodePrediction(
                TestingPayloads.prediction().with("confidence", "\"0.9\"").json()))
                .hasMessage("confidence is a string (\"0.9\"); expected a number in [0, 1]");
        assertThatThrownBy(() -> decoder.decodePrediction(
                TestingPayloads.prediction().with("features", "{\"x\":[1]}").json()))
                .hasMessage("features[\"x\"] is an array; expected a number, string, boolean or null");
        assertThatThrownBy(() -> decoder.decodePrediction(
                TestingPayloads.prediction().without("event_time").without("features").json()))
                .hasMessage("missing required field(s): event_time, features");
    }

    @Test
    void messagesQuoteAtMostEightyCharsOfAValueOnOneLine() {
        String longModel = "a/" + "b".repeat(500) + "\n";

        assertThatThrownBy(() -> decoder.decodePrediction(
                TestingPayloads.prediction().with("model", "\"" + longModel.replace("\n", "\\n") + "\"").json()))
                .isInstanceOfSatisfying(ContractViolation.class, v -> {
                    assertThat(v.code()).isEqualTo(ErrorCode.UNSAFE_PARTITION_VALUE);
                    assertThat(v.getMessage())
                            .startsWith("model \"a/bbbb")
                            .contains("...\" (503 chars)")
                            .doesNotContain("\n")
                            .hasSizeLessThan(250);
                });
    }

    @Test
    void aNewerSchemaVersionLaterInTheRecordWinsOverV1Errors() {
        String v2 = TestingPayloads.prediction()
                .with("features", "[{\"name\":\"amount\",\"value\":1}]")
                .with("schema_version", "2")
                .json();

        assertThatThrownBy(() -> decoder.decodePrediction(v2))
                .isInstanceOfSatisfying(ContractViolation.class, v -> {
                    assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_SCHEMA_VERSION);
                    assertThat(v.getMessage()).startsWith("schema_version 2 is newer than the supported version 1")
                            .contains("features is an array");
                });
    }

    @Test
    void violationsCaptureNoStackTrace() {
        ContractViolation v = new ContractViolation(ErrorCode.WRONG_TYPE, "x");

        assertThat(v.getStackTrace()).isEmpty();
        assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
        assertThat(v.getMessage()).isEqualTo("x");
    }

    @Test
    void deadLetterCarriesSourcePositionIngestionTimeAndPayload() {
        RawRecord raw = new RawRecord("predictions", "preds/3/1042", 1_790_000_000_123L, "{\"event_id\":");
        ContractViolation v = new ContractViolation(ErrorCode.INVALID_JSON, "JSON ends unexpectedly");

        DeadLetter d = ContractDecoder.deadLetter(raw, v);

        assertThat(d.source).isEqualTo("predictions");
        assertThat(d.position).isEqualTo("preds/3/1042");
        assertThat(d.ingestedAt).isEqualTo(1_790_000_000_123L);
        assertThat(d.rawPayload).isEqualTo("{\"event_id\":");
        assertThat(d.payloadTruncated).isFalse();
        assertThat(d.errorCode).isEqualTo("INVALID_JSON");
        assertThat(d.message).isEqualTo("JSON ends unexpectedly");
    }

    @Test
    void deadLetterTruncatesPayloadsBeyondTheLimitAndSaysSo() {
        String huge = "x".repeat(DeadLetter.MAX_PAYLOAD_CHARS + 1);
        RawRecord raw = new RawRecord("labels", "/data/labels.jsonl:7", 5L, huge);
        ContractViolation v = decodeFailure(huge);

        DeadLetter d = ContractDecoder.deadLetter(raw, v);

        assertThat(d.payloadTruncated).isTrue();
        assertThat(d.rawPayload).hasSize(DeadLetter.MAX_PAYLOAD_CHARS).isEqualTo(huge.substring(0, DeadLetter.MAX_PAYLOAD_CHARS));
        assertThat(d.position).isEqualTo("/data/labels.jsonl:7");
        assertThat(d.errorCode).isEqualTo(v.code().name());

        RawRecord exactlyAtLimit = new RawRecord("labels", "/data/labels.jsonl:8", 5L, huge.substring(1));
        assertThat(ContractDecoder.deadLetter(exactlyAtLimit, v).payloadTruncated).isFalse();
    }

    private ContractViolation decodeFailure(String payload) {
        try {
            decoder.decodeLabel(payload);
        } catch (ContractViolation v) {
            return v;
        }
        throw new AssertionError("expected a violation");
    }
}
