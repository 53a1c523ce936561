package io.faultline.jobs.functions;

import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A prediction or a label on its way to the {@link PredictionJoinFunction}, keyed by {@code event_id}.
 * Predictions and labels travel as one stream so that a single keyed operator (one shuffle, one state
 * lookup per record) can deduplicate, resolve lineage and join labels. Exactly one field is set.
 *
 * <p>It travels with the hand-written {@link KeyedEventSerializer} rather than Flink's reflective POJO
 * serializer: the shuffle into the join is the pipeline's hot path.
 */
@TypeInfo(KeyedEventTypeInfoFactory.class)
public class KeyedEvent {
    public Prediction prediction;
    public Label label;
    /**
     * The prediction's own fields in {@link io.faultline.common.model.PredictionCodec} form, exactly as they
     * came off the shuffle ({@link KeyedEventSerializer}), so that the join can keep them without encoding the
     * prediction again. Null when the record was not deserialized; never serialized itself.
     */
    public transient byte[] predictionForm;

    public KeyedEvent() {}

    public static KeyedEvent of(Prediction p) {
        KeyedEvent e = new KeyedEvent();
        e.prediction = p;
        return e;
    }

    public static KeyedEvent of(Label l) {
        KeyedEvent e = new KeyedEvent();
        e.label = l;
        return e;
    }

    public String eventId() {
        return prediction != null ? prediction.eventId : label.eventId;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof KeyedEvent)) return false;
        KeyedEvent e = (KeyedEvent) o;
        return Objects.equals(prediction, e.prediction) && Objects.equals(label, e.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prediction, label);
    }
}
