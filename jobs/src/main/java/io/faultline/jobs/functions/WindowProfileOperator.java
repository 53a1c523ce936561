package io.faultline.jobs.functions;

import io.faultline.common.model.Prediction;
import io.faultline.common.stats.WindowProfile;
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
 * Pre-aggregates window statistics on the heap of each subtask: every prediction is folded into the
 * {@link WindowProfile} of its (model, version, tumbling window); when the watermark passes a window's
 * end plus the flush delay, the subtask's partial profile is emitted, to be merged by key downstream.
 *
 * <p>Nothing is serialized per record (DESIGN §6.3: a sketch read, updated and written to RocksDB per
 * record cost more than the rest of the pipeline). Open profiles are written to operator state only at
 * checkpoints and merged back on restore, at any parallelism, since profiles merge in any order.
 *
 * <p>The flush delay is the longest a valid prediction can trail the watermark on its way here (the
 * allowed lateness, or the lineage wait if longer), so a window is complete when it is flushed.
 */
public class WindowProfileOperator extends AbstractStreamOperator<WindowPartial>
        implements OneInputStreamOperator<Prediction, WindowPartial> {
    private static final ListStateDescriptor<WindowPartial> OPEN_WINDOWS =
            new ListStateDescriptor<>("open-window-profiles", TypeInformation.of(WindowPartial.class));

    /** A window size that puts all of time (from 1970) in one window: for whole-data-set profiles. */
    public static final long ALL_TIME = Long.MAX_VALUE / 4;

    private final long windowSizeMs;
    private final long flushDelayMs;

    private transient Map<WindowKey, WindowProfile> open;
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

    public WindowProfileOperator(long windowSizeMs, long flushDelayMs) {
        this.windowSizeMs = windowSizeMs;
        this.flushDelayMs = flushDelayMs;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        open = new HashMap<>();
        lastWatermark = Long.MIN_VALUE;
        checkpointed = context.getOperatorStateStore().getListState(OPEN_WINDOWS);
        if (context.isRestored()) {
            for (WindowPartial partial : checkpointed.get()) {
                WindowKey key = new WindowKey(partial.model, partial.modelVersion, partial.windowStart);
                WindowProfile restored = WindowProfile.fromBytes(partial.profile);
                WindowProfile existing = open.get(key);
                if (existing == null) {
                    open.put(key, restored);
                } else {
                    existing.merge(restored);
                }
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<WindowPartial> partials = new ArrayList<>(open.size());
        for (Map.Entry<WindowKey, WindowProfile> e : open.entrySet()) {
            partials.add(partial(e.getKey(), e.getValue()));
        }
        checkpointed.update(partials);
    }

    @Override
    public void processElement(StreamRecord<Prediction> element) {
        Prediction p = element.getValue();
        long start = p.eventTime - Math.floorMod(p.eventTime, windowSizeMs);
        WindowKey key = new WindowKey(p.model, p.modelVersion, start);
        WindowProfile profile = open.get(key);
        if (profile == null) {
            profile = new WindowProfile();
            open.put(key, profile);
        }
        profile.add(p, lastWatermark != Long.MIN_VALUE && lastWatermark >= start + windowSizeMs);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        lastWatermark = mark.getTimestamp();
        if (!open.isEmpty()) {
            TreeMap<WindowKey, WindowProfile> due = new TreeMap<>();
            Iterator<Map.Entry<WindowKey, WindowProfile>> it = open.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<WindowKey, WindowProfile> e = it.next();
                long end = e.getKey().windowStart() + windowSizeMs;
                if (end + flushDelayMs <= mark.getTimestamp() || mark.getTimestamp() == Long.MAX_VALUE) {
                    due.put(e.getKey(), e.getValue());
                    it.remove();
                }
            }
            for (Map.Entry<WindowKey, WindowProfile> e : due.entrySet()) {
                output.collect(new StreamRecord<>(partial(e.getKey(), e.getValue()), e.getKey().windowStart()));
            }
        }
        super.processWatermark(mark);
    }

    private WindowPartial partial(WindowKey key, WindowProfile profile) {
        return new WindowPartial(key.model(), key.modelVersion(), key.windowStart(), key.windowStart() + windowSizeMs,
                profile.toBytes());
    }
}
