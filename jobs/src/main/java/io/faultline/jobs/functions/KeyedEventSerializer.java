package io.faultline.jobs.functions;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * A hand-written serializer for {@link KeyedEvent}, the record type of the one shuffle in front of the
 * {@link PredictionJoinFunction}. Flink's reflective {@code PojoSerializer} spent a large share of the join's
 * task thread on instantiation, field reflection and per-field null flags; this one writes the fields in a
 * fixed order.
 *
 * <p>Format version 1, field by field:
 * <ul>
 *   <li>a side byte: bit 0 a {@link Prediction} follows, bit 1 a {@link Label} follows (exactly one in
 *       practice; both or neither are still encoded faithfully);
 *   <li>strings as a variable-length header {@code h}: {@code 0} is {@code null}; odd {@code h} is followed by
 *       {@code h >>> 1} bytes of UTF-8 (copied in bulk: no 64 KiB limit, ASCII is one byte a character);
 *       {@code h = 2} is followed by {@link StringValue#writeString}'s encoding, used for strings with
 *       surrogates, which UTF-8 cannot carry when unpaired;
 *   <li>arrays as a variable-length {@code length + 1} ({@code 0} for {@code null}), then the elements;
 *   <li>per prediction, a presence byte for the nullable non-string fields: bit 0 {@code confidence}, bit 1
 *       {@code latencyMs}, bit 2 {@code deployment}.
 * </ul>
 * The field order is that of {@link #writePrediction}, {@link #writeLabel} and {@link #writeDeployment}.
 * Any change to it, or a new field in the models, needs a new {@link KeyedEventSerializerSnapshot#CURRENT_VERSION}
 * and an explicit reader for the old one in {@link #deserialize(DataInputView)}; {@code KeyedEventSerializerTest}
 * keeps the bytes of every released version and fails when a model gains a field.
 */
public final class KeyedEventSerializer extends TypeSerializer<KeyedEvent> {
    private static final long serialVersionUID = 1L;

    static final int HAS_PREDICTION = 1;
    static final int HAS_LABEL = 1 << 1;

    private static final int HAS_CONFIDENCE = 1;
    private static final int HAS_LATENCY = 1 << 1;
    private static final int HAS_DEPLOYMENT = 1 << 2;

    /** The format this instance reads; only the current one can also be written. */
    private final int formatVersion;

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
        return this; // stateless
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

    @Override
    public KeyedEvent copy(KeyedEvent from) {
        KeyedEvent e = new KeyedEvent();
        e.prediction = copy(from.prediction);
        e.label = copy(from.label);
        return e;
    }

    @Override
    public KeyedEvent copy(KeyedEvent from, KeyedEvent reuse) {
        return copy(from);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** A deep copy: arrays and the deployment are copied, strings and boxed doubles are immutable. */
    static Prediction copy(Prediction from) {
        if (from == null) return null;
        Prediction p = new Prediction();
        p.eventId = from.eventId;
        p.eventTime = from.eventTime;
        p.model = from.model;
        p.modelVersion = from.modelVersion;
        p.numericFeatureNames = clone(from.numericFeatureNames);
        p.numericFeatureValues = from.numericFeatureValues == null ? null : from.numericFeatureValues.clone();
        p.categoricalFeatureNames = clone(from.categoricalFeatureNames);
        p.categoricalFeatureValues = clone(from.categoricalFeatureValues);
        p.missingFeatures = clone(from.missingFeatures);
        p.prediction = from.prediction;
        p.confidence = from.confidence;
        p.scoreClasses = clone(from.scoreClasses);
        p.scoreValues = from.scoreValues == null ? null : from.scoreValues.clone();
        p.latencyMs = from.latencyMs;
        p.segment = from.segment;
        p.attributeKeys = clone(from.attributeKeys);
        p.attributeValues = clone(from.attributeValues);
        p.schemaVersion = from.schemaVersion;
        p.lineageStatus = from.lineageStatus;
        p.deployment = copy(from.deployment);
        return p;
    }

    static Deployment copy(Deployment from) {
        if (from == null) return null;
        Deployment d = new Deployment();
        d.model = from.model;
        d.modelVersion = from.modelVersion;
        d.deployedAt = from.deployedAt;
        d.deploymentId = from.deploymentId;
        d.environment = from.environment;
        d.checkpointUri = from.checkpointUri;
        d.trainingDataVersion = from.trainingDataVersion;
        d.codeVersion = from.codeVersion;
        d.preprocessingVersion = from.preprocessingVersion;
        d.featureFlagKeys = clone(from.featureFlagKeys);
        d.featureFlagValues = clone(from.featureFlagValues);
        return d;
    }

    static Label copy(Label from) {
        if (from == null) return null;
        Label l = new Label();
        l.eventId = from.eventId;
        l.label = from.label;
        l.labelTime = from.labelTime;
        l.source = from.source;
        l.reviewer = from.reviewer;
        l.justification = from.justification;
        return l;
    }

    private static String[] clone(String[] a) {
        return a == null ? null : a.clone();
    }

    // ----------------------------------------------------------------------------------------- serialize

    @Override
    public void serialize(KeyedEvent record, DataOutputView out) throws IOException {
        if (formatVersion != KeyedEventSerializerSnapshot.CURRENT_VERSION) {
            // Restored from an old snapshot to read state during migration; Flink writes with the new serializer.
            throw new IllegalStateException("KeyedEvent format version " + formatVersion + " is read-only");
        }
        Prediction p = record.prediction;
        Label l = record.label;
        out.writeByte((p != null ? HAS_PREDICTION : 0) | (l != null ? HAS_LABEL : 0));
        if (p != null) writePrediction(p, out);
        if (l != null) writeLabel(l, out);
    }

    private static void writePrediction(Prediction p, DataOutputView out) throws IOException {
        out.writeByte((p.confidence != null ? HAS_CONFIDENCE : 0) | (p.latencyMs != null ? HAS_LATENCY : 0)
                | (p.deployment != null ? HAS_DEPLOYMENT : 0));
        writeString(p.eventId, out);
        out.writeLong(p.eventTime);
        writeString(p.model, out);
        writeString(p.modelVersion, out);
        writeStrings(p.numericFeatureNames, out);
        writeDoubles(p.numericFeatureValues, out);
        writeStrings(p.categoricalFeatureNames, out);
        writeStrings(p.categoricalFeatureValues, out);
        writeStrings(p.missingFeatures, out);
        writeString(p.prediction, out);
        if (p.confidence != null) out.writeDouble(p.confidence);
        writeStrings(p.scoreClasses, out);
        writeDoubles(p.scoreValues, out);
        if (p.latencyMs != null) out.writeDouble(p.latencyMs);
        writeString(p.segment, out);
        writeStrings(p.attributeKeys, out);
        writeStrings(p.attributeValues, out);
        out.writeInt(p.schemaVersion);
        writeString(p.lineageStatus, out);
        if (p.deployment != null) writeDeployment(p.deployment, out);
    }

    private static void writeDeployment(Deployment d, DataOutputView out) throws IOException {
        writeString(d.model, out);
        writeString(d.modelVersion, out);
        out.writeLong(d.deployedAt);
        writeString(d.deploymentId, out);
        writeString(d.environment, out);
        writeString(d.checkpointUri, out);
        writeString(d.trainingDataVersion, out);
        writeString(d.codeVersion, out);
        writeString(d.preprocessingVersion, out);
        writeStrings(d.featureFlagKeys, out);
        writeStrings(d.featureFlagValues, out);
    }

    private static void writeLabel(Label l, DataOutputView out) throws IOException {
        writeString(l.eventId, out);
        writeString(l.label, out);
        out.writeLong(l.labelTime);
        writeString(l.source, out);
        writeString(l.reviewer, out);
        writeString(l.justification, out);
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            writeVarint(0, out);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length != s.length() && hasSurrogate(s)) {
            writeVarint(2, out);
            StringValue.writeString(s, out);
            return;
        }
        writeVarint((utf8.length << 1) | 1, out);
        out.write(utf8);
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) return true;
        }
        return false;
    }

    private static void writeStrings(String[] a, DataOutputView out) throws IOException {
        if (a == null) {
            writeLength(-1, out);
            return;
        }
        writeLength(a.length, out);
        for (String s : a) writeString(s, out);
    }

    private static void writeDoubles(double[] a, DataOutputView out) throws IOException {
        if (a == null) {
            writeLength(-1, out);
            return;
        }
        writeLength(a.length, out);
        for (double d : a) out.writeDouble(d);
    }

    /** {@code length + 1} (so {@code -1}, null, is 0) as an unsigned varint. */
    private static void writeLength(int length, DataOutputView out) throws IOException {
        writeVarint(length + 1, out);
    }

    /** An unsigned varint: 7 bits a byte, low bits first. */
    private static void writeVarint(int v, DataOutputView out) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    // --------------------------------------------------------------------------------------- deserialize

    @Override
    public KeyedEvent deserialize(DataInputView in) throws IOException {
        switch (formatVersion) {
            case 1:
                return readV1(in);
            default:
                throw new IOException("Unknown KeyedEvent format version " + formatVersion);
        }
    }

    @Override
    public KeyedEvent deserialize(KeyedEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    private static KeyedEvent readV1(DataInputView in) throws IOException {
        int side = in.readUnsignedByte();
        if ((side & ~(HAS_PREDICTION | HAS_LABEL)) != 0) {
            throw new IOException("Corrupt KeyedEvent: side byte " + side);
        }
        KeyedEvent e = new KeyedEvent();
        if ((side & HAS_PREDICTION) != 0) e.prediction = readPredictionV1(in);
        if ((side & HAS_LABEL) != 0) e.label = readLabelV1(in);
        return e;
    }

    private static Prediction readPredictionV1(DataInputView in) throws IOException {
        int present = in.readUnsignedByte();
        Prediction p = new Prediction();
        p.eventId = readString(in);
        p.eventTime = in.readLong();
        p.model = readString(in);
        p.modelVersion = readString(in);
        p.numericFeatureNames = readStrings(in);
        p.numericFeatureValues = readDoubles(in);
        p.categoricalFeatureNames = readStrings(in);
        p.categoricalFeatureValues = readStrings(in);
        p.missingFeatures = readStrings(in);
        p.prediction = readString(in);
        p.confidence = (present & HAS_CONFIDENCE) != 0 ? in.readDouble() : null;
        p.scoreClasses = readStrings(in);
        p.scoreValues = readDoubles(in);
        p.latencyMs = (present & HAS_LATENCY) != 0 ? in.readDouble() : null;
        p.segment = readString(in);
        p.attributeKeys = readStrings(in);
        p.attributeValues = readStrings(in);
        p.schemaVersion = in.readInt();
        p.lineageStatus = readString(in);
        p.deployment = (present & HAS_DEPLOYMENT) != 0 ? readDeploymentV1(in) : null;
        return p;
    }

    private static Deployment readDeploymentV1(DataInputView in) throws IOException {
        Deployment d = new Deployment();
        d.model = readString(in);
        d.modelVersion = readString(in);
        d.deployedAt = in.readLong();
        d.deploymentId = readString(in);
        d.environment = readString(in);
        d.checkpointUri = readString(in);
        d.trainingDataVersion = readString(in);
        d.codeVersion = readString(in);
        d.preprocessingVersion = readString(in);
        d.featureFlagKeys = readStrings(in);
        d.featureFlagValues = readStrings(in);
        return d;
    }

    private static Label readLabelV1(DataInputView in) throws IOException {
        Label l = new Label();
        l.eventId = readString(in);
        l.label = readString(in);
        l.labelTime = in.readLong();
        l.source = readString(in);
        l.reviewer = readString(in);
        l.justification = readString(in);
        return l;
    }

    private static String readString(DataInputView in) throws IOException {
        int h = readVarint(in);
        if (h == 0) return null;
        if (h == 2) return StringValue.readString(in);
        if ((h & 1) == 0) throw new IOException("Corrupt KeyedEvent: string header " + h);
        byte[] utf8 = new byte[h >>> 1];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static String[] readStrings(DataInputView in) throws IOException {
        int n = readLength(in);
        if (n < 0) return null;
        String[] a = new String[n];
        for (int i = 0; i < n; i++) a[i] = readString(in);
        return a;
    }

    private static double[] readDoubles(DataInputView in) throws IOException {
        int n = readLength(in);
        if (n < 0) return null;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = in.readDouble();
        return a;
    }

    private static int readLength(DataInputView in) throws IOException {
        return readVarint(in) - 1;
    }

    private static int readVarint(DataInputView in) throws IOException {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
            if (shift >= 28) throw new IOException("Corrupt KeyedEvent: varint too long");
        }
        return v;
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
