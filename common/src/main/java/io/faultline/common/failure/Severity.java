package io.faultline.common.failure;

/**
 * How urgent a failure row is, ordered from least to most severe. Each mode's own rule gives LOW, MEDIUM or
 * HIGH, and CRITICAL only for a deployment regression (many events); the model's impact weight then moves
 * the level up or down ({@link FailureAnnotator#weighted}), so a single prediction of a model weighted 2 or
 * more can be CRITICAL.
 */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
