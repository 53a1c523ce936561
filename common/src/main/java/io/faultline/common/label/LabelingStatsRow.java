package io.faultline.common.label;

/**
 * One row of {@code labeling_stats/}: how well the predictions of one (window, model, version) were labelled
 * and reviewed. Documented column by column in {@code docs/schema.md}. Rates are null when their
 * denominator is 0. Per-reviewer columns are parallel arrays sorted by reviewer, at most
 * {@link LabelingStats#MAX_REVIEWERS} names plus {@link LabelingStats#OTHER}.
 *
 * <p>A Flink POJO: public fields, no-arg constructor, arrays rather than maps (no Kryo).
 */
public class LabelingStatsRow {
    public long windowStart;
    public long windowEnd;
    public String model;
    public String modelVersion;
    /** The {@code labels.policy} that chose the effective labels. */
    public String labelPolicy;
    /** Predictions of the window. */
    public long predictions;
    /** Predictions with at least one label within the label wait. */
    public long labelled;
    /** labelled / predictions. */
    public Double labelledShare;
    /** Labels of the window's predictions (several per prediction for reviews). */
    public long labels;
    /** Median of the effective label's {@code label_time - event_time}, ms (1% relative error). */
    public Double labelDelayP50Ms;
    /** 95th percentile of the effective label's delay, ms (1% relative error). */
    public Double labelDelayP95Ms;
    /** Labelled predictions whose labellers disagreed. */
    public long disagreementEvents;
    /** disagreementEvents / labelled. */
    public Double disagreementRate;
    /** Labelled predictions whose effective label differs from the prediction. */
    public long misclassified;
    /** misclassified / labelled. */
    public Double misclassificationRate;
    /** Labellers (reviewer, or {@code (source)}), sorted; {@link LabelingStats#OTHER} for the folded rest. */
    public String[] reviewers;
    /** Events each labeller voted on (its newest label per event), parallel to {@link #reviewers}. */
    public long[] reviewerLabels;
    /** Of those, votes with the effective label's value. */
    public long[] reviewerAgreeing;
    /** reviewerAgreeing / reviewerLabels. */
    public double[] reviewerAgreement;

    public LabelingStatsRow() {}
}
