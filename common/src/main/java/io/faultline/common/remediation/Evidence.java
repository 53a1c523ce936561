package io.faultline.common.remediation;

import io.faultline.common.incident.Incident;
import io.faultline.common.model.FailureRecord;
import java.util.Locale;

/** Conditions on the evidence a rule can require (the {@code requires} list), each for one {@link RuleTarget}. */
public enum Evidence {
    /** The incident names the version that served before the suspected one. */
    PREVIOUS_VERSION(RuleTarget.INCIDENT),
    /** A deployment of the model falls within the lookback before the incident's start. */
    RELATED_DEPLOYMENT(RuleTarget.INCIDENT),
    /** At least one feature column ({@code features.*}) drifted during the incident. */
    DRIFTED_FEATURES(RuleTarget.INCIDENT),
    /** The incident records both versions' labelled error rates. */
    VERSION_COMPARISON(RuleTarget.INCIDENT),
    /** The catalog row names a column (window-level rows). */
    COLUMN(RuleTarget.FAILURE),
    /** The catalog row's prediction has a resolved deployment (lineage). */
    DEPLOYMENT_KNOWN(RuleTarget.FAILURE);

    private final RuleTarget target;

    Evidence(RuleTarget target) {
        this.target = target;
    }

    public RuleTarget target() {
        return target;
    }

    /** The spelling in the configuration, e.g. {@code previous-version}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    boolean holds(Incident i) {
        return switch (this) {
            case PREVIOUS_VERSION -> i.previousVersion != null;
            case RELATED_DEPLOYMENT -> i.relatedDeploymentVersion != null;
            case DRIFTED_FEATURES -> i.driftedColumns != null
                    && java.util.Arrays.stream(i.driftedColumns).anyMatch(c -> c.startsWith("features."));
            case VERSION_COMPARISON -> i.newVersionErrorRate != null && i.previousVersionErrorRate != null;
            default -> false;
        };
    }

    boolean holds(FailureRecord f) {
        return switch (this) {
            case COLUMN -> f.columnName != null;
            case DEPLOYMENT_KNOWN -> f.event != null && f.event.deployment != null;
            default -> false;
        };
    }
}
