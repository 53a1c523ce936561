package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureMode;
import io.faultline.common.failure.RecurrenceCounter;
import io.faultline.common.model.FailureRecord;
import io.faultline.jobs.runtime.Accounting;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@link RecurrenceCounter#key} (signature and UTC day): sets each catalog row's {@code recurrence},
 * its rank among the day's rows of its signature ordered by ({@code detected_at}, {@code failure_id}).
 *
 * <p>A row is held until the watermark passes its {@code detected_at} plus the longest its mode's rows can
 * trail their {@code detected_at} on the way here: the label delay for label verdicts (MISCLASSIFICATION,
 * SUSPECTED_LABEL_NOISE), the window flush delay for everything else (per-event symptoms trail by at most the
 * lateness or the lineage wait; window-level rows are emitted that long after their window's end). Every row
 * that sorts before it has then arrived, so ranks are the same in streaming, batch, at any parallelism and
 * after a failover. All rows of one key share their mode (the signature includes it). A row that still arrives
 * after later rows were ranked (a label stamped before its prediction) gets the next number and is counted in
 * {@link Accounting#RECURRENCE_OUT_OF_ORDER}.
 *
 * <p>State ends with the day: the counter is dropped when the watermark passes the end of the day plus the
 * label delay plus the longest lag.
 */
public class RecurrenceFunction extends KeyedProcessFunction<String, FailureRecord, FailureRecord> {
    private static final long DAY_MS = 86_400_000L;

    private final long flushDelayMs;
    private final long labelDelayMs;

    private transient ListState<FailureRecord> held;
    private transient ValueState<RecurrenceCounter> counter;
    private transient Accounting.Count outOfOrder;

    public RecurrenceFunction(long flushDelayMs, long labelDelayMs) {
        this.flushDelayMs = flushDelayMs;
        this.labelDelayMs = labelDelayMs;
    }

    @Override
    public void open(OpenContext openContext) {
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("held-rows",
                TypeInformation.of(FailureRecord.class)));
        counter = getRuntimeContext().getState(new ValueStateDescriptor<>("recurrence-counter",
                TypeInformation.of(RecurrenceCounter.class)));
        outOfOrder = Accounting.count(getRuntimeContext(), Accounting.RECURRENCE_OUT_OF_ORDER);
    }

    /** How long rows of {@code mode} can trail their {@code detected_at}. */
    long lagOf(String mode) {
        return FailureMode.MISCLASSIFICATION.name().equals(mode) || FailureMode.SUSPECTED_LABEL_NOISE.name().equals(mode)
                ? labelDelayMs : flushDelayMs;
    }

    @Override
    public void processElement(FailureRecord row, Context ctx, Collector<FailureRecord> out) throws Exception {
        held.add(row);
        long lag = lagOf(row.failureMode);
        ctx.timerService().registerEventTimeTimer(saturatedAdd(row.detectedAt, lag));
        ctx.timerService().registerEventTimeTimer(expiry(RecurrenceCounter.dayOf(row)));
    }

    /** When the counter of {@code day} ends: no row of the day can arrive later. */
    private long expiry(LocalDate day) {
        return saturatedAdd((day.toEpochDay() + 1) * DAY_MS, labelDelayMs + Math.max(flushDelayMs, labelDelayMs));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FailureRecord> out) throws Exception {
        List<FailureRecord> due = new ArrayList<>();
        List<FailureRecord> keep = new ArrayList<>();
        for (FailureRecord row : held.get()) {
            (saturatedAdd(row.detectedAt, lagOf(row.failureMode)) <= timestamp ? due : keep).add(row);
        }
        if (!due.isEmpty()) {
            RecurrenceCounter c = counter.value();
            if (c == null) {
                c = new RecurrenceCounter();
            }
            outOfOrder.add(c.rank(due));
            counter.update(c);
            for (FailureRecord row : due) {
                out.collect(row);
            }
            held.update(keep);
        }
        String day = ctx.getCurrentKey().substring(ctx.getCurrentKey().lastIndexOf('|') + 1);
        if (keep.isEmpty() && timestamp >= expiry(LocalDate.parse(day))) {
            counter.clear();
            held.clear();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
