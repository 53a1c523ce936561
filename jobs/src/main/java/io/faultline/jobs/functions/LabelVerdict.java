package io.faultline.jobs.functions;

import io.faultline.common.label.LabelPolicy;
import io.faultline.common.label.LabelReview;
import io.faultline.common.label.LabelingStats;
import io.faultline.common.model.Label;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one valid prediction's label wait, for the {@code labeling_stats/} table: its model,
 * version, event time and predicted value, and the labels that arrived within the wait (null when none).
 * Emitted by {@link PredictionJoinFunction} once per valid prediction, when its verdict is taken.
 */
public class LabelVerdict {
    public String model;
    public String modelVersion;
    public long eventTime;
    public String prediction;
    public Label[] labels;

    public LabelVerdict() {}

    public LabelVerdict(String model, String modelVersion, long eventTime, String prediction, List<Label> labels) {
        this.model = model;
        this.modelVersion = modelVersion;
        this.eventTime = eventTime;
        this.prediction = prediction;
        this.labels = labels == null || labels.isEmpty() ? null : labels.toArray(new Label[0]);
    }

    /** Folds this verdict into {@code stats}, reviewing the labels under {@code policy}. */
    void addTo(LabelingStats stats, LabelPolicy policy) {
        stats.add(eventTime, prediction, labels == null ? null : LabelReview.of(Arrays.asList(labels), policy));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelVerdict v && eventTime == v.eventTime && Objects.equals(model, v.model)
                && Objects.equals(modelVersion, v.modelVersion) && Objects.equals(prediction, v.prediction)
                && Arrays.equals(labels, v.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, modelVersion, eventTime);
    }
}
