package io.faultline.common.stats;

/** How a column's values are summarised: numbers into quantile bins, strings (and booleans) into categories. */
public enum ColumnKind {
    NUMERIC,
    CATEGORICAL
}
