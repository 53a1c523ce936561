package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureMode;
import io.faultline.common.failure.RecurrenceCounter;
import io.faultline.common.model.FailureRecord;
import io.faultline.jobs.runtime.Accounting;
import io.faultline.jobs.runtime.FailureRecordSerializer;
import io.faultline.jobs.runtime.FailureRecordTypeInfo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
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
 * <p>Rows wait in one-minute release buckets (one timer per key and minute; see
 * {@link #RELEASE_GRANULARITY_MS}). State ends with the day: the counter is dropped when the watermark passes the
 * end of the day plus the label delay plus the longest lag.
 */
public class RecurrenceFunction extends KeyedProcessFunction<String, FailureRecord, FailureRecord> {
    private static final long DAY_MS = 86_400_000L;
    /**
     * Rows are released in buckets of this much event time (by release time rounded up), so that a key has at
     * most one timer and one held batch per minute, however many rows its signature has.
     */
    static final long RELEASE_GRANULARITY_MS = 60_000L;

    private final long flushDelayMs;
    private final long labelDelayMs;

    /** Held rows by release bucket (the end of the bucket, epoch ms). */
    private transient MapState<Long, FailureRecord[]> held;
    private transient ValueState<RecurrenceCounter> counter;
    private transient Accounting.Count outOfOrder;

    public RecurrenceFunction(long flushDelayMs, long labelDelayMs) {
        this.flushDelayMs = flushDelayMs;
        this.labelDelayMs = labelDelayMs;
    }

    @Override
    public void open(OpenContext openContext) {
        held = getRuntimeContext().getMapState(heldRowsDescriptor());
        counter = getRuntimeContext().getState(new ValueStateDescriptor<>("recurrence-counter",
                TypeInformation.of(RecurrenceCounter.class)));
        outOfOrder = Accounting.count(getRuntimeContext(), Accounting.RECURRENCE_OUT_OF_ORDER);
    }

    /**
     * The held rows' state: catalog rows in {@link FailureRecordSerializer} form (on rocksdb, and in checkpoints and
     * savepoints on any backend). Savepoints taken while the rows were held in Flink's {@code PojoSerializer} form,
     * before that serializer existed, do not restore (no release ever wrote one).
     */
    static MapStateDescriptor<Long, FailureRecord[]> heldRowsDescriptor() {
        return new MapStateDescriptor<>("held-rows", Types.LONG,
                ObjectArrayTypeInfo.getInfoFor(FailureRecord[].class, new FailureRecordTypeInfo()));
    }

    /** How long rows of {@code mode} can trail their {@code detected_at}. */
    long lagOf(String mode) {
        return FailureMode.MISCLASSIFICATION.name().equals(mode) || FailureMode.SUSPECTED_LABEL_NOISE.name().equals(mode)
                ? labelDelayMs : flushDelayMs;
    }

    @Override
    public void processElement(FailureRecord row, Context ctx, Collector<FailureRecord> out) throws Exception {
        long release = saturatedAdd(row.detectedAt, lagOf(row.failureMode));
        long bucket = release >= Long.MAX_VALUE - RELEASE_GRANULARITY_MS ? Long.MAX_VALUE
                : Math.floorDiv(release + RELEASE_GRANULARITY_MS - 1, RELEASE_GRANULARITY_MS) * RELEASE_GRANULARITY_MS;
        FailureRecord[] rows = held.get(bucket);
        if (rows == null) {
            rows = new FailureRecord[] {row};
            ctx.timerService().registerEventTimeTimer(bucket);
        } else {
            rows = Arrays.copyOf(rows, rows.length + 1);
            rows[rows.length - 1] = row;
        }
        held.put(bucket, rows);
        ctx.timerService().registerEventTimeTimer(expiry(RecurrenceCounter.dayOf(row)));
    }

    /** When the counter of {@code day} ends: no row of the day can arrive later. */
    private long expiry(LocalDate day) {
        return saturatedAdd((day.toEpochDay() + 1) * DAY_MS, labelDelayMs + Math.max(flushDelayMs, labelDelayMs)
                + RELEASE_GRANULARITY_MS);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FailureRecord> out) throws Exception {
        FailureRecord[] due = held.get(timestamp);
        if (due != null) {
            held.remove(timestamp);
            RecurrenceCounter c = counter.value();
            if (c == null) {
                c = new RecurrenceCounter();
            }
            List<FailureRecord> rows = new ArrayList<>(Arrays.asList(due));
            outOfOrder.add(c.rank(rows));
            counter.update(c);
            for (FailureRecord row : rows) {
                out.collect(row);
            }
        }
        String day = ctx.getCurrentKey().substring(ctx.getCurrentKey().lastIndexOf('|') + 1);
        if (timestamp >= expiry(LocalDate.parse(day)) && held.isEmpty()) {
            counter.clear();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
