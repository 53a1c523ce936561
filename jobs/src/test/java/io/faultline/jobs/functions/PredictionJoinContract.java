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
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Label;
import io.faultline.common.model.LineageStatus;
import io.faultline.common.model.Prediction;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The keyed heart of the pipeline in every arrival order, for each host of {@link JoinLogic}: the same tests
 * run against {@link PredictionJoinFunction} (Flink keyed state) and {@link HeapPredictionJoinOperator} (heap
 * structures). Test names spell the order they exercise; each ends by checking that no state and no timer is
 * left behind.
 */
abstract class PredictionJoinContract {
    private static final long HORIZON = HOUR;
    private static final long LATENESS = 10 * MINUTE;
    private static final long LINEAGE_WAIT = 10 * MINUTE;
    private static final long LABEL_WAIT = 24 * HOUR;

    /** A test harness around one host of the join. */
    interface JoinHarness extends AutoCloseable {
        void processElement(KeyedEvent event, long timestamp) throws Exception;

        void processBroadcastElement(Deployment d, long timestamp) throws Exception;

        void processWatermark(long watermark) throws Exception;

        List<Prediction> extractOutputValues();

        <X> java.util.Collection<StreamRecord<X>> getSideOutput(org.apache.flink.util.OutputTag<X> tag);

        /** Events with state. */
        int stateEntries();

        /** Asserts that no state and no timer that could still matter is left. */
        void assertNoStateLeft() throws Exception;
    }

    /** The harness of the host under test, opened with these settings. */
    abstract JoinHarness open(long horizon, long lateness, long lineageWait, long labelWait, EventTimeRange range,
            FailureClassifier classifier) throws Exception;

    private JoinHarness harness;

    private void open(EventTimeRange range, long horizon) throws Exception {
        harness = open(horizon, LATENESS, LINEAGE_WAIT, LABEL_WAIT, range, new FailureClassifier(FaultlineConfig.defaults()));
    }

