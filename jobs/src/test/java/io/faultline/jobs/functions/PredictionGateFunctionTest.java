package io.faultline.jobs.functions;

import static io.faultline.jobs.testing.TestingEvents.HOUR;
import static io.faultline.jobs.testing.TestingEvents.MINUTE;
import static io.faultline.jobs.testing.TestingEvents.T0;
import static io.faultline.jobs.testing.TestingEvents.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.model.Prediction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PredictionGateFunctionTest {
    private static final long HORIZON = HOUR;
    private static final long LATENESS = 10 * MINUTE;
    private KeyedOneInputStreamOperatorTestHarness<String, Prediction, Prediction> harness;

    private void open(EventTimeRange range) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new PredictionGateFunction(HORIZON, LATENESS, range), p -> p.eventId, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void duplicateWithinTheHorizonIsDropped() throws Exception {
        open(EventTimeRange.ALL);
        harness.processElement(prediction("e1", T0, "m", "v1", "a", 0.9), T0);
        harness.processElement(prediction("e1", T0 + HORIZON, "m", "v1", "a", 0.9), T0 + HORIZON);
        assertThat(harness.extractOutputValues()).hasSize(1);

        harness.processWatermark(T0 + HORIZON);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void sameIdBeyondTheHorizonIsANewEvent() throws Exception {
        open(EventTimeRange.ALL);
        harness.processElement(prediction("e1", T0, "m", "v1", "a", 0.9), T0);
        harness.processElement(prediction("e1", T0 + HORIZON + 1, "m", "v1", "a", 0.9), T0 + HORIZON + 1);
        assertThat(harness.extractOutputValues()).hasSize(2);

        harness.processWatermark(T0 + HORIZON);
        assertThat(harness.numKeyedStateEntries()).as("the newer marker survives the older timer").isEqualTo(1);
        harness.processWatermark(T0 + 2 * HORIZON + 1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void recordBehindTheWatermarkByMoreThanTheLatenessIsLate() throws Exception {
        open(EventTimeRange.ALL);
        harness.processWatermark(T0 + HOUR);
        harness.processElement(prediction("on-time", T0 + HOUR - LATENESS, "m", "v1", "a", 0.9), T0);
        harness.processElement(prediction("late", T0 + HOUR - LATENESS - 1, "m", "v1", "a", 0.9), T0);
        assertThat(harness.extractOutputValues()).extracting(p -> p.eventId).containsExactly("on-time");
        assertThat(harness.getSideOutput(LateRecords.TAG)).singleElement().satisfies(r -> {
            assertThat(r.getValue().errorCode).isEqualTo(LateRecords.ERROR_CODE);
            assertThat(r.getValue().position).isEqualTo("event_id=late");
            assertThat(r.getValue().rawPayload).contains("\"event_id\":\"late\"");
        });
    }

    @Test
    void recordOutsideTheBackfillRangeIsSkipped() throws Exception {
        open(new EventTimeRange(T0, T0 + HOUR));
        harness.processElement(prediction("before", T0 - 1, "m", "v1", "a", 0.9), T0);
        harness.processElement(prediction("inside", T0, "m", "v1", "a", 0.9), T0);
        harness.processElement(prediction("after", T0 + HOUR, "m", "v1", "a", 0.9), T0);
        assertThat(harness.extractOutputValues()).extracting(p -> p.eventId).containsExactly("inside");
    }
}
