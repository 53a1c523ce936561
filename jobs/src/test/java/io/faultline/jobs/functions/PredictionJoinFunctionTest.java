package io.faultline.jobs.functions;

import static io.faultline.jobs.testing.TestingEvents.HOUR;
import static io.faultline.jobs.testing.TestingEvents.MINUTE;
import static io.faultline.jobs.testing.TestingEvents.T0;
import static io.faultline.jobs.testing.TestingEvents.deployment;
import static io.faultline.jobs.testing.TestingEvents.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.Prediction;
import io.faultline.jobs.testing.HarnessState;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** The join's contract on Flink's keyed state and timers (batch mode, rocksdb backend). */
class PredictionJoinFunctionTest extends PredictionJoinContract {
    @Override
    JoinHarness open(long horizon, long lateness, long lineageWait, long labelWait, EventTimeRange range,
            FailureClassifier classifier) throws Exception {
        return open(new PredictionJoinFunction(horizon, lateness, lineageWait, labelWait, range, classifier, false));
    }

    /**
     * Batch mode reads the deployments before the keyed input, so their registry is complete and a prediction's
     * lineage is decided as it arrives.
     */
    @Test
    void withTheRegistryReadFirstLineageIsDecidedOnArrival() throws Exception {
        try (JoinHarness h = open(new PredictionJoinFunction(HOUR, 10 * MINUTE, 10 * MINUTE, 24 * HOUR, EventTimeRange.ALL,
                new FailureClassifier(FaultlineConfig.defaults()), true))) {
            h.processBroadcastElement(deployment("m", "v1", T0, "d1"), T0);
            h.processBroadcastElement(deployment("m", "v1", T0 + HOUR, "d-again"), T0 + HOUR);
            h.processElement(KeyedEvent.of(prediction("e1", T0 + 2 * HOUR, "m", "v1", "a", 0.9)), T0 + 2 * HOUR);
            h.processElement(KeyedEvent.of(prediction("e2", T0 + 2 * HOUR, "m", "v9", "a", 0.9)), T0 + 2 * HOUR);
            assertThat(h.extractOutputValues()).extracting(p -> p.eventId + "=" + p.deployment.deploymentId)
                    .containsExactly("e1=d-again");
            h.processWatermark(Long.MAX_VALUE - 1);
            assertThat(h.extractOutputValues()).extracting(p -> p.eventId + "=" + p.lineageStatus)
                    .containsExactly("e1=RESOLVED", "e2=UNREGISTERED_VERSION");
            h.assertNoStateLeft();
        }
    }

    private static JoinHarness open(PredictionJoinFunction join) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, KeyedEvent, Deployment, Prediction> h = ProcessFunctionTestHarnesses
                .forKeyedBroadcastProcessFunction(join, KeyedEvent::eventId, Types.STRING, PredictionJoinFunction.REGISTRY);
        return new JoinHarness() {
            @Override
            public void processElement(KeyedEvent event, long timestamp) throws Exception {
                h.processElement(event, timestamp);
            }

            @Override
            public void processBroadcastElement(Deployment d, long timestamp) throws Exception {
                h.processBroadcastElement(d, timestamp);
            }

            @Override
            public void processWatermark(long watermark) throws Exception {
                h.processWatermark(watermark);
                h.processBroadcastWatermark(watermark);
            }

            @Override
            public List<Prediction> extractOutputValues() {
                return h.extractOutputValues();
            }

            @Override
            public <X> Collection<StreamRecord<X>> getSideOutput(OutputTag<X> tag) {
                return h.getSideOutput(tag);
            }

            @Override
            public int stateEntries() {
                return HarnessState.keyedStateEntries(h);
            }

            @Override
            public void assertNoStateLeft() {
                assertThat(HarnessState.keyedStateEntries(h)).as("keyed state entries").isZero();
                assertThat(h.numEventTimeTimers()).as("event-time timers").isZero();
            }

            @Override
            public void close() throws Exception {
                h.close();
            }
        };
    }
}
