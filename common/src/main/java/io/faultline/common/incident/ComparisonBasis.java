package io.faultline.common.incident;

/** Which windows the previous version's error rate of an incident comes from. */
public enum ComparisonBasis {
    /** The same windows as the new version's: both versions served (and were labelled) side by side. */
    SAME_WINDOWS,
    /** The previous version's trailing baseline windows before the incident (it no longer served). */
    PREVIOUS_VERSION_TRAILING_WINDOWS
}
