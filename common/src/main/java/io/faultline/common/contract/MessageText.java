package io.faultline.common.contract;

/**
 * Builds the human-readable parts of violation messages. Only called once a record is known to be bad, so
 * it may allocate freely. Values from the payload are quoted, truncated and escaped so that a message is
 * always one short, printable line, whatever the payload contains.
 */
final class MessageText {
    /** Longest excerpt of an offending value quoted in a message. */
    static final int MAX_QUOTED_CHARS = 80;

    private MessageText() {}

    /** {@code "value"}, escaped; longer values are cut and their length given, e.g. {@code "aaa..." (100000 chars)}. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        boolean truncated = value.length() > MAX_QUOTED_CHARS;
        String shown = truncated ? value.substring(0, MAX_QUOTED_CHARS) : value;
        StringBuilder out = new StringBuilder(shown.length() + 24).append('"');
        appendEscaped(out, shown);
        out.append('"');
        if (truncated) {
            out.insert(out.length() - 1, "...").append(" (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }

    /** Cuts free text (for example a parser's own message) to {@code maxChars}, escaped, without quotes. */
    static String excerpt(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        boolean truncated = text.length() > maxChars;
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        appendEscaped(out, truncated ? text.substring(0, maxChars) : text);
        if (truncated) {
            out.append("...");
        }
        return out.toString();
    }

    /** {@code map["key"]}: how messages name an entry of features, scores, attributes or feature_flags. */
    static String entry(String mapField, String key) {
        return mapField + '[' + quote(key) + ']';
    }

    /**
     * Escapes characters that would break a one-line message or mislead a reader: control characters,
     * line and paragraph separators, format characters (such as bidirectional overrides), surrogates
     * (a lone one cannot be encoded as UTF-8), private-use and unassigned code points.
     */
    private static void appendEscaped(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static boolean needsEscape(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.UNASSIGNED:
                return true;
            default:
                return false;
        }
    }
}
