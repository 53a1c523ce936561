package io.faultline.jobs.functions;

import io.faultline.common.incident.WindowSignals;
import io.faultline.common.label.LabelPolicy;
import io.faultline.common.label.LabelingStats;
import io.faultline.common.label.LabelingStatsRow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by {@code model|version}: merges the subtasks' labelling partials of a window and emits its
 * {@code labeling_stats/} row once every verdict of the window's predictions is in (the watermark has passed
 * the window's end plus the label wait, or the allowed lateness if longer).
 */
public class LabelingStatsFunction extends WindowMergeFunction<LabelingStats, LabelingStatsRow> {
    /** The window's part of the model's incident signals: labelled and misclassified counts of the version. */
    public static final OutputTag<WindowPartial> SIGNALS = new OutputTag<>("labeling-signals") {};

    private final LabelPolicy policy;

    public LabelingStatsFunction(LabelPolicy policy, long windowSizeMs, long flushDelayMs) {
        super(WindowAggregation.LABELING, windowSizeMs, flushDelayMs);
        this.policy = policy;
    }

    @Override
    protected void complete(String model, String modelVersion, long windowStart, long windowEnd, LabelingStats summary,
            OnTimerContext ctx, Collector<LabelingStatsRow> out) {
        LabelingStatsRow row = summary.toRow(windowStart, windowEnd, model, modelVersion, policy);
        out.collect(row);
        ctx.output(SIGNALS, new WindowPartial(model, WindowAggregation.ALL_VERSIONS, windowStart, windowEnd,
                new WindowSignals(model, windowStart, windowEnd).addLabels(modelVersion, row.labelled, row.misclassified)
                        .toBytes()));
    }
}
