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
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
