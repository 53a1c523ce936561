package io.faultline.jobs.functions;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.failure.FailureAnnotator;
import io.faultline.common.incident.Incident;
import io.faultline.common.incident.IncidentDetector;
import io.faultline.common.incident.IncidentState;
import io.faultline.common.incident.RegressionFailures;
import io.faultline.common.incident.WindowSignals;
import io.faultline.common.model.FailureRecord;
import io.faultline.jobs.runtime.FailureCounts;
import io.faultline.jobs.runtime.FailureRecordTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by model: merges the parts of each window's {@link WindowSignals} (predictions and drift verdicts from
 * the window statistics, per-prediction failures by mode, labelled and misclassified counts from the labelling
 * statistics, deployments) and, once every part of a window is in, feeds the complete windows in order to the
 * {@link IncidentDetector}, emitting its {@code incidents/} rows.
 *
 * <p>A window is complete when the watermark passes its end plus the longest of the parts' delays: the label
 * delay (labelled error rates need the label verdicts), or the window flush delay. In streaming, incident rows
 * therefore appear that long after their window; their {@code detected_at} is event time (the end of the window
 * in which the rule fired), the same in every run.
 *
 * <p>State: the pending windows end when fed; the model's {@link IncidentState} (bounded: baselines, the open
 * incident and a capped timeline) is the model's memory, dropped when the model has had no window for
 * {@link #MODEL_MEMORY_MS} of event time.
 */
public class IncidentFunction extends WindowMergeFunction<WindowSignals, Incident> {
    /** The catalog row of each deployment regression when its incident opens ({@link RegressionFailures}). */
    public static final OutputTag<FailureRecord> REGRESSIONS = new OutputTag<>("regressions", new FailureRecordTypeInfo());

    /**
     * A model without a window for this long (event time) is forgotten: its baselines and any open incident are
     * dropped, so the state of a retired model ends. A model that comes back starts a new warm-up.
     */
    static final long MODEL_MEMORY_MS = 7L * 24 * 60 * 60 * 1000;

    private final IncidentDetector detector;
    private final FaultlineConfig config;

    private transient ValueState<byte[]> state;
    private transient FailureAnnotator annotator;
    private transient FailureCounts failureCounts;

    public IncidentFunction(IncidentDetector detector, FaultlineConfig config, long completeDelayMs) {
        super(WindowAggregation.SIGNALS, config.windowSize().toMillis(), completeDelayMs);
        this.detector = detector;
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        annotator = new FailureAnnotator(config);
        failureCounts = new FailureCounts(getRuntimeContext());
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("incident-state",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    protected void complete(String model, String allVersions, long windowStart, long windowEnd, WindowSignals window,
            OnTimerContext ctx, Collector<Incident> out) throws Exception {
        byte[] bytes = state.value();
        IncidentState memory = bytes == null ? new IncidentState() : IncidentState.fromBytes(bytes);
        for (Incident row : detector.onWindow(memory, window)) {
            out.collect(row);
            FailureRecord regression = RegressionFailures.of(row);
            if (regression != null) {
                regression = annotator.annotate(regression);
                failureCounts.inc(regression);
                ctx.output(REGRESSIONS, regression);
            }
        }
        state.update(memory.toBytes());
        ctx.timerService().registerEventTimeTimer(windowEnd + MODEL_MEMORY_MS);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        super.onTimer(timestamp, ctx, out);
        byte[] bytes = state.value();
        if (bytes != null) {
            Long lastWindowEnd = IncidentState.fromBytes(bytes).lastWindowEnd();
            if (lastWindowEnd != null && timestamp >= lastWindowEnd + MODEL_MEMORY_MS) {
                state.clear();
            }
        }
    }
}
