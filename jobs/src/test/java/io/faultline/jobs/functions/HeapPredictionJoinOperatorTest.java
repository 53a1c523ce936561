package io.faultline.jobs.functions;

import static io.faultline.jobs.testing.TestingEvents.HOUR;
import static io.faultline.jobs.testing.TestingEvents.MINUTE;
import static io.faultline.jobs.testing.TestingEvents.T0;
import static io.faultline.jobs.testing.TestingEvents.deployment;
import static io.faultline.jobs.testing.TestingEvents.label;
import static io.faultline.jobs.testing.TestingEvents.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * The join's contract on heap structures (streaming, hashmap backend), and its checkpoints: the state written
 * as raw keyed state restores at another parallelism, each subtask taking exactly the event ids of its key
 * groups, with the same outputs as a run that was never interrupted.
 */
class HeapPredictionJoinOperatorTest extends PredictionJoinContract {
    private static final int MAX_PARALLELISM = 128;
    private static final long LABEL_WAIT = 24 * HOUR;

    @Override
    JoinHarness open(long horizon, long lateness, long lineageWait, long labelWait, EventTimeRange range,
            FailureClassifier classifier) throws Exception {
        return new Heap(new HeapPredictionJoinOperator(horizon, lateness, lineageWait, labelWait, range, classifier),
                1, 0, null);
    }

    /** One subtask of the heap join in a test harness. */
    private static final class Heap implements JoinHarness {
        private final HeapPredictionJoinOperator operator;
        private final KeyedTwoInputStreamOperatorTestHarness<String, KeyedEvent, Deployment, Prediction> h;

        Heap(HeapPredictionJoinOperator operator, int parallelism, int subtask, OperatorSubtaskState restored)
                throws Exception {
            this.operator = operator;
            // The broadcast input carries no key; the harness wants one: any key of this subtask's key groups.
            String ownKey = ownKey(parallelism, subtask);
            h = new KeyedTwoInputStreamOperatorTestHarness<>(operator, KeyedEvent::eventId, d -> ownKey, Types.STRING,
                    MAX_PARALLELISM, parallelism, subtask);
            if (restored != null) {
                h.initializeState(restored);
            }
            h.open();
        }

        private static String ownKey(int parallelism, int subtask) {
            for (int i = 0; ; i++) {
                if (KeyGroupRangeAssignment.assignKeyToParallelOperator("k" + i, MAX_PARALLELISM, parallelism) == subtask) {
                    return "k" + i;
                }
            }
        }

        @Override
        public void processElement(KeyedEvent event, long timestamp) throws Exception {
            h.processElement1(new StreamRecord<>(event, timestamp));
        }

        @Override
        public void processBroadcastElement(Deployment d, long timestamp) throws Exception {
            h.processElement2(new StreamRecord<>(d, timestamp));
        }

        @Override
        public void processWatermark(long watermark) throws Exception {
            h.processWatermark1(new Watermark(watermark));
            h.processWatermark2(new Watermark(watermark));
        }

        /** Advances the watermark of the deployments input alone. */
        void deploymentsWatermark(long watermark) throws Exception {
            h.processWatermark2(new Watermark(watermark));
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
            return operator.stateEntries();
        }

        /** No state; the timers left are stale ones that change nothing, and all of them fire in the end. */
        @Override
        public void assertNoStateLeft() throws Exception {
            assertThat(operator.stateEntries()).as("state entries").isZero();
            int outputs = h.getOutput().size();
            processWatermark(Long.MAX_VALUE - 1);
            assertThat(operator.pendingTimers()).as("event-time timers").isZero();
            assertThat(operator.stateEntries()).as("state entries").isZero();
            assertThat(h.getOutput()).as("stale timers emit nothing").hasSize(outputs + 1); // + the watermark
        }

        @Override
        public void close() throws Exception {
            h.close();
        }

        <X> List<X> side(OutputTag<X> tag) {
            Collection<StreamRecord<X>> records = h.getSideOutput(tag);
            return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
        }
    }

    private static HeapPredictionJoinOperator operator() {
        return new HeapPredictionJoinOperator(HOUR, 10 * MINUTE, 10 * MINUTE, LABEL_WAIT, EventTimeRange.ALL,
                new FailureClassifier(FaultlineConfig.defaults()));
    }

    /** Traffic before the cut: resolved and waiting predictions, early and orphan labels. */
    private static void beforeCut(JoinHarness h) throws Exception {
        h.processBroadcastElement(deployment("m", "v1", T0 - HOUR, "d1"), T0 - HOUR);
        for (int i = 0; i < 40; i++) {
            Prediction p = prediction("e" + i, T0 + i * MINUTE, "m", i < 35 ? "v1" : "v2", i % 2 == 0 ? "a" : "b", 0.95);
            h.processElement(KeyedEvent.of(p), p.eventTime);
            if (i % 3 == 0) {
                h.processElement(KeyedEvent.of(label("e" + i, "a", p.eventTime + HOUR, "review")), p.eventTime + HOUR);
            }
        }
        h.processElement(KeyedEvent.of(label("late-prediction", "b", T0 + 30 * MINUTE, "review")), T0 + 30 * MINUTE);
        h.processWatermark(T0 + 35 * MINUTE);
    }

