package io.faultline.common.incident;

/** The {@code status} of an incident row. */
public enum IncidentStatus {
    OPEN,
    CLOSED
}
