package io.faultline.jobs.functions;

import io.faultline.common.label.LabelPolicy;
import io.faultline.common.label.LabelingStats;
import io.faultline.common.label.LabelingStatsRow;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@code model|version}: merges the subtasks' labelling partials of a window and emits its
 * {@code labeling_stats/} row once every verdict of the window's predictions is in (the watermark has passed
 * the window's end plus the label wait, or the allowed lateness if longer).
 */
public class LabelingStatsFunction extends WindowMergeFunction<LabelingStats, LabelingStatsRow> {
    private final LabelPolicy policy;

    public LabelingStatsFunction(LabelPolicy policy, long windowSizeMs, long flushDelayMs) {
        super(WindowAggregation.labeling(policy), windowSizeMs, flushDelayMs);
        this.policy = policy;
    }

    @Override
    protected void complete(String model, String modelVersion, long windowStart, long windowEnd, LabelingStats summary,
            OnTimerContext ctx, Collector<LabelingStatsRow> out) {
        out.collect(summary.toRow(windowStart, windowEnd, model, modelVersion, policy));
    }
}
