package io.faultline.common.incident;

import java.io.Serializable;

/**
 * Fills fields of an incident row that the detector does not decide, such as the remediation fields
 * ({@code io.faultline.common.remediation.RemediationRules} is one). Called on every row before it is returned.
 */
@FunctionalInterface
public interface IncidentAnnotator extends Serializable {
    /** Leaves the rows as they are. */
    IncidentAnnotator NONE = incident -> { };

    void annotate(Incident incident);
}
