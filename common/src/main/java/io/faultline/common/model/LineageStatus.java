package io.faultline.common.model;

/** Whether a prediction's deployment was found in the registry. */
public enum LineageStatus {
    /** Not looked up yet. */
    PENDING,
    /** A deployment of the prediction's (model, version) with {@code deployed_at <= event_time} was found. */
    RESOLVED,
    /** No such deployment, after the bounded wait (streaming) or in the complete registry (backfill). */
    UNREGISTERED_VERSION
}
