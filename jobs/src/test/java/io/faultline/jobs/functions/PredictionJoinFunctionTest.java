package io.faultline.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The join's contract on Flink's keyed state and timers (batch mode, rocksdb backend). */
class PredictionJoinFunctionTest extends PredictionJoinContract {
    @Override
    JoinHarness open(long horizon, long lateness, long lineageWait, long labelWait, EventTimeRange range,
            FailureClassifier classifier) throws Exception {
        PredictionJoinFunction join = new PredictionJoinFunction(horizon, lateness, lineageWait, labelWait, range, classifier);
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
