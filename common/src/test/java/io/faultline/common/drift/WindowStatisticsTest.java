package io.faultline.common.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.failure.DriftFailures;
import io.faultline.common.failure.FailureMode;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.WindowStatsRow;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.common.stats.WindowProfile;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WindowStatisticsTest {
    private static final long START = 1_790_000_000_000L;
    private static final long END = START + 3_600_000L;

    private static Prediction prediction(SplittableRandom rng, double amountScale, Object countryOverride) {
        Prediction p = new Prediction();
        p.model = "m";
        p.modelVersion = "v1";
        p.numericFeatureNames = new String[] {"amount"};
        p.numericFeatureValues = new double[] {amountScale * Math.exp(rng.nextGaussian())};
        if (countryOverride instanceof Double d) {
            p.numericFeatureNames = new String[] {"amount", "country"};
            p.numericFeatureValues = new double[] {p.numericFeatureValues[0], d};
            p.categoricalFeatureNames = new String[0];
            p.categoricalFeatureValues = new String[0];
        } else {
            p.categoricalFeatureNames = new String[] {"country"};
            p.categoricalFeatureValues = new String[] {"C" + rng.nextInt(10)};
        }
        p.missingFeatures = new String[0];
        p.prediction = rng.nextInt(10) == 0 ? "fraud" : "legit";
        p.confidence = 0.5 + 0.5 * rng.nextDouble();
        p.latencyMs = 20.0;
        return p;
    }

    private static WindowProfile window(long seed, int n, double amountScale, Object countryOverride) {
        SplittableRandom rng = new SplittableRandom(seed);
        WindowProfile w = new WindowProfile();
        for (int i = 0; i < n; i++) {
            w.add(prediction(rng, amountScale, countryOverride), false);
        }
        return w;
    }

    private static Map<String, WindowStatsRow> byColumn(List<WindowStatsRow> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.columnName, Function.identity()));
    }

    @Test
    void withoutReferenceRowsDescribeTheWindowAndSayNoReference() {
        Map<String, WindowStatsRow> rows = byColumn(WindowStatistics.rows("m", "v1", START, END,
                window(1, 2_000, 1, null), null, null, DriftThresholds.defaults()));
        WindowStatsRow amount = rows.get("features.amount");
        assertThat(amount.columnKind).isEqualTo("NUMERIC");
        assertThat(amount.count).isEqualTo(2_000);
        assertThat(amount.p50).isBetween(0.9, 1.1);
        assertThat(amount.driftStatus).isEqualTo(WindowStatistics.NO_REFERENCE);
        assertThat(amount.referenceId).isNull();
        assertThat(rows.get("features.country").columnKind).isEqualTo("CATEGORICAL");
        assertThat(rows.get("features.country").distinctEstimate).isEqualTo(10);
    }

    @Test
    void sameDistributionIsNotFlaggedAndAShiftIs() {
        ReferenceProfile reference = WindowStatistics.referenceOf("m", "v1", "test", window(1, 5_000, 1, null));
        Map<String, WindowStatsRow> same = byColumn(WindowStatistics.rows("m", "v1", START, END,
                window(2, 5_000, 1, null), reference, "WARMUP", DriftThresholds.defaults()));
        assertThat(same.values()).extracting(r -> r.driftStatus).doesNotContain("DRIFT");
        assertThat(same.get("features.amount").referenceId).isEqualTo(reference.referenceId());

        Map<String, WindowStatsRow> shifted = byColumn(WindowStatistics.rows("m", "v1", START, END,
                window(3, 5_000, 3, null), reference, "WARMUP", DriftThresholds.defaults()));
        WindowStatsRow amount = shifted.get("features.amount");
        assertThat(amount.driftStatus).isEqualTo("DRIFT");
        assertThat(amount.driftScore).isGreaterThanOrEqualTo(1.0);

        FailureRecord row = DriftFailures.of(amount);
        assertThat(row.failureMode).isEqualTo(FailureMode.FEATURE_DRIFT.name());
        assertThat(row.category).isEqualTo("DATA");
        assertThat(row.columnName).isEqualTo("features.amount");
        assertThat(row.detectedAt).isEqualTo(END);
        assertThat(row.event.eventId).isEqualTo("window:m/v1/" + java.time.Instant.ofEpochMilli(START) + "/features.amount");
        assertThat(row.evidence).contains("features.amount drifted", "psi", reference.referenceId());
        assertThat(DriftFailures.of(same.get("features.amount"))).as("no row without drift").isNull();
    }

    @Test
    void aColumnThatChangedTypeIsASchemaChangeNotACrash() {
        ReferenceProfile reference = WindowStatistics.referenceOf("m", "v1", "test", window(1, 2_000, 1, null));
        Map<String, WindowStatsRow> rows = byColumn(WindowStatistics.rows("m", "v1", START, END,
                window(2, 2_000, 1, 7.0), reference, "WARMUP", DriftThresholds.defaults()));
        WindowStatsRow country = rows.get("features.country");
        assertThat(country.schemaChange).isTrue();
        assertThat(country.columnKind).isEqualTo("CATEGORICAL");
        assertThat(country.otherKindCount).isEqualTo(2_000);
        assertThat(country.driftStatus).isEqualTo("INSUFFICIENT_DATA");
    }

    @Test
    void modesOfDriftedColumns() {
        assertThat(DriftFailures.modeOf("features.x")).isEqualTo(FailureMode.FEATURE_DRIFT);
        assertThat(DriftFailures.modeOf("prediction")).isEqualTo(FailureMode.PREDICTION_DRIFT);
        assertThat(DriftFailures.modeOf("confidence")).isEqualTo(FailureMode.CONFIDENCE_SHIFT);
        assertThat(DriftFailures.modeOf("latency_ms")).isNull();
    }
}
