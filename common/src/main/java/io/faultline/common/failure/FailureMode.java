package io.faultline.common.failure;

/**
 * The failure catalog. The constant names are stable codes: they are written to the {@code failures/}
 * table and queried by analysts, so never rename or reuse one; add new modes at the end. The declaration
 * order is the order in which {@link FailureClassifier} emits rows for one prediction.
 *
 * <p>Documented in {@code docs/failure-modes.md} (a test keeps that table in step with this enum).
 */
public enum FailureMode {
    /** {@code latency_ms} above the model's {@code latency-slo-ms}. */
    LATENCY_SLO_BREACH(FailureCategory.DEPLOYMENT,
            "The prediction took longer than the model's latency SLO."),
    /** {@code confidence} below the model's {@code low-confidence}. */
    LOW_CONFIDENCE(FailureCategory.MODEL,
            "The model's confidence in its prediction was below the threshold."),
    /** Top-1 minus top-2 class score below the model's {@code ambiguous-margin}. */
    AMBIGUOUS(FailureCategory.MODEL,
            "The two highest class scores were closer than the ambiguity margin."),
    /** The effective label (by the configured {@code labels.policy}) differs from the prediction. */
    MISCLASSIFICATION(FailureCategory.MODEL,
            "The effective label (by the configured label policy, newest by default) differs from the prediction."),
    /** No deployment of the prediction's (model, version) at or before its event time. */
    UNREGISTERED_VERSION(FailureCategory.DEPLOYMENT,
            "The model version that served the prediction has no deployment at or before the prediction's"
                    + " event time."),
    /** A feature's distribution in a window drifted from the version's reference (window-level row). */
    FEATURE_DRIFT(FailureCategory.DATA,
            "A feature's distribution in a window drifted from the model version's reference profile."),
    /** The distribution of predicted classes in a window drifted from the reference (window-level row). */
    PREDICTION_DRIFT(FailureCategory.MODEL,
            "The distribution of predicted classes in a window drifted from the model version's reference."),
    /** The confidence distribution in a window shifted from the reference (window-level row). */
    CONFIDENCE_SHIFT(FailureCategory.MODEL,
            "The distribution of the model's confidence in a window shifted from the version's reference."),
    /** Numeric features far in the tails of, or outside, the reference range (per-event edge-case score). */
    OUT_OF_DISTRIBUTION(FailureCategory.DATA,
            "Numeric feature values lay far in the tails of, or outside, the model version's reference range."),
    /** Categorical values the reference never saw (per-event edge-case score). */
    UNSEEN_CATEGORY(FailureCategory.DATA,
            "Categorical feature values were never seen in the model version's reference."),
    /** A combination of feature values with too little support in the reference (per-event edge-case score). */
    RARE_COMBINATION(FailureCategory.DATA,
            "A combination of feature values had support below the rarity threshold in the model version's"
                    + " reference."),
    /** Features missing (null) where the reference always had a value (per-event edge-case score). */
    MISSING_FEATURE(FailureCategory.DATA,
            "Features were missing (null) where the model version's reference always had a value."),
    /**
     * A high-confidence prediction contradicted by its effective label, or labellers disagreeing on one
     * event. DATA, not MODEL: the suspect is the label (training and evaluation data), and the remedy is
     * relabelling, not a model change.
     */
    SUSPECTED_LABEL_NOISE(FailureCategory.DATA,
            "The label is suspect: a high-confidence prediction was contradicted by its effective label, or"
                    + " the event's labellers disagreed."),
    /** A new version has a clearly higher labelled error rate than the version before it (incident level). */
    REGRESSION_AFTER_DEPLOYMENT(FailureCategory.DEPLOYMENT,
            "A newly deployed model version had a clearly higher labelled error rate than the version before it"
                    + " on comparable traffic."),
    /** Input records rejected by the contract, rolled up per window and source (window-level row). */
    SCHEMA_VIOLATION(FailureCategory.DATA,
            "Input records of one source were rejected by the input contract in a window (dead letters,"
                    + " counted per error code).");

    private final FailureCategory category;
    private final String description;

    FailureMode(FailureCategory category, String description) {
        this.category = category;
        this.description = description;
    }

    public FailureCategory category() {
        return category;
    }

    /** One sentence saying what the mode means. */
    public String description() {
        return description;
    }
}
