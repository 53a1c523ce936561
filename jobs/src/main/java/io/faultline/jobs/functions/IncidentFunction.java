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
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
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
 * incident and a capped timeline) lives as long as the job, as the model's memory.
 */
public class IncidentFunction extends KeyedProcessFunction<String, WindowPartial, Incident> {
    /** The catalog row of each deployment regression when its incident opens ({@link RegressionFailures}). */
    public static final OutputTag<FailureRecord> REGRESSIONS = new OutputTag<>("regressions") {};

    private final IncidentDetector detector;
    private final FaultlineConfig config;
    private final long completeDelayMs;

    private transient FailureAnnotator annotator;
    private transient FailureCounts failureCounts;
    private transient MapState<Long, byte[]> pending;
    private transient ValueState<byte[]> state;

    public IncidentFunction(IncidentDetector detector, FaultlineConfig config, long completeDelayMs) {
        this.detector = detector;
        this.config = config;
        this.completeDelayMs = completeDelayMs;
    }

    @Override
    public void open(OpenContext openContext) {
        annotator = new FailureAnnotator(config);
        failureCounts = new FailureCounts(getRuntimeContext());
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-signals", Types.LONG,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("incident-state",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(WindowPartial part, Context ctx, Collector<Incident> out) throws Exception {
        byte[] merged = pending.get(part.windowStart);
        if (merged == null) {
            pending.put(part.windowStart, part.profile);
        } else {
            pending.put(part.windowStart, WindowSignals.fromBytes(merged).merge(WindowSignals.fromBytes(part.profile))
                    .toBytes());
        }
        ctx.timerService().registerEventTimeTimer(part.windowEnd + completeDelayMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        TreeMap<Long, byte[]> due = new TreeMap<>();
        for (Map.Entry<Long, byte[]> e : pending.entries()) {
            WindowSignals w = WindowSignals.fromBytes(e.getValue());
            if (w.windowEnd() + completeDelayMs <= timestamp) {
                due.put(e.getKey(), e.getValue());
            }
        }
        if (due.isEmpty()) {
            return;
        }
        byte[] bytes = state.value();
        IncidentState model = bytes == null ? new IncidentState() : IncidentState.fromBytes(bytes);
        for (Map.Entry<Long, byte[]> e : due.entrySet()) {
            pending.remove(e.getKey());
            for (Incident row : detector.onWindow(model, WindowSignals.fromBytes(e.getValue()))) {
                out.collect(row);
                FailureRecord regression = RegressionFailures.of(row);
                if (regression != null) {
                    regression = annotator.annotate(regression);
                    failureCounts.inc(regression);
                    ctx.output(REGRESSIONS, regression);
                }
            }
        }
        state.update(model.toBytes());
    }
}
