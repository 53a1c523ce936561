package io.faultline.common.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tiny ordered JSON object writer for generated lines.
 *
 * <p>Why not Jackson: the generator must control every byte (field order, number formatting, and on purpose
 * invalid content such as {@code NaN} or truncated text), and it must produce the same bytes on every JVM and
 * locale. Values are encoded when they are put, except nested objects, which stay editable until the line is
 * rendered so that a malformation can reach into {@code features}. Putting an existing name replaces the value
 * in place, keeping the field order.
 */
final class JsonObject {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private final List<String> names = new ArrayList<>();
    /** Each value is either an encoded JSON text ({@link String}) or a nested {@link JsonObject}. */
    private final List<Object> values = new ArrayList<>();

    JsonObject putString(String name, String value) {
        return set(name, quote(value));
    }

    JsonObject putLong(String name, long value) {
        return set(name, Long.toString(value));
    }

    /** A number with exactly {@code decimals} digits after the point, independent of locale. */
    JsonObject putDecimal(String name, double value, int decimals) {
        return set(name, decimal(value, decimals));
    }

    JsonObject putBoolean(String name, boolean value) {
        return set(name, value ? "true" : "false");
    }

    JsonObject putNull(String name) {
        return set(name, "null");
    }

    JsonObject putObject(String name, JsonObject value) {
        return set(name, value);
    }

    /** A timestamp as ISO-8601 UTC with millisecond precision, e.g. {@code "2026-10-01T06:00:00.123Z"}. */
    JsonObject putIsoTime(String name, long epochMillis) {
        return set(name, quote(isoMillis(epochMillis)));
    }

    /** Raw JSON text, used only to inject malformed values ({@code NaN}, a wrong type). */
    JsonObject putRaw(String name, String rawJson) {
        return set(name, rawJson);
    }

    JsonObject remove(String name) {
        int i = names.indexOf(name);
        if (i >= 0) {
            names.remove(i);
            values.remove(i);
        }
        return this;
    }

    /** The nested object under {@code name}; fails if there is none. */
    JsonObject object(String name) {
        int i = names.indexOf(name);
        if (i < 0 || !(values.get(i) instanceof JsonObject)) {
            throw new IllegalStateException("no nested object " + name);
        }
        return (JsonObject) values.get(i);
    }

    /** A deep copy, so shared templates (a release's feature flags) are never edited by a malformation. */
    JsonObject copy() {
        JsonObject copy = new JsonObject();
        for (int i = 0; i < names.size(); i++) {
            Object value = values.get(i);
            copy.set(names.get(i), value instanceof JsonObject ? ((JsonObject) value).copy() : value);
        }
        return copy;
    }

    String firstName() {
        if (names.isEmpty()) throw new IllegalStateException("empty object");
        return names.get(0);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(256);
        appendTo(out);
        return out.toString();
    }

    private void appendTo(StringBuilder out) {
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) out.append(',');
            out.append(quote(names.get(i))).append(':');
            Object value = values.get(i);
            if (value instanceof JsonObject) {
                ((JsonObject) value).appendTo(out);
            } else {
                out.append((String) value);
            }
        }
        out.append('}');
    }

    private JsonObject set(String name, Object value) {
        int i = names.indexOf(name);
        if (i >= 0) {
            values.set(i, value);
        } else {
            names.add(name);
            values.add(value);
        }
        return this;
    }

    static String isoMillis(long epochMillis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Fixed-point rendering by integer arithmetic: no locale, no exponent, no {@code -0}. */
    static String decimal(double value, int decimals) {
        if (!Double.isFinite(value) || decimals < 0 || decimals >= POWERS_OF_TEN.length) {
            throw new IllegalArgumentException("cannot render " + value + " with " + decimals + " decimals");
        }
        long scale = POWERS_OF_TEN[decimals];
        long scaled = Math.round(value * scale);
        StringBuilder out = new StringBuilder(24);
        if (scaled < 0) out.append('-');
        long magnitude = Math.abs(scaled);
        out.append(magnitude / scale);
        if (decimals > 0) {
            String fraction = Long.toString(magnitude % scale);
            out.append('.');
            for (int pad = fraction.length(); pad < decimals; pad++) out.append('0');
            out.append(fraction);
        }
        return out.toString();
    }

    static String quote(String text) {
        if (!needsEscaping(text)) return '"' + text + '"'; // the common case: generated names and values
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    private static boolean needsEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') return true;
        }
        return false;
    }
}
