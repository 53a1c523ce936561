package io.faultline.common.contract;

import java.time.Instant;

/**
 * Time values of the contract: ISO-8601 instants with a UTC offset, or integer epoch milliseconds, both
 * turned into epoch milliseconds (UTC) and restricted to the years 1970..2200.
 *
 * <p>The ISO form accepted is the RFC 3339 profile of ISO-8601 that producers actually emit:
 * {@code yyyy-MM-dd'T'HH:mm[:ss[.fraction]]} followed by {@code Z} or an offset {@code +HH:MM}, {@code +HHMM}
 * or {@code +HH}. {@code t}, {@code z} and a space instead of {@code T} are accepted as RFC 3339 allows.
 * Fractions may have 1-9 digits; digits beyond milliseconds are truncated, as {@link Instant#toEpochMilli()}
 * does. A local date-time without an offset is rejected: its instant depends on a time zone nobody wrote down.
 *
 * <p>Hand-written rather than {@code DateTimeFormatter}: it runs for every record, and the formatter costs
 * several times more than the rest of a timestamp's decoding. A test checks it against
 * {@link java.time.OffsetDateTime#parse}.
 */
public final class Timestamps {
    /** 1970-01-01T00:00:00Z. Earlier values are almost always a unit or sign error. */
    public static final long MIN_EPOCH_MILLIS = 0L;
    /** 2200-12-31T23:59:59.999Z. Later values are almost always a unit error (micro- or nanoseconds). */
    public static final long MAX_EPOCH_MILLIS = 7_289_654_399_999L;

    static final String EXPECTED = "expected ISO-8601 with offset (e.g. 2026-10-01T06:00:00.123Z or "
            + "2026-10-01T08:00:00+02:00) or integer epoch milliseconds";
    private static final String RANGE = "the supported range 1970-01-01T00:00:00Z..2200-12-31T23:59:59.999Z";
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;
    /** Days from 0000-01-01 to 1970-01-01, as in {@code java.time.LocalDate}. */
    private static final long DAYS_0000_TO_1970 = 719_528L;

    private Timestamps() {}

    /**
     * Parses an ISO-8601 instant with offset, or a decimal integer of epoch milliseconds (convenient for
     * configuration and command lines).
     *
     * @param field what the value is, for the message (e.g. {@code event_time})
     * @return epoch milliseconds, UTC
     * @throws ContractViolation {@link ErrorCode#INVALID_TIMESTAMP} when it is neither, or out of range
     */
    public static long parse(String field, String text) throws ContractViolation {
        if (text != null && isInteger(text)) {
            long epochMillis;
            try {
                epochMillis = Long.parseLong(text);
            } catch (NumberFormatException tooLong) {
                throw outOfRange(field, MessageText.quote(text) + " (epoch ms)");
            }
            return checkEpochMillis(field, epochMillis);
        }
        return parseIso(field, text);
    }

