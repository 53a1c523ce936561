package io.faultline.jobs.io;

import io.faultline.common.model.WindowStatsRow;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.faultline.jobs.io.WindowStatsAvroSchema.*;

/**
 * Maps a {@link WindowStatsRow} onto a {@link WindowStatsAvroSchema} row. NaN doubles (a metric that does
 * not apply, or a statistic of an empty window) become null; the parallel arrays
 * {@code topUnseenValues}/{@code topUnseenCounts} become a map in their order (most frequent first), null
 * when the row has none (numeric columns).
 *
 * <p>The record and its map are reused from row to row; see {@link AvroRecordConverter}.
 */
public final class WindowStatsConverter implements AvroRecordConverter<WindowStatsRow> {

    private final GenericData.Record row = new GenericData.Record(WindowStatsAvroSchema.SCHEMA);
    private final Map<String, Long> topUnseen = new LinkedHashMap<>();

    @Override
    public GenericRecord toAvro(WindowStatsRow stats) {
        row.put(WINDOW_START, stats.windowStart);
        row.put(WINDOW_END, stats.windowEnd);
        row.put(MODEL, stats.model);
        row.put(MODEL_VERSION, stats.modelVersion);
        row.put(COLUMN_NAME, stats.columnName);
        row.put(COLUMN_KIND, stats.columnKind);
        row.put(COUNT, stats.count);
        row.put(MISSING_COUNT, stats.missingCount);
        row.put(NON_FINITE_COUNT, stats.nonFiniteCount);
        row.put(SCHEMA_CHANGE, stats.schemaChange);
        row.put(OTHER_KIND_COUNT, stats.otherKindCount);
        row.put(MEAN, finiteOrNull(stats.mean));
        row.put(STDDEV, finiteOrNull(stats.stddev));
        row.put(MIN, finiteOrNull(stats.min));
        row.put(MAX, finiteOrNull(stats.max));
        row.put(P01, finiteOrNull(stats.p01));
        row.put(P05, finiteOrNull(stats.p05));
        row.put(P25, finiteOrNull(stats.p25));
        row.put(P50, finiteOrNull(stats.p50));
        row.put(P75, finiteOrNull(stats.p75));
        row.put(P95, finiteOrNull(stats.p95));
        row.put(P99, finiteOrNull(stats.p99));
        row.put(TOP_UNSEEN_VALUES, topUnseen(stats));
        row.put(UNSEEN_COUNT, stats.unseenCount);
        row.put(DISTINCT_ESTIMATE, stats.distinctEstimate);
        row.put(REFERENCE_ID, stats.referenceId);
        row.put(REFERENCE_SOURCE, stats.referenceSource);
        row.put(PSI, finiteOrNull(stats.psi));
        row.put(JS_DISTANCE, finiteOrNull(stats.jsDistance));
        row.put(WASSERSTEIN_NORM, finiteOrNull(stats.wassersteinNorm));
        row.put(KS_STAT, finiteOrNull(stats.ksStat));
        row.put(CHI2_STAT, finiteOrNull(stats.chi2Stat));
        row.put(CHI2_P, finiteOrNull(stats.chi2P));
        row.put(DRIFT_SCORE, finiteOrNull(stats.driftScore));
        row.put(DRIFT_STATUS, stats.driftStatus);
        row.put(LATE_COUNT, stats.lateCount);
        return row;
    }

    /**
     * NaN means "not applicable" in the POJO and is written as null. Infinities are kept: they are real
     * (if extreme) values, e.g. a PSI against an empty reference bin, and Parquet DOUBLE can hold them.
     */
    private static Double finiteOrNull(Double value) {
        return value == null || value.isNaN() ? null : value;
    }

    private Map<String, Long> topUnseen(WindowStatsRow stats) {
        String[] values = stats.topUnseenValues;
        if (values == null) {
            return null;
        }
        long[] counts = stats.topUnseenCounts;
        if (counts == null || counts.length != values.length) {
            throw new IllegalArgumentException("Parallel value/count arrays differ in length (" + values.length
                    + " values, " + (counts == null ? -1 : counts.length) + " counts) in window_stats row "
                    + stats.model + "/" + stats.modelVersion + "/" + stats.windowStart + "/" + stats.columnName);
        }
        topUnseen.clear();
        for (int i = 0; i < values.length; i++) {
            topUnseen.put(values[i], counts[i]);
        }
        return topUnseen;
    }
}
