package io.faultline.jobs.io;

import io.faultline.common.model.WindowStatsRow;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowStatsConverterTest {

    @Test
    void nanDoublesAreWrittenAsNullAndOtherValuesAsIs() {
        WindowStatsRow stats = numeric();
        stats.mean = 12.5;
        stats.stddev = Double.NaN;
        stats.psi = 0.84;
        stats.jsDistance = Double.NaN;
        stats.ksStat = Double.NaN;
        stats.chi2Stat = Double.POSITIVE_INFINITY;
        stats.driftScore = 4.2;

        GenericRecord row = new WindowStatsConverter().toAvro(stats);

        assertThat(GenericData.get().validate(WindowStatsAvroSchema.SCHEMA, row)).isTrue();
        assertThat(row.get("mean")).isEqualTo(12.5);
        assertThat(row.get("stddev")).isNull();
        assertThat(row.get("psi")).isEqualTo(0.84);
        assertThat(row.get("js_distance")).isNull();
        assertThat(row.get("ks_stat")).isNull();
        assertThat(row.get("chi2_stat")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(row.get("wasserstein_norm")).isNull();
        assertThat(row.get("drift_score")).isEqualTo(4.2);
        assertThat(row.get("top_unseen_values")).isNull();
        assertThat(row.get("window_start")).isEqualTo(1_000L);
        assertThat(row.get("late_count")).isEqualTo(3L);
    }

    @Test
    void topUnseenValuesBecomeAMapInTheirRankedOrder() {
        WindowStatsRow stats = numeric();
        stats.columnKind = "CATEGORICAL";
        stats.topUnseenValues = new String[] {"ZZ", "AA", "MM"};
        stats.topUnseenCounts = new long[] {30, 20, 20};
        stats.unseenCount = 75L;

        GenericRecord row = new WindowStatsConverter().toAvro(stats);

        assertThat(GenericData.get().validate(WindowStatsAvroSchema.SCHEMA, row)).isTrue();
        Map<?, ?> top = (Map<?, ?>) row.get("top_unseen_values");
        assertThat(List.<Object>copyOf(top.keySet())).isEqualTo(List.of("ZZ", "AA", "MM"));
        assertThat(List.<Object>copyOf(top.values())).isEqualTo(List.of(30L, 20L, 20L));
        assertThat(row.get("unseen_count")).isEqualTo(75L);
    }

    @Test
    void aReusedRowCarriesNothingOverFromThePreviousRecord() {
        WindowStatsConverter converter = new WindowStatsConverter();
        WindowStatsRow categorical = numeric();
        categorical.topUnseenValues = new String[] {"x"};
        categorical.topUnseenCounts = new long[] {1};
        categorical.psi = 0.3;
        WindowStatsRow empty = numeric();
        empty.topUnseenValues = new String[0];
        empty.topUnseenCounts = new long[0];

        converter.toAvro(categorical);
        GenericRecord row = converter.toAvro(empty);

        assertThat((Map<?, ?>) row.get("top_unseen_values")).isEmpty();
        assertThat(row.get("psi")).isNull();
    }

    @Test
    void parallelArraysOfDifferentLengthsFailLoudly() {
        WindowStatsRow broken = numeric();
        broken.topUnseenValues = new String[] {"a", "b"};
        broken.topUnseenCounts = new long[] {1};

        assertThatThrownBy(() -> new WindowStatsConverter().toAvro(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 values, 1 counts");
    }

    private static WindowStatsRow numeric() {
        WindowStatsRow stats = new WindowStatsRow();
        stats.windowStart = 1_000L;
        stats.windowEnd = 2_000L;
        stats.model = "m";
        stats.modelVersion = "v";
        stats.columnName = "features.amount";
        stats.columnKind = "NUMERIC";
        stats.count = 10;
        stats.driftStatus = "NO_REFERENCE";
        stats.lateCount = 3;
        return stats;
    }
}
