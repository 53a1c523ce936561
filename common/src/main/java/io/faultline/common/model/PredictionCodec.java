package io.faultline.common.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A compact binary form of a prediction's own fields (everything the contract carries, without its
 * lineage): what a stateful operator keeps while the prediction waits for its labels. One flat byte array
 * per waiting prediction instead of a graph of some thirty strings and arrays keeps a day of waiting
 * predictions small on the heap and cheap for the garbage collector, which never has to trace into it.
 *
 * <p>Format (version 1, big-endian): a version byte, then each field in declaration order of
 * {@link Prediction}. Strings are an int length (-1 for null) and UTF-8 bytes; arrays an int count (-1 for
 * null) and their elements; nullable doubles a presence byte and the IEEE-754 bits. {@code lineageStatus}
 * and {@code deployment} are not part of the form: the caller keeps them.
 */
public final class PredictionCodec {
    static final byte VERSION = 1;

    private PredictionCodec() {}

    /** The prediction's own fields as bytes; its lineage is left out. */
    public static byte[] encode(Prediction p) {
        Out out = new Out();
        out.bytes[out.size++] = VERSION;
        out.string(p.eventId);
        out.longValue(p.eventTime);
        out.string(p.model);
        out.string(p.modelVersion);
        out.strings(p.numericFeatureNames);
        out.doubles(p.numericFeatureValues);
        out.strings(p.categoricalFeatureNames);
        out.strings(p.categoricalFeatureValues);
        out.strings(p.missingFeatures);
        out.string(p.prediction);
        out.nullableDouble(p.confidence);
        out.strings(p.scoreClasses);
        out.doubles(p.scoreValues);
        out.nullableDouble(p.latencyMs);
        out.string(p.segment);
        out.strings(p.attributeKeys);
        out.strings(p.attributeValues);
        out.intValue(p.schemaVersion);
        return Arrays.copyOf(out.bytes, out.size);
    }

    /**
     * The prediction {@link #encode} wrote, with lineage status {@code PENDING} and no deployment.
     *
     * @throws IllegalArgumentException if the bytes are not a complete version-1 form
     */
    public static Prediction decode(byte[] bytes) {
        In in = new In(bytes);
        try {
            byte version = in.bytes[in.position++];
            if (version != VERSION) {
                throw new IllegalArgumentException("prediction form version " + version + " is not supported (expected "
                        + VERSION + ")");
            }
            Prediction p = new Prediction();
            p.eventId = in.string();
            p.eventTime = in.longValue();
            p.model = in.string();
            p.modelVersion = in.string();
            p.numericFeatureNames = in.strings();
            p.numericFeatureValues = in.doubles();
            p.categoricalFeatureNames = in.strings();
            p.categoricalFeatureValues = in.strings();
            p.missingFeatures = in.strings();
            p.prediction = in.string();
            p.confidence = in.nullableDouble();
            p.scoreClasses = in.strings();
            p.scoreValues = in.doubles();
            p.latencyMs = in.nullableDouble();
            p.segment = in.string();
            p.attributeKeys = in.strings();
            p.attributeValues = in.strings();
            p.schemaVersion = in.intValue();
            if (in.position != bytes.length) {
                throw new IllegalArgumentException("malformed prediction form: " + (bytes.length - in.position)
                        + " trailing bytes");
            }
            return p;
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("malformed prediction form: truncated at byte " + in.position, e);
        }
    }

    private static final class Out {
        byte[] bytes = new byte[512];
        int size;

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void intValue(int v) {
            ensure(4);
            bytes[size++] = (byte) (v >>> 24);
            bytes[size++] = (byte) (v >>> 16);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void longValue(long v) {
            intValue((int) (v >>> 32));
            intValue((int) v);
        }

        void string(String s) {
            if (s == null) {
                intValue(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            intValue(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }

        void strings(String[] values) {
            if (values == null) {
                intValue(-1);
                return;
            }
            intValue(values.length);
            for (String s : values) {
                string(s);
            }
        }

        void doubles(double[] values) {
            if (values == null) {
                intValue(-1);
                return;
            }
            intValue(values.length);
            for (double v : values) {
                longValue(Double.doubleToRawLongBits(v));
            }
        }

        void nullableDouble(Double v) {
            ensure(1);
            bytes[size++] = (byte) (v == null ? 0 : 1);
            if (v != null) {
                longValue(Double.doubleToRawLongBits(v));
            }
        }
    }

    private static final class In {
        final byte[] bytes;
        int position;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        int intValue() {
            int v = ((bytes[position] & 0xff) << 24) | ((bytes[position + 1] & 0xff) << 16)
                    | ((bytes[position + 2] & 0xff) << 8) | (bytes[position + 3] & 0xff);
            position += 4;
            return v;
        }

        long longValue() {
            long high = intValue() & 0xffffffffL;
            return (high << 32) | (intValue() & 0xffffffffL);
        }

        String string() {
            int length = intValue();
            if (length < 0) {
                return null;
            }
            if (length > bytes.length - position) {
                throw new ArrayIndexOutOfBoundsException(position + length);
            }
            String s = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        String[] strings() {
            int n = intValue();
            if (n < 0) {
                return null;
            }
            if (n > bytes.length - position) {
                throw new ArrayIndexOutOfBoundsException(position + n);
            }
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                values[i] = string();
            }
            return values;
        }

        double[] doubles() {
            int n = intValue();
            if (n < 0) {
                return null;
            }
            if ((long) n * 8 > bytes.length - position) {
                throw new ArrayIndexOutOfBoundsException(position + n);
            }
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = Double.longBitsToDouble(longValue());
            }
            return values;
        }

        Double nullableDouble() {
            return bytes[position++] == 0 ? null : Double.longBitsToDouble(longValue());
        }
    }
}
