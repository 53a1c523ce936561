package io.faultline.jobs.functions;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.drift.WindowStatistics;
import io.faultline.common.failure.DriftFailures;
import io.faultline.common.incident.WindowSignals;
import io.faultline.common.failure.FailureAnnotator;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.WindowStatsRow;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.common.stats.WindowProfile;
import io.faultline.jobs.runtime.FailureCounts;
import io.faultline.jobs.runtime.FailureRecordTypeInfo;
import java.util.HashMap;
import java.util.List;
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
 * Keyed by (model, version): merges the subtasks' partial window profiles, and when the watermark passes
 * a window's end plus the flush delay, emits the window's statistics and drift ({@link WindowStatistics})
 * and, on the {@link #DRIFT_FAILURES} side output, the window-level catalog rows of drifted columns.
 *
 * <p><b>Reference.</b> A profile written by {@code faultline profile} for the version, if one was loaded;
 * otherwise the version's first {@code drift.warmup-windows} complete windows, merged in window order
 * (a new version's deployment therefore switches the reference). Until then rows carry NO_REFERENCE.
 *
 * <p><b>State.</b> Pending windows end when emitted. A version's warm-up reference (a few KB) lives as
 * long as the job: it is what later windows of that version are compared against.
 */
public class WindowStatsFunction extends WindowMergeFunction<WindowProfile, WindowStatsRow> {
    public static final OutputTag<FailureRecord> DRIFT_FAILURES = new OutputTag<>("drift-failures", new FailureRecordTypeInfo());
    /** The window's part of the model's incident signals: predictions and drift verdicts of the version. */
    public static final OutputTag<WindowPartial> SIGNALS = new OutputTag<>("window-stats-signals") {};
    public static final String SOURCE_PROFILE = "PROFILE";
    public static final String SOURCE_WARMUP = "WARMUP";

    private final FaultlineConfig config;
    /** Loaded reference profiles by {@code model|version}, as JSON (small; parsed once in open()). */
    private final Map<String, String> loadedReferences;

    private transient Map<String, ReferenceProfile> references;
    private transient ValueState<byte[]> warmupProfile;
    private transient ValueState<Integer> warmupWindows;
    private transient ValueState<byte[]> warmupReference;
    private transient FailureCounts failureCounts;
    private transient FailureAnnotator annotator;

    public WindowStatsFunction(FaultlineConfig config, long flushDelayMs, Map<String, String> loadedReferences) {
        super(WindowAggregation.PROFILES, config.windowSize().toMillis(), flushDelayMs);
        this.config = config;
        this.loadedReferences = new HashMap<>(loadedReferences);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        references = new HashMap<>();
        loadedReferences.forEach((key, json) -> references.put(key, ReferenceProfile.fromJson(json)));
        warmupProfile = getRuntimeContext().getState(new ValueStateDescriptor<>("warmup-profile",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        warmupWindows = getRuntimeContext().getState(new ValueStateDescriptor<>("warmup-windows", Types.INT));
        warmupReference = getRuntimeContext().getState(new ValueStateDescriptor<>("warmup-reference",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        failureCounts = new FailureCounts(getRuntimeContext());
        annotator = new FailureAnnotator(config);
    }

    @Override
    protected void complete(String model, String version, long start, long end, WindowProfile window,
            OnTimerContext ctx, Collector<WindowStatsRow> out) throws Exception {
        ReferenceProfile reference = references.get(ctx.getCurrentKey());
        String source = SOURCE_PROFILE;
        if (reference == null) {
            byte[] warm = warmupReference.value();
            reference = warm == null ? null : ReferenceProfile.fromBytes(warm);
            source = SOURCE_WARMUP;
        }
        List<WindowStatsRow> rows = WindowStatistics.rows(model, version, start, end, window,
                reference, source, column -> config.driftThresholdsFor(model, column), config.driftIgnoredColumns());
        WindowSignals signals = new WindowSignals(model, start, end).addPredictions(version, window.predictions());
        for (WindowStatsRow row : rows) {
            out.collect(row);
            signals.addWindowStats(row);
            FailureRecord failure = DriftFailures.of(row);
            if (failure != null) {
                failure = annotator.annotate(failure);
                failureCounts.inc(failure);
                ctx.output(DRIFT_FAILURES, failure);
            }
        }
        ctx.output(SIGNALS, new WindowPartial(model, WindowAggregation.ALL_VERSIONS, start, end, signals.toBytes()));
        if (reference == null) {
            warmUp(model, version, window);
        }
    }

    /** Adds a complete window to the version's warm-up; after enough windows, freezes the reference. */
    private void warmUp(String model, String version, WindowProfile window) throws Exception {
        byte[] sofar = warmupProfile.value();
        WindowProfile merged = sofar == null ? window : WindowProfile.fromBytes(sofar);
        if (sofar != null) {
            merged.merge(window);
        }
        int windows = warmupWindows.value() == null ? 1 : warmupWindows.value() + 1;
        if (windows < config.warmupWindows()) {
            warmupProfile.update(merged.toBytes());
            warmupWindows.update(windows);
            return;
        }
        warmupReference.update(WindowStatistics.referenceOf(model, version, "warmup", merged).toBytes());
        warmupProfile.clear();
        warmupWindows.clear();
    }
}
