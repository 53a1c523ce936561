package io.faultline.common.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes the primitives of Faultline's compact binary forms ({@link PredictionCodec}, and the record
 * formats built on it) into a growable byte array that can be reset and reused, so that encoding a record
 * allocates nothing once the array has grown to the largest record. Read back with {@link CompactReader}.
 *
 * <p>Big-endian. Strings are an int {@code n} and then: nothing for {@code n = -1} (null); {@code n} bytes
 * of UTF-8 for {@code n >= 0}; for {@code n <= -2}, {@code -n - 2} UTF-16 code units of two bytes each, used
 * only for strings with an unpaired surrogate, which UTF-8 cannot carry (a Java string can hold one, and a
 * JSON escape such as backslash-uD800 on its own makes one). Arrays are an int count ({@code -1} for null) and their elements;
 * nullable doubles a presence byte and the IEEE-754 bits (NaN payloads and {@code -0.0} kept).
 *
 * <p>Not thread-safe.
 */
public final class CompactWriter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private byte[] bytes;
    private int size;
    /**
     * Per slot of {@link #repeatedStrings}, the last few arrays' elements and what they encoded to (a few, because
     * traffic interleaves models with different features).
     */
    private String[][][] recentArrays;
    private byte[][][] recentEncoded;
    private int[][] recentLength;
    private int[] nextRecent;

    public CompactWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets what was written; the array is kept for the next record. */
    public void reset() {
        size = 0;
    }

    /** Number of bytes written since the last {@link #reset}. */
    public int size() {
        return size;
    }

    /** The backing array; its first {@link #size()} bytes are what was written. Valid until the next write. */
    public byte[] buffer() {
        return bytes;
    }

    /** A copy of what was written, sized exactly. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(long more) {
        if (more > bytes.length - size) {
            long needed = size + more;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("record of " + needed + " bytes is too large for the compact form");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * bytes.length, needed)));
        }
    }

    public void byteValue(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
    }

    public void intValue(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
    }

    private void putInt(int at, int v) {
        INT.set(bytes, at, v);
    }

    public void longValue(long v) {
        ensure(8);
        LONG.set(bytes, size, v);
        size += 8;
    }

    /** The raw IEEE-754 bits: every NaN payload and the sign of zero survive. */
    public void doubleValue(double v) {
        longValue(Double.doubleToRawLongBits(v));
    }

    public void nullableDouble(Double v) {
        if (v == null) {
            byteValue(0);
        } else {
            byteValue(1);
            doubleValue(v);
        }
    }

    /**
     * The string as UTF-8, encoded straight into the array in one pass (no intermediate byte array); a
     * string with an unpaired surrogate is written as UTF-16 instead.
     */
    public void string(String s) {
        if (s == null) {
            intValue(-1);
            return;
        }
        int chars = s.length();
        ensure(4 + 3L * chars); // UTF-8 takes at most 3 bytes a UTF-16 code unit
        byte[] b = bytes;
        int start = size + 4;
        // ASCII, by far the common case: one byte a char, one index (so the JIT drops the bounds checks).
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                nonAscii(s, i);
                return;
            }
            b[start + i] = (byte) c;
        }
        putInt(size, chars);
        size = start + chars;
    }

    /** Finishes {@link #string} from its first non-ASCII char, at {@code from}; the chars before are written. */
    private void nonAscii(String s, int from) {
        int chars = s.length();
        byte[] b = bytes;
        int start = size + 4;
        int p = start + from;
        for (int i = from; i < chars; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | cp >> 18);
                b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | cp & 0x3F);
            } else {
                utf16(s);
                return;
            }
        }
        putInt(size, p - start);
        size = p;
    }

    /** The rare form for strings UTF-8 cannot carry: {@code -(chars + 2)}, then every code unit. */
    private void utf16(String s) {
        int chars = s.length();
        intValue(-(chars + 2));
        ensure(2L * chars);
        byte[] b = bytes;
        int p = size;
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            b[p++] = (byte) (c >>> 8);
            b[p++] = (byte) c;
        }
        size = p;
    }

    public void strings(String[] values) {
        if (values == null) {
            intValue(-1);
            return;
        }
        intValue(values.length);
        for (String s : values) {
            string(s);
        }
    }

    /**
     * Like {@link #strings}, with the same bytes, for an array that repeats from record to record (a prediction's
     * feature names, the mirror of {@link CompactReader#repeatedStrings}): when every element is the very string
     * of the previous array written for {@code slot}, that array's bytes are copied instead of encoding each
     * string again (the last {@link CompactReader#ARRAYS_PER_SLOT} arrays of each slot are remembered). Decoders hand
     * out one instance per field name, so this is the common case.
     *
     * @param slot which kind of array, in [0, {@link CompactReader#ARRAY_SLOTS})
     */
    public void repeatedStrings(String[] values, int slot) {
        if (values == null) {
            intValue(-1);
            return;
        }
        if (recentArrays == null) {
            recentArrays = new String[CompactReader.ARRAY_SLOTS][CompactReader.ARRAYS_PER_SLOT][];
            recentEncoded = new byte[CompactReader.ARRAY_SLOTS][CompactReader.ARRAYS_PER_SLOT][];
            recentLength = new int[CompactReader.ARRAY_SLOTS][CompactReader.ARRAYS_PER_SLOT];
            nextRecent = new int[CompactReader.ARRAY_SLOTS];
        }
        String[][] arrays = recentArrays[slot];
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] != null && sameElements(arrays[i], values)) {
                int n = recentLength[slot][i];
                ensure(n);
                System.arraycopy(recentEncoded[slot][i], 0, bytes, size, n);
                size += n;
                return;
            }
        }
        int start = size;
        strings(values);
        int n = size - start;
        int replace = nextRecent[slot];
        nextRecent[slot] = (replace + 1) % arrays.length;
        byte[] encoded = recentEncoded[slot][replace];
        if (encoded == null || encoded.length < n) {
            encoded = new byte[Math.max(n, 64)];
            recentEncoded[slot][replace] = encoded;
        }
        System.arraycopy(bytes, start, encoded, 0, n);
        recentLength[slot][replace] = n;
        arrays[replace] = values.clone();
    }

    private static boolean sameElements(String[] a, String[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    public void doubles(double[] values) {
        if (values == null) {
            intValue(-1);
            return;
        }
        intValue(values.length);
        ensure(8L * values.length);
        int p = size;
        for (double v : values) {
            LONG.set(bytes, p, Double.doubleToRawLongBits(v));
            p += 8;
        }
        size = p;
    }
}
