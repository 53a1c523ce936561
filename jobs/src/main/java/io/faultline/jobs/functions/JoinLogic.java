package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.label.LabelOutcome;
import io.faultline.common.label.LabelReview;
import io.faultline.common.lineage.DeploymentHistory;
import io.faultline.common.lineage.Lineage;
import io.faultline.common.lineage.ModelVersionKeys;
import io.faultline.common.model.CompactReader;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.runtime.Accounting;
import io.faultline.jobs.runtime.FailureCounts;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.util.OutputTag;

/**
 * Everything that happens to one {@code event_id}: the decisions of the prediction join over the event's
 * {@link JoinState}, for each prediction, label, timer and deployment. Where the state and its timers live
 * is the business of the two hosts: {@link PredictionJoinFunction} (Flink keyed state and timers: batch
 * mode and the {@code rocksdb} backend) and {@link HeapPredictionJoinOperator} (streaming on the
 * {@code hashmap} backend). The decisions themselves live in {@code common} ({@link DeploymentHistory},
 * {@link LabelReview}, {@link FailureClassifier}).
 *
 * <p><b>Outputs.</b> Main: each valid prediction once, enriched with its lineage (status RESOLVED or
 * UNREGISTERED_VERSION). {@link PredictionJoinFunction#MISCLASSIFICATIONS}: the catalog rows of the label
 * verdicts (MISCLASSIFICATION, SUSPECTED_LABEL_NOISE). {@link PredictionJoinFunction#LABEL_VERDICTS}: one
 * per valid prediction at its verdict. {@link LateRecords#TAG}: late predictions.
 *
 * <p><b>Lineage.</b> A prediction's deployment is the newest deployment of its version at or before its
 * event time. It is decided once every deployment up to the event time is known
 * ({@link Host#deploymentsKnownThrough}): at once when the deployments input is ahead, else when the watermark
 * passes the event time. Deciding earlier could link a prediction to an older deployment of its version while
 * a re-deployment (a rollback, say) is still on its way, and streaming would then disagree with batch. A
 * prediction whose version has no deployment by then waits until the watermark passes
 * {@code event_time + lineage wait}; a deployment arriving meanwhile resolves it at once. In batch mode the
 * broadcast side is read first, so the registry is complete and the wait ends with the input.
 *
 * <p><b>Labels.</b> The verdict is taken once, when the watermark passes {@code event_time + label wait},
 * over the labels with {@code label_time} within that wait, by the configured label policy
 * ({@code labels.policy}). Taking it then, rather than at the first label, makes it independent of arrival
 * order, so streaming, batch and replays agree even when a later review overrides an earlier one. Labels
 * whose prediction never comes are dropped (and counted as orphaned) when the watermark passes
 * {@code label_time + label wait}.
 *
 * <p><b>Duplicates.</b> A prediction whose event id was seen with an event time at most the dedup horizon
 * away is dropped; the first to arrive wins. The stored prediction is the marker while it waits for its
 * labels; a separate marker is kept only when the horizon outlasts the label wait.
 *
 * <p><b>State ends</b> with the last of {@code event_time + label wait}, {@code + lineage wait} and
 * {@code + dedup horizon}, by event-time timers. Every timer that can still change a state follows from the
 * state itself ({@link #timersOf}), and a timer that fires for a state it no longer concerns changes nothing:
 * each decision compares the timer's time with the state's own times.
 */
