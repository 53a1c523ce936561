package io.faultline.jobs.functions;

import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything {@link PredictionJoinFunction} keeps for one {@code event_id}, in ONE keyed value: a record
 * costs one state lookup (and a timer one lookup and one removal) instead of one per concern. A POJO with
 * an array rather than a list, so that it is serialized without Kryo (proven in {@code PojoTypesTest}).
 */
public class JoinState {
    /** Marks an absent time in {@link #lineageDeadline} and {@link #seenEventTime}. */
    public static final long NONE = Long.MIN_VALUE;

    /** The valid prediction while it waits for its deployment and its labels; null before and after. */
    public Prediction prediction;
    /** Labels received for the event, in arrival order; null when there are none. */
    public Label[] labels;
    /** While the prediction waits for its deployment: the wait's deadline; else {@link #NONE}. */
    public long lineageDeadline = NONE;
    /** First-seen event time, kept only when the dedup horizon outlasts the label wait; else {@link #NONE}. */
    public long seenEventTime = NONE;

    public JoinState() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof JoinState)) return false;
        JoinState j = (JoinState) o;
        return lineageDeadline == j.lineageDeadline && seenEventTime == j.seenEventTime
                && Objects.equals(prediction, j.prediction) && Arrays.equals(labels, j.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prediction, lineageDeadline, seenEventTime);
    }

    void addLabel(Label label) {
        if (labels == null) {
            labels = new Label[] {label};
        } else {
            labels = Arrays.copyOf(labels, labels.length + 1);
            labels[labels.length - 1] = label;
        }
    }

    boolean awaitsDeployment() {
        return lineageDeadline != NONE;
    }

    /** True when nothing is left to keep: the state entry can be cleared. */
    boolean isEmpty() {
        return prediction == null && (labels == null || labels.length == 0) && seenEventTime == NONE;
    }
}
