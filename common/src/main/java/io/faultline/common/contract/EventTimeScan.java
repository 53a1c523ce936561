package io.faultline.common.contract;

/**
 * The event time of a record in the shape producers write, found without a JSON parser: an object whose
 * members before the time field have plain string or number values, and whose time field is an ISO-8601
 * string or integer epoch milliseconds. {@link ContractDecoder#eventTime} runs for every record at the source, before the record is
 * decoded; building a Jackson parser over the payload (which copies it) to read two members cost about a
 * fifth of the decode itself.
 *
 * <p>The scan accepts only a strict subset of JSON and, within it, does exactly what the parser-based
 * reading does: the first member with the field's name decides, its string goes through the same
 * {@link Timestamps#parseIso} or {@link Timestamps#checkEpochMillis}, and a violation gives
 * {@link Long#MIN_VALUE}. Anything outside the subset (escapes, control characters, objects, arrays,
 * literals, a time with a fraction or exponent or beyond 18 digits, a missing field, other
 * whitespace or a byte-order mark, unusually long names or numbers) returns {@link #DEFER}, and the parser
 * decides. {@code EventTimeScanTest} checks both readings agree on valid, malformed and mutated records.
 */
final class EventTimeScan {
    /** No answer: the payload leaves the subset the scan reads. Never a time the scan returns. */
    static final long DEFER = -1L;

    /** Far below Jackson's limits (names 50,000 chars, numbers 1,000), so those limits never differ. */
    private static final int MAX_NAME_CHARS = 256;
    private static final int MAX_NUMBER_CHARS = 64;

    private EventTimeScan() {}

    /**
     * @param field the top-level time field ({@code event_time}, {@code label_time}, {@code deployed_at})
     * @return epoch milliseconds, {@link Long#MIN_VALUE} for an invalid time string, or {@link #DEFER}
     */
    static long time(String s, String field) {
        int n = s.length();
        int i = skipWhitespace(s, 0);
        if (i >= n || s.charAt(i) != '{') {
            return DEFER;
        }
        i++;
        while (true) {
            i = skipWhitespace(s, i);
            if (i >= n || s.charAt(i) != '"') {
                return DEFER;
            }
            int nameStart = i + 1;
            int nameEnd = plainStringEnd(s, nameStart);
            if (nameEnd < 0 || nameEnd - nameStart > MAX_NAME_CHARS) {
                return DEFER;
            }
            i = skipWhitespace(s, nameEnd + 1);
            if (i >= n || s.charAt(i) != ':') {
                return DEFER;
            }
            i = skipWhitespace(s, i + 1);
            if (i >= n) {
                return DEFER;
            }
            boolean isField = nameEnd - nameStart == field.length() && s.startsWith(field, nameStart);
            if (s.charAt(i) == '"') {
                int valueEnd = plainStringEnd(s, i + 1);
                if (valueEnd < 0) {
                    return DEFER;
                }
                if (isField) {
                    try {
                        return Timestamps.parseIso(field, s.substring(i + 1, valueEnd));
                    } catch (ContractViolation | RuntimeException invalid) {
                        return Long.MIN_VALUE;
                    }
                }
                i = valueEnd + 1;
            } else if (isField) {
                return epochMillis(s, i, field);
            } else {
                i = numberEnd(s, i);
                if (i < 0) {
                    return DEFER;
                }
            }
            i = skipWhitespace(s, i);
            if (i >= n || s.charAt(i) != ',') {
                return DEFER; // the end of the object (no such field) or not JSON: the parser says which
            }
            i++;
        }
    }

    /**
     * A time given as integer epoch milliseconds at {@code i}: up to 18 digits (a long, never a big
     * integer), no fraction or exponent, followed by the end of the member; else {@link #DEFER}.
     */
    private static long epochMillis(String s, int i, String field) {
        int n = s.length();
        boolean negative = s.charAt(i) == '-';
        int start = negative ? i + 1 : i;
        int end = digitsEnd(s, start);
        int digits = end - start;
        if (digits == 0 || digits > 18 || (digits > 1 && s.charAt(start) == '0')) {
            return DEFER;
        }
        int after = skipWhitespace(s, end);
        if (after >= n || (s.charAt(after) != ',' && s.charAt(after) != '}')) {
            return DEFER;
        }
        long value = Long.parseLong(s, start, end, 10);
        try {
            return Timestamps.checkEpochMillis(field, negative ? -value : value);
        } catch (ContractViolation outOfRange) {
            return Long.MIN_VALUE;
        }
    }

    /** JSON's four whitespace characters, nothing else. */
    private static int skipWhitespace(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /** The index of the closing quote of a string without escapes or control characters; else -1. */
    private static int plainStringEnd(String s, int i) {
        int n = s.length();
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    /** The index after a number in JSON's own grammar ({@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}); else -1. */
    private static int numberEnd(String s, int start) {
        int n = s.length();
        int i = start;
        if (i < n && s.charAt(i) == '-') {
            i++;
        }
        if (i >= n || !isDigit(s.charAt(i))) {
            return -1;
        }
        if (s.charAt(i) == '0') {
            i++;
        } else {
            i = digitsEnd(s, i);
        }
        if (i < n && s.charAt(i) == '.') {
            int digits = ++i;
            i = digitsEnd(s, i);
            if (i == digits) {
                return -1;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int digits = i;
            i = digitsEnd(s, i);
            if (i == digits) {
                return -1;
            }
        }
        return i - start > MAX_NUMBER_CHARS ? -1 : i;
    }

    private static int digitsEnd(String s, int i) {
        int n = s.length();
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
