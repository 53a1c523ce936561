package io.faultline.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.faultline.common.stats.CategoricalReference;
import io.faultline.common.stats.CategoricalSummary;
import io.faultline.common.stats.ColumnProfile;
import io.faultline.common.stats.NumericReference;
import io.faultline.common.stats.NumericSummary;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.common.stats.TestingMerges;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DriftScoresTest {
    private static final int MILLION = 1_000_000;
    private static final DriftThresholds DEFAULTS = DriftThresholds.defaults();

    private static NumericReference reference(int n, DoubleSupplier value) {
        NumericSummary summary = NumericSummary.unbinned();
        for (int i = 0; i < n; i++) {
            summary.add(value.getAsDouble());
        }
        return NumericReference.fromSummary("x", summary);
    }

    private static NumericSummary window(NumericReference reference, int n, DoubleSupplier value) {
        NumericSummary summary = NumericSummary.forReference(reference);
        for (int i = 0; i < n; i++) {
            summary.add(value.getAsDouble());
        }
        return summary;
    }

    @Test
    void sameNormalDistributionAtAMillionValuesIsNoDrift() {
        SplittableRandom rng = new SplittableRandom(20261122);
        NumericReference reference = reference(MILLION, () -> 10 + 3 * TestingMerges.gaussian(rng));
        DriftScores scores = DriftScores.compare(reference,
                window(reference, MILLION, () -> 10 + 3 * TestingMerges.gaussian(rng)), DEFAULTS);
        assertThat(scores.status()).isEqualTo(DriftStatus.NONE);
        assertThat(scores.psi()).isLessThan(0.001);
        assertThat(scores.jsDistance()).isLessThan(0.02);
        assertThat(scores.wassersteinNorm()).isLessThan(0.01);
        assertThat(scores.driftScore()).isLessThan(0.1);
        // The p-value is not what decides: it is what it is.
        assertThat(scores.chi2P()).isBetween(0.0, 1.0);
    }

    @Test
    void sameLognormalDistributionAtAMillionValuesIsNoDrift() {
        SplittableRandom rng = new SplittableRandom(20261122);
        NumericReference reference = reference(MILLION, () -> StrictMath.exp(TestingMerges.gaussian(rng)));
        DriftScores scores = DriftScores.compare(reference,
                window(reference, MILLION, () -> StrictMath.exp(TestingMerges.gaussian(rng))), DEFAULTS);
        assertThat(scores.status()).isEqualTo(DriftStatus.NONE);
        assertThat(scores.driftScore()).isLessThan(0.1);
    }

    @Test
    void aHalfSigmaMeanShiftIsDrift() {
        SplittableRandom rng = new SplittableRandom(20261122);
        NumericReference reference = reference(MILLION, () -> TestingMerges.gaussian(rng));
        DriftScores scores = DriftScores.compare(reference,
                window(reference, MILLION, () -> 0.5 + TestingMerges.gaussian(rng)), DEFAULTS);
        assertThat(scores.status()).isEqualTo(DriftStatus.DRIFT);
        // W1 of a location shift is the shift itself: 0.5 reference standard deviations.
        assertThat(scores.wassersteinNorm()).isCloseTo(0.5, within(0.03));
        assertThat(scores.psi()).isGreaterThan(0.15);
        assertThat(scores.ksStat()).isCloseTo(0.197, within(0.02));
        assertThat(scores.driftScore()).isEqualTo(scores.wassersteinNorm() / DEFAULTS.wassersteinNormDrift());
        assertThat(scores.chi2P()).isLessThan(1e-12);
    }

    private static final String[] CATEGORIES = IntStream.range(0, 20).mapToObj(i -> "cat" + i).toArray(String[]::new);

    /** A 20-category distribution where cat0 has {@code firstShare} and the rest split the remainder unevenly. */
    private static String draw(SplittableRandom rng, double firstShare) {
        if (rng.nextDouble() < firstShare) {
            return CATEGORIES[0];
        }
        return CATEGORIES[1 + (int) Math.floor(19 * rng.nextDouble() * rng.nextDouble())];
    }

    private static CategoricalReference categoricalReference(SplittableRandom rng, double firstShare) {
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        for (int i = 0; i < MILLION; i++) {
            builder.addCategorical("c", draw(rng, firstShare));
        }
        return (CategoricalReference) builder.build().column("c").get();
    }

    private static CategoricalSummary categoricalWindow(CategoricalReference reference, SplittableRandom rng,
            double firstShare) {
        CategoricalSummary summary = CategoricalSummary.forReference(reference);
        for (int i = 0; i < MILLION; i++) {
            summary.add(draw(rng, firstShare));
        }
        return summary;
    }

    @Test
    void sameCategoricalDistributionAtAMillionValuesIsNoDriftAndAShareDoublingIsDetected() {
        SplittableRandom rng = new SplittableRandom(20261122);
        CategoricalReference reference = categoricalReference(rng, 0.3);
        DriftScores same = DriftScores.compare(reference, categoricalWindow(reference, rng, 0.3), DEFAULTS);
        assertThat(same.status()).isEqualTo(DriftStatus.NONE);
        assertThat(same.psi()).isLessThan(0.001);
        assertThat(same.wassersteinNorm()).isNaN();
        assertThat(same.ksStat()).isNaN();

        // cat0 from 30 % to 60 %: PSI = 0.3·ln 2 + 0.3·ln(7/4) ≈ 0.376.
        DriftScores doubled = DriftScores.compare(reference, categoricalWindow(reference, rng, 0.6), DEFAULTS);
        assertThat(doubled.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(doubled.psi()).isCloseTo(0.3 * Math.log(2) + 0.3 * Math.log(7.0 / 4), within(0.01));

        // cat0 from 10 % to 20 % is a smaller effect: PSI ≈ 0.081, JS distance ≈ 0.12: a warning, not drift.
        CategoricalReference tenPercent = categoricalReference(rng, 0.1);
        DriftScores smaller = DriftScores.compare(tenPercent, categoricalWindow(tenPercent, rng, 0.2), DEFAULTS);
        assertThat(smaller.status()).isEqualTo(DriftStatus.WARN);
    }

    @Test
    void categoriesOnlyInTheWindowAreUnseenAndDrift() {
        CategoricalReference reference = CategoricalReference.of("c", List.of("a", "b"), new long[] {600, 400}, 0,
                List.of(), 0, 0);
        CategoricalSummary window = CategoricalSummary.forReference(reference);
        for (int i = 0; i < 1000; i++) {
            window.add(i % 10 < 3 ? "new" : i % 10 < 7 ? "a" : "b");
        }
        DriftScores scores = DriftScores.compare(reference, window, DEFAULTS);
        assertThat(window.binCounts()).containsExactly(400, 300, 0, 300);
        assertThat(window.topUnseen(1)).containsExactly(new io.faultline.common.stats.ValueCount("new", 300));
        assertThat(scores.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(scores.psi()).isCloseTo(DriftMetrics.psi(new long[] {600, 400, 0, 0}, new long[] {400, 300, 0, 300}),
                within(0.0));
    }

    @Test
    void constantColumns() {
        NumericReference reference = reference(1000, () -> 7.0);
        DriftScores same = DriftScores.compare(reference, window(reference, 1000, () -> 7.0), DEFAULTS);
        assertThat(same.status()).isEqualTo(DriftStatus.NONE);
        assertThat(same.psi()).isZero();
        assertThat(same.wassersteinNorm()).isZero();
        assertThat(same.ksStat()).isZero();
        DriftScores moved = DriftScores.compare(reference, window(reference, 1000, () -> 8.0), DEFAULTS);
        assertThat(moved.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(moved.wassersteinNorm()).isGreaterThan(100);
    }

    @Test
    void belowTheMinimumSampleSizeThereIsNoVerdictButTheMetricsAreReported() {
        SplittableRandom rng = new SplittableRandom(20261122);
        NumericReference reference = reference(10_000, () -> TestingMerges.gaussian(rng));
        DriftScores few = DriftScores.compare(reference, window(reference, 999, () -> 5 + TestingMerges.gaussian(rng)),
                DEFAULTS);
        assertThat(few.status()).isEqualTo(DriftStatus.INSUFFICIENT_DATA);
        assertThat(few.driftScore()).isGreaterThan(1);
        DriftScores enough = DriftScores.compare(reference,
                window(reference, 1000, () -> 5 + TestingMerges.gaussian(rng)), DEFAULTS);
        assertThat(enough.status()).isEqualTo(DriftStatus.DRIFT);

        NumericReference smallReference = reference(999, () -> TestingMerges.gaussian(rng));
        assertThat(DriftScores.compare(smallReference, window(smallReference, 5000, () -> TestingMerges.gaussian(rng)),
                DEFAULTS).status()).isEqualTo(DriftStatus.INSUFFICIENT_DATA);
    }

    @Test
    void anAllMissingWindowHasNoMetrics() {
        SplittableRandom rng = new SplittableRandom(20261122);
        NumericReference reference = reference(10_000, () -> TestingMerges.gaussian(rng));
        NumericSummary missing = NumericSummary.forReference(reference);
        for (int i = 0; i < 1000; i++) {
            missing.addMissing();
        }
        DriftScores scores = DriftScores.compare(reference, missing, DEFAULTS);
        assertThat(scores.status()).isEqualTo(DriftStatus.INSUFFICIENT_DATA);
        assertThat(scores.metrics().values()).allMatch(v -> v.isNaN());
    }

    @Test
    void aMetricExactlyAtItsThresholdCrossesIt() {
        int[] i = {0};
        NumericReference reference = reference(1000, () -> i[0]++ < 600 ? 0.5 : 1.5);
        long[] referenceBins = reference.binCounts();
        assertThat(referenceBins).containsExactly(0, 600, 400, 0);
        NumericSummary window = NumericSummary.forReference(reference);
        for (int k = 0; k < 1000; k++) {
            window.add(k < 500 ? 0.5 : 1.5);
        }
        double psi = DriftMetrics.psi(referenceBins, window.binCounts());
        DriftThresholds atPsi = DriftThresholds.builder().psi(psi / 2, psi).jsDistance(0.99, 0.99)
                .wassersteinNorm(1e6, 1e6).build();
        DriftScores scores = DriftScores.compare(reference, window, atPsi);
        assertThat(scores.status()).isEqualTo(DriftStatus.DRIFT);
        assertThat(scores.driftScore()).isEqualTo(1.0);
        DriftThresholds aboveJs = DriftThresholds.builder().psi(psi * 0.99, psi * 2).jsDistance(0.99, 0.99)
                .wassersteinNorm(1e6, 1e6).build();
        assertThat(DriftScores.compare(reference, window, aboveJs).status()).isEqualTo(DriftStatus.WARN);
    }

    @Test
    void scoresOfMergedPartialsAreBitIdenticalWhateverTheSplit() {
        SplittableRandom rng = new SplittableRandom(20261122);
        NumericReference reference = reference(50_000, () -> StrictMath.exp(TestingMerges.gaussian(rng)));
        List<Double> values = IntStream.range(0, 20_000).mapToObj(i -> StrictMath.exp(0.2 + TestingMerges.gaussian(rng)))
                .toList();
        DriftScores whole = DriftScores.compare(reference,
                TestingMerges.inOrder(values, () -> NumericSummary.forReference(reference), NumericSummary::add),
                DEFAULTS);
        for (int round = 0; round < 20; round++) {
            NumericSummary merged = TestingMerges.splitAndMerge(values, rng, () -> NumericSummary.forReference(reference),
                    NumericSummary::add, NumericSummary::merge);
            assertThat(DriftScores.compare(reference, merged, DEFAULTS)).isEqualTo(whole);
        }
    }

    @Test
    void columnProfileComparesTheSummaryOfTheReferenceKind() {
        ReferenceProfile profile = ReferenceProfile.builder("m", "1", "test")
                .addNumeric("x", 1).addNumeric("x", 2).addNumeric("x", 3).build();
        ColumnProfile column = ColumnProfile.forReference(profile.column("x").get());
        column.addNumeric(2);
        column.addCategorical("oops");
        DriftScores scores = DriftScores.compare(column, DriftThresholds.builder().minSampleSize(1).build());
        assertThat(scores.currentCount()).isEqualTo(1);
        assertThat(column.kindMismatch()).isTrue();
        assertThatThrownBy(() -> DriftScores.compare(ColumnProfile.unreferenced(), DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        int[] i = {0};
        NumericReference other = reference(2, () -> 4.0 + 2 * i[0]++);
        assertThatThrownBy(() -> DriftScores.compare(other, column.numeric(), DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thresholdsHaveTheDocumentedDefaultsAndValidate() throws Exception {
        assertThat(DEFAULTS.psiWarn()).isEqualTo(0.1);
        assertThat(DEFAULTS.psiDrift()).isEqualTo(0.25);
        assertThat(DEFAULTS.jsDistanceWarn()).isEqualTo(0.1);
        assertThat(DEFAULTS.jsDistanceDrift()).isEqualTo(0.2);
        assertThat(DEFAULTS.wassersteinNormWarn()).isEqualTo(0.1);
        assertThat(DEFAULTS.wassersteinNormDrift()).isEqualTo(0.2);
        assertThat(DEFAULTS.minSampleSize()).isEqualTo(1000);
        assertThatThrownBy(() -> DriftThresholds.builder().psi(0.3, 0.2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("psi");
        assertThatThrownBy(() -> DriftThresholds.builder().jsDistance(0.5, 1.5).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DriftThresholds.builder().minSampleSize(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(DEFAULTS);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(DEFAULTS);
        }
        assertThat(DriftScores.METRIC_NAMES).containsExactlyElementsOf(
                DriftScores.compare(reference(10, () -> 1.0), NumericSummary.withBinEdges(
                        reference(10, () -> 1.0).edges()), DEFAULTS).metrics().keySet());
        assertThat(Arrays.stream(DriftStatus.values()).map(Enum::name))
                .containsExactly("NONE", "WARN", "DRIFT", "INSUFFICIENT_DATA");
    }
}