    private void open() throws Exception {
        open(EventTimeRange.ALL, HORIZON);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void send(Prediction p) throws Exception {
        harness.processElement(KeyedEvent.of(p), p.eventTime);
    }

    private void send(Label l) throws Exception {
        harness.processElement(KeyedEvent.of(l), l.labelTime);
    }

    private void deploy(Deployment d) throws Exception {
        harness.processBroadcastElement(d, d.deployedAt);
    }

    private void advanceTo(long watermark) throws Exception {
        harness.processWatermark(watermark);
    }

    private List<FailureRecord> misclassifications() {
        return labelRows().stream().filter(r -> r.failureMode.equals("MISCLASSIFICATION")).toList();
    }

    /** Every row of the label verdicts: MISCLASSIFICATION and SUSPECTED_LABEL_NOISE. */
    private List<FailureRecord> labelRows() {
        return harness.getSideOutput(PredictionJoinFunction.MISCLASSIFICATIONS) == null ? List.of()
                : harness.getSideOutput(PredictionJoinFunction.MISCLASSIFICATIONS).stream().map(StreamRecord::getValue).toList();
    }

    private List<LabelVerdict> verdicts() {
        return harness.getSideOutput(PredictionJoinFunction.LABEL_VERDICTS) == null ? List.of()
                : harness.getSideOutput(PredictionJoinFunction.LABEL_VERDICTS).stream().map(StreamRecord::getValue).toList();
    }

    private List<DeadLetter> lateRecords() {
        return harness.getSideOutput(LateRecords.TAG) == null ? List.of()
                : harness.getSideOutput(LateRecords.TAG).stream().map(StreamRecord::getValue).toList();
    }

    private void assertNoStateLeft() throws Exception {
        harness.assertNoStateLeft();
    }

    @Nested
    class Gate {
        @Test
        void duplicateWithinTheHorizonIsDropped() throws Exception {
            open();
            deploy(deployment("m", "v1", T0 - HOUR, "d1"));
            send(prediction("e1", T0, "m", "v1", "a", 0.9));
            send(prediction("e1", T0 + HORIZON, "m", "v1", "a", 0.9));
            advanceTo(T0 + HORIZON);
            assertThat(harness.extractOutputValues()).hasSize(1);
            advanceTo(T0 + LABEL_WAIT);
            assertNoStateLeft();
        }

        @Test
        void duplicateIsDroppedEvenAfterTheVerdictWhenTheHorizonOutlastsTheLabelWait() throws Exception {
            open(EventTimeRange.ALL, 2 * LABEL_WAIT);
            deploy(deployment("m", "v1", T0 - HOUR, "d1"));
            send(prediction("e1", T0, "m", "v1", "a", 0.9));
            advanceTo(T0 + LABEL_WAIT);
            send(prediction("e1", T0 + LABEL_WAIT, "m", "v1", "a", 0.9));
            assertThat(harness.extractOutputValues()).hasSize(1);
            advanceTo(T0 + 2 * LABEL_WAIT);
            assertNoStateLeft();
        }

        @Test
        void recordBehindTheWatermarkByMoreThanTheLatenessIsLate() throws Exception {
            open();
            deploy(deployment("m", "v1", T0 - HOUR, "d1"));
            advanceTo(T0 + HOUR);
            send(prediction("on-time", T0 + HOUR - LATENESS, "m", "v1", "a", 0.9));
            send(prediction("late", T0 + HOUR - LATENESS - 1, "m", "v1", "a", 0.9));
            assertThat(harness.extractOutputValues()).extracting(p -> p.eventId).containsExactly("on-time");
            assertThat(lateRecords()).singleElement().satisfies(r -> {
                assertThat(r.errorCode).isEqualTo(LateRecords.ERROR_CODE);
                assertThat(r.position).isEqualTo("event_id=late");
                assertThat(r.rawPayload).contains("\"event_id\":\"late\"");
            });
        }

        @Test
        void recordOutsideTheBackfillRangeIsSkipped() throws Exception {
            open(new EventTimeRange(T0, T0 + HOUR), HORIZON);
            deploy(deployment("m", "v1", T0 - HOUR, "d1"));
            send(prediction("before", T0 - 1, "m", "v1", "a", 0.9));
            send(prediction("inside", T0, "m", "v1", "a", 0.9));
            send(prediction("after", T0 + HOUR, "m", "v1", "a", 0.9));
            advanceTo(T0 + HOUR);
            assertThat(harness.extractOutputValues()).extracting(p -> p.eventId).containsExactly("inside");
        }
    }

    @Nested
    class LineageJoin {
        @Test
        void deploymentBeforePredictionResolvesItOnceTheWatermarkPassesTheEvent() throws Exception {
            open();
            deploy(deployment("m", "v1", T0, "d1"));
            send(prediction("e1", T0 + HOUR, "m", "v1", "a", 0.9));
            assertThat(harness.extractOutputValues()).as("a re-deployment of v1 may still be on its way").isEmpty();
            advanceTo(T0 + HOUR);
            Prediction out = harness.extractOutputValues().get(0);
            assertThat(out.lineageStatus).isEqualTo(LineageStatus.RESOLVED.name());
            assertThat(out.deployment.deploymentId).isEqualTo("d1");
            advanceTo(T0 + HOUR + LABEL_WAIT);
            assertNoStateLeft();
        }

        @Test
        void newestDeploymentAtOrBeforeEventTimeWins() throws Exception {
            open();
            deploy(deployment("m", "v1", T0, "d1"));
            deploy(deployment("m", "v1", T0 + 2 * HOUR, "d2"));
            send(prediction("early", T0 + HOUR, "m", "v1", "a", 0.9));
            send(prediction("exact", T0 + 2 * HOUR, "m", "v1", "a", 0.9));
            advanceTo(T0 + 2 * HOUR);
            assertThat(harness.extractOutputValues()).extracting(p -> p.eventId + "=" + p.deployment.deploymentId)
                    .containsExactly("early=d1", "exact=d2");
        }

        @Test
        void deploymentAfterPredictionResolvesTheWaitingPrediction() throws Exception {
            open();
            send(prediction("e1", T0 + HOUR, "m", "v1", "a", 0.9));
            assertThat(harness.extractOutputValues()).isEmpty();
            deploy(deployment("m", "v1", T0, "d1"));
            assertThat(harness.extractOutputValues()).isEmpty();
            advanceTo(T0 + HOUR);
            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(p -> assertThat(p.deployment.deploymentId).isEqualTo("d1"));
            advanceTo(T0 + HOUR + LABEL_WAIT);
            assertThat(harness.extractOutputValues()).as("emitted once").hasSize(1);
            assertNoStateLeft();
        }

        @Test
        void deploymentArrivingAfterTheWatermarkPassedTheEventResolvesAtOnce() throws Exception {
            open();
            send(prediction("e1", T0 + HOUR, "m", "v1", "a", 0.9));
            advanceTo(T0 + HOUR);
            assertThat(harness.extractOutputValues()).as("v1 has no deployment yet").isEmpty();
            deploy(deployment("m", "v1", T0, "d1"));
            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(p -> assertThat(p.deployment.deploymentId).isEqualTo("d1"));
            advanceTo(T0 + HOUR + LABEL_WAIT);
            assertThat(harness.extractOutputValues()).as("emitted once").hasSize(1);
            assertNoStateLeft();
        }

        /**
         * A rollback re-deploys a version that was deployed before. Its deployment can arrive after predictions
         * made under it; they belong to the rollback, as in batch, not to the version's first deployment.
         */
        @Test
        void reDeploymentOfAKnownVersionArrivingAfterItsPredictionsWins() throws Exception {
            open();
            deploy(deployment("m", "v1", T0, "d-first"));
            deploy(deployment("m", "v2", T0 + HOUR, "d-v2"));
            send(prediction("under-v2", T0 + 90 * MINUTE, "m", "v2", "a", 0.9));
            send(prediction("after-rollback", T0 + 3 * HOUR, "m", "v1", "a", 0.9));
            deploy(deployment("m", "v1", T0 + 2 * HOUR, "d-rollback"));
            advanceTo(T0 + 3 * HOUR);
            assertThat(harness.extractOutputValues()).extracting(p -> p.eventId + "=" + p.deployment.deploymentId)
                    .containsExactlyInAnyOrder("under-v2=d-v2", "after-rollback=d-rollback");
            advanceTo(T0 + 3 * HOUR + LABEL_WAIT);
            assertNoStateLeft();
        }

        @Test
        void deploymentOfAnotherVersionAfterPredictionDoesNotResolve() throws Exception {
            open();
            send(prediction("e1", T0 + HOUR, "m", "v2", "a", 0.9));
            deploy(deployment("m", "v1", T0, "d1"));
            assertThat(harness.extractOutputValues()).isEmpty();
            advanceTo(T0 + HOUR + LINEAGE_WAIT);
            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(p -> assertThat(p.lineageStatus).isEqualTo(LineageStatus.UNREGISTERED_VERSION.name()));
            advanceTo(T0 + HOUR + LABEL_WAIT);
            assertNoStateLeft();
        }

        @Test
        void noDeploymentWithinTheWaitMarksUnregistered() throws Exception {
            open();
            send(prediction("e1", T0 + HOUR, "m", "v9", "a", 0.9));
            advanceTo(T0 + HOUR + LINEAGE_WAIT - 1);
            assertThat(harness.extractOutputValues()).isEmpty();
            advanceTo(T0 + HOUR + LINEAGE_WAIT);
            Prediction out = harness.extractOutputValues().get(0);
            assertThat(out.lineageStatus).isEqualTo(LineageStatus.UNREGISTERED_VERSION.name());
            assertThat(out.deployment).isNull();
            advanceTo(T0 + HOUR + LABEL_WAIT);
            assertNoStateLeft();
        }

        @Test
        void deploymentAfterPredictionButDeployedLaterThanTheEventIsNotUsed() throws Exception {
            open();
            send(prediction("e1", T0, "m", "v1", "a", 0.9));
            deploy(deployment("m", "v1", T0 + MINUTE, "d-later"));
            assertThat(harness.extractOutputValues()).isEmpty();
            advanceTo(T0 + LINEAGE_WAIT);
            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(p -> assertThat(p.lineageStatus).isEqualTo(LineageStatus.UNREGISTERED_VERSION.name()));
        }
    }

    @Nested
    class LabelJoin {
        private void openDeployed() throws Exception {
            open();
            deploy(deployment("m", "v1", T0 - HOUR, "d1"));
        }

        @Test
        void predictionBeforeLabel() throws Exception {
            openDeployed();
            send(prediction("e1", T0, "m", "v1", "fraud", 0.8));
            send(label("e1", "legit", T0 + HOUR, "outcome"));
            assertThat(misclassifications()).as("the verdict waits for the label wait").isEmpty();
            advanceTo(T0 + LABEL_WAIT);
            FailureRecord row = misclassifications().get(0);
            assertThat(row.failureMode).isEqualTo("MISCLASSIFICATION");
            assertThat(row.label).isEqualTo("legit");
            assertThat(row.labelSource).isEqualTo("outcome");
            assertThat(row.labelDelayMs).isEqualTo(HOUR);
            assertThat(row.detectedAt).isEqualTo(T0 + HOUR);
            assertThat(row.event.deployment.deploymentId).as("the row carries the lineage").isEqualTo("d1");
            assertNoStateLeft();
        }

        @Test
        void labelBeforePrediction() throws Exception {
            openDeployed();
            send(label("e1", "legit", T0 + MINUTE, "human"));
            send(prediction("e1", T0, "m", "v1", "fraud", 0.8));
            advanceTo(T0 + LABEL_WAIT);
            assertThat(misclassifications()).singleElement().satisfies(r -> assertThat(r.label).isEqualTo("legit"));
            assertNoStateLeft();
        }

        @Test
        void labelBeforePredictionWaitingForItsDeployment() throws Exception {
            open();
            send(label("e1", "legit", T0 + MINUTE, "human"));
            send(prediction("e1", T0, "m", "v1", "fraud", 0.8));
            deploy(deployment("m", "v1", T0 - HOUR, "d1"));
            advanceTo(T0 + LABEL_WAIT);
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(misclassifications()).singleElement()
                    .satisfies(r -> assertThat(r.event.deployment.deploymentId).isEqualTo("d1"));
            assertNoStateLeft();
        }

        @Test
        void correctPredictionProducesNoRow() throws Exception {
            openDeployed();
            send(prediction("e1", T0, "m", "v1", "fraud", 0.8));
            send(label("e1", "fraud", T0 + HOUR, "outcome"));
            advanceTo(T0 + LABEL_WAIT);
            assertThat(labelRows()).isEmpty();
            assertThat(verdicts()).singleElement().satisfies(v -> assertThat(v.outcome.labels).isEqualTo(1));
            assertNoStateLeft();
        }

        @Test
        void laterReviewOverridesEarlierLabelWhateverTheArrivalOrder() throws Exception {
            openDeployed();
            send(label("e1", "fraud", T0 + 2 * HOUR, "human"));
            send(prediction("e1", T0, "m", "v1", "fraud", 0.8));
            send(label("e1", "legit", T0 + HOUR, "outcome"));
            advanceTo(T0 + LABEL_WAIT);
            assertThat(misclassifications()).as("the newest label (fraud) agrees with the prediction").isEmpty();
            assertThat(labelRows()).as("but the labellers disagree").singleElement()
                    .satisfies(r -> assertThat(r.failureMode).isEqualTo("SUSPECTED_LABEL_NOISE"));
            assertThat(verdicts()).singleElement().satisfies(v -> {
                assertThat(v.outcome.labels).isEqualTo(2);
                assertThat(v.outcome.disagreement).isTrue();
                assertThat(v.prediction).isEqualTo("fraud");
                assertThat(v.model + "/" + v.modelVersion).isEqualTo("m/v1");
            });
            assertNoStateLeft();
        }

        @Test
        void labelAfterTheWaitIsIgnored() throws Exception {
            openDeployed();
            send(prediction("e1", T0, "m", "v1", "fraud", 0.8));
            send(label("e1", "legit", T0 + LABEL_WAIT + 1, "outcome"));
            advanceTo(T0 + 2 * LABEL_WAIT + 1);
            assertThat(misclassifications()).isEmpty();
            assertNoStateLeft();
        }

        @Test
        void predictionWithoutLabelsLeavesNoRowAndNoState() throws Exception {
            openDeployed();
            send(prediction("e1", T0, "m", "v1", "fraud", 0.8));
            advanceTo(T0 + LABEL_WAIT);
            assertThat(misclassifications()).isEmpty();
            assertNoStateLeft();
        }

        @Test
        void orphanLabelExpires() throws Exception {
            openDeployed();
            send(label("ghost", "legit", T0, "outcome"));
            advanceTo(T0 + LABEL_WAIT - 1);
            assertThat(harness.stateEntries()).isEqualTo(1);
            advanceTo(T0 + LABEL_WAIT);
            assertThat(misclassifications()).isEmpty();
            assertNoStateLeft();
        }
    }
}
