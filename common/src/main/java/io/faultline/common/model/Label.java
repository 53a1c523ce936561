package io.faultline.common.model;

import java.util.Objects;

/** A delayed label (contract v1): ground truth or a human review for one prediction's {@code event_id}. */
public class Label {
    public String eventId;
    /** The label, rendered as text (numbers in their canonical JSON form). */
    public String label;
    /** Epoch milliseconds, UTC. */
    public long labelTime;
    /** {@code outcome}, {@code human} or {@code system}; null when absent. */
    public String source;
    public String reviewer;
    public String justification;

    public Label() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Label)) return false;
        Label l = (Label) o;
        return labelTime == l.labelTime
                && Objects.equals(eventId, l.eventId)
                && Objects.equals(label, l.label)
                && Objects.equals(source, l.source)
                && Objects.equals(reviewer, l.reviewer)
                && Objects.equals(justification, l.justification);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, label, labelTime);
    }

    @Override
    public String toString() {
        return "Label{" + eventId + "=" + label + " at " + labelTime + "}";
    }
}
