package io.faultline.jobs.functions;

import static io.faultline.jobs.testing.TestingEvents.HOUR;
import static io.faultline.jobs.testing.TestingEvents.MINUTE;
import static io.faultline.jobs.testing.TestingEvents.T0;
import static io.faultline.jobs.testing.TestingEvents.deployment;
import static io.faultline.jobs.testing.TestingEvents.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.LineageStatus;
import io.faultline.common.model.Prediction;
import io.faultline.jobs.testing.HarnessState;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lineage join in every arrival order; each test ends with no keyed state and no timers left. */
class LineageJoinFunctionTest {
    private static final long WAIT = 10 * MINUTE;
    private KeyedBroadcastOperatorTestHarness<String, Prediction, Deployment, Prediction> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new LineageJoinFunction(WAIT),
                p -> p.eventId, Types.STRING, LineageJoinFunction.REGISTRY);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void deploymentBeforePredictionResolvesAtOnce() throws Exception {
        harness.processBroadcastElement(deployment("m", "v1", T0, "d1"), T0);
        harness.processElement(prediction("e1", T0 + HOUR, "m", "v1", "a", 0.9), T0 + HOUR);

        List<Prediction> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).lineageStatus).isEqualTo(LineageStatus.RESOLVED.name());
        assertThat(out.get(0).deployment.deploymentId).isEqualTo("d1");
        assertNoStateLeft();
    }

    @Test
    void newestDeploymentAtOrBeforeEventTimeWins() throws Exception {
        harness.processBroadcastElement(deployment("m", "v1", T0, "d1"), T0);
        harness.processBroadcastElement(deployment("m", "v1", T0 + 2 * HOUR, "d2"), T0);
        harness.processElement(prediction("early", T0 + HOUR, "m", "v1", "a", 0.9), T0 + HOUR);
        harness.processElement(prediction("exact", T0 + 2 * HOUR, "m", "v1", "a", 0.9), T0 + 2 * HOUR);

        assertThat(harness.extractOutputValues()).extracting(p -> p.eventId + "=" + p.deployment.deploymentId)
                .containsExactly("early=d1", "exact=d2");
        assertNoStateLeft();
    }

    @Test
    void deploymentAfterPredictionResolvesWaitingPrediction() throws Exception {
        harness.processElement(prediction("e1", T0 + HOUR, "m", "v1", "a", 0.9), T0 + HOUR);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processBroadcastElement(deployment("m", "v1", T0, "d1"), T0);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(p -> assertThat(p.deployment.deploymentId).isEqualTo("d1"));

        harness.processWatermark(T0 + HOUR + WAIT);
        harness.processBroadcastWatermark(T0 + HOUR + WAIT);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertNoStateLeft();
    }

    @Test
    void deploymentOfAnotherVersionDoesNotResolve() throws Exception {
        harness.processElement(prediction("e1", T0 + HOUR, "m", "v2", "a", 0.9), T0 + HOUR);
        harness.processBroadcastElement(deployment("m", "v1", T0, "d1"), T0);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(HarnessState.keyedStateEntries(harness)).isEqualTo(1);

        harness.processWatermark(T0 + HOUR + WAIT);
        harness.processBroadcastWatermark(T0 + HOUR + WAIT);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(p -> assertThat(p.lineageStatus).isEqualTo(LineageStatus.UNREGISTERED_VERSION.name()));
        assertNoStateLeft();
    }

    @Test
    void noDeploymentWithinTheWaitMarksUnregistered() throws Exception {
        harness.processElement(prediction("e1", T0 + HOUR, "m", "v9", "a", 0.9), T0 + HOUR);
        harness.processWatermark(T0 + HOUR + WAIT - 1);
        harness.processBroadcastWatermark(T0 + HOUR + WAIT - 1);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0 + HOUR + WAIT);
        harness.processBroadcastWatermark(T0 + HOUR + WAIT);
        Prediction out = harness.extractOutputValues().get(0);
        assertThat(out.lineageStatus).isEqualTo(LineageStatus.UNREGISTERED_VERSION.name());
        assertThat(out.deployment).isNull();
        assertNoStateLeft();
    }

    @Test
    void deploymentAfterPredictionButDeployedLaterThanEventIsNotUsed() throws Exception {
        harness.processElement(prediction("e1", T0, "m", "v1", "a", 0.9), T0);
        harness.processBroadcastElement(deployment("m", "v1", T0 + MINUTE, "d-later"), T0 + MINUTE);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0 + WAIT);
        harness.processBroadcastWatermark(T0 + WAIT);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(p -> assertThat(p.lineageStatus).isEqualTo(LineageStatus.UNREGISTERED_VERSION.name()));
        assertNoStateLeft();
    }

    private void assertNoStateLeft() {
        assertThat(HarnessState.keyedStateEntries(harness)).as("keyed state entries").isZero();
        assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
    }
}
