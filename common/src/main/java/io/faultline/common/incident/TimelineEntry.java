package io.faultline.common.incident;

import java.util.Comparator;
import java.util.Objects;

/**
 * One line of an incident's story: a window-level observation of one signal, a deployment, a gap in the traffic,
 * or a change of the incident itself. Ordered by {@link #ORDER}: {@link #at}, then {@link #type} in the order
 * GAP, OPENED, JOINED, CLOSED, DEPLOYMENT, WINDOW (so a deployment precedes the window it starts in), then signal.
 *
 * <p>A Flink POJO (public fields, no-argument constructor); it is also part of the detector's state.
 */
public class TimelineEntry {
    public static final String GAP = "GAP";
    public static final String OPENED = "OPENED";
    public static final String JOINED = "JOINED";
    public static final String CLOSED = "CLOSED";
    public static final String DEPLOYMENT = "DEPLOYMENT";
    public static final String WINDOW = "WINDOW";

    /** Epoch ms: a window's start, a deployment's {@code deployed_at}, a gap's start, or when the change happened. */
    public long at;
    /** WINDOW: the window's end; GAP: where the traffic resumed; else null. */
    public Long windowEnd;
    /** GAP, OPENED, JOINED, CLOSED, DEPLOYMENT or WINDOW. */
    public String type;
    /** WINDOW and JOINED: the signal id ({@code KIND:key}); else null. */
    public String signal;
    /** WINDOW: a {@link SignalStatus} name; else null. */
    public String status;
    /** WINDOW: the signal's value (a rate, or the highest drift score); null when there was none. */
    public Double value;
    /** WINDOW: the baseline it was judged against (a rate, the mean drift score, the previous version's rate). */
    public Double baseline;
    /** WINDOW: the value at which it becomes anomalous. */
    public Double threshold;
    /** WINDOW: the events showing the symptom (failures, misclassified, predictions of drifted or new versions). */
    public Long events;
    /** WINDOW: the events judged (predictions, or labelled predictions). */
    public Long trials;
    /** DEPLOYMENT: the version deployed; WINDOW of a per-version signal: its version. */
    public String version;
    /** DEPLOYMENT: the deployment id (may be null). */
    public String deploymentId;
    /** A sentence a human can read. */
    public String detail;

    public TimelineEntry() {}

    private static int typeRank(String type) {
        return switch (type) {
            case GAP -> 0;
            case OPENED -> 1;
            case JOINED -> 2;
            case CLOSED -> 3;
            case DEPLOYMENT -> 4;
            default -> 5;
        };
    }

    public static final Comparator<TimelineEntry> ORDER = Comparator.comparingLong((TimelineEntry e) -> e.at)
            .thenComparingInt(e -> typeRank(e.type))
            .thenComparing(e -> e.signal, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(e -> e.version, Comparator.nullsFirst(Comparator.naturalOrder()));

    TimelineEntry copy() {
        TimelineEntry c = new TimelineEntry();
        c.at = at;
        c.windowEnd = windowEnd;
        c.type = type;
        c.signal = signal;
        c.status = status;
        c.value = value;
        c.baseline = baseline;
        c.threshold = threshold;
        c.events = events;
        c.trials = trials;
        c.version = version;
        c.deploymentId = deploymentId;
        c.detail = detail;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof TimelineEntry)) return false;
        TimelineEntry e = (TimelineEntry) o;
        return at == e.at && Objects.equals(windowEnd, e.windowEnd) && Objects.equals(type, e.type)
                && Objects.equals(signal, e.signal) && Objects.equals(status, e.status)
                && Objects.equals(value, e.value) && Objects.equals(baseline, e.baseline)
                && Objects.equals(threshold, e.threshold) && Objects.equals(events, e.events)
                && Objects.equals(trials, e.trials) && Objects.equals(version, e.version)
                && Objects.equals(deploymentId, e.deploymentId) && Objects.equals(detail, e.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, type, signal, version);
    }

    @Override
    public String toString() {
        return java.time.Instant.ofEpochMilli(at) + " " + type + (signal == null ? "" : " " + signal)
                + (status == null ? "" : " " + status) + ": " + detail;
    }
}
