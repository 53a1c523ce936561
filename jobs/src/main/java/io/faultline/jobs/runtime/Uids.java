package io.faultline.jobs.runtime;

/**
 * Every operator uid of the Faultline topology, in one place. A uid names the operator's state in
 * checkpoints and savepoints: changing one orphans that state on the next upgrade, so these strings are
 * part of the job's public contract and never change once released.
 */
public final class Uids {
    private Uids() {}

    public static final String SOURCE_PREDICTIONS = "source-predictions";
    public static final String SOURCE_LABELS = "source-labels";
    public static final String SOURCE_DEPLOYMENTS = "source-deployments";

    public static final String DECODE_PREDICTIONS = "decode-predictions";
    public static final String DECODE_LABELS = "decode-labels";
    public static final String DECODE_DEPLOYMENTS = "decode-deployments";

    public static final String LABEL_LATENESS = "label-lateness";
    public static final String PREDICTION_JOIN = "prediction-join";
    /** The join on heap structures (streaming, hashmap backend): its own uid, as its state is not the keyed state of the other. */
    public static final String PREDICTION_JOIN_HEAP = "prediction-join-heap";
    public static final String CLASSIFY_FAILURES = "classify-failures";
    public static final String WINDOW_PROFILES = "window-profiles";
    public static final String WINDOW_STATS = "window-stats";

    public static final String SINK_FAILURES = "sink-failures";
    public static final String SINK_DEAD_LETTER = "sink-dead-letter";
    public static final String SINK_LATE_EVENTS = "sink-late-events";
    public static final String SINK_WINDOW_STATS = "sink-window-stats";
    public static final String SCHEMA_VIOLATIONS = "schema-violations";
    public static final String RECURRENCE = "recurrence";
    public static final String FAILURE_SIGNALS = "failure-signals";
    public static final String DEPLOYMENT_SIGNALS = "deployment-signals";
    public static final String INCIDENTS = "incidents";
    public static final String SINK_INCIDENTS = "sink-incidents";
    public static final String LABELING_PARTIALS = "labeling-partials";
    public static final String LABELING_STATS = "labeling-stats";
    public static final String SINK_LABELING_STATS = "sink-labeling-stats";
}
