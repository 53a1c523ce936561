package io.faultline.common.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.config.ConfigException;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Label;
import io.faultline.common.model.LineageStatus;
import io.faultline.common.model.Prediction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {
    private static final long T0 = Instant.parse("2026-10-01T06:00:00Z").toEpochMilli();

    /** Default thresholds (SLO 100 ms, low-confidence 0.5, margin 0.1) plus a stricter fraud-detector. */
    private static final FailureClassifier CLASSIFIER = classifier(
            "thresholds: {models: {fraud-detector: {latency-slo-ms: 50, low-confidence: 0.8, ambiguous-margin: 0.3}}}");

    private static FailureClassifier classifier(String yaml) {
        try {
            return new FailureClassifier(FaultlineConfig.parse(yaml, "test.yaml"));
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** A prediction with no symptom at all: callers add the one under test. */
    private static Prediction prediction() {
        Prediction p = new Prediction();
        p.eventId = "e-1";
        p.eventTime = T0;
        p.model = "churn";
        p.modelVersion = "v3";
        p.prediction = "fraud";
        p.lineageStatus = LineageStatus.RESOLVED.name();
        return p;
    }

    private static List<FailureRecord> classify(Prediction p) {
        List<FailureRecord> out = new ArrayList<>();
        CLASSIFIER.classify(p, out::add);
        return out;
    }

    private static Label label(String value, Duration after, String source, String reviewer) {
        Label l = new Label();
        l.eventId = "e-1";
        l.label = value;
        l.labelTime = T0 + after.toMillis();
        l.source = source;
        l.reviewer = reviewer;
        return l;
    }

    @Test
    void aPredictionWithoutSymptomsProducesNothing() {
        Prediction p = prediction();
        p.latencyMs = 20.0;
        p.confidence = 0.9;
        p.scoreClasses = new String[] {"fraud", "legit"};
        p.scoreValues = new double[] {0.9, 0.1};
        assertThat(classify(p)).isEmpty();
        assertThat(classify(prediction())).as("absent optional fields").isEmpty();
    }

    // ---- LATENCY_SLO_BREACH -------------------------------------------------------------------------------

    @Test
    void latencyAboveSloIsABreach() {
        Prediction p = prediction();
        p.latencyMs = 312.0;
        FailureRecord r = classify(p).get(0);
        assertThat(r.failureMode).isEqualTo("LATENCY_SLO_BREACH");
        assertThat(r.category).isEqualTo("DEPLOYMENT");
        assertThat(r.severity).isEqualTo("HIGH");
        assertThat(r.evidence).isEqualTo("latency 312 ms > SLO 100 ms");
        assertThat(r.detectedAt).isEqualTo(T0);
        assertThat(r.event).isSameAs(p);
        assertThat(r.failureId).isEqualTo(FailureClassifier.failureId("e-1", FailureMode.LATENCY_SLO_BREACH));
        assertThat(r.label).isNull();
        assertThat(r.labelSource).isNull();
        assertThat(r.labelDelayMs).isNull();
    }

    @Test
    void latencyExactlyAtSloIsNotABreach() {
        Prediction p = prediction();
        p.latencyMs = 100.0;
        assertThat(classify(p)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "100.5, LOW,    latency 100.5 ms > SLO 100 ms",
            "100.0004, LOW, latency 100.0004 ms > SLO 100 ms",
            "150,   LOW,    latency 150 ms > SLO 100 ms",
            "150.1, MEDIUM, latency 150.1 ms > SLO 100 ms",
            "300,   MEDIUM, latency 300 ms > SLO 100 ms",
            "301,   HIGH,   latency 301 ms > SLO 100 ms",
    })
    void latencySeverityBoundaries(double latency, String severity, String evidence) {
        Prediction p = prediction();
        p.latencyMs = latency;
        assertThat(classify(p)).singleElement().satisfies(r -> {
            assertThat(r.severity).isEqualTo(severity);
            assertThat(r.evidence).isEqualTo(evidence);
        });
    }

    @Test
    void perModelSloApplies() {
        Prediction fraud = prediction();
        fraud.model = "fraud-detector";
        fraud.latencyMs = 60.0;
        Prediction churn = prediction();
        churn.latencyMs = 60.0;
        assertThat(classify(fraud)).singleElement()
                .satisfies(r -> assertThat(r.evidence).isEqualTo("latency 60 ms > SLO 50 ms"));
        assertThat(classify(churn)).isEmpty();
    }

    @Test
    void rowsComeAnnotatedWithScoreReproducibilitySignatureAndTheModelsWeight() {
        Prediction p = prediction();
        p.latencyMs = 200.0;
        FailureRecord r = classify(p).get(0);
        assertThat(r.score).isEqualTo(2.0);
        assertThat(r.severity).isEqualTo("MEDIUM");
        assertThat(r.reproducibility).isEqualTo(0.15);
        assertThat(r.signature).isEqualTo(FailureAnnotator.signature(r)).hasSize(16);
        assertThat(r.recurrence).as("ranked downstream").isNull();

        FailureClassifier weighted = classifier("thresholds: {models: {churn: {impact-weight: 2}}}");
        List<FailureRecord> out = new ArrayList<>();
        weighted.classify(p, out::add);
        assertThat(out).singleElement().satisfies(w -> assertThat(w.severity).isEqualTo("HIGH"));
    }

    // ---- LOW_CONFIDENCE -----------------------------------------------------------------------------------

    @Test
    void confidenceBelowThresholdIsLowConfidence() {
        Prediction p = prediction();
        p.confidence = 0.31;
        assertThat(classify(p)).singleElement().satisfies(r -> {
            assertThat(r.failureMode).isEqualTo("LOW_CONFIDENCE");
            assertThat(r.category).isEqualTo("MODEL");
            assertThat(r.severity).isEqualTo("LOW");
            assertThat(r.evidence).isEqualTo("confidence 0.31 < threshold 0.50");
            assertThat(r.detectedAt).isEqualTo(T0);
        });
    }

    @Test
    void confidenceExactlyAtThresholdIsNotLow() {
        Prediction p = prediction();
        p.confidence = 0.5;
        assertThat(classify(p)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "0.25,  LOW,    confidence 0.25 < threshold 0.50",
            "0.249, MEDIUM, confidence 0.249 < threshold 0.50",
            "0.0,   MEDIUM, confidence 0.00 < threshold 0.50",
            "0.499, LOW,    confidence 0.499 < threshold 0.50",
    })
    void lowConfidenceSeverityAndPrecision(double confidence, String severity, String evidence) {
        Prediction p = prediction();
        p.confidence = confidence;
        assertThat(classify(p)).singleElement().satisfies(r -> {
            assertThat(r.severity).isEqualTo(severity);
            assertThat(r.evidence).isEqualTo(evidence);
        });
    }

    // ---- AMBIGUOUS ----------------------------------------------------------------------------------------

    @Test
    void closeTopTwoScoresAreAmbiguous() {
        Prediction p = prediction();
        p.scoreClasses = new String[] {"fraud", "legit"};
        p.scoreValues = new double[] {0.52, 0.48};
        assertThat(classify(p)).singleElement().satisfies(r -> {
            assertThat(r.failureMode).isEqualTo("AMBIGUOUS");
            assertThat(r.category).isEqualTo("MODEL");
            assertThat(r.severity).isEqualTo("LOW");
            assertThat(r.evidence).isEqualTo("top-2 score margin 0.04 < 0.10 (fraud 0.52 vs legit 0.48)");
        });
    }

    @ParameterizedTest
    @CsvSource({"0.55, 0.45", "0.6, 0.5", "0.3, 0.2", "0.9, 0.1"})
    void marginAtOrAboveThresholdIsNotAmbiguous(double a, double b) {
        // 0.6 - 0.5 and 0.3 - 0.2 are a hair below 0.1 in binary, exactly 0.1 in decimal.
        Prediction p = prediction();
        p.scoreClasses = new String[] {"x", "y"};
        p.scoreValues = new double[] {a, b};
        assertThat(classify(p)).isEmpty();
    }

    @Test
    void theTopTwoOfManyClassesAreCompared() {
        Prediction p = prediction();
        p.scoreClasses = new String[] {"a", "b", "c", "d"};
        p.scoreValues = new double[] {0.05, 0.46, 0.05, 0.44};
        assertThat(classify(p)).singleElement().satisfies(r ->
                assertThat(r.evidence).isEqualTo("top-2 score margin 0.02 < 0.10 (b 0.46 vs d 0.44)"));
    }

    @Test
    void equalTopScoresRankByClassName() {
        Prediction p = prediction();
        p.scoreClasses = new String[] {"a", "b", "c"};
        p.scoreValues = new double[] {0.2, 0.4, 0.4};
        assertThat(classify(p)).singleElement().satisfies(r ->
                assertThat(r.evidence).isEqualTo("top-2 score margin 0.00 < 0.10 (b 0.40 vs c 0.40)"));
    }

    @Test
    void oneClassIsNeverAmbiguous() {
        Prediction p = prediction();
        p.scoreClasses = new String[] {"fraud"};
        p.scoreValues = new double[] {0.5};
        assertThat(classify(p)).isEmpty();
    }

    @Test
    void perModelMarginApplies() {
        Prediction p = prediction();
        p.model = "fraud-detector";
        p.scoreClasses = new String[] {"fraud", "legit"};
        p.scoreValues = new double[] {0.6, 0.4};
        assertThat(classify(p)).singleElement().satisfies(r ->
                assertThat(r.evidence).isEqualTo("top-2 score margin 0.20 < 0.30 (fraud 0.60 vs legit 0.40)"));
    }

    // ---- UNREGISTERED_VERSION -----------------------------------------------------------------------------

    @Test
    void unregisteredVersionIsReported() {
        Prediction p = prediction();
        p.model = "fraud-detector";
        p.lineageStatus = LineageStatus.UNREGISTERED_VERSION.name();
        assertThat(classify(p)).singleElement().satisfies(r -> {
            assertThat(r.failureMode).isEqualTo("UNREGISTERED_VERSION");
            assertThat(r.category).isEqualTo("DEPLOYMENT");
            assertThat(r.severity).isEqualTo("HIGH");
            assertThat(r.evidence)
                    .isEqualTo("model_version v3 of fraud-detector has no deployment at or before 2026-10-01T06:00:00Z");
            assertThat(r.detectedAt).isEqualTo(T0);
        });
    }

    @Test
    void resolvedAndPendingLineageAreNotUnregistered() {
        Prediction p = prediction();
        assertThat(classify(p)).isEmpty();
        p.lineageStatus = LineageStatus.PENDING.name();
        assertThat(classify(p)).isEmpty();
    }

    @Test
    void rowsComeInFailureModeOrder() {
        Prediction p = prediction();
        p.latencyMs = 500.0;
        p.confidence = 0.1;
        p.scoreClasses = new String[] {"fraud", "legit"};
        p.scoreValues = new double[] {0.5, 0.5};
        p.lineageStatus = LineageStatus.UNREGISTERED_VERSION.name();
        assertThat(classify(p)).extracting(r -> r.failureMode)
                .containsExactly("LATENCY_SLO_BREACH", "LOW_CONFIDENCE", "AMBIGUOUS", "UNREGISTERED_VERSION");
    }

    // ---- MISCLASSIFICATION --------------------------------------------------------------------------------

    @Test
    void aDifferentLabelIsAMisclassification() {
        Prediction p = prediction();
        p.confidence = 0.7;
        Label l = label("legit", Duration.ofHours(3).plusMinutes(12).plusSeconds(40), "human", "alice");
        FailureRecord r = CLASSIFIER.misclassification(p, l);
        assertThat(r.failureMode).isEqualTo("MISCLASSIFICATION");
        assertThat(r.category).isEqualTo("MODEL");
        assertThat(r.severity).isEqualTo("MEDIUM");
        assertThat(r.evidence).isEqualTo("predicted \"fraud\", labelled \"legit\" by human reviewer alice after 3h12m");
        assertThat(r.detectedAt).isEqualTo(l.labelTime);
        assertThat(r.label).isEqualTo("legit");
        assertThat(r.labelSource).isEqualTo("human");
        assertThat(r.labelDelayMs).isEqualTo(Duration.ofHours(3).plusMinutes(12).plusSeconds(40).toMillis());
        assertThat(r.event).isSameAs(p);
        assertThat(r.failureId).isEqualTo(FailureClassifier.failureId("e-1", FailureMode.MISCLASSIFICATION));
    }

    @Test
    void theSameLabelIsNotAMisclassification() {
        assertThat(CLASSIFIER.misclassification(prediction(), label("fraud", Duration.ofHours(1), "outcome", null)))
                .isNull();
    }

    @Test
    void withoutALabelThereIsNoMisclassification() {
        assertThat(CLASSIFIER.misclassification(prediction(), null)).isNull();
        Prediction noValue = prediction();
        noValue.prediction = null;
        assertThat(CLASSIFIER.misclassification(noValue, label("legit", Duration.ZERO, null, null))).isNull();
    }

    @ParameterizedTest
    @CsvSource({"0.9, HIGH", "0.95, HIGH", "0.8999, MEDIUM"})
    void confidentMistakesAreHigh(double confidence, String severity) {
        Prediction p = prediction();
        p.confidence = confidence;
        assertThat(CLASSIFIER.misclassification(p, label("legit", Duration.ofMinutes(1), "outcome", null)).severity)
                .isEqualTo(severity);
    }

    @Test
    void evidenceWithoutProvenanceAndWithEarlyLabels() {
        Prediction p = prediction();
        p.prediction = "1";
        assertThat(CLASSIFIER.misclassification(p, label("0", Duration.ofSeconds(45), null, null)).evidence)
                .isEqualTo("predicted \"1\", labelled \"0\" after 45s");
        assertThat(CLASSIFIER.misclassification(p, label("0", Duration.ofMillis(350), "outcome", null)).evidence)
                .isEqualTo("predicted \"1\", labelled \"0\" by outcome after 350ms");
        assertThat(CLASSIFIER.misclassification(p, label("0", Duration.ofDays(2).plusHours(5), null, "bob")).evidence)
                .isEqualTo("predicted \"1\", labelled \"0\" by reviewer bob after 2d5h");
        FailureRecord early = CLASSIFIER.misclassification(p, label("0", Duration.ofMinutes(-5), "system", null));
        assertThat(early.evidence).isEqualTo("predicted \"1\", labelled \"0\" by system 5m before the prediction's event time");
        assertThat(early.labelDelayMs).isEqualTo(-300_000L);
    }

    @Test
    void aLabelOfAnotherEventIsRejected() {
        Label other = label("legit", Duration.ZERO, null, null);
        other.eventId = "e-2";
        assertThatThrownBy(() -> CLASSIFIER.misclassification(prediction(), other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("e-2");
    }

    // ---- SUSPECTED_LABEL_NOISE ----------------------------------------------------------------------------

    @Test
    void aConfidentPredictionContradictedByItsEffectiveLabelIsSuspectedLabelNoise() {
        Prediction p = prediction();
        p.confidence = 0.98;
        Label legit = label("legit", Duration.ofHours(2), "human", "alice");
        FailureRecord r = CLASSIFIER.labelNoise(p, CLASSIFIER.review(List.of(legit)));
        assertThat(r.failureMode).isEqualTo("SUSPECTED_LABEL_NOISE");
        assertThat(r.category).isEqualTo("DATA");
        assertThat(r.severity).isEqualTo("LOW");
        assertThat(r.score).isEqualTo(0.98);
        assertThat(r.evidence).isEqualTo("prediction \"fraud\" with confidence 0.98 >= 0.95 contradicted by effective"
                + " label \"legit\"");
        assertThat(r.detectedAt).isEqualTo(legit.labelTime);
        assertThat(r.label).isEqualTo("legit");
        assertThat(r.labelSource).isEqualTo("human");
        assertThat(r.labelDelayMs).isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(r.failureId).isEqualTo(FailureClassifier.failureId("e-1", FailureMode.SUSPECTED_LABEL_NOISE));
        assertThat(r.signature).isEqualTo(FailureAnnotator.signature(r));
        // The same contradiction is also a misclassification.
        assertThat(CLASSIFIER.misclassification(p, legit)).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({"0.9499, legit", "0.95, fraud", "0.99, fraud"})
    void noNoiseBelowTheConfidenceThresholdOrWhenTheLabelAgrees(double confidence, String value) {
        Prediction p = prediction();
        p.confidence = confidence;
        assertThat(CLASSIFIER.labelNoise(p, CLASSIFIER.review(List.of(label(value, Duration.ofHours(1), "human", "a")))))
                .isNull();
    }

    @Test
    void theConfidenceThresholdIsInclusiveAndConfigurable() {
        Prediction p = prediction();
        p.confidence = 0.95;
        List<Label> legit = List.of(label("legit", Duration.ofHours(1), "outcome", null));
        assertThat(CLASSIFIER.labelNoise(p, CLASSIFIER.review(legit))).isNotNull();
        FailureClassifier strict = classifier("labels: {noise-confidence: 0.99}");
        assertThat(strict.labelNoise(p, strict.review(legit))).isNull();
        p.confidence = null;
        assertThat(CLASSIFIER.labelNoise(p, CLASSIFIER.review(legit))).as("no confidence, no contradiction").isNull();
    }

    @Test
    void disagreeingLabellersMakeTheLabelSuspectEvenWhenThePredictionIsUnsure() {
        Prediction p = prediction();
        p.confidence = 0.6;
        List<Label> labels = List.of(
                label("fraud", Duration.ofMinutes(10), "outcome", null),
                label("legit", Duration.ofMinutes(30), "human", "alice"),
                label("fraud", Duration.ofMinutes(20), "human", "alice"), // alice's older vote, superseded
                label("fraud", Duration.ofMinutes(40), "human", "bob"));
        FailureRecord r = CLASSIFIER.labelNoise(p, CLASSIFIER.review(labels));
        assertThat(r.evidence).isEqualTo("labellers disagree: (outcome) \"fraud\", alice \"legit\", bob \"fraud\"");
        // Votes fraud, legit, fraud: 2 of 3 pairs differ.
        assertThat(r.score).isEqualTo(2.0 / 3);
        assertThat(r.detectedAt).isEqualTo(T0 + Duration.ofMinutes(40).toMillis());
        assertThat(r.label).isEqualTo("fraud");
    }

    @Test
    void bothSignalsAreQuotedAndLongVoteListsAreCut() {
        Prediction p = prediction();
        p.confidence = 0.97;
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            labels.add(label(i == 6 ? "legit" : "fraud", Duration.ofMinutes(i), "human", "r" + i));
        }
        FailureRecord r = CLASSIFIER.labelNoise(p, CLASSIFIER.review(labels));
        assertThat(r.evidence).isEqualTo("prediction \"fraud\" with confidence 0.97 >= 0.95 contradicted by effective"
                + " label \"legit\"; labellers disagree: r0 \"fraud\", r1 \"fraud\", r2 \"fraud\", r3 \"fraud\","
                + " r4 \"fraud\" and 2 more");
        assertThat(r.score).as("the confident contradiction scores").isEqualTo(0.97);
        // Under the majority policy the effective label is fraud: only the disagreement remains.
        FailureClassifier majority = classifier("labels: {policy: majority}");
        FailureRecord m = majority.labelNoise(p, majority.review(labels));
        assertThat(m.label).isEqualTo("fraud");
        assertThat(m.evidence).startsWith("labellers disagree:");
    }

    @Test
    void noLabelsNoNoiseAndForeignLabelsAreRejected() {
        assertThat(CLASSIFIER.labelNoise(prediction(), CLASSIFIER.review(List.of()))).isNull();
        Label foreign = label("legit", Duration.ofHours(1), "human", "a");
        foreign.eventId = "e-2";
        assertThatThrownBy(() -> CLASSIFIER.labelNoise(prediction(), CLASSIFIER.review(List.of(foreign))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- ids, locale, serialization -----------------------------------------------------------------------

    @Test
    void failureIdIsTheTruncatedSha256() {
        // Golden values computed outside Java: sha256((event_id + "\0" + mode).encode()).hexdigest()[:32]
        assertThat(FailureClassifier.failureId("e-1", FailureMode.LOW_CONFIDENCE))
                .isEqualTo("90a78f08d6400915dbd405a8ca778663");
        assertThat(FailureClassifier.failureId("e-1", FailureMode.MISCLASSIFICATION))
                .isEqualTo("04ba0e3811fa7c39270f21979d683545");
        assertThat(FailureClassifier.failureId("évènement-☃", FailureMode.AMBIGUOUS))
                .isEqualTo("eec851e705bf459fbd63df5c9c0e7be2");
    }

    @Test
    void evidenceDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            Prediction p = prediction();
            p.confidence = 0.31;
            p.latencyMs = 100.5;
            assertThat(classify(p)).extracting(r -> r.evidence)
                    .containsExactly("latency 100.5 ms > SLO 100 ms", "confidence 0.31 < threshold 0.50");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void classifierIsSerializable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(CLASSIFIER);
        }
        FailureClassifier back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (FailureClassifier) in.readObject();
        }
        Prediction p = prediction();
        p.model = "fraud-detector";
        p.latencyMs = 60.0;
        List<FailureRecord> out = new ArrayList<>();
        back.classify(p, out::add);
        assertThat(out).extracting(r -> r.evidence).containsExactly("latency 60 ms > SLO 50 ms");
    }
}
