package io.faultline.common.stats;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The frozen reference distribution of a categorical column: its most frequent categories (at most
 * {@value #DEFAULT_MAX_CATEGORIES} by default, ordered by count descending then value ascending) with their exact
 * counts, and the rest of the reference's values in one {@code other} count.
 *
 * <p>A window value is then one of: a reference category; {@code other} (a value the reference saw, outside the
 * kept categories); or {@code unseen} (a value the reference never saw). Telling {@code other} from {@code unseen}
 * needs the reference's remaining values: they are kept exactly when there are at most
 * {@value #DEFAULT_MAX_KNOWN_VALUES} of them (by default). Beyond that, or when the reference was built from a
 * summary that could not name every value, {@link #knowsAllValues()} is false and every value outside the
 * categories counts as {@code other}: novelty cannot be decided, and counting it as unseen would make every
 * high-cardinality column (ids) drift.
 *
 * <p>Drift bins are the categories, then {@code other}, then {@code unseen} (whose reference count is 0 by
 * definition); see {@link #binCounts()}.
 */
public final class CategoricalReference implements ColumnReference, Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_CATEGORIES = 50;
    public static final int DEFAULT_MAX_KNOWN_VALUES = 10_000;

    /** {@link #classify} result for a value the reference saw outside its categories. */
    public static final int OTHER = -1;
    /** {@link #classify} result for a value the reference never saw. */
    public static final int UNSEEN = -2;

    private static final Comparator<Map.Entry<String, Long>> BY_COUNT_DESC_THEN_VALUE =
            Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final String column;
    private final String[] categories;
    private final long[] categoryCounts;
    private final long otherCount;
    /** The reference's values outside the categories, sorted; null when not all are known. */
    private final String[] otherValues;
    private final long missingCount;
    private final long numericCount;
    private transient Map<String, Integer> categoryIndex;
    private transient Set<String> otherValueSet;
    private transient long fingerprint;

    private CategoricalReference(String column, String[] categories, long[] categoryCounts, long otherCount,
            String[] otherValues, long missingCount, long numericCount) {
        this.column = Objects.requireNonNull(column, "column");
        if (categories.length != categoryCounts.length) {
            throw new IllegalArgumentException(categories.length + " categories but " + categoryCounts.length + " counts");
        }
        if (otherCount < 0 || missingCount < 0 || numericCount < 0) {
            throw new IllegalArgumentException("negative count");
        }
        for (long c : categoryCounts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative category count");
            }
        }
        this.categories = categories;
        this.categoryCounts = categoryCounts;
        this.otherCount = otherCount;
        this.otherValues = otherValues;
        this.missingCount = missingCount;
        this.numericCount = numericCount;
        buildLookups();
    }

    private void buildLookups() {
        Map<String, Integer> index = new HashMap<>(categories.length * 2);
        for (int i = 0; i < categories.length; i++) {
            if (index.put(Objects.requireNonNull(categories[i], "category"), i) != null) {
                throw new IllegalArgumentException("duplicate category " + categories[i]);
            }
        }
        Set<String> others = null;
        if (otherValues != null) {
            others = new HashSet<>(otherValues.length * 2);
            for (String v : otherValues) {
                if (index.containsKey(v) || !others.add(Objects.requireNonNull(v, "other value"))) {
                    throw new IllegalArgumentException("other value " + v + " is a category or repeated");
                }
            }
        }
        this.categoryIndex = index;
        this.otherValueSet = others;
        this.fingerprint = StableHash.hash64(BinaryFormat.write(out -> ReferenceProfile.writeColumn(out, this)));
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        buildLookups();
    }

    /**
     * A reference from explicit parts (e.g. read back from storage).
     *
     * @param otherValues the reference's values outside {@code categories}, or null when unknown
     */
    public static CategoricalReference of(String column, List<String> categories, long[] categoryCounts,
            long otherCount, List<String> otherValues, long missingCount, long numericCount) {
        String[] others = otherValues == null ? null : otherValues.stream().sorted().toArray(String[]::new);
        return new CategoricalReference(column, categories.toArray(String[]::new), categoryCounts.clone(), otherCount,
                others, missingCount, numericCount);
    }

    /**
     * The reference of exact value counts: the {@code maxCategories} most frequent values (ties by value) become
     * the categories, the rest {@code other}.
     *
     * @param counts exact count per distinct value
     * @param unattributedCount values counted without knowing which (they join {@code other}, and make the value
     *     set incomplete)
     * @param maxKnownValues how many remaining values to keep for telling {@code other} from {@code unseen}
     */
    public static CategoricalReference fromCounts(String column, Map<String, Long> counts, long unattributedCount,
            long missingCount, long numericCount, int maxCategories, int maxKnownValues) {
        if (maxCategories < 1 || maxKnownValues < 0) {
            throw new IllegalArgumentException("maxCategories must be >= 1 and maxKnownValues >= 0");
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() == 0);
        entries.sort(BY_COUNT_DESC_THEN_VALUE);
        int kept = Math.min(maxCategories, entries.size());
        String[] categories = new String[kept];
        long[] categoryCounts = new long[kept];
        for (int i = 0; i < kept; i++) {
            categories[i] = entries.get(i).getKey();
            categoryCounts[i] = entries.get(i).getValue();
        }
        long other = unattributedCount;
        for (int i = kept; i < entries.size(); i++) {
            other += entries.get(i).getValue();
        }
        int remaining = entries.size() - kept;
        String[] otherValues = null;
        if (unattributedCount == 0 && remaining <= maxKnownValues) {
            otherValues = entries.subList(kept, entries.size()).stream().map(Map.Entry::getKey).sorted()
                    .toArray(String[]::new);
        }
        return new CategoricalReference(column, categories, categoryCounts, other, otherValues, missingCount,
                numericCount);
    }

    /** The category index of {@code value}, or {@link #OTHER} or {@link #UNSEEN}. No allocation. */
    public int classify(String value) {
        Integer i = categoryIndex.get(value);
        if (i != null) {
            return i;
        }
        if (otherValueSet == null || otherValueSet.contains(value)) {
            return OTHER;
        }
        return UNSEEN;
    }

    @Override
    public String column() {
        return column;
    }

    @Override
    public ColumnKind kind() {
        return ColumnKind.CATEGORICAL;
    }

    /** Non-null string values in the reference: the categories plus {@code other}. */
    @Override
    public long count() {
        long total = otherCount;
        for (long c : categoryCounts) {
            total += c;
        }
        return total;
    }

    @Override
    public long missingCount() {
        return missingCount;
    }

    @Override
    public long numericCount() {
        return numericCount;
    }

    @Override
    public long categoricalCount() {
        return count();
    }

    public List<String> categories() {
        return List.of(categories);
    }

    public int categoryCount() {
        return categories.length;
    }

    /** A copy of the exact reference count per category, aligned with {@link #categories()}. */
    public long[] categoryCounts() {
        return categoryCounts.clone();
    }

    public long otherCount() {
        return otherCount;
    }

    /** True when {@code other} and {@code unseen} can be told apart (see the class comment). */
    public boolean knowsAllValues() {
        return otherValues != null;
    }

    /** The reference's values outside the categories, sorted; empty when not {@link #knowsAllValues()}. */
    public List<String> otherValues() {
        return otherValues == null ? List.of() : List.of(otherValues);
    }

    /** Reference drift bins: each category, then {@code other}, then {@code unseen} (always 0). */
    public long[] binCounts() {
        long[] bins = Arrays.copyOf(categoryCounts, categoryCounts.length + 2);
        bins[categoryCounts.length] = otherCount;
        return bins;
    }

    /** A 64-bit hash of the content, stored with serialized summaries to check they are read against this reference. */
    public long fingerprint() {
        return fingerprint;
    }

    String[] categoriesShared() {
        return categories;
    }

    long[] categoryCountsShared() {
        return categoryCounts;
    }

    String[] otherValuesShared() {
        return otherValues;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof CategoricalReference)) return false;
        CategoricalReference r = (CategoricalReference) o;
        return column.equals(r.column)
                && Arrays.equals(categories, r.categories)
                && Arrays.equals(categoryCounts, r.categoryCounts)
                && otherCount == r.otherCount
                && Arrays.equals(otherValues, r.otherValues)
                && missingCount == r.missingCount
                && numericCount == r.numericCount;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return "CategoricalReference{" + column + ", n=" + count() + ", categories=" + Arrays.toString(categories)
                + ", counts=" + Arrays.toString(categoryCounts) + ", other=" + otherCount + "}";
    }
}
