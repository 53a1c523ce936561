package io.faultline.common.stats;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Finalisation of exact sums into doubles: one rounding at the very end, so the result is a function of the exact value. */
final class ExactArithmetic {
    private static final BigInteger FIVE = BigInteger.valueOf(5);

    private ExactArithmetic() {}

    /**
     * {@code numerator · 2^exponent / denominator} rounded to the nearest double: a quotient with at least 65
     * significant bits and a sticky bit for any remainder, so the final rounding is that of the exact quotient
     * (except in the subnormal range, where {@link Math#scalb} rounds a second time).
     *
     * @param denominator positive
     */
    static double quotient(BigInteger numerator, int exponent, BigInteger denominator) {
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive: " + denominator);
        }
        if (numerator.signum() == 0) {
            return 0.0;
        }
        int shift = denominator.bitLength() - numerator.abs().bitLength() + 66;
        BigInteger[] qr = shift >= 0
                ? numerator.shiftLeft(shift).divideAndRemainder(denominator)
                : numerator.divideAndRemainder(denominator.shiftLeft(-shift));
        BigInteger q = qr[0];
        if (qr[1].signum() != 0) {
            q = q.signum() < 0 ? q.negate().setBit(0).negate() : q.setBit(0);
        }
        long scale = (long) exponent - shift;
        // q has 65..67 bits, so its double is exact up to the final rounding and scale stays representable.
        return Math.scalb(q.doubleValue(), (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, scale)));
    }

    /** {@code unscaled · 2^exponent} as an exact decimal. */
    static BigDecimal toBigDecimal(BigInteger unscaled, int exponent) {
        if (exponent >= 0) {
            return new BigDecimal(unscaled.shiftLeft(exponent));
        }
        return new BigDecimal(unscaled.multiply(FIVE.pow(-exponent)), -exponent);
    }
}
