package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.label.EffectiveLabel;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.jobs.runtime.Accounting;
import io.faultline.jobs.runtime.FailureCounts;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins predictions with their delayed labels, keyed by {@code event_id}, in either order of arrival.
 *
 * <p>The verdict is taken once, when the watermark passes {@code event_time + label wait}, over the
 * labels with {@code label_time} within that wait: taking it then (and not at the first label) is what
 * makes the result independent of arrival order, so streaming, batch and replays agree even when a later
 * review overrides an earlier one. Labels whose prediction never arrives are dropped (and counted as
 * orphaned) when the watermark passes {@code label_time + label wait}. Both timers end all state.
 */
public class LabelJoinFunction extends KeyedCoProcessFunction<String, Prediction, Label, FailureRecord> {
    static final ValueStateDescriptor<Prediction> PREDICTION =
            new ValueStateDescriptor<>("prediction-awaiting-labels", TypeInformation.of(Prediction.class));
    static final ListStateDescriptor<Label> LABELS =
            new ListStateDescriptor<>("labels", TypeInformation.of(Label.class));

    private final long labelWaitMs;
    private final FailureClassifier classifier;

    private transient ValueState<Prediction> prediction;
    private transient ListState<Label> labels;
    private transient Accounting.Count joined;
    private transient Accounting.Count orphaned;
    private transient FailureCounts failureCounts;

    public LabelJoinFunction(long labelWaitMs, FailureClassifier classifier) {
        this.labelWaitMs = labelWaitMs;
        this.classifier = classifier;
    }

    @Override
    public void open(OpenContext openContext) {
        prediction = getRuntimeContext().getState(PREDICTION);
        labels = getRuntimeContext().getListState(LABELS);
        joined = Accounting.count(getRuntimeContext(), Accounting.LABELS_JOINED);
        orphaned = Accounting.count(getRuntimeContext(), Accounting.LABELS_ORPHANED);
        failureCounts = new FailureCounts(getRuntimeContext());
    }

    @Override
    public void processElement1(Prediction p, Context ctx, Collector<FailureRecord> out) throws Exception {
        prediction.update(p);
        ctx.timerService().registerEventTimeTimer(p.eventTime + labelWaitMs);
    }

    @Override
    public void processElement2(Label label, Context ctx, Collector<FailureRecord> out) throws Exception {
        labels.add(label);
        if (prediction.value() == null) {
            ctx.timerService().registerEventTimeTimer(label.labelTime + labelWaitMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FailureRecord> out) throws Exception {
        Prediction p = prediction.value();
        if (p == null) {
            expireOrphans(timestamp);
            return;
        }
        long deadline = p.eventTime + labelWaitMs;
        if (timestamp < deadline) {
            return; // an orphan-expiry timer of a label that came before its prediction
        }
        List<Label> inWindow = new ArrayList<>();
        for (Label l : labels.get()) {
            if (l.labelTime <= deadline) {
                inWindow.add(l);
            }
            // Labels that came before their prediction registered an orphan-expiry timer: end it with the state.
            ctx.timerService().deleteEventTimeTimer(l.labelTime + labelWaitMs);
        }
        Label effective = EffectiveLabel.newest(inWindow);
        if (effective != null) {
            joined.add(inWindow.size());
            FailureRecord failure = classifier.misclassification(p, effective);
            if (failure != null) {
                failureCounts.inc(failure);
                out.collect(failure);
            }
        }
        prediction.clear();
        labels.clear();
    }

    private void expireOrphans(long timestamp) throws Exception {
        List<Label> kept = null;
        long expired = 0;
        for (Label l : labels.get()) {
            if (l.labelTime + labelWaitMs <= timestamp) {
                expired++;
            } else {
                if (kept == null) {
                    kept = new ArrayList<>();
                }
                kept.add(l);
            }
        }
        orphaned.add(expired);
        if (kept == null) {
            labels.clear();
        } else {
            labels.update(kept);
        }
    }
}
