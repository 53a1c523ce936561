package io.faultline.common.drift;

import io.faultline.common.model.WindowStatsRow;
import io.faultline.common.stats.CategoricalSummary;
import io.faultline.common.stats.ColumnKind;
import io.faultline.common.stats.ColumnProfile;
import io.faultline.common.stats.ColumnReference;
import io.faultline.common.stats.NumericSummary;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.common.stats.ValueCount;
import io.faultline.common.stats.WindowProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns one window's {@link WindowProfile} into its {@code window_stats} rows: the distribution of every
 * monitored column and, when the version has a reference, its drift ({@link DriftScores}). Pure and
 * deterministic: the same profile and reference give the same rows, bit for bit.
 */
public final class WindowStatistics {
    /** Drift status of a column of a version that has no reference yet (warm-up). */
    public static final String NO_REFERENCE = "NO_REFERENCE";
    /** Drift status of a column listed in {@code drift.ignore-columns}. */
    public static final String IGNORED = "IGNORED";
    /** How many unseen values a row lists. */
    public static final int TOP_UNSEEN = 5;

    private WindowStatistics() {}

    /**
     * A reference profile frozen from what {@code window} saw (one or many merged windows), with every
     * monitored column under its window-statistics name.
     *
     * @param source where the data came from, e.g. {@code warmup} or {@code profile}; part of the reference id
     */
    public static ReferenceProfile referenceOf(String model, String modelVersion, String source, WindowProfile window) {
        ReferenceProfile.Builder builder = ReferenceProfile.builder(model, modelVersion, source);
        for (Map.Entry<String, ColumnProfile> e : window.columns().entrySet()) {
            builder.addProfile(e.getKey(), e.getValue());
        }
        return builder.build();
    }

    /**
     * @param reference the version's reference profile, or null during warm-up
     * @param referenceSource PROFILE or WARMUP (ignored without a reference)
     */
    public static List<WindowStatsRow> rows(String model, String modelVersion, long windowStart, long windowEnd,
            WindowProfile window, ReferenceProfile reference, String referenceSource, DriftThresholds thresholds) {
        return rows(model, modelVersion, windowStart, windowEnd, window, reference, referenceSource,
                column -> thresholds, Set.of());
    }

    /**
     * As above, with thresholds chosen per column, and no drift judged for the {@code ignored} columns
     * (status {@link #IGNORED}).
     */
    public static List<WindowStatsRow> rows(String model, String modelVersion, long windowStart, long windowEnd,
            WindowProfile window, ReferenceProfile reference, String referenceSource,
            Function<String, DriftThresholds> thresholdsByColumn, Set<String> ignored) {
        List<WindowStatsRow> rows = new ArrayList<>();
        for (Map.Entry<String, ColumnProfile> e : window.columns().entrySet()) {
            WindowStatsRow row = new WindowStatsRow();
            row.windowStart = windowStart;
            row.windowEnd = windowEnd;
            row.model = model;
            row.modelVersion = modelVersion;
            row.columnName = e.getKey();
            row.lateCount = window.lateArrivals();
            ColumnReference columnReference = reference == null ? null : reference.column(e.getKey()).orElse(null);
            describe(row, e.getValue(), columnReference, thresholdsByColumn.apply(e.getKey()),
                    ignored.contains(e.getKey()));
            if (columnReference != null) {
                row.referenceId = reference.referenceId();
                row.referenceSource = referenceSource;
            }
            rows.add(row);
        }
        return rows;
    }

    private static void describe(WindowStatsRow row, ColumnProfile seen, ColumnReference reference,
            DriftThresholds thresholds, boolean ignored) {
        ColumnKind kind = reference != null ? reference.kind()
                : seen.numericCount() >= seen.categoricalCount() ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL;
        ColumnProfile counted = reference == null ? seen : seen.against(reference);
        row.columnKind = kind.name();
        row.missingCount = seen.missingCount();
        row.schemaChange = reference != null && counted.kindMismatch();
        if (kind == ColumnKind.NUMERIC) {
            row.otherKindCount = seen.categoricalCount();
            NumericSummary numeric = counted.numeric();
            row.count = numeric.count();
            row.nonFiniteCount = numeric.nonFiniteCount();
            if (numeric.count() > 0) {
                row.mean = numeric.mean();
                row.stddev = numeric.stddev();
                row.min = numeric.min();
                row.max = numeric.max();
                double[] q = numeric.quantiles();
                row.p01 = q[0];
                row.p05 = q[1];
                row.p25 = q[2];
                row.p50 = q[3];
                row.p75 = q[4];
                row.p95 = q[5];
                row.p99 = q[6];
            }
        } else {
            row.otherKindCount = seen.numericCount();
            CategoricalSummary categorical = counted.categorical();
            row.count = categorical.count();
            row.distinctEstimate = Math.round(categorical.distinctEstimate());
            if (reference != null) {
                row.unseenCount = categorical.unseenCount();
                List<ValueCount> top = categorical.topUnseen(TOP_UNSEEN);
                row.topUnseenValues = new String[top.size()];
                row.topUnseenCounts = new long[top.size()];
                for (int i = 0; i < top.size(); i++) {
                    row.topUnseenValues[i] = top.get(i).value();
                    row.topUnseenCounts[i] = top.get(i).count();
                }
            }
        }
        if (ignored) {
            row.driftStatus = IGNORED;
            return;
        }
        if (reference == null) {
            row.driftStatus = NO_REFERENCE;
            return;
        }
        DriftScores drift = DriftScores.compare(counted, thresholds);
        row.psi = drift.psi();
        row.jsDistance = drift.jsDistance();
        row.wassersteinNorm = drift.wassersteinNorm();
        row.ksStat = drift.ksStat();
        row.chi2Stat = drift.chi2Stat();
        row.chi2P = drift.chi2P();
        row.driftScore = drift.driftScore();
        row.driftStatus = drift.status().name();
    }
}
