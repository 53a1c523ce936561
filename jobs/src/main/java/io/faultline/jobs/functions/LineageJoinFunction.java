package io.faultline.jobs.functions;

import io.faultline.common.lineage.DeploymentHistory;
import io.faultline.common.lineage.Lineage;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.Prediction;
import io.faultline.jobs.runtime.Accounting;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Enriches each prediction with the deployment that was active for its (model, version) at its event
 * time: the newest deployment with {@code deployed_at <= event_time}, from a broadcast registry.
 *
 * <p>Keyed by {@code event_id} (not by model version, which would put a whole model on one subtask).
 * A prediction whose deployment is not known yet waits in keyed state until the watermark passes
 * {@code event_time + lineage wait}; a deployment arriving meanwhile resolves it at once. After the wait
 * it is looked up one last time and otherwise marked {@code UNREGISTERED_VERSION}. In batch mode the
 * broadcast side is read first, so the registry is complete and the wait ends with the input.
 */
public class LineageJoinFunction extends KeyedBroadcastProcessFunction<String, Prediction, Deployment, Prediction> {
    public static final MapStateDescriptor<String, DeploymentHistory> REGISTRY = new MapStateDescriptor<>(
            "deployment-registry", Types.STRING, TypeInformation.of(DeploymentHistory.class));

    static final ListStateDescriptor<Prediction> PENDING =
            new ListStateDescriptor<>("awaiting-deployment", TypeInformation.of(Prediction.class));

    private final long lineageWaitMs;
    private transient ListState<Prediction> pending;
    private transient Accounting.Count unregistered;

    public LineageJoinFunction(long lineageWaitMs) {
        this.lineageWaitMs = lineageWaitMs;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getListState(PENDING);
        unregistered = Accounting.count(getRuntimeContext(), Accounting.LINEAGE_UNREGISTERED);
    }

    @Override
    public void processElement(Prediction p, ReadOnlyContext ctx, Collector<Prediction> out) throws Exception {
        DeploymentHistory history = ctx.getBroadcastState(REGISTRY).get(p.modelVersionKey());
        Deployment found = history == null ? null : history.asOf(p.eventTime);
        if (found != null) {
            Lineage.enrich(p, found);
            out.collect(p);
            return;
        }
        pending.add(p);
        ctx.timerService().registerEventTimeTimer(p.eventTime + lineageWaitMs);
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
        // Resolve the predictions of this (model, version) that were waiting for it.
        ctx.applyToKeyedState(PENDING, (eventId, waiting) -> {
            List<Prediction> stillWaiting = null;
            boolean changed = false;
            for (Prediction p : waiting.get()) {
                Deployment found = key.equals(p.modelVersionKey()) ? registry.asOf(p.eventTime) : null;
                if (found != null) {
                    Lineage.enrich(p, found);
                    out.collect(p);
                    changed = true;
                } else {
                    if (stillWaiting == null) {
                        stillWaiting = new ArrayList<>();
                    }
                    stillWaiting.add(p);
                }
            }
            if (changed) {
                if (stillWaiting == null) {
                    waiting.clear();
                } else {
                    waiting.update(stillWaiting);
                }
            }
        });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
        List<Prediction> stillWaiting = null;
        for (Prediction p : pending.get()) {
            if (p.eventTime + lineageWaitMs > timestamp) {
                if (stillWaiting == null) {
                    stillWaiting = new ArrayList<>();
                }
                stillWaiting.add(p);
                continue;
            }
            DeploymentHistory history = ctx.getBroadcastState(REGISTRY).get(p.modelVersionKey());
            Deployment found = history == null ? null : history.asOf(p.eventTime);
            Lineage.enrich(p, found);
            if (found == null) {
                unregistered.inc();
            }
            out.collect(p);
        }
        if (stillWaiting == null) {
            pending.clear();
        } else {
            pending.update(stillWaiting);
        }
    }
}
