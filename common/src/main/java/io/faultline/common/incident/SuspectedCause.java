package io.faultline.common.incident;

/** The {@code suspected_cause} of an incident; the rule is in {@code docs/incidents.md}. */
public enum SuspectedCause {
    /** A deployment (a new version, or the serving system) probably caused it. */
    DEPLOYMENT,
    /** The input data changed. */
    DATA,
    /** The model itself: neither a deployment nor a data change explains it. */
    MODEL
}
