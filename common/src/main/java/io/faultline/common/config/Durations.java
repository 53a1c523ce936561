package io.faultline.common.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration syntax of the config file: an integer with a unit {@code ms, s, m, h, d}; a bare integer is milliseconds. */
final class Durations {
    static final String SYNTAX = "use a number with a unit ms, s, m, h or d";

    private static final Pattern DURATION = Pattern.compile("([+-]?\\d{1,19})\\s*(ms|s|m|h|d)?");

    private Durations() {}

    /** The duration, or null when {@code text} is not in the syntax. Throws ArithmeticException on overflow. */
    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new ArithmeticException("too large");
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        switch (unit) {
            case "ms": return Duration.ofMillis(amount);
            case "s": return Duration.ofMillis(Math.multiplyExact(amount, 1_000L));
            case "m": return Duration.ofMillis(Math.multiplyExact(amount, 60_000L));
            case "h": return Duration.ofMillis(Math.multiplyExact(amount, 3_600_000L));
            case "d": return Duration.ofMillis(Math.multiplyExact(amount, 86_400_000L));
            default: throw new IllegalStateException(unit);
        }
    }

    /**
     * Text that {@link #parse} reads back to {@code d}: the largest unit up to hours that divides it exactly
     * (hours rather than days, because waits are usually thought of in hours: {@code 24h}, {@code 48h}).
     */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0) return ms / 60_000L + "m";
        if (ms % 1_000L == 0) return ms / 1_000L + "s";
        return ms + "ms";
    }
}
