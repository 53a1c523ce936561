package io.faultline.common.failure;

/**
 * The failure catalog, v1. The constant names are stable codes: they are written to the {@code failures/}
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
    /** The effective label differs from the prediction. */
    MISCLASSIFICATION(FailureCategory.MODEL,
            "The effective (newest) label differs from the prediction."),
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
            "The distribution of the model's confidence in a window shifted from the version's reference.");

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
