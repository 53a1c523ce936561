package io.faultline.common.incident;

/** Why an incident row was written (the {@code change} column). */
public enum IncidentChange {
    /** The first row of an incident (revision 0): a signal stayed anomalous for the open-after windows. */
    OPENED,
    /** One more window while the incident is open. */
    UPDATED,
    /** The last row: the incident recovered for the close-after windows. */
    CLOSED
}
