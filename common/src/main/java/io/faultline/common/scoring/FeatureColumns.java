package io.faultline.common.scoring;

import io.faultline.common.stats.CategoricalReference;
import io.faultline.common.stats.ColumnReference;
import io.faultline.common.stats.NumericSummary;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.common.stats.WindowProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * The feature columns of a reference profile, indexed once, and the codes that pair counts use.
 *
 * <p><b>Names.</b> Profiles written by window statistics and {@code faultline profile} name a feature's column
 * {@code features.<name>} and also hold the model's own columns ({@code confidence}, {@code latency_ms},
 * {@code prediction}); profiles built straight from predictions ({@code ReferenceProfile.Builder#add}) use the bare
 * feature names. So: when any column starts with {@value WindowProfile#FEATURE_PREFIX}, exactly those columns are
 * features (named without the prefix in predictions); otherwise every column is a feature.
 *
 * <p><b>Reference events.</b> A feature absent from an event is missing just as a null one is. The profile counts
 * only nulls, so the number of reference events {@code T} is taken as the largest number of values (of any kind,
 * missing included) of any column: exact for window-statistics profiles, whose {@code prediction} column counts
 * every event, and a lower bound otherwise. A column with {@code t_c} values was absent from {@code T − t_c}
 * reference events.
 */
final class FeatureColumns {
    /** Raw code of a categorical value the reference saw outside its categories. */
    static final int OTHER = Integer.MAX_VALUE;
    /** Raw code of a value that has no code: missing, unseen, non-finite or of the other kind. */
    static final int NONE = -1;

    private final String[] columns;
    private final String[] features;
    private final ColumnReference[] references;
    private final Map<String, Integer> byFeature;
    private final Map<String, Integer> byColumn;
    private final long referenceEvents;

    private FeatureColumns(ReferenceProfile profile) {
        boolean prefixed = profile.columns().keySet().stream().anyMatch(c -> c.startsWith(WindowProfile.FEATURE_PREFIX));
        int n = 0;
        long events = 0;
        for (Map.Entry<String, ColumnReference> e : profile.columns().entrySet()) {
            events = Math.max(events, valuesOf(e.getValue()));
            if (!prefixed || e.getKey().startsWith(WindowProfile.FEATURE_PREFIX)) {
                n++;
            }
        }
        columns = new String[n];
        features = new String[n];
        references = new ColumnReference[n];
        byFeature = new HashMap<>(n * 2);
        byColumn = new HashMap<>(n * 2);
        int i = 0;
        for (Map.Entry<String, ColumnReference> e : profile.columns().entrySet()) {
            String column = e.getKey();
            if (prefixed && !column.startsWith(WindowProfile.FEATURE_PREFIX)) {
                continue;
            }
            columns[i] = column;
            features[i] = prefixed ? column.substring(WindowProfile.FEATURE_PREFIX.length()) : column;
            references[i] = e.getValue();
            byFeature.put(features[i], i);
            byColumn.put(column, i);
            i++;
        }
        referenceEvents = events;
    }

    static FeatureColumns of(ReferenceProfile profile) {
        return new FeatureColumns(profile);
    }

    /** Values of every kind, missing included, that the reference saw in the column. */
    static long valuesOf(ColumnReference c) {
        return c.numericCount() + c.categoricalCount() + c.missingCount();
    }

    int size() {
        return columns.length;
    }

    /** The profile's column name, e.g. {@code features.amount}. */
    String column(int i) {
        return columns[i];
    }

    /** The feature's name in predictions, e.g. {@code amount}. */
    String feature(int i) {
        return features[i];
    }

    ColumnReference reference(int i) {
        return references[i];
    }

    /** The index of the column of a prediction's feature name, or -1. Allocates nothing. */
    int indexOfFeature(String feature) {
        Integer i = byFeature.get(feature);
        return i == null ? -1 : i;
    }

    /** The index of a profile column name, or -1. */
    int indexOfColumn(String column) {
        Integer i = byColumn.get(column);
        return i == null ? -1 : i;
    }

    /** {@code T}: see the class comment. */
    long referenceEvents() {
        return referenceEvents;
    }

    /**
     * The quantile bin of a numeric value: the number of edges at or below it (bins are left-inclusive), so
     * {@code 0 … edges.length}; {@link #NONE} for NaN and infinities, which no reference bin counts.
     */
    static int numericCode(double[] edges, double x) {
        return Double.isFinite(x) ? NumericSummary.binIndex(edges, x) : NONE;
    }

    /** The category index of a value, {@link #OTHER}, or {@link #NONE} for an unseen value. */
    static int categoricalCode(CategoricalReference reference, String value) {
        int c = reference.classify(value);
        if (c >= 0) {
            return c;
        }
        return c == CategoricalReference.OTHER ? OTHER : NONE;
    }

    /**
     * The code of a raw code in a pair side of {@code codes} codes: numeric sides use the bin as is; categorical sides
     * keep the {@code codes − 1} most frequent categories and fold the rest, and {@link #OTHER}, into code
     * {@code codes − 1}.
     */
    static int fold(int raw, int codes, boolean categorical) {
        if (raw < 0) {
            return NONE;
        }
        if (categorical) {
            return raw >= codes - 1 ? codes - 1 : raw;
        }
        return raw < codes ? raw : NONE;
    }
}
