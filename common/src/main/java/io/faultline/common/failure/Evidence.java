package io.faultline.common.failure;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number and duration formatting for evidence sentences. Built on BigDecimal, never on
 * {@code String.format} with the default locale, so a sentence is the same on every machine. Public so that
 * other packages writing evidence (e.g. {@code scoring}) format numbers the same way.
 */
public final class Evidence {
    /** At most this many of a number's own decimals are shown. */
    static final int OWN_SCALE = 4;
    /** Enough decimals to tell apart any two values a user could care about. */
    static final int MAX_SCALE = 9;

    private Evidence() {}

    /**
     * {@code a} and {@code b} for a comparison sentence. Each shows at least {@code minScale} decimals and as
     * many more of its own decimals as it has, up to {@value #OWN_SCALE} (so 0.249 is never shown as 0.25);
     * when two different values would still print the same, both get more (and equally many) decimals, up to
     * {@value #MAX_SCALE} (so "0.12346 &lt; 0.12345" never reads "0.1235 &lt; 0.1235").
     */
    public static String[] pair(double a, double b, int minScale) {
        return pair(BigDecimal.valueOf(a), BigDecimal.valueOf(b), minScale);
    }

    public static String[] pair(BigDecimal a, BigDecimal b, int minScale) {
        int scaleA = scale(a, minScale);
        int scaleB = scale(b, minScale);
        BigDecimal x = round(a, scaleA);
        BigDecimal y = round(b, scaleB);
        for (int common = Math.max(scaleA, scaleB) + 1;
                a.compareTo(b) != 0 && x.compareTo(y) == 0 && common <= MAX_SCALE; common++) {
            x = round(a, common);
            y = round(b, common);
        }
        return new String[] {x.toPlainString(), y.toPlainString()};
    }

    private static int scale(BigDecimal d, int minScale) {
        int own = Math.max(0, d.stripTrailingZeros().scale());
        return Math.max(minScale, Math.min(own, OWN_SCALE));
    }

    private static BigDecimal round(BigDecimal d, int scale) {
        return d.setScale(scale, RoundingMode.HALF_UP);
    }

    /** {@code 350ms}, {@code 45s}, {@code 12m5s}, {@code 3h12m}, {@code 2d3h}: the two largest units, truncated. */
    public static String duration(long ms) {
        if (ms < 0) {
            return "-" + duration(-ms);
        }
        long s = ms / 1_000;
        long m = s / 60;
        long h = m / 60;
        long d = h / 24;
        if (d > 0) return d + "d" + (h % 24 == 0 ? "" : h % 24 + "h");
        if (h > 0) return h + "h" + (m % 60 == 0 ? "" : m % 60 + "m");
        if (m > 0) return m + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        if (s > 0) return s + "s";
        return ms + "ms";
    }

    /** {@code s} in double quotes, with backslashes and double quotes escaped. */
    public static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
