package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.jobs.runtime.FailureCounts;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Emits the catalog rows for symptoms visible on the lineage-enriched prediction itself. */
public class ClassifyFailuresFunction extends ProcessFunction<Prediction, FailureRecord> {
    private final FailureClassifier classifier;
    private transient FailureCounts counts;

    public ClassifyFailuresFunction(FailureClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new FailureCounts(getRuntimeContext());
    }

    @Override
    public void processElement(Prediction p, Context ctx, Collector<FailureRecord> out) {
        classifier.classify(p, failure -> {
            counts.inc(failure);
            out.collect(failure);
        });
    }
}
