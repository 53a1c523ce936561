package io.faultline.jobs.functions;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.Label;
import io.faultline.common.model.CompactReader;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.PredictionCodec;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything {@link PredictionJoinFunction} keeps for one {@code event_id}, in ONE keyed value: a record
 * costs one state lookup (and a timer one lookup and one removal) instead of one per concern. A POJO with
 * arrays rather than lists, so that it is serialized without Kryo (proven in {@code PojoTypesTest}).
 *
 * <p>A valid prediction is held as an object only while it waits for its deployment; once emitted it is
 * kept as its compact binary form ({@link PredictionCodec}) plus its lineage, and decoded again only if
 * labels arrived for it. A day of predictions waiting for labels is then one flat array each, which the
 * garbage collector never traces into.
 */
public class JoinState {
    /** Marks an absent time in the {@code long} fields. */
    public static final long NONE = Long.MIN_VALUE;

    /** Event time of the valid prediction while its label wait lasts; {@link #NONE} before and after. */
    public long predictionTime = NONE;
    /** Model and version of the valid prediction while its label wait lasts. */
    public String model;
    public String modelVersion;
    /** The prediction while it waits for its deployment; null otherwise. */
    public Prediction pending;
    /** The emitted prediction's own fields ({@link PredictionCodec}) while its label wait lasts; else null. */
    public byte[] emitted;
    /** Lineage of {@link #emitted}: the status and deployment it was emitted with. */
    public String lineageStatus;
    public Deployment deployment;
    /** Labels received for the event, in arrival order; null when there are none. */
    public Label[] labels;
    /** Some label arrived before the prediction and registered an orphan-expiry timer. */
    public boolean orphanTimers;
    /** While the prediction waits for its deployment: the wait's deadline; else {@link #NONE}. */
    public long lineageDeadline = NONE;
    /** First-seen event time, kept only when the dedup horizon outlasts the label wait; else {@link #NONE}. */
    public long seenEventTime = NONE;
    /**
     * Set by {@link HeapPredictionJoinOperator} when the state leaves its map, so that timers still holding it
     * pass it by without a lookup. Not state: never serialized.
     */
    transient boolean released;

    public JoinState() {}

    boolean hasPrediction() {
        return predictionTime != NONE;
    }

    boolean awaitsDeployment() {
        return lineageDeadline != NONE;
    }

    /**
     * Keeps the prediction, which has just been emitted with its lineage, in its compact form: {@code form}
     * when given (its own fields as they arrived, {@link PredictionCodec} form), else encoded now.
     */
    void keepEmitted(Prediction p, byte[] form) {
        predictionTime = p.eventTime;
        model = p.model;
        modelVersion = p.modelVersion;
        pending = null;
        emitted = form != null ? form : PredictionCodec.encode(p);
        lineageStatus = p.lineageStatus;
        deployment = p.deployment;
        lineageDeadline = NONE;
    }

    /** The kept prediction as an object, with the lineage it was emitted with. */
    Prediction prediction(CompactReader reader) {
        if (pending != null) {
            return pending;
        }
        Prediction p = PredictionCodec.decode(emitted, reader);
        p.lineageStatus = lineageStatus;
        p.deployment = deployment;
        return p;
    }

    void keepPending(Prediction p, long deadline) {
        predictionTime = p.eventTime;
        model = p.model;
        modelVersion = p.modelVersion;
        pending = p;
        lineageDeadline = deadline;
    }

    void dropPrediction() {
        predictionTime = NONE;
        model = null;
        modelVersion = null;
        pending = null;
        emitted = null;
        lineageStatus = null;
        deployment = null;
        lineageDeadline = NONE;
        labels = null;
        orphanTimers = false;
    }

    void addLabel(Label label) {
        if (labels == null) {
            labels = new Label[] {label};
        } else {
            labels = Arrays.copyOf(labels, labels.length + 1);
            labels[labels.length - 1] = label;
        }
    }

    /** True when nothing is left to keep: the state entry can be cleared. */
    boolean isEmpty() {
        return !hasPrediction() && (labels == null || labels.length == 0) && seenEventTime == NONE;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof JoinState)) return false;
        JoinState j = (JoinState) o;
        return predictionTime == j.predictionTime && lineageDeadline == j.lineageDeadline && orphanTimers == j.orphanTimers
                && seenEventTime == j.seenEventTime && Objects.equals(model, j.model)
                && Objects.equals(modelVersion, j.modelVersion) && Objects.equals(pending, j.pending)
                && Arrays.equals(emitted, j.emitted) && Objects.equals(lineageStatus, j.lineageStatus)
                && Objects.equals(deployment, j.deployment) && Arrays.equals(labels, j.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(predictionTime, lineageDeadline, seenEventTime);
    }
}