    /** Traffic after the cut, fed to {@code route}: the waiting version's deployment, more labels, a duplicate. */
    private static void afterCut(Consumer<Step> route) {
        route.accept(h -> h.processBroadcastElement(deployment("m", "v2", T0, "d2"), T0 + 36 * MINUTE));
        for (int i = 0; i < 40; i += 4) {
            String id = "e" + i;
            route.accept(new Keyed(id, h -> h.processElement(KeyedEvent.of(label(id, "b", T0 + 5 * HOUR, "audit")),
                    T0 + 5 * HOUR)));
        }
        route.accept(new Keyed("e3", h -> h.processElement(KeyedEvent.of(prediction("e3", T0 + 3 * MINUTE + 1, "m", "v1",
                "b", 0.9)), T0 + 40 * MINUTE)));
        route.accept(new Keyed("late-prediction", h -> h.processElement(KeyedEvent.of(prediction("late-prediction",
                T0 + 36 * MINUTE, "m", "v1", "a", 0.99)), T0 + 41 * MINUTE)));
        route.accept(h -> h.processWatermark(T0 + 6 * HOUR));
        route.accept(h -> h.processWatermark(T0 + 3 * LABEL_WAIT));
    }

    /** One step of traffic; for all subtasks unless keyed. */
    private interface Step {
        void apply(JoinHarness h) throws Exception;
    }

    private record Keyed(String eventId, Step step) implements Step {
        @Override
        public void apply(JoinHarness h) throws Exception {
            step.apply(h);
        }
    }

    private record Outputs(List<String> predictions, List<LabelVerdict> verdicts, List<String> failures) {
        static Outputs of(List<Heap> subtasks) {
            List<String> predictions = new ArrayList<>();
            List<LabelVerdict> verdicts = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Heap h : subtasks) {
                h.extractOutputValues().forEach(p -> predictions.add(p.eventId + "@" + p.lineageStatus));
                verdicts.addAll(h.side(PredictionJoinFunction.LABEL_VERDICTS));
                h.side(PredictionJoinFunction.MISCLASSIFICATIONS).stream().map(f -> f.failureId).forEach(failures::add);
            }
            predictions.sort(null);
            verdicts.sort(java.util.Comparator.comparingLong((LabelVerdict v) -> v.eventTime)
                    .thenComparing(v -> String.valueOf(v.prediction)).thenComparingInt(LabelVerdict::hashCode));
            failures.sort(null);
            return new Outputs(predictions, verdicts, failures);
        }
    }

    /** The operator sees its inputs' watermarks apart: when the deployments input is ahead, lineage needs no wait. */
    @Test
    void aPredictionBehindTheDeploymentsWatermarkIsResolvedOnArrival() throws Exception {
        try (Heap h = new Heap(operator(), 1, 0, null)) {
            h.processBroadcastElement(deployment("m", "v1", T0, "d1"), T0);
            h.deploymentsWatermark(T0 + HOUR);
            h.processElement(KeyedEvent.of(prediction("behind", T0 + HOUR, "m", "v1", "a", 0.9)), T0 + HOUR);
            h.processElement(KeyedEvent.of(prediction("ahead", T0 + HOUR + 1, "m", "v1", "a", 0.9)), T0 + HOUR + 1);
            assertThat(h.extractOutputValues()).extracting(p -> p.eventId).containsExactly("behind");
            h.processWatermark(T0 + HOUR + 1);
            assertThat(h.extractOutputValues()).extracting(p -> p.eventId + "=" + p.deployment.deploymentId)
                    .containsExactly("behind=d1", "ahead=d1");
        }
    }

    @Test
    void restoresFromACheckpointAtAnotherParallelismWithTheSameOutputs() throws Exception {
        Heap uninterrupted = new Heap(operator(), 1, 0, null);
        beforeCut(uninterrupted);
        afterCut(step -> run(step, uninterrupted));
        Outputs expected = Outputs.of(List.of(uninterrupted));
        uninterrupted.assertNoStateLeft();
        uninterrupted.close();
        assertThat(expected.predictions()).hasSize(41).contains("e36@RESOLVED", "late-prediction@RESOLVED");
        assertThat(expected.verdicts()).hasSize(41);
        assertThat(expected.failures()).isNotEmpty();

        Heap before = new Heap(operator(), 1, 0, null);
        beforeCut(before);
        OperatorSubtaskState snapshot = before.h.snapshot(1L, 1L);
        List<Heap> after = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            after.add(new Heap(operator(), 2, subtask,
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, subtask)));
        }
        assertThat(after.get(0).stateEntries() + after.get(1).stateEntries()).as("every event's state, once")
                .isEqualTo(before.stateEntries());
        assertThat(after).allSatisfy(h -> assertThat(h.stateEntries()).isPositive());
        afterCut(step -> {
            for (int subtask = 0; subtask < 2; subtask++) {
                if (!(step instanceof Keyed k)
                        || KeyGroupRangeAssignment.assignKeyToParallelOperator(k.eventId(), MAX_PARALLELISM, 2) == subtask) {
                    run(step, after.get(subtask));
                }
            }
        });
        List<Heap> all = new ArrayList<>(after);
        all.add(0, before);
        assertThat(Outputs.of(all)).isEqualTo(expected);
        for (Heap h : after) {
            h.assertNoStateLeft();
            h.close();
        }
        before.close();
    }

    private static void run(Step step, JoinHarness h) {
        try {
            step.apply(h);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
