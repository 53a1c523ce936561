package io.faultline.common.failure;

/** Where a failure comes from: the input data, the model itself, or how the model was deployed and served. */
public enum FailureCategory {
    /** The input was unusual or broken (drift, out-of-range or missing features). */
    DATA,
    /** The model's answer was weak or wrong. */
    MODEL,
    /** The serving system: latency, unregistered versions, rollout problems. */
    DEPLOYMENT
}