public final class JoinLogic implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the state of the current event id lives, and where its outputs go. */
    interface Host {
        /** The watermark the current record or timer is processed under. */
        long currentWatermark();

        void registerTimer(long timestamp) throws Exception;

        /** Drops a timer of the current event id registered earlier; a no-op where stale timers are harmless. */
        void deleteTimer(long timestamp) throws Exception;

        /**
         * Whether every deployment that can be active at {@code eventTime} is in the registry: the registry was
         * read in full before the keyed input (batch mode), or the watermark of the deployments input has passed
         * {@code eventTime}. Deployments arrive on their own input, unordered with the predictions; deciding a
         * prediction's lineage earlier could miss a re-deployment of its version that is still on its way.
         */
        boolean deploymentsKnownThrough(long eventTime);

        /** The registry's deployments of one {@code model|version}, or null. */
        DeploymentHistory deployments(String modelVersionKey) throws Exception;

        /** The current event's prediction waits for its deployment until {@code deadline}. */
        void awaitDeployment(long deadline) throws Exception;

        /** The current event's prediction no longer waits for its deployment. */
        void deploymentSettled() throws Exception;

        /** The main output: a valid prediction with its lineage. */
        void emit(Prediction p);

        <X> void output(OutputTag<X> tag, X value);
    }

    private final long dedupHorizonMs;
    private final long allowedLatenessMs;
    private final long lineageWaitMs;
    private final long labelWaitMs;
    private final EventTimeRange range;
    private final FailureClassifier classifier;

    private transient Accounting.Count valid;
    private transient Accounting.Count duplicates;
    private transient Accounting.Count late;
    private transient Accounting.Count outOfRange;
    private transient Accounting.Count unregistered;
    private transient Accounting.Count joined;
    private transient Accounting.Count orphaned;
    private transient FailureCounts failureCounts;
    private transient ModelVersionKeys keys;
    /** Decodes the kept predictions of labelled events, sharing its caches of repeated strings across them. */
    private transient CompactReader reader;

    JoinLogic(long dedupHorizonMs, long allowedLatenessMs, long lineageWaitMs, long labelWaitMs, EventTimeRange range,
            FailureClassifier classifier) {
        this.dedupHorizonMs = dedupHorizonMs;
        this.allowedLatenessMs = allowedLatenessMs;
        this.lineageWaitMs = lineageWaitMs;
        this.labelWaitMs = labelWaitMs;
        this.range = range;
        this.classifier = classifier;
    }

    /** Registers the accounting counters; call once per subtask before the first record. */
    void open(RuntimeContext ctx) {
        String source = SourceKind.PREDICTIONS.tableValue();
        valid = Accounting.count(ctx, Accounting.name(source, Accounting.VALID));
        duplicates = Accounting.count(ctx, Accounting.name(source, Accounting.DUPLICATE));
        late = Accounting.count(ctx, Accounting.name(source, Accounting.LATE));
        outOfRange = Accounting.count(ctx, Accounting.name(source, Accounting.OUT_OF_RANGE));
        unregistered = Accounting.count(ctx, Accounting.LINEAGE_UNREGISTERED);
        joined = Accounting.count(ctx, Accounting.LABELS_JOINED);
        orphaned = Accounting.count(ctx, Accounting.LABELS_ORPHANED);
        failureCounts = new FailureCounts(ctx);
        keys = new ModelVersionKeys();
        reader = new CompactReader();
    }

    private boolean markerOutlivesVerdict() {
        return dedupHorizonMs > labelWaitMs;
    }

    /**
     * A prediction for the event whose state is {@code state} (a fresh, empty state when none was kept).
     *
     * @param form the prediction's own fields in {@link io.faultline.common.model.PredictionCodec} form if at
     *     hand ({@link KeyedEvent#predictionForm}), else null: kept as they are instead of encoded again
     * @return whether the state changed (and must be stored, or dropped when {@link JoinState#isEmpty()})
     */
    boolean onPrediction(JoinState state, Prediction p, byte[] form, Host host) throws Exception {
        if (!range.contains(p.eventTime)) {
            outOfRange.inc();
            return false;
        }
        long watermark = host.currentWatermark();
        if (LateRecords.isLate(p.eventTime, watermark, allowedLatenessMs)) {
            late.inc();
            host.output(LateRecords.TAG, LateRecords.of(SourceKind.PREDICTIONS.tableValue(), p.eventId, "event_time",
                    p.eventTime, watermark, allowedLatenessMs, LateRecords.identity(p)));
            return false;
        }
        long first = state.hasPrediction() ? state.predictionTime : state.seenEventTime;
        if (first != JoinState.NONE && Math.abs(p.eventTime - first) <= dedupHorizonMs) {
            duplicates.inc();
            return false;
        }
        valid.inc();
        host.registerTimer(p.eventTime + labelWaitMs);
        if (markerOutlivesVerdict()) {
            state.seenEventTime = p.eventTime;
            host.registerTimer(p.eventTime + dedupHorizonMs);
        }
        if (host.deploymentsKnownThrough(p.eventTime)) {
            DeploymentHistory history = host.deployments(keys.of(p.model, p.modelVersion));
            Deployment found = history == null ? null : history.asOf(p.eventTime);
            if (found != null) {
                Lineage.enrich(p, found);
                host.emit(p);
                state.keepEmitted(p, form);
                return true;
            }
        } else {
            host.registerTimer(p.eventTime); // when the watermark passes it, every deployment up to it is known
        }
        long deadline = p.eventTime + lineageWaitMs;
        state.keepPending(p, deadline);
        host.awaitDeployment(deadline);
        host.registerTimer(deadline);
        return true;
    }

    /** A label for the event whose state is {@code state}; always changes the state. */
    void onLabel(JoinState state, Label label, Host host) throws Exception {
        state.addLabel(label);
        if (!state.hasPrediction()) {
            state.orphanTimers = true;
            host.registerTimer(label.labelTime + labelWaitMs);
        }
    }

    /**
     * A deployment of {@code modelVersionKey} arrived (and is in {@code registry}): resolves the state's
     * waiting prediction if it is of that version and the deployment was active at its event time.
     *
     * @return whether the state changed
     */
    boolean onDeployment(JoinState state, String modelVersionKey, DeploymentHistory registry, Host host) throws Exception {
        Prediction p = state.pending;
        if (p == null || !modelVersionKey.equals(p.modelVersionKey()) || !host.deploymentsKnownThrough(p.eventTime)) {
            return false;
        }
        return resolveIfDeployed(state, registry, host);
    }

    /** Resolves the waiting prediction of {@code state} if {@code history} has a deployment active at its event time. */
    private boolean resolveIfDeployed(JoinState state, DeploymentHistory history, Host host) throws Exception {
        Prediction p = state.pending;
        Deployment found = history == null ? null : history.asOf(p.eventTime);
        if (found == null) {
            return false;
        }
        Lineage.enrich(p, found);
        host.deploymentSettled();
        host.emit(p);
        state.keepEmitted(p, null);
        return true;
    }

    /** The watermark passed {@code timestamp}, a timer of the event whose state is {@code state}; always changes it. */
    void onTimer(JoinState state, long timestamp, Host host) throws Exception {
        boolean hasPrediction = state.hasPrediction();
        if (hasPrediction && state.awaitsDeployment()) {
            if (timestamp >= state.lineageDeadline) {
                resolveFinally(state, host);
            } else if (timestamp >= state.predictionTime) {
                // Every deployment up to the event time is known now; a later one may still come within the wait.
                Prediction p = state.pending;
                resolveIfDeployed(state, host.deployments(keys.of(p.model, p.modelVersion)), host);
            }
        }
        if (hasPrediction && timestamp >= state.predictionTime + labelWaitMs) {
            if (state.awaitsDeployment()) {
                resolveFinally(state, host); // the label wait ended first: lineage is decided now, once
            }
            verdict(state, host);
        } else if (!hasPrediction) {
            expireOrphanLabels(state, timestamp);
        }
        if (state.seenEventTime != JoinState.NONE && timestamp >= state.seenEventTime + dedupHorizonMs) {
            state.seenEventTime = JoinState.NONE;
        }
    }

    /**
     * The timers that can still change {@code state}: for hosts that keep no timers of their own in
     * checkpoints and register these again on restore.
     */
    void timersOf(JoinState state, LongConsumer timers) {
        if (state.hasPrediction()) {
            timers.accept(state.predictionTime + labelWaitMs);
            if (state.awaitsDeployment()) {
                timers.accept(state.predictionTime);
                timers.accept(state.lineageDeadline);
            }
        } else if (state.labels != null) {
            for (Label l : state.labels) {
                timers.accept(l.labelTime + labelWaitMs);
            }
        }
        if (state.seenEventTime != JoinState.NONE) {
            timers.accept(state.seenEventTime + dedupHorizonMs);
        }
    }

    private void resolveFinally(JoinState state, Host host) throws Exception {
        Prediction p = state.pending;
        DeploymentHistory history = host.deployments(keys.of(p.model, p.modelVersion));
        Deployment found = history == null ? null : history.asOf(p.eventTime);
        Lineage.enrich(p, found);
        if (found == null) {
            unregistered.inc();
        }
        host.deploymentSettled();
        host.emit(p);
        state.keepEmitted(p, null);
    }

    private void verdict(JoinState state, Host host) throws Exception {
        long deadline = state.predictionTime + labelWaitMs;
        List<Label> inWindow = List.of();
        if (state.labels != null) {
            inWindow = new ArrayList<>(state.labels.length);
            for (Label l : state.labels) {
                if (l.labelTime <= deadline) {
                    inWindow.add(l);
                }
                if (state.orphanTimers) {
                    // Labels that came before their prediction registered an orphan-expiry timer: end it with the state.
                    host.deleteTimer(l.labelTime + labelWaitMs);
                }
            }
        }
        String predicted = null;
        LabelOutcome outcome = null;
        if (!inWindow.isEmpty()) {
            Prediction p = state.prediction(reader);
            predicted = p.prediction;
            LabelReview review = classifier.review(inWindow);
            outcome = LabelOutcome.of(review);
            joined.add(inWindow.size());
            emit(host, classifier.misclassification(p, review.effective()));
            emit(host, classifier.labelNoise(p, review));
        }
        host.output(PredictionJoinFunction.LABEL_VERDICTS, new LabelVerdict(state.model, state.modelVersion,
                state.predictionTime, predicted, outcome));
        state.dropPrediction();
    }

    private void emit(Host host, FailureRecord failure) {
        if (failure != null) {
            failureCounts.inc(failure);
            host.output(PredictionJoinFunction.MISCLASSIFICATIONS, failure);
        }
    }

    private void expireOrphanLabels(JoinState state, long timestamp) {
        if (state.labels == null) {
            return;
        }
        int kept = 0;
        for (Label l : state.labels) {
            if (l.labelTime + labelWaitMs > timestamp) {
                state.labels[kept++] = l;
            }
        }
        orphaned.add(state.labels.length - kept);
        state.labels = kept == 0 ? null : Arrays.copyOf(state.labels, kept);
    }
}
