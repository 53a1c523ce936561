package io.faultline.jobs.runtime;

import io.faultline.common.model.CompactReader;
import io.faultline.common.model.CompactWriter;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.PredictionCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What Faultline's hand-written, versioned serializers share ({@code KeyedEventSerializer},
 * {@link FailureRecordSerializer}): a record is an int {@code n} and then {@code n} bytes of body in
 * {@link CompactWriter}'s encoding, so that it can be copied or skipped without decoding it. Writing encodes into a
 * reusable array handed to Flink in one bulk copy; reading is one bulk copy and a decode with a caching
 * {@link CompactReader}, which shares repeated short strings. Copies encode and decode, so the format stays the one
 * description of a record's fields.
 *
 * <p>An instance reads the format version it was made for ({@link #formatVersion}); only the current version can
 * also be written (an older one is restored from a snapshot to read state while Flink migrates it). Holds scratch
 * arrays, so {@link #duplicate()} returns a new instance, as Flink requires of stateful serializers.
 */
public abstract class CompactRecordSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final String typeName;
    private final int currentVersion;
    private final int formatVersion;

    private transient CompactWriter writer;
    private transient CompactReader reader;
    private transient byte[] readBuffer;

    /**
     * @param typeName names the type in errors ("Corrupt KeyedEvent: ...")
     * @throws IllegalArgumentException if {@code formatVersion} is not in [1, {@code currentVersion}]
     */
    protected CompactRecordSerializer(String typeName, int currentVersion, int formatVersion) {
        if (formatVersion < 1 || formatVersion > currentVersion) {
            throw new IllegalArgumentException("Unknown " + typeName + " format version " + formatVersion
                    + " (this build knows 1.." + currentVersion + ")");
        }
        this.typeName = typeName;
        this.currentVersion = currentVersion;
        this.formatVersion = formatVersion;
    }

    /** Writes the record's body in the current format. */
    protected abstract void write(T record, CompactWriter out);

    /**
     * Reads a body written in {@code version}.
     *
     * @throws IllegalArgumentException or IOException if the body is malformed
     */
    protected abstract T read(CompactReader in, int version) throws IOException;

    /** A serializer of the same kind for {@code version}. */
    protected abstract CompactRecordSerializer<T> forVersion(int version);

    public final int formatVersion() {
        return formatVersion;
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final TypeSerializer<T> duplicate() {
        return forVersion(formatVersion);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    /**
     * A deep copy, by encoding and decoding the record. (With object reuse on, as Faultline runs, Flink never copies
     * records in a chain.)
     */
    @Override
    public final T copy(T from) {
        CompactWriter w = encode(from);
        CompactReader r = reader();
        r.reset(w.buffer(), 0, w.size());
        try {
            return read(r, currentVersion);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("a " + typeName + " just encoded does not decode", e);
        }
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    /** Copies the record's bytes without decoding them: the length prefix says how many. */
    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = readBody(source);
        target.writeInt(length);
        target.write(readBuffer, 0, length);
    }

    @Override
    public final void serialize(T record, DataOutputView out) throws IOException {
        if (formatVersion != currentVersion) {
            // Restored from an old snapshot to read state during migration; Flink writes with the new serializer.
            throw new IllegalStateException(typeName + " format version " + formatVersion + " is read-only");
        }
        CompactWriter w = encode(record);
        out.writeInt(w.size());
        out.write(w.buffer(), 0, w.size());
    }

    private CompactWriter encode(T record) {
        CompactWriter w = writer;
        if (w == null) {
            w = writer = new CompactWriter(1024);
        }
        w.reset();
        write(record, w);
        return w;
    }

    @Override
    public final T deserialize(DataInputView in) throws IOException {
        int length = readBody(in);
        CompactReader r = reader();
        r.reset(readBuffer, 0, length);
        try {
            T record = read(r, formatVersion);
            if (r.remaining() != 0) {
                throw new IOException("Corrupt " + typeName + ": " + r.remaining() + " bytes left after the record");
            }
            return record;
        } catch (IllegalArgumentException malformed) {
            throw new IOException("Corrupt " + typeName + ": " + malformed.getMessage(), malformed);
        }
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
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
            throw new IOException("Corrupt " + typeName + ": record length " + length);
        }
        byte[] buffer = readBuffer;
        if (buffer == null || buffer.length < length) {
            buffer = readBuffer = new byte[Math.max(length, 1024)];
        }
        in.readFully(buffer, 0, length);
        return length;
    }

    @Override
    public final boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass() && ((CompactRecordSerializer<?>) obj).formatVersion == formatVersion;
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode() * 31 + formatVersion;
    }

    // Parts of formats: fixed once written, so any change needs new versions of every format that uses them (the
    // stored-bytes tests of each format fail first).

    /**
     * A prediction as both formats' version 1 carries it: its own fields in {@link PredictionCodec} form
     * {@code predictionForm}, its {@code lineageStatus}, a presence byte for its deployment and the deployment's
     * fields in declaration order.
     */
    protected static void writePredictionWithLineage(Prediction p, CompactWriter w) {
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

    /** Reads what {@link #writePredictionWithLineage} wrote after the prediction's own fields. */
    protected static void readLineage(CompactReader r, Prediction p) {
        p.lineageStatus = r.string();
        if (presence(r, "deployment")) {
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

    /** A presence byte: 0 absent, 1 present, anything else malformed. */
    protected static boolean presence(CompactReader r, String what) {
        int present = r.unsignedByte();
        if (present > 1) {
            throw new IllegalArgumentException(what + " presence byte " + present);
        }
        return present == 1;
    }
}
