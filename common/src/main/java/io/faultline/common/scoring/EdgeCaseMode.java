package io.faultline.common.scoring;

import io.faultline.common.failure.FailureCategory;

/**
 * The failure modes per-event scoring can raise, all of category {@link FailureCategory#DATA}. The constant names
 * are the catalog codes the failure taxonomy uses for the same modes, so {@code FailureMode.valueOf(mode.name())}
 * maps one onto the other once the taxonomy has them.
 */
public enum EdgeCaseMode {
    /** A numeric value outside the reference range or far in its tails, or a categorical value rare in it. */
    OUT_OF_DISTRIBUTION("A feature value lay outside the reference range of its model version, or far in its tails."),
    /** A categorical value the reference never saw. */
    UNSEEN_CATEGORY("A categorical feature had a value the reference of its model version never saw."),
    /** Two values that are common on their own but (almost) never occurred together in the reference. */
    RARE_COMBINATION("Two feature values that are common on their own (almost) never occurred together in the"
            + " reference."),
    /** A feature missing (null or absent) where the reference (almost) always had a value. */
    MISSING_FEATURE("A feature was missing where the reference of its model version (almost) always had a value.");

    private final String description;

    EdgeCaseMode(String description) {
        this.description = description;
    }

    public FailureCategory category() {
        return FailureCategory.DATA;
    }

    /** One sentence saying what the mode means. */
    public String description() {
        return description;
    }

    int bit() {
        return 1 << ordinal();
    }
}
