package io.faultline.common.scoring;

/**
 * One check of an event against the reference that made it unusual: which column(s), what value(s), how improbable
 * under the reference, and how much it lifts {@code anomaly_score}. Built only on request (for catalog rows and
 * evidence), never on the per-event path.
 *
 * @param kind what the check found; {@link Kind#mode()} is the failure mode it supports
 * @param column the profile column, e.g. {@code features.amount}; for a combination the pair's first column
 * @param value the event's value as text ({@link Double#toString(double)} for numbers), null when missing or absent
 * @param pairedColumn the pair's second column for {@link Kind#RARE_COMBINATION}, else null
 * @param pairedValue the second column's value for {@link Kind#RARE_COMBINATION}, else null
 * @param tailProbability the check's tail probability under the reference, in [0, 1]
 * @param contribution {@code 1 − min(1, d·tailProbability)} for the event's {@code d} checks: the anomaly score this
 *     check alone would give
 */
public record EdgeCaseFinding(Kind kind, String column, String value, String pairedColumn, String pairedValue,
        double tailProbability, double contribution) {

    /** What a check found. Stable names: with the column(s) they make up the pattern of a signature. */
    public enum Kind {
        /** Numeric value below the reference minimum (tail probability 0). */
        BELOW_RANGE(EdgeCaseMode.OUT_OF_DISTRIBUTION),
        /** Numeric value above the reference maximum (tail probability 0). */
        ABOVE_RANGE(EdgeCaseMode.OUT_OF_DISTRIBUTION),
        /** NaN or an infinity (tail probability 0). */
        NON_FINITE(EdgeCaseMode.OUT_OF_DISTRIBUTION),
        /** Numeric value within range, on the low side of the reference. */
        LOWER_TAIL(EdgeCaseMode.OUT_OF_DISTRIBUTION),
        /** Numeric value within range, on the high side of the reference. */
        UPPER_TAIL(EdgeCaseMode.OUT_OF_DISTRIBUTION),
        /** Categorical value the reference saw, weighed by how rare it was. */
        RARE_CATEGORY(EdgeCaseMode.OUT_OF_DISTRIBUTION),
        /** Categorical value the reference never saw (tail probability 0). */
        UNSEEN_CATEGORY(EdgeCaseMode.UNSEEN_CATEGORY),
        /** Feature present with a null value. */
        MISSING(EdgeCaseMode.MISSING_FEATURE),
        /** Feature the reference has but the event does not carry at all. */
        ABSENT(EdgeCaseMode.MISSING_FEATURE),
        /** Two values whose combination had less support than the minimum in the reference. */
        RARE_COMBINATION(EdgeCaseMode.RARE_COMBINATION);

        private static final Kind[] VALUES = values();

        private final EdgeCaseMode mode;

        Kind(EdgeCaseMode mode) {
            this.mode = mode;
        }

        public EdgeCaseMode mode() {
            return mode;
        }

        static Kind of(int ordinal) {
            return VALUES[ordinal];
        }
    }

    /** {@code column:KIND}, or {@code column+pairedColumn:KIND}: the feature pattern of the finding. */
    public String pattern() {
        return (pairedColumn == null ? column : column + "+" + pairedColumn) + ":" + kind.name();
    }
}
