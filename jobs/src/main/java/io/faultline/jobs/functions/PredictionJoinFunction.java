package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.label.LabelOutcome;
import io.faultline.common.label.LabelReview;
import io.faultline.common.lineage.DeploymentHistory;
import io.faultline.common.lineage.Lineage;
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.runtime.Accounting;
import io.faultline.jobs.runtime.FailureCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Everything that happens to one {@code event_id}, in one keyed operator: the prediction's gate (outside
 * the backfill range, late, duplicate or valid), its lineage (the deployment active at its event time,
 * from the broadcast registry) and its delayed labels. One operator means one shuffle and one state
 * lookup per record instead of three of each; the decisions themselves live in {@code common}
 * ({@link DeploymentHistory}, {@link LabelReview}, {@link FailureClassifier}).
 *
 * <p><b>Outputs.</b> Main: each valid prediction once, enriched with its lineage (status RESOLVED or
 * UNREGISTERED_VERSION). {@link #MISCLASSIFICATIONS}: the catalog rows of the label verdicts
 * (MISCLASSIFICATION, SUSPECTED_LABEL_NOISE). {@link #LABEL_VERDICTS}: one per valid prediction at its verdict.
 * {@link LateRecords#TAG}: late predictions.
 *
 * <p><b>Lineage.</b> A prediction whose deployment is not known yet waits until the watermark passes
 * {@code event_time + lineage wait}; a deployment arriving meanwhile resolves it at once. In batch mode the
 * broadcast side is read first, so the registry is complete and the wait ends with the input.
 *
 * <p><b>Labels.</b> The verdict is taken once, when the watermark passes {@code event_time + label wait},
 * over the labels with {@code label_time} within that wait, by the configured label policy ({@code labels.policy}). Taking it then, rather than at the first
 * label, makes it independent of arrival order, so streaming, batch and replays agree even when a later
 * review overrides an earlier one. Labels whose prediction never comes are dropped (and counted as
 * orphaned) when the watermark passes {@code label_time + label wait}.
 *
 * <p><b>Duplicates.</b> A prediction whose event id was seen with an event time at most the dedup horizon
 * away is dropped; the first to arrive wins. The stored prediction is the marker while it waits for its
 * labels; a separate marker is kept only when the horizon outlasts the label wait.
 *
 * <p><b>State ends</b> with the last of {@code event_time + label wait}, {@code + lineage wait} and
 * {@code + dedup horizon}, by event-time timers.
 */
public class PredictionJoinFunction extends KeyedBroadcastProcessFunction<String, KeyedEvent, Deployment, Prediction> {
    public static final MapStateDescriptor<String, DeploymentHistory> REGISTRY = new MapStateDescriptor<>(
            "deployment-registry", Types.STRING, TypeInformation.of(DeploymentHistory.class));
    public static final OutputTag<FailureRecord> MISCLASSIFICATIONS = new OutputTag<>("misclassifications") {};
    /** One per valid prediction when its label wait ends, for {@code labeling_stats/}. */
    public static final OutputTag<LabelVerdict> LABEL_VERDICTS = new OutputTag<>("label-verdicts") {};

    /** Prediction, labels, lineage deadline and dedup marker of the event: one value, one lookup. */
    static final ValueStateDescriptor<JoinState> ENTRY =
            new ValueStateDescriptor<>("join-entry", TypeInformation.of(JoinState.class));
    /**
     * Present while the prediction waits for its deployment (value: the wait's deadline). An index for the
     * broadcast side, which visits only the keys of this state when a deployment arrives.
     */
    static final ValueStateDescriptor<Long> AWAITING_DEPLOYMENT = new ValueStateDescriptor<>("awaiting-deployment", Types.LONG);

    private final long dedupHorizonMs;
    private final long allowedLatenessMs;
    private final long lineageWaitMs;
    private final long labelWaitMs;
    private final EventTimeRange range;
    private final FailureClassifier classifier;

    private transient ValueState<JoinState> entry;
    private transient ValueState<Long> awaitingDeployment;
    private transient Accounting.Count valid;
    private transient Accounting.Count duplicates;
    private transient Accounting.Count late;
    private transient Accounting.Count outOfRange;
    private transient Accounting.Count unregistered;
    private transient Accounting.Count joined;
    private transient Accounting.Count orphaned;
    private transient FailureCounts failureCounts;

    public PredictionJoinFunction(long dedupHorizonMs, long allowedLatenessMs, long lineageWaitMs, long labelWaitMs,
            EventTimeRange range, FailureClassifier classifier) {
        this.dedupHorizonMs = dedupHorizonMs;
        this.allowedLatenessMs = allowedLatenessMs;
        this.lineageWaitMs = lineageWaitMs;
        this.labelWaitMs = labelWaitMs;
        this.range = range;
        this.classifier = classifier;
    }

    @Override
    public void open(OpenContext openContext) {
        entry = getRuntimeContext().getState(ENTRY);
        awaitingDeployment = getRuntimeContext().getState(AWAITING_DEPLOYMENT);
        String source = SourceKind.PREDICTIONS.tableValue();
        valid = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.VALID));
        duplicates = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.DUPLICATE));
        late = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.LATE));
        outOfRange = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.OUT_OF_RANGE));
        unregistered = Accounting.count(getRuntimeContext(), Accounting.LINEAGE_UNREGISTERED);
        joined = Accounting.count(getRuntimeContext(), Accounting.LABELS_JOINED);
        orphaned = Accounting.count(getRuntimeContext(), Accounting.LABELS_ORPHANED);
        failureCounts = new FailureCounts(getRuntimeContext());
    }

    private boolean markerOutlivesVerdict() {
        return dedupHorizonMs > labelWaitMs;
    }

    @Override
    public void processElement(KeyedEvent event, ReadOnlyContext ctx, Collector<Prediction> out) throws Exception {
        if (event.label != null) {
            onLabel(event.label, ctx);
        } else {
            onPrediction(event.prediction, ctx, out);
        }
    }

    private void onPrediction(Prediction p, ReadOnlyContext ctx, Collector<Prediction> out) throws Exception {
        if (!range.contains(p.eventTime)) {
            outOfRange.inc();
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(p.eventTime, watermark, allowedLatenessMs)) {
            late.inc();
            ctx.output(LateRecords.TAG, LateRecords.of(SourceKind.PREDICTIONS.tableValue(), p.eventId, "event_time",
                    p.eventTime, watermark, allowedLatenessMs, LateRecords.identity(p)));
            return;
        }
        JoinState state = entry.value();
        if (state == null) {
            state = new JoinState();
        }
        long first = state.hasPrediction() ? state.predictionTime : state.seenEventTime;
        if (first != JoinState.NONE && Math.abs(p.eventTime - first) <= dedupHorizonMs) {
            duplicates.inc();
            return;
        }
        valid.inc();
        ctx.timerService().registerEventTimeTimer(p.eventTime + labelWaitMs);
        if (markerOutlivesVerdict()) {
            state.seenEventTime = p.eventTime;
            ctx.timerService().registerEventTimeTimer(p.eventTime + dedupHorizonMs);
        }
        DeploymentHistory history = ctx.getBroadcastState(REGISTRY).get(p.modelVersionKey());
        Deployment found = history == null ? null : history.asOf(p.eventTime);
        if (found != null) {
            Lineage.enrich(p, found);
            out.collect(p);
            state.keepEmitted(p);
        } else {
            long deadline = p.eventTime + lineageWaitMs;
            state.keepPending(p, deadline);
            awaitingDeployment.update(deadline);
            ctx.timerService().registerEventTimeTimer(deadline);
        }
        entry.update(state);
    }

    private void onLabel(Label label, ReadOnlyContext ctx) throws Exception {
        JoinState state = entry.value();
        if (state == null) {
            state = new JoinState();
        }
        state.addLabel(label);
        if (!state.hasPrediction()) {
            state.orphanTimers = true;
            ctx.timerService().registerEventTimeTimer(label.labelTime + labelWaitMs);
        }
        entry.update(state);
    }

    @Override
    public void processBroadcastElement(Deployment d, Context ctx, Collector<Prediction> out) throws Exception {
        String key = Lineage.key(d.model, d.modelVersion);
        DeploymentHistory history = ctx.getBroadcastState(REGISTRY).get(key);
        if (history == null) {
            history = new DeploymentHistory();
        }
        if (!history.add(d)) {
            return;
        }
        ctx.getBroadcastState(REGISTRY).put(key, history);
        DeploymentHistory registry = history;
        // Resolve the waiting predictions of this (model, version); applyToKeyedState makes each key current.
        ctx.applyToKeyedState(AWAITING_DEPLOYMENT, (eventId, deadline) -> {
            JoinState state = entry.value();
            Prediction p = state == null ? null : state.pending;
            if (p == null || !key.equals(p.modelVersionKey())) {
                return;
            }
            Deployment found = registry.asOf(p.eventTime);
            if (found != null) {
                Lineage.enrich(p, found);
                out.collect(p);
                state.keepEmitted(p);
                entry.update(state);
                deadline.clear();
            }
        });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
        JoinState state = entry.value();
        if (state == null) {
            return; // a timer of state that already ended (e.g. a label's orphan expiry after its verdict)
        }
        boolean hasPrediction = state.hasPrediction();
        if (hasPrediction && state.awaitsDeployment() && timestamp >= state.lineageDeadline) {
            resolveFinally(state, ctx, out);
        }
        if (hasPrediction && timestamp >= state.predictionTime + labelWaitMs) {
            if (state.awaitsDeployment()) {
                resolveFinally(state, ctx, out); // the label wait ended first: lineage is decided now, once
            }
            verdict(state, ctx);
        } else if (!hasPrediction) {
            expireOrphanLabels(state, timestamp);
        }
        if (state.seenEventTime != JoinState.NONE && timestamp >= state.seenEventTime + dedupHorizonMs) {
            state.seenEventTime = JoinState.NONE;
        }
        if (state.isEmpty()) {
            entry.clear();
        } else {
            entry.update(state);
        }
    }

    private void resolveFinally(JoinState state, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
        Prediction p = state.pending;
        DeploymentHistory history = ctx.getBroadcastState(REGISTRY).get(p.modelVersionKey());
        Deployment found = history == null ? null : history.asOf(p.eventTime);
        Lineage.enrich(p, found);
        if (found == null) {
            unregistered.inc();
        }
        awaitingDeployment.clear();
        out.collect(p);
        state.keepEmitted(p);
    }

    private void verdict(JoinState state, OnTimerContext ctx) throws Exception {
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
                    ctx.timerService().deleteEventTimeTimer(l.labelTime + labelWaitMs);
                }
            }
        }
        String predicted = null;
        LabelOutcome outcome = null;
        if (!inWindow.isEmpty()) {
            Prediction p = state.prediction();
            predicted = p.prediction;
            LabelReview review = classifier.review(inWindow);
            outcome = LabelOutcome.of(review);
            joined.add(inWindow.size());
            emit(ctx, classifier.misclassification(p, review.effective()));
            emit(ctx, classifier.labelNoise(p, review));
        }
        ctx.output(LABEL_VERDICTS, new LabelVerdict(state.model, state.modelVersion, state.predictionTime, predicted,
                outcome));
        state.dropPrediction();
    }

    private void emit(OnTimerContext ctx, FailureRecord failure) {
        if (failure != null) {
            failureCounts.inc(failure);
            ctx.output(MISCLASSIFICATIONS, failure);
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
