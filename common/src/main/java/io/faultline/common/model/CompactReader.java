package io.faultline.common.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what a {@link CompactWriter} wrote, from a range of a byte array; {@link #reset} points it at the
 * next record, so one reader serves a whole stream. Every read checks the range first: bytes that end
 * early, or a count that points beyond the range, raise an {@link IllegalArgumentException} instead of
 * reading a neighbour's bytes.
 *
 * <p>Short ASCII strings (names, models, versions, classes, category values: the same few values record after
 * record) come from a small cache of strings read before, so a stream of records shares one instance of each
 * such value: no allocation, and hash codes computed once (the maps downstream key on these strings). An
 * entry is reused only when its bytes equal the bytes read, so the result is always the string written.
 *
 * <p>Not thread-safe.
 */
public final class CompactReader {
    /** Strings up to this many bytes are looked up in {@link #recent}; longer ones (ids, texts) rarely repeat. */
    static final int CACHED_MAX_BYTES = 32;
    private static final int CACHE_SLOTS = 512;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes;
    private int position;
    private int limit;
    /** Whether this reader keeps the caches below (a reader for a stream of records) or not (a one-off read). */
    private final boolean caching;
    /** Short ASCII strings read before, direct-mapped by a hash of their bytes, and those bytes. */
    private String[] recent;
    private byte[][] recentBytes;
    /** Kinds of repeated string arrays ({@link #repeatedStrings}) and arrays remembered per kind. */
    public static final int ARRAY_SLOTS = 5;
    /** How many arrays {@link #repeatedStrings} remembers per slot (traffic interleaves models). */
    public static final int ARRAYS_PER_SLOT = 4;
    private byte[][][] arrayBytes;
    private String[][][] arrays;
    private int[] nextArray;

    /** A reader for a stream of records ({@link #reset} to each), with the caches of repeated strings. */
    public CompactReader() {
        this.caching = true;
        reset(new byte[0], 0, 0);
    }

    /** A reader for one record, without caches (they would cost more than they save). */
    public CompactReader(byte[] bytes) {
        this.caching = false;
        reset(bytes, 0, bytes.length);
    }

    /** Reads {@code length} bytes of {@code bytes} from {@code offset} next. */
    public void reset(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || length > bytes.length - offset) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " of " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    /** The read position in the underlying array. */
    public int position() {
        return position;
    }

    /**
     * A new array of {@code version} followed by the bytes read since {@code start} (a {@link #position()}):
     * a complete {@link PredictionCodec} form of fields just read, without encoding them again.
     */
    public byte[] copyWithVersion(byte version, int start) {
        if (start < 0 || start > position) {
            throw new IllegalArgumentException("start " + start + " is not a position already read (at " + position + ")");
        }
        byte[] copy = new byte[1 + position - start];
        copy[0] = version;
        System.arraycopy(bytes, start, copy, 1, position - start);
        return copy;
    }

    /** Bytes left in the range. */
    public int remaining() {
        return limit - position;
    }

    private void require(long n) {
        if (n > limit - position) {
            throw new IllegalArgumentException("truncated: " + n + " more bytes needed, " + (limit - position) + " left");
        }
    }

    public int unsignedByte() {
        require(1);
        return bytes[position++] & 0xff;
    }

    public int intValue() {
        require(4);
        int v = (int) INT.get(bytes, position);
        position += 4;
        return v;
    }

    public long longValue() {
        require(8);
        long v = (long) LONG.get(bytes, position);
        position += 8;
        return v;
    }

    public double doubleValue() {
        return Double.longBitsToDouble(longValue());
    }

    public Double nullableDouble() {
        return unsignedByte() == 0 ? null : doubleValue();
    }

    /** One copy, from the range into the new string (the JDK checks ASCII/Latin-1 in bulk). */
    public String string() {
        return string(caching);
    }

    /** As {@link #string()}, for a value that does not repeat (an event id): never looked up in or added to the cache. */
    public String uniqueString() {
        return string(false);
    }

    private String string(boolean cache) {
        int n = intValue();
        if (n >= 0) {
            require(n);
            String s = cache && n <= CACHED_MAX_BYTES ? cached(n) : new String(bytes, position, n, StandardCharsets.UTF_8);
            position += n;
            return s;
        }
        if (n == -1) {
            return null;
        }
        int chars = -(n + 2);
        require(2L * chars);
        char[] units = new char[chars];
        for (int i = 0; i < chars; i++) {
            units[i] = (char) ((bytes[position] & 0xff) << 8 | bytes[position + 1] & 0xff);
            position += 2;
        }
        return new String(units);
    }

    /** The {@code n} bytes at the position as a string: the cached instance when it has exactly these bytes. */
    private String cached(int n) {
        if (recent == null) {
            recent = new String[CACHE_SLOTS];
            recentBytes = new byte[CACHE_SLOTS][];
        }
        int p = position;
        long h = n;
        if (n >= 8) { // first and last eight bytes: constant work whatever the length
            h = h * 0x9E3779B97F4A7C15L + (long) LONG.get(bytes, p);
            h = h * 0x9E3779B97F4A7C15L + (long) LONG.get(bytes, p + n - 8);
        } else {
            for (int i = p; i < p + n; i++) {
                h = h * 31 + bytes[i];
            }
        }
        int slot = (int) (h ^ (h >>> 29) ^ (h >>> 47)) & (CACHE_SLOTS - 1);
        byte[] key = recentBytes[slot];
        if (key != null && key.length == n && Arrays.equals(key, 0, n, bytes, p, p + n)) {
            return recent[slot];
        }
        String s = new String(bytes, p, n, StandardCharsets.UTF_8);
        if (s.length() == n) { // ASCII only: a UTF-8 sequence would have made fewer characters than bytes
            recentBytes[slot] = Arrays.copyOfRange(bytes, p, p + n);
            recent[slot] = s;
        }
        return s;
    }

    /**
     * Like {@link #strings()}, for an array that repeats from record to record (a prediction's feature names):
     * when its bytes equal those of one of the last few arrays read for the same {@code slot}, that very array
     * is returned, so callers may be handed the same instance many times and must never modify it.
     *
     * @param slot which kind of array, in [0, {@link #ARRAY_SLOTS})
     */
    public String[] repeatedStrings(int slot) {
        if (!caching) {
            return strings();
        }
        if (arrays == null) {
            arrayBytes = new byte[ARRAY_SLOTS][ARRAYS_PER_SLOT][];
            arrays = new String[ARRAY_SLOTS][ARRAYS_PER_SLOT][];
            nextArray = new int[ARRAY_SLOTS];
        }
        int start = position;
        int end = endOfStrings();
        int n = end - start;
        byte[][] seenBytes = arrayBytes[slot];
        for (int i = 0; i < ARRAYS_PER_SLOT; i++) {
            byte[] seen = seenBytes[i];
            if (seen != null && seen.length == n && Arrays.equals(seen, 0, n, bytes, start, end)) {
                position = end;
                return arrays[slot][i];
            }
        }
        String[] values = strings();
        int replace = nextArray[slot];
        seenBytes[replace] = Arrays.copyOfRange(bytes, start, end);
        arrays[slot][replace] = values;
        nextArray[slot] = (replace + 1) % ARRAYS_PER_SLOT;
        return values;
    }

    /** Where the string array at the position ends, from its lengths alone; checks the range like a read. */
    private int endOfStrings() {
        int p = position;
        require(4);
        int n = (int) INT.get(bytes, p);
        p += 4;
        if (n < 0) {
            return p;
        }
        for (int i = 0; i < n; i++) {
            if (limit - p < 4) {
                throw new IllegalArgumentException("truncated: string array ends early");
            }
            int len = (int) INT.get(bytes, p);
            p += 4;
            long bytesOfString = len >= 0 ? len : len == -1 ? 0 : 2L * -(len + 2);
            if (bytesOfString > limit - p) {
                throw new IllegalArgumentException("truncated: " + bytesOfString + " more bytes needed, " + (limit - p) + " left");
            }
            p += (int) bytesOfString;
        }
        return p;
    }

    public String[] strings() {
        int n = count();
        if (n < 0) {
            return null;
        }
        require(4L * n); // every element takes at least its length
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = string();
        }
        return values;
    }

    public double[] doubles() {
        int n = count();
        if (n < 0) {
            return null;
        }
        require(8L * n);
        double[] values = new double[n];
        int p = position;
        for (int i = 0; i < n; i++, p += 8) {
            values[i] = Double.longBitsToDouble((long) LONG.get(bytes, p));
        }
        position = p;
        return values;
    }

    /** An array's element count, or -1 for null. */
    private int count() {
        int n = intValue();
        if (n < -1) {
            throw new IllegalArgumentException("corrupt: array count " + n);
        }
        return n;
    }
}
