package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureAnnotator;
import io.faultline.common.failure.SchemaViolationCounts;
import io.faultline.common.failure.SchemaViolations;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.FailureRecord;
import io.faultline.jobs.runtime.Accounting;
import io.faultline.jobs.runtime.FailureCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by input source: rolls dead letters up per event-time window into one {@code SCHEMA_VIOLATION}
 * catalog row per (window, source) ({@link SchemaViolations}), emitted when the watermark passes the
 * window's end plus the allowed lateness, so contract breaks show in the catalog next to the failures they
 * may explain.
 *
 * <p>A dead letter counts in the window of its event time when its payload had a readable one, otherwise
 * in the window of its {@code ingested_at} (wall-clock: such rows can differ between re-runs, the raw
 * records in {@code dead_letter/} do not). One whose window was already emitted is not counted again
 * ({@link Accounting#SCHEMA_VIOLATIONS_LATE}); it stays in {@code dead_letter/}. State ends with each window.
 */
public class SchemaViolationFunction extends KeyedProcessFunction<String, DeadLetter, FailureRecord> {
    private final FaultlineConfig config;
    private final long windowSizeMs;
    private final long delayMs;

    private transient MapState<Long, SchemaViolationCounts> open;
    private transient FailureAnnotator annotator;
    private transient FailureCounts failureCounts;
    private transient Accounting.Count late;

    public SchemaViolationFunction(FaultlineConfig config, long delayMs) {
        this.config = config;
        this.windowSizeMs = config.windowSize().toMillis();
        this.delayMs = delayMs;
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("schema-violation-windows", Types.LONG,
                TypeInformation.of(SchemaViolationCounts.class)));
        annotator = new FailureAnnotator(config);
        failureCounts = new FailureCounts(getRuntimeContext());
        late = Accounting.count(getRuntimeContext(), Accounting.SCHEMA_VIOLATIONS_LATE);
    }

    @Override
    public void processElement(DeadLetter d, Context ctx, Collector<FailureRecord> out) throws Exception {
        Long timestamp = ctx.timestamp();
        long time = timestamp == null || timestamp == Long.MIN_VALUE ? d.ingestedAt : timestamp;
        long start = SchemaViolationCounts.windowStart(time, windowSizeMs);
        long emitAt = start + windowSizeMs + delayMs;
        if (emitAt <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        SchemaViolationCounts counts = open.get(start);
        if (counts == null) {
            counts = SchemaViolationCounts.of(start, start + windowSizeMs, ctx.getCurrentKey(), d.errorCode);
        } else {
            counts.add(d.errorCode, 1);
        }
        open.put(start, counts);
        ctx.timerService().registerEventTimeTimer(emitAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FailureRecord> out) throws Exception {
        List<Long> due = new ArrayList<>();
        for (Map.Entry<Long, SchemaViolationCounts> e : open.entries()) {
            if (e.getKey() + windowSizeMs + delayMs <= timestamp) {
                due.add(e.getKey());
            }
        }
        due.sort(null);
        for (Long start : due) {
            FailureRecord row = SchemaViolations.of(open.get(start));
            open.remove(start);
            if (row != null) {
                row = annotator.annotate(row);
                failureCounts.inc(row);
                out.collect(row);
            }
        }
    }
}
