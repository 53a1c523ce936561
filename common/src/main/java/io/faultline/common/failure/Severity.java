package io.faultline.common.failure;

/**
 * How urgent a failure row is, ordered from least to most severe. Catalog v1 assigns LOW, MEDIUM and HIGH
 * (see {@link FailureClassifier}); CRITICAL is reserved for signals over many events (incidents), never for
 * a single prediction.
 */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
