package io.faultline.jobs.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Pre-aggregates a {@link WindowAggregation} on the heap of each subtask: every record is folded into the
 * summary of its (model, version, tumbling window) (e.g. a {@link io.faultline.common.stats.WindowProfile});
 * when the watermark passes a window's end plus the flush delay, the subtask's partial summary is emitted, to
 * be merged by key downstream ({@link WindowMergeFunction}).
 *
 * <p>Nothing is serialized per record (DESIGN §6.3: a sketch read, updated and written to RocksDB per
 * record cost more than the rest of the pipeline). Open profiles are written to operator state only at
 * checkpoints and merged back on restore, at any parallelism, since profiles merge in any order.
 *
 * <p>The flush delay is the longest a valid prediction can trail the watermark on its way here (the
 * allowed lateness, or the lineage wait if longer), so a window is complete when it is flushed.
 */
public class WindowPartialsOperator<IN, S> extends AbstractStreamOperator<WindowPartial>
        implements OneInputStreamOperator<IN, WindowPartial> {
    private static final ListStateDescriptor<WindowPartial> OPEN_WINDOWS =
            new ListStateDescriptor<>("open-window-profiles", TypeInformation.of(WindowPartial.class));

    /** A window size that puts all of time (from 1970) in one window: for whole-data-set profiles. */
    public static final long ALL_TIME = Long.MAX_VALUE / 4;

    private final WindowAggregation<IN, S> aggregation;
    private final long windowSizeMs;
    private final long flushDelayMs;

    private transient Map<WindowKey, S> open;
    /**
     * The summaries of the last few (model, version, window)s records went to, checked before {@link #open}: a
     * record nearly always goes to one of them, and comparing the shared model and version strings by reference
     * (then by value) costs less than building and hashing a key per record. Cleared whenever summaries leave.
     */
    private transient String[] recentModels;
    private transient String[] recentVersions;
    private transient long[] recentStarts;
    private transient Object[] recentSummaries;
    private transient int nextRecent;
    private static final int RECENT = 8;
    private transient ListState<WindowPartial> checkpointed;
    private transient long lastWatermark;

    /** (model, version, window start): the pre-aggregation key. */
    private record WindowKey(String model, String modelVersion, long windowStart) implements Comparable<WindowKey> {
        @Override
        public int compareTo(WindowKey o) {
            int c = Long.compare(windowStart, o.windowStart);
            if (c == 0) {
                c = model.compareTo(o.model);
            }
            return c != 0 ? c : modelVersion.compareTo(o.modelVersion);
        }
    }

    public WindowPartialsOperator(WindowAggregation<IN, S> aggregation, long windowSizeMs, long flushDelayMs) {
        this.aggregation = aggregation;
        this.windowSizeMs = windowSizeMs;
        this.flushDelayMs = flushDelayMs;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        open = new HashMap<>();
        clearRecent();
        lastWatermark = Long.MIN_VALUE;
        checkpointed = context.getOperatorStateStore().getListState(OPEN_WINDOWS);
        if (context.isRestored()) {
            for (WindowPartial partial : checkpointed.get()) {
                WindowKey key = new WindowKey(partial.model, partial.modelVersion, partial.windowStart);
                S restored = aggregation.fromBytes(partial.profile);
                S existing = open.get(key);
                if (existing == null) {
                    open.put(key, restored);
                } else {
                    aggregation.merge(existing, restored);
                }
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<WindowPartial> partials = new ArrayList<>(open.size());
        for (Map.Entry<WindowKey, S> e : open.entrySet()) {
            partials.add(partial(e.getKey(), e.getValue()));
        }
        checkpointed.update(partials);
    }

    private void clearRecent() {
        recentModels = new String[RECENT];
        recentVersions = new String[RECENT];
        recentStarts = new long[RECENT];
        recentSummaries = new Object[RECENT];
        nextRecent = 0;
    }

    @Override
    public void processElement(StreamRecord<IN> element) {
        IN in = element.getValue();
        long eventTime = aggregation.eventTime(in);
        long start = eventTime - Math.floorMod(eventTime, windowSizeMs);
        String model = aggregation.model(in);
        String version = aggregation.modelVersion(in);
        S summary = recent(model, version, start);
        if (summary == null) {
            WindowKey key = new WindowKey(model, version, start);
            summary = open.get(key);
            if (summary == null) {
                summary = aggregation.create(model, version, start, start + windowSizeMs);
                open.put(key, summary);
            }
            recentModels[nextRecent] = model;
            recentVersions[nextRecent] = version;
            recentStarts[nextRecent] = start;
            recentSummaries[nextRecent] = summary;
            nextRecent = (nextRecent + 1) % RECENT;
        }
        aggregation.add(summary, in, lastWatermark != Long.MIN_VALUE && lastWatermark >= start + windowSizeMs);
    }

    @SuppressWarnings("unchecked")
    private S recent(String model, String version, long start) {
        for (int i = 0; i < RECENT; i++) {
            Object summary = recentSummaries[i];
            if (summary != null && recentStarts[i] == start && same(recentModels[i], model)
                    && same(recentVersions[i], version)) {
                return (S) summary;
            }
        }
        return null;
    }

    private static boolean same(String a, String b) {
        return a == b || (a != null && a.equals(b));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        lastWatermark = mark.getTimestamp();
        if (!open.isEmpty()) {
            TreeMap<WindowKey, S> due = new TreeMap<>();
            Iterator<Map.Entry<WindowKey, S>> it = open.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<WindowKey, S> e = it.next();
                long end = e.getKey().windowStart() + windowSizeMs;
                if (end + flushDelayMs <= mark.getTimestamp() || mark.getTimestamp() == Long.MAX_VALUE) {
                    due.put(e.getKey(), e.getValue());
                    it.remove();
                }
            }
            if (!due.isEmpty()) {
                clearRecent();
            }
            for (Map.Entry<WindowKey, S> e : due.entrySet()) {
                output.collect(new StreamRecord<>(partial(e.getKey(), e.getValue()), e.getKey().windowStart()));
            }
        }
        super.processWatermark(mark);
    }

    private WindowPartial partial(WindowKey key, S summary) {
        return new WindowPartial(key.model(), key.modelVersion(), key.windowStart(), key.windowStart() + windowSizeMs,
                aggregation.toBytes(summary));
    }
}
