package io.faultline.jobs.functions;

import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@code model|version} (or by model alone, for aggregations per model): merges the subtasks' {@link WindowPartial}s of a {@link WindowAggregation}
 * per window, and when the watermark passes a window's end plus the flush delay, hands the complete summary
 * to {@link #complete}, windows in order. Pending windows end when complete (event-time timers).
 */
public abstract class WindowMergeFunction<S, OUT> extends KeyedProcessFunction<String, WindowPartial, OUT> {
    protected final WindowAggregation<?, S> aggregation;
    protected final long windowSizeMs;
    protected final long flushDelayMs;

    private transient MapState<Long, byte[]> pending;

    protected WindowMergeFunction(WindowAggregation<?, S> aggregation, long windowSizeMs, long flushDelayMs) {
        this.aggregation = aggregation;
        this.windowSizeMs = windowSizeMs;
        this.flushDelayMs = flushDelayMs;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-windows", Types.LONG,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(WindowPartial partial, Context ctx, Collector<OUT> out) throws Exception {
        byte[] merged = pending.get(partial.windowStart);
        if (merged == null) {
            pending.put(partial.windowStart, partial.profile);
        } else {
            S summary = aggregation.fromBytes(merged);
            aggregation.merge(summary, aggregation.fromBytes(partial.profile));
            pending.put(partial.windowStart, aggregation.toBytes(summary));
        }
        ctx.timerService().registerEventTimeTimer(partial.windowEnd + flushDelayMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        String[] modelAndVersion = ctx.getCurrentKey().split("\\|", 2);
        String version = modelAndVersion.length > 1 ? modelAndVersion[1] : WindowAggregation.ALL_VERSIONS;
        TreeMap<Long, byte[]> due = new TreeMap<>();
        for (Map.Entry<Long, byte[]> e : pending.entries()) {
            if (e.getKey() + windowSizeMs + flushDelayMs <= timestamp) {
                due.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<Long, byte[]> e : due.entrySet()) {
            pending.remove(e.getKey());
            complete(modelAndVersion[0], version, e.getKey(), e.getKey() + windowSizeMs,
                    aggregation.fromBytes(e.getValue()), ctx, out);
        }
    }

    /** One complete window of the current key, in window order. */
    protected abstract void complete(String model, String modelVersion, long windowStart, long windowEnd, S summary,
            OnTimerContext ctx, Collector<OUT> out) throws Exception;
}
