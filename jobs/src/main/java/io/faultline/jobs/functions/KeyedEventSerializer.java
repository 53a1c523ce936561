package io.faultline.jobs.functions;

import io.faultline.common.model.CompactReader;
import io.faultline.common.model.CompactWriter;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.PredictionCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

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
 * {@link #deserialize(DataInputView)}; {@code KeyedEventSerializerTest} keeps the bytes of every released
 * version and fails when a model gains a field.
 *
 * <p>Holds scratch arrays, so {@link #duplicate()} returns a new instance, as Flink requires of stateful
 * serializers.
 */
public final class KeyedEventSerializer extends TypeSerializer<KeyedEvent> {
    private static final long serialVersionUID = 2L;

    static final int HAS_PREDICTION = 1;
    static final int HAS_LABEL = 1 << 1;

    /** The {@link PredictionCodec} form of a prediction's own fields in format version 1. */
    static final int PREDICTION_FORM = 2;

    /** The format this instance reads; only the current one can also be written. */
    private final int formatVersion;

    private transient CompactWriter writer;
    private transient CompactReader reader;
    private transient byte[] readBuffer;

    public KeyedEventSerializer() {
        this(KeyedEventSerializerSnapshot.CURRENT_VERSION);
    }

    /** A serializer for data written in {@code formatVersion}, as restored from a snapshot. */
    KeyedEventSerializer(int formatVersion) {
        if (formatVersion < 1 || formatVersion > KeyedEventSerializerSnapshot.CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown KeyedEvent format version " + formatVersion
                    + " (this build knows 1.." + KeyedEventSerializerSnapshot.CURRENT_VERSION + ")");
        }
        this.formatVersion = formatVersion;
    }

    int formatVersion() {
        return formatVersion;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<KeyedEvent> duplicate() {
        return new KeyedEventSerializer(formatVersion);
    }

    @Override
    public KeyedEvent createInstance() {
        return new KeyedEvent();
    }

    @Override
    public int getLength() {
        return -1;
    }

    // ---------------------------------------------------------------------------------------------- copy

    /**
     * A deep copy, by encoding and decoding the record: the format is the one description of its fields.
     * (With object reuse on, as Faultline runs, Flink never copies records in a chain.)
     */
    @Override
    public KeyedEvent copy(KeyedEvent from) {
        CompactWriter w = encode(from);
        CompactReader r = reader();
        r.reset(w.buffer(), 0, w.size());
        try {
            return readV1(r);
        } catch (IOException e) {
            throw new IllegalStateException("a record just encoded does not decode", e);
        }
    }

    @Override
    public KeyedEvent copy(KeyedEvent from, KeyedEvent reuse) {
        return copy(from);
    }

    /** Copies the record's bytes without decoding them: the length prefix says how many. */
    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = readBody(source);
        target.writeInt(length);
        target.write(readBuffer, 0, length);
    }

    // ----------------------------------------------------------------------------------------- serialize

    @Override
    public void serialize(KeyedEvent record, DataOutputView out) throws IOException {
        if (formatVersion != KeyedEventSerializerSnapshot.CURRENT_VERSION) {
            // Restored from an old snapshot to read state during migration; Flink writes with the new serializer.
            throw new IllegalStateException("KeyedEvent format version " + formatVersion + " is read-only");
        }
        CompactWriter w = encode(record);
        out.writeInt(w.size());
        out.write(w.buffer(), 0, w.size());
    }

    /** The record's body in the current format, in the reused writer. */
    private CompactWriter encode(KeyedEvent record) {
        CompactWriter w = writer;
        if (w == null) {
            w = writer = new CompactWriter(1024);
        }
        w.reset();
        Prediction p = record.prediction;
        Label l = record.label;
        w.byteValue((p != null ? HAS_PREDICTION : 0) | (l != null ? HAS_LABEL : 0));
        if (p != null) writePrediction(p, w);
        if (l != null) writeLabel(l, w);
        return w;
    }

    private static void writePrediction(Prediction p, CompactWriter w) {
        PredictionCodec.writeFields(p, w);
        w.string(p.lineageStatus);
        Deployment d = p.deployment;
        w.byteValue(d != null ? 1 : 0);
        if (d != null) {
            w.string(d.model);
            w.string(d.modelVersion);
            w.longValue(d.deployedAt);
            w.string(d.deploymentId);
            w.string(d.environment);
            w.string(d.checkpointUri);
            w.string(d.trainingDataVersion);
            w.string(d.codeVersion);
            w.string(d.preprocessingVersion);
            w.strings(d.featureFlagKeys);
            w.strings(d.featureFlagValues);
        }
    }

    private static void writeLabel(Label l, CompactWriter w) {
        w.string(l.eventId);
        w.string(l.label);
        w.longValue(l.labelTime);
        w.string(l.source);
        w.string(l.reviewer);
        w.string(l.justification);
    }

    // --------------------------------------------------------------------------------------- deserialize

    @Override
    public KeyedEvent deserialize(DataInputView in) throws IOException {
        int length = readBody(in);
        CompactReader r = reader();
        r.reset(readBuffer, 0, length);
        try {
            KeyedEvent e = switch (formatVersion) {
                case 1 -> readV1(r);
                default -> throw new IOException("Unknown KeyedEvent format version " + formatVersion);
            };
            if (r.remaining() != 0) {
                throw new IOException("Corrupt KeyedEvent: " + r.remaining() + " bytes left after the record");
            }
            return e;
        } catch (IllegalArgumentException malformed) {
            throw new IOException("Corrupt KeyedEvent: " + malformed.getMessage(), malformed);
        }
    }

    private CompactReader reader() {
        if (reader == null) {
            reader = new CompactReader();
        }
        return reader;
    }

    /** Reads the length prefix and the body into {@link #readBuffer}; returns the body's length. */
    private int readBody(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 1) {
            throw new IOException("Corrupt KeyedEvent: record length " + length);
        }
        byte[] buffer = readBuffer;
        if (buffer == null || buffer.length < length) {
            buffer = readBuffer = new byte[Math.max(length, 1024)];
        }
        in.readFully(buffer, 0, length);
        return length;
    }

    @Override
    public KeyedEvent deserialize(KeyedEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    private static KeyedEvent readV1(CompactReader r) throws IOException {
        int side = r.unsignedByte();
        if ((side & ~(HAS_PREDICTION | HAS_LABEL)) != 0) {
            throw new IOException("Corrupt KeyedEvent: side byte " + side);
        }
        KeyedEvent e = new KeyedEvent();
        if ((side & HAS_PREDICTION) != 0) {
            int start = r.position();
            e.prediction = PredictionCodec.readFields(r, PREDICTION_FORM);
            e.predictionForm = r.copyWithVersion((byte) PREDICTION_FORM, start);
            readLineageV1(r, e.prediction);
        }
        if ((side & HAS_LABEL) != 0) e.label = readLabelV1(r);
        return e;
    }

    private static void readLineageV1(CompactReader r, Prediction p) {
        p.lineageStatus = r.string();
        if (r.unsignedByte() != 0) {
            Deployment d = new Deployment();
            d.model = r.string();
            d.modelVersion = r.string();
            d.deployedAt = r.longValue();
            d.deploymentId = r.string();
            d.environment = r.string();
            d.checkpointUri = r.string();
            d.trainingDataVersion = r.string();
            d.codeVersion = r.string();
            d.preprocessingVersion = r.string();
            d.featureFlagKeys = r.strings();
            d.featureFlagValues = r.strings();
            p.deployment = d;
        }
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

    // ----------------------------------------------------------------------------------------- identity

    @Override
    public boolean equals(Object obj) {
        return obj instanceof KeyedEventSerializer && ((KeyedEventSerializer) obj).formatVersion == formatVersion;
    }

    @Override
    public int hashCode() {
        return KeyedEventSerializer.class.hashCode() * 31 + formatVersion;
    }

    @Override
    public TypeSerializerSnapshot<KeyedEvent> snapshotConfiguration() {
        return new KeyedEventSerializerSnapshot(formatVersion);
    }
}
