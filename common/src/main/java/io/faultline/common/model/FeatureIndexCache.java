package io.faultline.common.model;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The positions of a prediction's feature names in some list of columns, resolved once per name array and
 * remembered for the last few name arrays seen.
 *
 * <p>Why: predictions carry their features as sorted name arrays ({@link Prediction}), and the events of one model
 * version carry the same names event after event, in a few layouts (the usual one, and one per feature that is
 * sometimes null or absent). Looking every name up in a hash map costs a string hash per name and event (the strings
 * of a deserialized event are new objects whose hash is not cached yet) plus a probe; recognising the whole array as
 * one seen before costs one reference comparison per name when the strings are shared, one
 * {@link String#equals} otherwise, and nothing else.
 *
 * <p>The answer is always what the resolving function gives for each name: names are compared by value, element by
 * element, so a renamed, added or removed feature is a new layout. The function must give the same index for the
 * same name for the life of the cache (an immutable index, or one that only appends). A new layout replaces the
 * oldest of {@value #LAYOUTS}, and allocates; a remembered one allocates nothing. Not thread-safe: one per thread,
 * beside the state it indexes.
 */
public final class FeatureIndexCache {
    /** Layouts remembered per cache: a model version's usual layout and a few with a null or absent feature. */
    public static final int LAYOUTS = 4;

    private final ToIntFunction<String> indexOf;
    private final String[][] names = new String[LAYOUTS][];
    private final int[][] indexes = new int[LAYOUTS][];
    /** The layout that matched or was added last: tried first. */
    private int last;
    /** The next layout to replace. */
    private int oldest;

    /** @param indexOf a feature name's position (any int, e.g. -1 for "no such column"); called on new layouts only */
    public FeatureIndexCache(ToIntFunction<String> indexOf) {
        this.indexOf = Objects.requireNonNull(indexOf, "indexOf");
    }

    /**
     * {@code indexOf} of every name, in order. The returned array is shared with later calls: read it, never
     * modify or keep it.
     */
    public int[] indexesOf(String[] featureNames) {
        for (int tried = 0, i = last; tried < LAYOUTS; tried++, i = (i + 1) % LAYOUTS) {
            if (sameNames(names[i], featureNames)) {
                last = i;
                return indexes[i];
            }
        }
        int[] resolved = new int[featureNames.length];
        for (int f = 0; f < featureNames.length; f++) {
            resolved[f] = indexOf.applyAsInt(featureNames[f]);
        }
        // A copy: the caller's array may be reused or changed after this call.
        names[oldest] = featureNames.clone();
        indexes[oldest] = resolved;
        last = oldest;
        oldest = (oldest + 1) % LAYOUTS;
        return resolved;
    }

    private static boolean sameNames(String[] remembered, String[] names) {
        if (remembered == null || remembered.length != names.length) {
            return false;
        }
        for (int f = 0; f < names.length; f++) {
            String a = remembered[f];
            String b = names[f];
            if (a != b && (a == null || !a.equals(b))) {
                return false;
            }
        }
        return true;
    }
}