    /**
     * Parses an ISO-8601 instant with offset (see the class comment for the exact form).
     *
     * @throws ContractViolation {@link ErrorCode#INVALID_TIMESTAMP} when malformed, without offset, not a
     *     real date-time (month 13, February 30, hour 24) or out of range
     */
    public static long parseIso(String field, String text) throws ContractViolation {
        if (text == null) {
            throw new ContractViolation(ErrorCode.INVALID_TIMESTAMP, field + " is null; " + EXPECTED);
        }
        int n = text.length();
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 0 || day < 0 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            throw malformed(field, text);
        }
        if (n == 10) {
            throw new ContractViolation(ErrorCode.INVALID_TIMESTAMP,
                    field + " " + MessageText.quote(text) + " is a date without time and offset; " + EXPECTED);
        }
        char separator = n > 10 ? text.charAt(10) : 0;
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        if ((separator != 'T' && separator != 't' && separator != ' ') || hour < 0 || minute < 0
                || text.charAt(13) != ':') {
            throw malformed(field, text);
        }
        int i = 16;
        int second = 0;
        int millis = 0;
        if (i < n && text.charAt(i) == ':') {
            second = digits(text, i + 1, 2);
            if (second < 0) {
                throw malformed(field, text);
            }
            i += 3;
            if (i < n && text.charAt(i) == '.') {
                int start = ++i;
                while (i < n && isDigit(text.charAt(i))) {
                    if (i - start < 3) {
                        millis = millis * 10 + (text.charAt(i) - '0');
                    }
                    i++;
                }
                int fractionDigits = i - start;
                if (fractionDigits == 0 || fractionDigits > 9) {
                    throw malformed(field, text);
                }
                for (int d = fractionDigits; d < 3; d++) {
                    millis *= 10;
                }
            }
        }
        if (i == n) {
            throw new ContractViolation(ErrorCode.INVALID_TIMESTAMP,
                    field + " " + MessageText.quote(text) + " has no UTC offset; " + EXPECTED);
        }
        int offsetSeconds;
        char sign = text.charAt(i);
        if (sign == 'Z' || sign == 'z') {
            offsetSeconds = 0;
            i++;
        } else if (sign == '+' || sign == '-') {
            int offsetHours = digits(text, i + 1, 2);
            int offsetMinutes = 0;
            i += 3;
            if (i < n) {
                offsetMinutes = text.charAt(i) == ':' ? digits(text, ++i, 2) : digits(text, i, 2);
                i += 2;
            }
            if (offsetHours < 0 || offsetMinutes < 0) {
                throw malformed(field, text);
            }
            if (offsetMinutes > 59 || offsetHours * 3600 + offsetMinutes * 60 > MAX_OFFSET_SECONDS) {
                throw invalid(field, text, "offset beyond +-18:00");
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            throw malformed(field, text);
        }
        if (i != n) {
            throw malformed(field, text);
        }
        if (month < 1 || month > 12) {
            throw invalid(field, text, "month " + month);
        }
        if (day < 1 || day > daysInMonth(year, month)) {
            throw invalid(field, text, "day " + day + " of month " + month);
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw invalid(field, text, "time of day " + text.substring(11, Math.min(n, 19)));
        }
        long epochSecond = epochDay(year, month, day) * 86_400L
                + hour * 3600L + minute * 60L + second - offsetSeconds;
        long epochMillis = epochSecond * 1000L + millis;
        if (epochMillis < MIN_EPOCH_MILLIS || epochMillis > MAX_EPOCH_MILLIS) {
            throw outOfRange(field, MessageText.quote(text));
        }
        return epochMillis;
    }

    /**
     * Checks epoch milliseconds against the supported range.
     *
     * @return the value unchanged
     * @throws ContractViolation {@link ErrorCode#INVALID_TIMESTAMP} outside 1970..2200
     */
    public static long checkEpochMillis(String field, long epochMillis) throws ContractViolation {
        if (epochMillis < MIN_EPOCH_MILLIS || epochMillis > MAX_EPOCH_MILLIS) {
            throw outOfRange(field, epochMillis + " (epoch ms)");
        }
        return epochMillis;
    }

    static ContractViolation outOfRange(String field, String shownValue) {
        return new ContractViolation(ErrorCode.INVALID_TIMESTAMP, field + " " + shownValue + " is outside " + RANGE
                + " (epoch seconds, microseconds or nanoseconds instead of milliseconds?)");
    }

    private static ContractViolation malformed(String field, String text) {
        String hint = isInteger(text)
                ? " is a string of digits; epoch milliseconds must be a JSON number, not a string"
                : " is not an ISO-8601 timestamp; " + EXPECTED;
        return new ContractViolation(ErrorCode.INVALID_TIMESTAMP, field + " " + MessageText.quote(text) + hint);
    }

    private static ContractViolation invalid(String field, String text, String what) {
        return new ContractViolation(ErrorCode.INVALID_TIMESTAMP,
                field + " " + MessageText.quote(text) + " is not a valid date-time: " + what);
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                return isLeapYear(year) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static boolean isLeapYear(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /**
     * Days since 1970-01-01 of a valid proleptic Gregorian date (year 0..9999): the arithmetic of
     * {@code LocalDate.toEpochDay()} without building a LocalDate per record.
     */
    private static long epochDay(int year, int month, int day) {
        long days = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        days += (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            days -= isLeapYear(year) ? 1 : 2;
        }
        return days - DAYS_0000_TO_1970;
    }

    /** The value of {@code count} decimal digits at {@code start}, or -1 when they are not all there. */
    private static int digits(String s, int start, int count) {
        if (start + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isInteger(String s) {
        int start = !s.isEmpty() && s.charAt(0) == '-' ? 1 : 0;
        if (s.length() == start) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
