package io.faultline.common.scoring;

import java.io.Serializable;

/**
 * Two reference-profile columns whose joint values are counted for rare combinations, e.g.
 * {@code features.country} and {@code features.currency}. Unordered: the constructor puts the names in ascending
 * order, so {@code (a, b)} and {@code (b, a)} are the same pair.
 */
public record ColumnPair(String first, String second) implements Serializable, Comparable<ColumnPair> {

    /** @throws IllegalArgumentException if a name is null or blank, or both name the same column */
    public ColumnPair {
        if (first == null || first.isBlank() || second == null || second.isBlank()) {
            throw new IllegalArgumentException("a column pair needs two non-blank column names: " + first + ", "
                    + second);
        }
        first = first.strip();
        second = second.strip();
        if (first.equals(second)) {
            throw new IllegalArgumentException("a column pair needs two different columns: " + first + ", " + second);
        }
        if (first.compareTo(second) > 0) {
            String swap = first;
            first = second;
            second = swap;
        }
    }

    /**
     * {@code "a,b"} as a pair.
     *
     * @throws IllegalArgumentException unless the text is two comma-separated column names
     */
    public static ColumnPair parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a column pair is written \"column,column\": \"" + text + "\"");
        }
        return new ColumnPair(parts[0], parts[1]);
    }

    @Override
    public int compareTo(ColumnPair o) {
        int c = first.compareTo(o.first);
        return c != 0 ? c : second.compareTo(o.second);
    }

    /** {@code first,second}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        return first + "," + second;
    }
}
