package io.faultline.common.stats;

/**
 * The frozen reference distribution of one column: what a window's summary is compared against.
 *
 * <p>Both kinds record how many numeric and how many categorical values the reference saw, so that a column whose
 * type changes later (numbers in the reference, strings now) is reported as a schema change
 * ({@link ColumnProfile#kindMismatch()}) rather than failing or silently producing no statistics.
 */
public sealed interface ColumnReference permits NumericReference, CategoricalReference {

    /** The feature name. */
    String column();

    ColumnKind kind();

    /** Values in the reference distribution (finite numbers, or non-null strings). */
    long count();

    /** Null values in the reference. */
    long missingCount();

    /** Numeric values the reference saw, finite or not (for a categorical reference: the off-kind values). */
    long numericCount();

    /** String values the reference saw (for a numeric reference: the off-kind values). */
    long categoricalCount();
}
