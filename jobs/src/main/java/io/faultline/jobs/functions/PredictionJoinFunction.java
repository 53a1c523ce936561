package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.lineage.DeploymentHistory;
import io.faultline.common.lineage.Lineage;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.jobs.runtime.FailureRecordTypeInfo;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The prediction join on Flink's keyed state and timers: one {@link JoinState} value per {@code event_id},
 * one event-time timer per deadline. Used in batch mode (where keyed input arrives sorted by event id and the
 * state of an id ends with it) and in streaming on the {@code rocksdb} backend (where a day of waiting
 * predictions may outgrow the heap). The decisions are {@link JoinLogic}'s; streaming on the {@code hashmap}
 * backend uses {@link HeapPredictionJoinOperator} instead.
 */
public class PredictionJoinFunction extends KeyedBroadcastProcessFunction<String, KeyedEvent, Deployment, Prediction> {
    public static final MapStateDescriptor<String, DeploymentHistory> REGISTRY = new MapStateDescriptor<>(
            "deployment-registry", Types.STRING, TypeInformation.of(DeploymentHistory.class));
    public static final OutputTag<FailureRecord> MISCLASSIFICATIONS = new OutputTag<>("misclassifications", new FailureRecordTypeInfo());
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

    private final JoinLogic logic;
    /** Batch mode: the broadcast side is read in full before the keyed side. */
    private final boolean registryReadFirst;

    private transient ValueState<JoinState> entry;
    private transient ValueState<Long> awaitingDeployment;

    public PredictionJoinFunction(long dedupHorizonMs, long allowedLatenessMs, long lineageWaitMs, long labelWaitMs,
            EventTimeRange range, FailureClassifier classifier, boolean registryReadFirst) {
        this.logic = new JoinLogic(dedupHorizonMs, allowedLatenessMs, lineageWaitMs, labelWaitMs, range, classifier);
        this.registryReadFirst = registryReadFirst;
    }

    @Override
    public void open(OpenContext openContext) {
        entry = getRuntimeContext().getState(ENTRY);
        awaitingDeployment = getRuntimeContext().getState(AWAITING_DEPLOYMENT);
        logic.open(getRuntimeContext());
    }

    @Override
    public void processElement(KeyedEvent event, ReadOnlyContext ctx, Collector<Prediction> out) throws Exception {
        JoinState state = entry.value();
        if (state == null) {
            state = new JoinState();
        }
        Host host = new Host(ctx.timerService(), ctx::currentWatermark, ctx::getBroadcastState, ctx::output, out);
        if (event.label != null) {
            logic.onLabel(state, event.label, host);
        } else if (!logic.onPrediction(state, event.prediction, event.predictionForm, host)) {
            return;
        }
        store(state);
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
        Host host = new Host(null, ctx::currentWatermark, ctx::getBroadcastState, ctx::output, out);
        // Resolve the waiting predictions of this (model, version); applyToKeyedState makes each key current.
        ctx.applyToKeyedState(AWAITING_DEPLOYMENT, (eventId, deadline) -> {
            JoinState state = entry.value();
            if (state != null && logic.onDeployment(state, key, registry, host)) {
                entry.update(state);
            }
        });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
        JoinState state = entry.value();
        if (state == null) {
            return; // a timer of state that already ended (e.g. a label's orphan expiry after its verdict)
        }
        logic.onTimer(state, timestamp, new Host(ctx.timerService(), ctx::currentWatermark, ctx::getBroadcastState, ctx::output,
                out));
        store(state);
    }

    private void store(JoinState state) throws Exception {
        if (state.isEmpty()) {
            entry.clear();
        } else {
            entry.update(state);
        }
    }

    /** Broadcast state of a context: read-only on the keyed side, writable on the broadcast side. */
    private interface Registry {
        ReadOnlyBroadcastState<String, DeploymentHistory> get(MapStateDescriptor<String, DeploymentHistory> descriptor)
                throws Exception;
    }

    /** Side outputs of a context. */
    private interface SideOutputs {
        <X> void output(OutputTag<X> tag, X value);
    }

    /** The current key's state and timers in Flink's keyed backend, for {@link JoinLogic}. */
    private final class Host implements JoinLogic.Host {
        private final TimerService timers;
        private final LongSupplier watermark;
        private final Registry registry;
        private final SideOutputs sideOutputs;
        private final Collector<Prediction> out;

        Host(TimerService timers, LongSupplier watermark, Registry registry, SideOutputs sideOutputs,
                Collector<Prediction> out) {
            this.timers = timers;
            this.watermark = watermark;
            this.registry = registry;
            this.sideOutputs = sideOutputs;
            this.out = out;
        }

        @Override
        public long currentWatermark() {
            return watermark.getAsLong();
        }

        /**
         * In streaming, a keyed broadcast function sees only the operator's watermark, which has passed the
         * deployments input's unless that input is idle.
         */
        @Override
        public boolean deploymentsKnownThrough(long eventTime) {
            return registryReadFirst || watermark.getAsLong() >= eventTime;
        }

        @Override
        public void registerTimer(long timestamp) {
            timers.registerEventTimeTimer(timestamp);
        }

        @Override
        public void deleteTimer(long timestamp) {
            timers.deleteEventTimeTimer(timestamp);
        }

        @Override
        public DeploymentHistory deployments(String modelVersionKey) throws Exception {
            return registry.get(REGISTRY).get(modelVersionKey);
        }

        @Override
        public void awaitDeployment(long deadline) throws Exception {
            awaitingDeployment.update(deadline);
        }

        @Override
        public void deploymentSettled() {
            awaitingDeployment.clear();
        }

        @Override
        public void emit(Prediction p) {
            out.collect(p);
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            sideOutputs.output(tag, value);
        }
    }
}
