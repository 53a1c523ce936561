package io.faultline.common.contract;

/**
 * The rule for values that become Hive-style partition directories ({@code model=NAME}): a whitelist of
 * characters that are safe on every file system and object store, so no value can climb out of its
 * directory ({@code ..}, {@code /}), forge another partition ({@code =}) or hide a file (leading {@code .},
 * which Flink, Hive, Spark, Trino and DuckDB treat as an unfinished or hidden file).
 */
public final class PartitionValues {
    public static final int MAX_CHARS = 128;
    /** The rule in words, for messages and docs. */
    public static final String RULE = "1-" + MAX_CHARS + " chars of [A-Za-z0-9._-], not starting with '.'";

    /** ALLOWED[c] for the ASCII characters of the whitelist; a table lookup beats a chain of range tests. */
    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALLOWED[c] = true;
        }
        ALLOWED['.'] = true;
        ALLOWED['_'] = true;
        ALLOWED['-'] = true;
    }

    private PartitionValues() {}

    public static boolean isSafe(String value) {
        if (value == null) {
            return false;
        }
        int length = value.length();
        if (length == 0 || length > MAX_CHARS || value.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 128 || !ALLOWED[c]) {
                return false;
            }
        }
        return true;
    }
}
