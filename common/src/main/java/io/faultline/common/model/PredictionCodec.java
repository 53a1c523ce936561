package io.faultline.common.model;

/**
 * A compact binary form of a prediction's own fields (everything the contract carries, without its
 * lineage): what a stateful operator keeps while the prediction waits for its labels, and what the
 * prediction shuffle into the join carries. One flat byte array per waiting prediction instead of a graph
 * of some thirty strings and arrays keeps a day of waiting predictions small on the heap and cheap for the
 * garbage collector, which never has to trace into it.
 *
 * <p>Format (big-endian): a version byte, then the fields of {@link #writeFields} in declaration order of
 * {@link Prediction}, in {@link CompactWriter}'s encoding. {@code lineageStatus} and {@code deployment} are
 * not part of the form: the caller keeps them.
 *
 * <p>Versions: 1 wrote every string as UTF-8, so a string with an unpaired surrogate came back with
 * {@code ?} in its place; 2 writes such strings as UTF-16 (a negative length, see {@link CompactWriter}) and
 * is otherwise identical, so one reader reads both.
 */
public final class PredictionCodec {
    /** The version {@link #encode} and {@link #writeFields} write. */
    public static final byte VERSION = 2;

    private PredictionCodec() {}

    /** The prediction's own fields as bytes; its lineage is left out. */
    public static byte[] encode(Prediction p) {
        CompactWriter out = new CompactWriter(512);
        out.byteValue(VERSION);
        writeFields(p, out);
        return out.toByteArray();
    }

    /**
     * The prediction {@link #encode} wrote, with lineage status {@code PENDING} and no deployment.
     *
     * @throws IllegalArgumentException if the bytes are not a complete form of a known version
     */
    public static Prediction decode(byte[] bytes) {
        return decode(bytes, new CompactReader(bytes));
    }

    /**
     * As {@link #decode(byte[])}, with a reader kept by the caller for many decodes (and its caches of repeated
     * strings: see {@link CompactReader}).
     */
    public static Prediction decode(byte[] bytes, CompactReader in) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("malformed prediction form: no bytes");
        }
        in.reset(bytes, 0, bytes.length);
        int version = in.unsignedByte();
        checkVersion(version);
        Prediction p;
        try {
            p = readFields(in, version);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed prediction form: " + e.getMessage(), e);
        }
        if (in.remaining() != 0) {
            throw new IllegalArgumentException("malformed prediction form: " + in.remaining() + " trailing bytes");
        }
        return p;
    }

    /** The prediction's own fields, in the current {@link #VERSION}'s form, without the version byte. */
    public static void writeFields(Prediction p, CompactWriter out) {
        out.string(p.eventId);
        out.longValue(p.eventTime);
        out.string(p.model);
        out.string(p.modelVersion);
        out.repeatedStrings(p.numericFeatureNames, 0);
        out.doubles(p.numericFeatureValues);
        out.repeatedStrings(p.categoricalFeatureNames, 1);
        out.strings(p.categoricalFeatureValues);
        out.repeatedStrings(p.missingFeatures, 2);
        out.string(p.prediction);
        out.nullableDouble(p.confidence);
        out.repeatedStrings(p.scoreClasses, 3);
        out.doubles(p.scoreValues);
        out.nullableDouble(p.latencyMs);
        out.string(p.segment);
        out.repeatedStrings(p.attributeKeys, 4);
        out.strings(p.attributeValues);
        out.intValue(p.schemaVersion);
    }

    /**
     * A prediction from fields {@link #writeFields} wrote in form {@code version}, with lineage status
     * {@code PENDING} and no deployment.
     *
     * @throws IllegalArgumentException if the fields end early or {@code version} is unknown
     */
    public static Prediction readFields(CompactReader in, int version) {
        checkVersion(version);
        // Versions 1 and 2 differ only in how a string with an unpaired surrogate is written, which only 2 does.
        Prediction p = new Prediction();
        p.eventId = in.uniqueString();
        p.eventTime = in.longValue();
        p.model = in.string();
        p.modelVersion = in.string();
        // Name arrays repeat event after event: a reader hands out one shared instance of each (never modified).
        p.numericFeatureNames = in.repeatedStrings(0);
        p.numericFeatureValues = in.doubles();
        p.categoricalFeatureNames = in.repeatedStrings(1);
        p.categoricalFeatureValues = in.strings();
        p.missingFeatures = in.repeatedStrings(2);
        p.prediction = in.string();
        p.confidence = in.nullableDouble();
        p.scoreClasses = in.repeatedStrings(3);
        p.scoreValues = in.doubles();
        p.latencyMs = in.nullableDouble();
        p.segment = in.string();
        p.attributeKeys = in.repeatedStrings(4);
        p.attributeValues = in.strings();
        p.schemaVersion = in.intValue();
        return p;
    }

    private static void checkVersion(int version) {
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("prediction form version " + version + " is not supported (expected 1.."
                    + VERSION + ")");
        }
    }
}
