package io.faultline.common.incident;

/**
 * The signals the {@link IncidentDetector} watches per model. A signal is a kind and a key; its id (the
 * {@code signals} column of an incident) is {@code KIND:key}.
 */
public enum SignalKind {
    /** The rate of one failure mode among the model's predictions against its baseline; key: the mode. */
    FAILURE_RATE,
    /** A version's labelled error rate (misclassified / labelled) against its own baseline; key: the version. */
    ERROR_RATE,
    /** Drift verdicts of one group of columns (features, prediction, confidence); key: the failure mode of the group. */
    DRIFT,
    /** A new version's labelled error rate against the previous version's; key: the new version. */
    REGRESSION;

    /** The incident kind (a failure mode name) of a signal of this kind with {@code key}. */
    public String incidentKind(String key) {
        return switch (this) {
            case FAILURE_RATE, DRIFT -> key;
            case ERROR_RATE -> "MISCLASSIFICATION";
            case REGRESSION -> "REGRESSION_AFTER_DEPLOYMENT";
        };
    }

    /** True when the key is a model version (the {@code signal_key} column is then that version). */
    public boolean perVersion() {
        return this == ERROR_RATE || this == REGRESSION;
    }
}
