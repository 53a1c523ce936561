package io.faultline.jobs.functions;

import io.faultline.common.model.Label;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.runtime.Accounting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Splits decoded labels into valid (passed on as {@link KeyedEvent}s) and late (by {@code label_time}
 * against the watermark), counting both. Several labels per event are normal (reviews), so labels are never deduplicated.
 */
public class LabelGateFunction extends ProcessFunction<Label, KeyedEvent> {
    private final long allowedLatenessMs;
    private transient Accounting.Count valid;
    private transient Accounting.Count late;

    public LabelGateFunction(long allowedLatenessMs) {
        this.allowedLatenessMs = allowedLatenessMs;
    }

    @Override
    public void open(OpenContext openContext) {
        String source = SourceKind.LABELS.tableValue();
        valid = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.VALID));
        late = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.LATE));
    }

    @Override
    public void processElement(Label label, Context ctx, Collector<KeyedEvent> out) {
        long watermark = ctx.timerService().currentWatermark();
        if (LateRecords.isLate(label.labelTime, watermark, allowedLatenessMs)) {
            late.inc();
            String identity = "{\"event_id\":" + LateRecords.quote(label.eventId) + ",\"label\":"
                    + LateRecords.quote(label.label) + ",\"label_time\":" + label.labelTime + "}";
            ctx.output(LateRecords.TAG, LateRecords.of(SourceKind.LABELS.tableValue(), label.eventId, "label_time",
                    label.labelTime, watermark, allowedLatenessMs, identity));
            return;
        }
        valid.inc();
        out.collect(KeyedEvent.of(label));
    }
}
