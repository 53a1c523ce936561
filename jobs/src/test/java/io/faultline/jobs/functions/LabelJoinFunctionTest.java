package io.faultline.jobs.functions;

import static io.faultline.jobs.testing.TestingEvents.HOUR;
import static io.faultline.jobs.testing.TestingEvents.MINUTE;
import static io.faultline.jobs.testing.TestingEvents.T0;
import static io.faultline.jobs.testing.TestingEvents.label;
import static io.faultline.jobs.testing.TestingEvents.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delayed-label join in every arrival order; each test ends with no keyed state and no timers left. */
class LabelJoinFunctionTest {
    private static final long WAIT = 24 * HOUR;
    private KeyedTwoInputStreamOperatorTestHarness<String, Prediction, Label, FailureRecord> harness;

    @BeforeEach
    void open() throws Exception {
        LabelJoinFunction join = new LabelJoinFunction(WAIT, new FailureClassifier(FaultlineConfig.defaults()));
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(join, p -> p.eventId, l -> l.eventId, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void predictionBeforeLabel() throws Exception {
        harness.processElement1(prediction("e1", T0, "m", "v1", "fraud", 0.8), T0);
        harness.processElement2(label("e1", "legit", T0 + HOUR, "outcome"), T0 + HOUR);
        assertThat(harness.extractOutputValues()).as("the verdict waits for the label wait").isEmpty();

        advanceTo(T0 + WAIT);
        FailureRecord row = harness.extractOutputValues().get(0);
        assertThat(row.failureMode).isEqualTo("MISCLASSIFICATION");
        assertThat(row.label).isEqualTo("legit");
        assertThat(row.labelSource).isEqualTo("outcome");
        assertThat(row.labelDelayMs).isEqualTo(HOUR);
        assertThat(row.detectedAt).isEqualTo(T0 + HOUR);
        assertNoStateLeft();
    }

    @Test
    void labelBeforePrediction() throws Exception {
        harness.processElement2(label("e1", "legit", T0 + MINUTE, "human"), T0 + MINUTE);
        harness.processElement1(prediction("e1", T0, "m", "v1", "fraud", 0.8), T0);
        advanceTo(T0 + WAIT + MINUTE);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(r -> assertThat(r.label).isEqualTo("legit"));
        assertNoStateLeft();
    }

    @Test
    void correctPredictionProducesNoRow() throws Exception {
        harness.processElement1(prediction("e1", T0, "m", "v1", "fraud", 0.8), T0);
        harness.processElement2(label("e1", "fraud", T0 + HOUR, "outcome"), T0 + HOUR);
        advanceTo(T0 + WAIT);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertNoStateLeft();
    }

    @Test
    void laterReviewOverridesEarlierLabelWhateverTheArrivalOrder() throws Exception {
        harness.processElement2(label("e1", "fraud", T0 + 2 * HOUR, "human"), T0 + 2 * HOUR);
        harness.processElement1(prediction("e1", T0, "m", "v1", "fraud", 0.8), T0);
        harness.processElement2(label("e1", "legit", T0 + HOUR, "outcome"), T0 + HOUR);
        advanceTo(T0 + WAIT);
        assertThat(harness.extractOutputValues()).as("newest label (fraud) agrees with the prediction").isEmpty();
        assertNoStateLeft();
    }

    @Test
    void labelAfterTheWaitIsIgnored() throws Exception {
        harness.processElement1(prediction("e1", T0, "m", "v1", "fraud", 0.8), T0);
        harness.processElement2(label("e1", "legit", T0 + WAIT + 1, "outcome"), T0 + WAIT + 1);
        advanceTo(T0 + WAIT + 1 + WAIT);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertNoStateLeft();
    }

    @Test
    void predictionWithoutLabelsLeavesNoRowAndNoState() throws Exception {
        harness.processElement1(prediction("e1", T0, "m", "v1", "fraud", 0.8), T0);
        advanceTo(T0 + WAIT);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertNoStateLeft();
    }

    @Test
    void orphanLabelExpires() throws Exception {
        harness.processElement2(label("ghost", "legit", T0, "outcome"), T0);
        advanceTo(T0 + WAIT - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        advanceTo(T0 + WAIT);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertNoStateLeft();
    }

    private void advanceTo(long watermark) throws Exception {
        harness.processBothWatermarks(new Watermark(watermark));
    }

    private void assertNoStateLeft() {
        assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
        assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
    }
}
