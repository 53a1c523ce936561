package io.faultline.jobs.functions;

import io.faultline.common.model.CompactReader;
import io.faultline.common.model.CompactWriter;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.PredictionCodec;
import io.faultline.jobs.runtime.CompactRecordSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * A hand-written serializer for {@link KeyedEvent}, the record type of the one shuffle in front of the
 * {@link PredictionJoinFunction}. Flink's reflective {@code PojoSerializer} spent a large share of both ends
 * of that shuffle on instantiation, field reflection, per-field null flags and per-byte string coding.
 * This one encodes a record into a reusable array with {@link CompactWriter} (the encoding of
 * {@link PredictionCodec}, which the join also uses for its state) and hands it to Flink in one bulk copy;
 * reading is one bulk copy and a decode from that array. Beyond the records it produces it allocates
 * nothing per record once its arrays have grown to the largest record.
 *
 * <p>Format version 1: an int {@code n}, then {@code n} bytes of body, so that a record can be copied or
 * skipped without decoding it. The body, in {@link CompactWriter}'s encoding:
 * <ul>
 *   <li>a side byte: bit 0 a {@link Prediction} follows, bit 1 a {@link Label} follows (exactly one in
 *       practice; both or neither are still encoded faithfully);
 *   <li>a prediction: its own fields as {@link PredictionCodec#writeFields} writes them in prediction form
 *       {@value #PREDICTION_FORM}, then {@code lineageStatus}, then a presence byte for {@code deployment}
 *       and the deployment's fields in declaration order;
 *   <li>a label: its fields in declaration order.
 * </ul>
 * Any change to it (a new field in a model, or a new prediction form) needs a new
 * {@link KeyedEventSerializerSnapshot#CURRENT_VERSION} and an explicit reader for the old one in
 * {@link #read}; {@code KeyedEventSerializerTest} keeps the bytes of every released
 * version and fails when a model gains a field.
 *
 * <p>The framing, copies, version checks and scratch arrays are {@link CompactRecordSerializer}'s.
 */
public final class KeyedEventSerializer extends CompactRecordSerializer<KeyedEvent> {
    private static final long serialVersionUID = 3L;

    static final int HAS_PREDICTION = 1;
    static final int HAS_LABEL = 1 << 1;

    /** The {@link PredictionCodec} form of a prediction's own fields in format version 1. */
    static final int PREDICTION_FORM = 2;

    public KeyedEventSerializer() {
        this(KeyedEventSerializerSnapshot.CURRENT_VERSION);
    }

    /** A serializer for data written in {@code formatVersion}, as restored from a snapshot. */
    KeyedEventSerializer(int formatVersion) {
        super("KeyedEvent", KeyedEventSerializerSnapshot.CURRENT_VERSION, formatVersion);
    }

    @Override
    protected KeyedEventSerializer forVersion(int version) {
        return new KeyedEventSerializer(version);
    }

    @Override
    public KeyedEvent createInstance() {
        return new KeyedEvent();
    }

    @Override
    protected void write(KeyedEvent record, CompactWriter w) {
        Prediction p = record.prediction;
        Label l = record.label;
        w.byteValue((p != null ? HAS_PREDICTION : 0) | (l != null ? HAS_LABEL : 0));
        if (p != null) writePredictionWithLineage(p, w);
        if (l != null) writeLabel(l, w);
    }

    private static void writeLabel(Label l, CompactWriter w) {
        w.string(l.eventId);
        w.string(l.label);
        w.longValue(l.labelTime);
        w.string(l.source);
        w.string(l.reviewer);
        w.string(l.justification);
    }

    @Override
    protected KeyedEvent read(CompactReader r, int version) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown KeyedEvent format version " + version);
        }
        int side = r.unsignedByte();
        if ((side & ~(HAS_PREDICTION | HAS_LABEL)) != 0) {
            throw new IOException("Corrupt KeyedEvent: side byte " + side);
        }
        KeyedEvent e = new KeyedEvent();
        if ((side & HAS_PREDICTION) != 0) {
            int start = r.position();
            e.prediction = PredictionCodec.readFields(r, PREDICTION_FORM);
            e.predictionForm = r.copyWithVersion((byte) PREDICTION_FORM, start);
            readLineage(r, e.prediction);
        }
        if ((side & HAS_LABEL) != 0) e.label = readLabelV1(r);
        return e;
    }

    private static Label readLabelV1(CompactReader r) {
        Label l = new Label();
        l.eventId = r.uniqueString();
        l.label = r.string();
        l.labelTime = r.longValue();
        l.source = r.string();
        l.reviewer = r.string();
        l.justification = r.string();
        return l;
    }

    @Override
    public TypeSerializerSnapshot<KeyedEvent> snapshotConfiguration() {
        return new KeyedEventSerializerSnapshot(formatVersion());
    }
}
