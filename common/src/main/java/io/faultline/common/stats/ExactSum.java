package io.faultline.common.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The exact sum of finite doubles, or of their exact squares: a fixed-point "superaccumulator" wide enough for
 * the whole double range (Kulisch's long accumulator; see R. M. Neal, "Fast exact summation using small and
 * large superaccumulators", arXiv:1505.05571, 2015).
 *
 * <p>Why: floating-point addition is not associative, so a {@code double} running sum, a Kahan/Neumaier sum and
 * the Chan–Golub–LeVeque pairwise merge of mean and M2 all give answers that depend on the order of values and
 * of merges. Integer addition does not. Every double is {@code m·2^e} with a 53-bit integer {@code m}; its square
 * is the 106-bit integer {@code m²} at {@code 2^(2e)}. Both are added exactly into 32-bit digits held in
 * {@code long}s (the spare 32 bits absorb carries, propagated every 2^28 additions), so the accumulated value is
 * the exact mathematical sum, identical for every order, split and merge order of the same multiset.
 *
 * <p>Cost per value: a bit decomposition and three (squares: six) {@code long} additions; no allocation. Size:
 * 69 {@code long}s for values, 136 for squares. Not thread-safe.
 */
public final class ExactSum {
    private static final long DIGIT_MASK = 0xFFFF_FFFFL;
    private static final long FRACTION_MASK = 0x000F_FFFF_FFFF_FFFFL;
    private static final int ADDS_BETWEEN_CARRIES = 1 << 28;

    /** Exponent of the least significant bit of a double (the smallest subnormal is 2^-1074). */
    private static final int VALUE_LOWEST_BIT = -1074;
    /** Covers bits 2^-1074 .. 2^1134: 2^63 values below 2^1024 sum to less than 2^1087. */
    private static final int VALUE_DIGITS = 69;
    private static final int SQUARE_LOWEST_BIT = 2 * VALUE_LOWEST_BIT;
    /** Covers bits 2^-2148 .. 2^2203: 2^63 squares below 2^2048 sum to less than 2^2111. */
    private static final int SQUARE_DIGITS = 136;

    private final boolean squares;
    private final int lowestBit;
    /** Digit i weighs 2^(lowestBit + 32 i); after {@link #carry()} all but the top digit are in [0, 2^32). */
    private final long[] digits;
    private int addsSinceCarry;

    private ExactSum(boolean squares) {
        this.squares = squares;
        this.lowestBit = squares ? SQUARE_LOWEST_BIT : VALUE_LOWEST_BIT;
        this.digits = new long[squares ? SQUARE_DIGITS : VALUE_DIGITS];
    }

    /** An empty accumulator for {@link #add(double)}. */
    public static ExactSum ofValues() {
        return new ExactSum(false);
    }

    /** An empty accumulator for {@link #addSquareOf(double)}. */
    public static ExactSum ofSquares() {
        return new ExactSum(true);
    }

    /** Adds {@code value} exactly. @throws IllegalArgumentException if it is NaN or infinite, or on a squares accumulator */
    public void add(double value) {
        if (squares) {
            throw new IllegalArgumentException("this accumulator sums squares; use addSquareOf");
        }
        long bits = Double.doubleToRawLongBits(value);
        if ((bits & Long.MAX_VALUE) == 0) {
            return; // ±0 adds nothing
        }
        long mantissa = significand(bits, value);
        int exponent = exponent(bits);
        addDigits(mantissa, exponent, bits < 0);
        countAdd();
    }

    /** Adds {@code value²} exactly (not the rounded {@code value * value}). @throws IllegalArgumentException if not finite */
    public void addSquareOf(double value) {
        if (!squares) {
            throw new IllegalArgumentException("this accumulator sums values; use add");
        }
        long bits = Double.doubleToRawLongBits(value);
        if ((bits & Long.MAX_VALUE) == 0) {
            return; // ±0 adds nothing
        }
        long mantissa = significand(bits, value);
        int exponent = exponent(bits);
        long low = mantissa * mantissa;
        long high = Math.multiplyHigh(mantissa, mantissa);
        addDigits(low, 2 * exponent, false);
        if (high != 0) {
            addDigits(high, 2 * exponent + 64, false);
        }
        countAdd();
    }

    /** The integer significand of a finite non-zero double: {@code |value| = significand · 2^exponent(bits)}. */
    private static long significand(long bits, double value) {
        int biased = (int) (bits >>> 52) & 0x7FF;
        if (biased == 0x7FF) {
            throw new IllegalArgumentException("not a finite value: " + value);
        }
        long fraction = bits & FRACTION_MASK;
        return biased == 0 ? fraction : fraction | 1L << 52; // subnormals have no implicit bit
    }

    /** The binary exponent that goes with {@link #significand}. */
    private static int exponent(long bits) {
        int biased = (int) (bits >>> 52) & 0x7FF;
        return biased == 0 ? VALUE_LOWEST_BIT : biased - 1075;
    }

    /** Adds the unsigned 64-bit {@code magnitude · 2^bitPosition}, split over three 32-bit digits. */
    private void addDigits(long magnitude, int bitPosition, boolean negative) {
        int offset = bitPosition - lowestBit;
        int digit = offset >>> 5;
        int shift = offset & 31;
        long d0 = (magnitude << shift) & DIGIT_MASK;
        long d1 = (magnitude >>> (32 - shift)) & DIGIT_MASK;
        long d2 = (magnitude >>> 32) >>> (32 - shift);
        if (negative) {
            digits[digit] -= d0;
            digits[digit + 1] -= d1;
            digits[digit + 2] -= d2;
        } else {
            digits[digit] += d0;
            digits[digit + 1] += d1;
            digits[digit + 2] += d2;
        }
    }

    private void countAdd() {
        // Each add moves a digit by less than 2^33; after 2^28 adds a digit stays below 2^62 in magnitude.
        if (++addsSinceCarry >= ADDS_BETWEEN_CARRIES) {
            carry();
        }
    }

    /** Propagates carries so that every digit but the top one is in [0, 2^32): the canonical form. */
    private void carry() {
        long carry = 0;
        int top = digits.length - 1;
        for (int i = 0; i < top; i++) {
            long v = digits[i] + carry;
            digits[i] = v & DIGIT_MASK;
            carry = v >> 32;
        }
        digits[top] += carry;
        addsSinceCarry = 0;
    }

    /** Adds {@code other}'s sum to this one (exactly). @throws IllegalArgumentException if one sums values and the other squares */
    public void merge(ExactSum other) {
        if (other.squares != squares) {
            throw new IllegalArgumentException("cannot merge a sum of values with a sum of squares");
        }
        other.carry();
        carry();
        for (int i = 0; i < digits.length; i++) {
            digits[i] += other.digits[i];
        }
        carry();
    }

    /** The exact sum as {@code unscaled() · 2^exponent()}; see {@link #exponent()}. */
    public BigInteger unscaled() {
        carry();
        int low = lowestNonZeroDigit();
        if (low < 0) {
            return BigInteger.ZERO;
        }
        BigInteger value = BigInteger.valueOf(digits[digits.length - 1]);
        for (int i = digits.length - 2; i >= low; i--) {
            value = value.shiftLeft(32).add(BigInteger.valueOf(digits[i]));
        }
        return value;
    }

    /** The binary exponent that goes with {@link #unscaled()}. */
    public int exponent() {
        carry();
        int low = lowestNonZeroDigit();
        return lowestBit + 32 * Math.max(low, 0);
    }

    private int lowestNonZeroDigit() {
        for (int i = 0; i < digits.length; i++) {
            if (digits[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    /** The exact sum as a decimal (exact: every binary fraction has a finite decimal expansion). */
    public BigDecimal toBigDecimal() {
        return ExactArithmetic.toBigDecimal(unscaled(), exponent());
    }

    /** The exact sum rounded once to the nearest double (ties to even); infinite only if it exceeds the double range. */
    public double doubleValue() {
        return ExactArithmetic.quotient(unscaled(), exponent(), BigInteger.ONE);
    }

    void writeTo(DataOutput out) throws IOException {
        carry();
        int low = lowestNonZeroDigit();
        if (low < 0) {
            out.writeInt(0);
            out.writeInt(0);
            return;
        }
        int high = digits.length - 1;
        while (digits[high] == 0) {
            high--;
        }
        out.writeInt(low);
        out.writeInt(high - low + 1);
        for (int i = low; i <= high; i++) {
            out.writeLong(digits[i]);
        }
    }

    static ExactSum readFrom(DataInput in, boolean squares) throws IOException {
        ExactSum sum = new ExactSum(squares);
        int low = in.readInt();
        int length = in.readInt();
        if (low < 0 || length < 0 || (long) low + length > sum.digits.length) {
            throw new IOException("exact sum digits out of range: " + low + "+" + length);
        }
        for (int i = 0; i < length; i++) {
            long d = in.readLong();
            boolean top = low + i == sum.digits.length - 1;
            if (!top && (d < 0 || d > DIGIT_MASK)) {
                throw new IOException("exact sum digit not canonical: " + d);
            }
            sum.digits[low + i] = d;
        }
        return sum;
    }

    ExactSum copy() {
        ExactSum copy = new ExactSum(squares);
        System.arraycopy(digits, 0, copy.digits, 0, digits.length);
        copy.addsSinceCarry = addsSinceCarry;
        return copy;
    }

    /** Equal when both hold the same exact sum (of the same kind), however it was accumulated. */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ExactSum)) return false;
        ExactSum other = (ExactSum) o;
        carry();
        other.carry();
        return squares == other.squares && Arrays.equals(digits, other.digits);
    }

    @Override
    public int hashCode() {
        carry();
        return Arrays.hashCode(digits) * 31 + (squares ? 1 : 0);
    }

    @Override
    public String toString() {
        return (squares ? "ExactSum{squares=" : "ExactSum{") + toBigDecimal().toPlainString() + "}";
    }
}
