package io.faultline.common.remediation;

/** What a rule applies to: incidents, or single rows of the failure catalog. */
public enum RuleTarget {
    INCIDENT,
    FAILURE;

    /** The spelling in the configuration: {@code incident} or {@code failure}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
