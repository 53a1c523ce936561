package io.faultline.common.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A distinct-count estimate: HyperLogLog (Flajolet, Fusy, Gandouet, Meunier, "HyperLogLog: the analysis of a
 * near-optimal cardinality estimation algorithm", AofA 2007) over the fixed 64-bit {@link StableHash}.
 *
 * <p><b>Accuracy.</b> With {@code m = 2^p} registers the relative standard error is {@code 1.04/√m}: 1.6 % at the
 * default {@code p = 12} (4 KiB). Small cardinalities use linear counting (the paper's small-range correction); the
 * 64-bit hash makes the large-range correction unnecessary. The estimate is biased by up to about one standard
 * error around {@code 2.5·m} distinct values (the transition the HLL++ bias tables address; not applied here).
 *
 * <p><b>Determinism.</b> A register keeps the maximum over its values, so registers, and the estimate computed from
 * them in a fixed order, are the same for every insertion order, split and merge order.
 */
public final class HyperLogLog {
    public static final int DEFAULT_PRECISION = 12;

    private final int precision;
    private final byte[] registers;

    private HyperLogLog(int precision) {
        this.precision = precision;
        this.registers = new byte[1 << precision];
    }

    public static HyperLogLog create() {
        return new HyperLogLog(DEFAULT_PRECISION);
    }

    /** @param precision p in [4, 16]: 2^p one-byte registers */
    public static HyperLogLog create(int precision) {
        if (precision < 4 || precision > 16) {
            throw new IllegalArgumentException("precision must be in [4, 16]: " + precision);
        }
        return new HyperLogLog(precision);
    }

    public void add(String value) {
        addHash(StableHash.hash64(value));
    }

    /** Adds a value by its {@link StableHash} (callers that already hashed the value avoid hashing it twice). */
    public void addHash(long hash) {
        int register = (int) (hash >>> (64 - precision));
        // The guard bit bounds the run of leading zeros at 64 - p, so rank fits a byte.
        long rest = (hash << precision) | (1L << (precision - 1));
        byte rank = (byte) (Long.numberOfLeadingZeros(rest) + 1);
        if (rank > registers[register]) {
            registers[register] = rank;
        }
    }

    /** @throws IllegalArgumentException if the precisions differ */
    public void merge(HyperLogLog other) {
        if (other.precision != precision) {
            throw new IllegalArgumentException("cannot merge precision " + other.precision + " into " + precision);
        }
        for (int i = 0; i < registers.length; i++) {
            if (other.registers[i] > registers[i]) {
                registers[i] = other.registers[i];
            }
        }
    }

    /** The estimated number of distinct values added. */
    public double estimate() {
        int m = registers.length;
        double inverseSum = 0;
        int zeros = 0;
        for (byte r : registers) {
            inverseSum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double raw = alpha(m) * m * (double) m / inverseSum;
        if (raw <= 2.5 * m && zeros > 0) {
            return m * StrictMath.log((double) m / zeros);
        }
        return raw;
    }

    private static double alpha(int m) {
        switch (m) {
            case 16:
                return 0.673;
            case 32:
                return 0.697;
            case 64:
                return 0.709;
            default:
                return 0.7213 / (1 + 1.079 / m);
        }
    }

    /** {@code 1.04/√m}. */
    public double standardError() {
        return 1.04 / Math.sqrt(registers.length);
    }

    public int precision() {
        return precision;
    }

    public HyperLogLog copy() {
        HyperLogLog copy = new HyperLogLog(precision);
        System.arraycopy(registers, 0, copy.registers, 0, registers.length);
        return copy;
    }

    /** Leading int of {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;

    /** Format version, precision, registers. */
    public byte[] toBytes() {
        return BinaryFormat.write(out -> {
            out.writeInt(FORMAT_VERSION);
            writeTo(out);
        });
    }

    /** The inverse of {@link #toBytes()}. @throws IllegalArgumentException on malformed input or another format version */
    public static HyperLogLog fromBytes(byte[] bytes) {
        return BinaryFormat.read(bytes, "HyperLogLog", in -> {
            BinaryFormat.checkVersion(in, FORMAT_VERSION, "HyperLogLog");
            return readFrom(in);
        });
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeByte(precision);
        out.write(registers);
    }

    static HyperLogLog readFrom(DataInput in) throws IOException {
        int precision = in.readByte();
        if (precision < 4 || precision > 16) {
            throw new IOException("bad HyperLogLog precision " + precision);
        }
        HyperLogLog hll = new HyperLogLog(precision);
        in.readFully(hll.registers);
        for (byte r : hll.registers) {
            if (r < 0 || r > 65 - precision) {
                throw new IOException("bad HyperLogLog register " + r);
            }
        }
        return hll;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof HyperLogLog)) return false;
        HyperLogLog h = (HyperLogLog) o;
        return precision == h.precision && Arrays.equals(registers, h.registers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(registers);
    }

    @Override
    public String toString() {
        return "HyperLogLog{p=" + precision + ", estimate=" + estimate() + "}";
    }
}
