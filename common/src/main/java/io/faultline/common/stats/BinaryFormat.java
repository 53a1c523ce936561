package io.faultline.common.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Shared pieces of the binary forms ({@code toBytes}/{@code fromBytes}) of the summaries and reference profiles:
 * big-endian {@link DataOutput} primitives, strings as a length-prefixed UTF-8 byte run (no 64 KiB limit as with
 * {@code writeUTF}), and a leading format version int on every top-level form.
 */
final class BinaryFormat {
    private BinaryFormat() {}

    @FunctionalInterface
    interface Writer {
        void write(DataOutput out) throws IOException;
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(DataInput in) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Reads a whole form; a truncated, over-long or otherwise malformed input is an {@link IllegalArgumentException}. */
    static <T> T read(byte[] bytes, String what, Reader<T> reader) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        T value;
        try {
            value = reader.read(new DataInputStream(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + what + " bytes: " + e, e);
        }
        if (in.available() != 0) {
            throw new IllegalArgumentException("malformed " + what + " bytes: " + in.available() + " trailing bytes");
        }
        return value;
    }

    static void checkVersion(DataInput in, int supported, String what) throws IOException {
        int version = in.readInt();
        if (version != supported) {
            throw new IOException(what + " format version " + version + " is not supported (expected " + supported + ")");
        }
    }

    static void writeString(DataOutput out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String readString(DataInput in) throws IOException {
        int length = readLength(in);
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static void writeDoubles(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInput in) throws IOException {
        double[] values = new double[readLength(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    static void writeLongs(DataOutput out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    static long[] readLongs(DataInput in) throws IOException {
        long[] values = new long[readLength(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    /** A non-negative length, bounded so that a corrupt length fails fast instead of allocating gigabytes. */
    static int readLength(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > (1 << 26)) {
            throw new IOException("implausible length " + length);
        }
        return length;
    }

    static long readCount(DataInput in) throws IOException {
        long count = in.readLong();
        if (count < 0) {
            throw new IOException("negative count " + count);
        }
        return count;
    }
}
