package io.faultline.common.drift;

/** The verdict of one column in one window; see {@link DriftScores} for the rule. */
public enum DriftStatus {
    /** Every effect size is below its warn threshold. */
    NONE,
    /** Some effect size is at or above its warn threshold, none at or above its drift threshold. */
    WARN,
    /** Some effect size is at or above its drift threshold. */
    DRIFT,
    /** The window or the reference has fewer values than the minimum sample size: no verdict. */
    INSUFFICIENT_DATA
}
