package io.faultline.jobs.functions;

import io.faultline.common.model.Prediction;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.runtime.Accounting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@code event_id}: decides, for each decoded prediction, whether it is outside the backfill
 * range, late, a duplicate, or valid, and counts each outcome.
 *
 * <p>A duplicate is a prediction whose event id was already seen with an event time at most the dedup
 * horizon away; the first to arrive wins. The seen marker is cleared by an event-time timer at
 * first-seen + horizon, so state ends with the horizon.
 */
public class PredictionGateFunction extends KeyedProcessFunction<String, Prediction, Prediction> {
    private final long dedupHorizonMs;
    private final long allowedLatenessMs;
    private final EventTimeRange range;

    private transient ValueState<Long> firstSeen;
    private transient Accounting.Count valid;
    private transient Accounting.Count duplicates;
    private transient Accounting.Count late;
    private transient Accounting.Count outOfRange;

    public PredictionGateFunction(long dedupHorizonMs, long allowedLatenessMs, EventTimeRange range) {
        this.dedupHorizonMs = dedupHorizonMs;
        this.allowedLatenessMs = allowedLatenessMs;
        this.range = range;
    }

    @Override
    public void open(OpenContext openContext) {
        firstSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("first-seen-event-time", Types.LONG));
        String source = SourceKind.PREDICTIONS.tableValue();
        valid = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.VALID));
        duplicates = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.DUPLICATE));
        late = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.LATE));
        outOfRange = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.OUT_OF_RANGE));
    }

    @Override
    public void processElement(Prediction p, Context ctx, Collector<Prediction> out) throws Exception {
        if (!range.contains(p.eventTime)) {
            outOfRange.inc();
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(p.eventTime, watermark, allowedLatenessMs)) {
            late.inc();
            ctx.output(LateRecords.TAG, LateRecords.of(SourceKind.PREDICTIONS.tableValue(), p.eventId, "event_time",
                    p.eventTime, watermark, allowedLatenessMs, identity(p)));
            return;
        }
        Long first = firstSeen.value();
        if (first != null && Math.abs(p.eventTime - first) <= dedupHorizonMs) {
            duplicates.inc();
            return;
        }
        firstSeen.update(p.eventTime);
        ctx.timerService().registerEventTimeTimer(p.eventTime + dedupHorizonMs);
        valid.inc();
        out.collect(p);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
        Long first = firstSeen.value();
        // A later, out-of-horizon occurrence may have replaced the marker: only its own timer clears it.
        if (first != null && timestamp >= first + dedupHorizonMs) {
            firstSeen.clear();
        }
    }

    private static String identity(Prediction p) {
        return "{\"event_id\":" + LateRecords.quote(p.eventId) + ",\"event_time\":" + p.eventTime
                + ",\"model\":" + LateRecords.quote(p.model) + ",\"model_version\":" + LateRecords.quote(p.modelVersion)
                + "}";
    }
}
