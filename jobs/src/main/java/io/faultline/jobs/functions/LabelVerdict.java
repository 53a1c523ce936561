package io.faultline.jobs.functions;

import io.faultline.common.label.LabelOutcome;
import io.faultline.common.label.LabelingStats;
import java.util.Objects;

/**
 * The outcome of one valid prediction's label wait, for the {@code labeling_stats/} table: its model,
 * version, event time and predicted value, and the outcome of the review of the labels that arrived within the
 * wait (null when none), reviewed once in {@link PredictionJoinFunction} under the configured policy.
 */
public class LabelVerdict {
    public String model;
    public String modelVersion;
    public long eventTime;
    public String prediction;
    public LabelOutcome outcome;

    public LabelVerdict() {}

    public LabelVerdict(String model, String modelVersion, long eventTime, String prediction, LabelOutcome outcome) {
        this.model = model;
        this.modelVersion = modelVersion;
        this.eventTime = eventTime;
        this.prediction = prediction;
        this.outcome = outcome;
    }

    void addTo(LabelingStats stats) {
        stats.add(eventTime, prediction, outcome);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelVerdict v && eventTime == v.eventTime && Objects.equals(model, v.model)
                && Objects.equals(modelVersion, v.modelVersion) && Objects.equals(prediction, v.prediction)
                && Objects.equals(outcome, v.outcome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, modelVersion, eventTime);
    }
}
