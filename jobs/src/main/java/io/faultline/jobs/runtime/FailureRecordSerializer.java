package io.faultline.jobs.runtime;

import io.faultline.common.model.CompactReader;
import io.faultline.common.model.CompactWriter;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.PredictionCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

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
 * explicit reader for the old one in {@link #read}; {@code FailureRecordSerializerTest}
 * keeps the bytes of every released version and fails when a model gains a field. The prediction and its lineage are
 * laid out as in {@code KeyedEventSerializer}'s version 1 ({@link #writePredictionWithLineage}), a part fixed
 * for both: changing it needs new versions of both formats, and both stored-bytes tests fail first.
 *
 * <p>Savepoints taken before this serializer existed held the recurrence ranking's rows in {@code PojoSerializer}
 * form; they do not restore into a job with it (no release ever wrote them).
 *
 * <p>The framing, copies, version checks and scratch arrays are {@link CompactRecordSerializer}'s.
 */
public final class FailureRecordSerializer extends CompactRecordSerializer<FailureRecord> {
    private static final long serialVersionUID = 2L;

    /** The {@link PredictionCodec} form of a row's prediction in format version 1. */
    static final int PREDICTION_FORM = 2;

    public FailureRecordSerializer() {
        this(FailureRecordSerializerSnapshot.CURRENT_VERSION);
    }

    /** A serializer for data written in {@code formatVersion}, as restored from a snapshot. */
    FailureRecordSerializer(int formatVersion) {
        super("FailureRecord", FailureRecordSerializerSnapshot.CURRENT_VERSION, formatVersion);
    }

    @Override
    protected FailureRecordSerializer forVersion(int version) {
        return new FailureRecordSerializer(version);
    }

    @Override
    public FailureRecord createInstance() {
        return new FailureRecord();
    }

    @Override
    protected void write(FailureRecord f, CompactWriter w) {
        w.string(f.failureId);
        w.string(f.failureMode);
        w.string(f.category);
        w.string(f.severity);
        w.string(f.evidence);
        w.longValue(f.detectedAt);
        Prediction p = f.event;
        w.byteValue(p != null ? 1 : 0);
        if (p != null) {
            writePredictionWithLineage(p, w);
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
    }

    private static void nullableLong(Long v, CompactWriter w) {
        if (v == null) {
            w.byteValue(0);
        } else {
            w.byteValue(1);
            w.longValue(v);
        }
    }

    /** Ids and the evidence sentence never repeat: they are read past the reader's cache of short strings. */
    @Override
    protected FailureRecord read(CompactReader r, int version) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown FailureRecord format version " + version);
        }
        FailureRecord f = new FailureRecord();
        f.failureId = r.uniqueString();
        f.failureMode = r.string();
        f.category = r.string();
        f.severity = r.string();
        f.evidence = r.uniqueString();
        f.detectedAt = r.longValue();
        if (presence(r, "prediction")) {
            f.event = PredictionCodec.readFields(r, PREDICTION_FORM);
            readLineage(r, f.event);
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

    private static Long nullableLong(CompactReader r) {
        return presence(r, "long") ? r.longValue() : null;
    }

    @Override
    public TypeSerializerSnapshot<FailureRecord> snapshotConfiguration() {
        return new FailureRecordSerializerSnapshot(formatVersion());
    }
}
