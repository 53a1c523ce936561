package io.faultline.jobs.runtime;

import io.faultline.common.model.CompactReader;
import io.faultline.common.model.CompactWriter;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.PredictionCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer for {@link FailureRecord}, the catalog row: the type of the shuffle into the
 * recurrence ranking and of the rows it holds in state ({@code RecurrenceFunction}). Flink's reflective
 * {@code PojoSerializer} spent as much on each end of that shuffle as the Parquet writer behind it does on a
 * row, most of it on the whole prediction a row carries (per-field null flags, reflection, per-byte string
 * coding). This one encodes a row into a reusable array with {@link CompactWriter}, the prediction's own fields
 * in {@link PredictionCodec}'s form, and hands it to Flink in one bulk copy; reading decodes that array with a
 * caching {@link CompactReader}, so the short values rows repeat (modes, severities, models, versions,
 * feature names, categories, signatures) come back as shared instances, which the Parquet writer then encodes
 * once per instance ({@code FailureRowWriteSupport}).
 *
 * <p>Format version 1: an int {@code n}, then {@code n} bytes of body, so that a row can be copied or skipped
 * without decoding it. The body, in {@link CompactWriter}'s encoding, follows the declaration order of
 * {@link FailureRecord}:
 * <ul>
 *   <li>{@code failureId}, {@code failureMode}, {@code category}, {@code severity}, {@code evidence} (strings),
 *       {@code detectedAt} (long);
 *   <li>a presence byte for {@code event}, then the prediction's own fields as {@link PredictionCodec#writeFields}
 *       writes them in prediction form {@value #PREDICTION_FORM}, its {@code lineageStatus}, a presence byte
 *       for its {@code deployment} and the deployment's fields in declaration order;
 *   <li>{@code label}, {@code labelSource} (strings), {@code labelDelayMs} (nullable long), {@code columnName},
 *       {@code windowStart}, {@code windowEnd} (nullable longs), {@code score} (nullable double),
 *       {@code offendingKeys} (string array), {@code reproducibility} (nullable double), {@code signature},
 *       {@code recurrence} (nullable long), then the five remediation strings.
 * </ul>
 * A nullable long is a presence byte and, when present, the long. Any change to the format (a new field in a
 * model, or a new prediction form) needs a new {@link FailureRecordSerializerSnapshot#CURRENT_VERSION} and an
 * explicit reader for the old one in {@link #deserialize(DataInputView)}; {@code FailureRecordSerializerTest}
 * keeps the bytes of every released version and fails when a model gains a field. It deliberately shares no
 * code with {@code KeyedEventSerializer}, whose prediction-and-lineage layout is the same today: each format
 * has its own version history.
 *
 * <p>Savepoints taken before this serializer existed held the recurrence ranking's rows in {@code PojoSerializer}
 * form; they do not restore into a job with it (no release ever wrote them).
 *
 * <p>Holds scratch arrays, so {@link #duplicate()} returns a new instance, as Flink requires of stateful
 * serializers.
 */
public final class FailureRecordSerializer extends TypeSerializer<FailureRecord> {
    private static final long serialVersionUID = 1L;

    /** The {@link PredictionCodec} form of a row's prediction in format version 1. */
    static final int PREDICTION_FORM = 2;

    /** The format this instance reads; only the current one can also be written. */
    private final int formatVersion;

    private transient CompactWriter writer;
    private transient CompactReader reader;
    private transient byte[] readBuffer;

    public FailureRecordSerializer() {
        this(FailureRecordSerializerSnapshot.CURRENT_VERSION);
    }

    /** A serializer for data written in {@code formatVersion}, as restored from a snapshot. */
    FailureRecordSerializer(int formatVersion) {
        if (formatVersion < 1 || formatVersion > FailureRecordSerializerSnapshot.CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown FailureRecord format version " + formatVersion
                    + " (this build knows 1.." + FailureRecordSerializerSnapshot.CURRENT_VERSION + ")");
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
    public TypeSerializer<FailureRecord> duplicate() {
        return new FailureRecordSerializer(formatVersion);
    }

    @Override
    public FailureRecord createInstance() {
        return new FailureRecord();
    }

    @Override
    public int getLength() {
        return -1;
    }

    // ---------------------------------------------------------------------------------------------- copy

    /** A deep copy, by encoding and decoding the row: the format is the one description of its fields. */
    @Override
    public FailureRecord copy(FailureRecord from) {
        CompactWriter w = encode(from);
        CompactReader r = reader();
        r.reset(w.buffer(), 0, w.size());
        return readV1(r);
    }

    @Override
    public FailureRecord copy(FailureRecord from, FailureRecord reuse) {
        return copy(from);
    }

    /** Copies the row's bytes without decoding them: the length prefix says how many. */
    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = readBody(source);
        target.writeInt(length);
        target.write(readBuffer, 0, length);
    }

    // ----------------------------------------------------------------------------------------- serialize

    @Override
    public void serialize(FailureRecord record, DataOutputView out) throws IOException {
        if (formatVersion != FailureRecordSerializerSnapshot.CURRENT_VERSION) {
            // Restored from an old snapshot to read state during migration; Flink writes with the new serializer.
            throw new IllegalStateException("FailureRecord format version " + formatVersion + " is read-only");
        }
        CompactWriter w = encode(record);
        out.writeInt(w.size());
        out.write(w.buffer(), 0, w.size());
    }

    /** The row's body in the current format, in the reused writer. */
    private CompactWriter encode(FailureRecord f) {
        CompactWriter w = writer;
        if (w == null) {
            w = writer = new CompactWriter(1024);
        }
        w.reset();
        w.string(f.failureId);
        w.string(f.failureMode);
        w.string(f.category);
        w.string(f.severity);
        w.string(f.evidence);
        w.longValue(f.detectedAt);
        Prediction p = f.event;
        w.byteValue(p != null ? 1 : 0);
        if (p != null) {
            writePrediction(p, w);
        }
        w.string(f.label);
        w.string(f.labelSource);
        nullableLong(f.labelDelayMs, w);
        w.string(f.columnName);
        nullableLong(f.windowStart, w);
        nullableLong(f.windowEnd, w);
        w.nullableDouble(f.score);
        w.strings(f.offendingKeys);
        w.nullableDouble(f.reproducibility);
        w.string(f.signature);
        nullableLong(f.recurrence, w);
        w.string(f.remediationAction);
        w.string(f.remediationTarget);
        w.string(f.hypothesis);
        w.string(f.validationPlan);
        w.string(f.acceptanceCriterion);
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

    private static void nullableLong(Long v, CompactWriter w) {
        if (v == null) {
            w.byteValue(0);
        } else {
            w.byteValue(1);
            w.longValue(v);
        }
    }

    // --------------------------------------------------------------------------------------- deserialize

    @Override
    public FailureRecord deserialize(DataInputView in) throws IOException {
        int length = readBody(in);
        CompactReader r = reader();
        r.reset(readBuffer, 0, length);
        try {
            FailureRecord f = switch (formatVersion) {
                case 1 -> readV1(r);
                default -> throw new IOException("Unknown FailureRecord format version " + formatVersion);
            };
            if (r.remaining() != 0) {
                throw new IOException("Corrupt FailureRecord: " + r.remaining() + " bytes left after the row");
            }
            return f;
        } catch (IllegalArgumentException malformed) {
            throw new IOException("Corrupt FailureRecord: " + malformed.getMessage(), malformed);
        }
    }

    @Override
    public FailureRecord deserialize(FailureRecord reuse, DataInputView in) throws IOException {
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
            throw new IOException("Corrupt FailureRecord: row length " + length);
        }
        byte[] buffer = readBuffer;
        if (buffer == null || buffer.length < length) {
            buffer = readBuffer = new byte[Math.max(length, 1024)];
        }
        in.readFully(buffer, 0, length);
        return length;
    }

    /** Ids and the evidence sentence never repeat: they are read past the reader's cache of short strings. */
    private static FailureRecord readV1(CompactReader r) {
        FailureRecord f = new FailureRecord();
        f.failureId = r.uniqueString();
        f.failureMode = r.string();
        f.category = r.string();
        f.severity = r.string();
        f.evidence = r.uniqueString();
        f.detectedAt = r.longValue();
        int event = r.unsignedByte();
        if (event > 1) {
            throw new IllegalArgumentException("prediction presence byte " + event);
        }
        if (event == 1) {
            f.event = PredictionCodec.readFields(r, PREDICTION_FORM);
            readLineageV1(r, f.event);
        }
        f.label = r.string();
        f.labelSource = r.string();
        f.labelDelayMs = nullableLong(r);
        f.columnName = r.string();
        f.windowStart = nullableLong(r);
        f.windowEnd = nullableLong(r);
        f.score = r.nullableDouble();
        f.offendingKeys = r.strings();
        f.reproducibility = r.nullableDouble();
        f.signature = r.string();
        f.recurrence = nullableLong(r);
        f.remediationAction = r.string();
        f.remediationTarget = r.string();
        f.hypothesis = r.string();
        f.validationPlan = r.string();
        f.acceptanceCriterion = r.string();
        return f;
    }

    private static void readLineageV1(CompactReader r, Prediction p) {
        p.lineageStatus = r.string();
        int deployment = r.unsignedByte();
        if (deployment > 1) {
            throw new IllegalArgumentException("deployment presence byte " + deployment);
        }
        if (deployment == 1) {
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

    private static Long nullableLong(CompactReader r) {
        int present = r.unsignedByte();
        if (present > 1) {
            throw new IllegalArgumentException("presence byte " + present);
        }
        return present == 0 ? null : r.longValue();
    }

    // ----------------------------------------------------------------------------------------- identity

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FailureRecordSerializer && ((FailureRecordSerializer) obj).formatVersion == formatVersion;
    }

    @Override
    public int hashCode() {
        return FailureRecordSerializer.class.hashCode() * 31 + formatVersion;
    }

    @Override
    public TypeSerializerSnapshot<FailureRecord> snapshotConfiguration() {
        return new FailureRecordSerializerSnapshot(formatVersion);
    }
}
