package io.faultline.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumericSummaryTest {
    private static final double[] EDGES = {-1.0, 0.0, 0.5, 1.0, 2.0, 8.0};

    private static List<Double> mixedValues(SplittableRandom rng, int n) {
        List<Double> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(switch (rng.nextInt(11)) {
                case 0 -> Double.NaN;
                case 10 -> null;
                case 1 -> 0.0;
                case 2 -> -0.0;
                case 3 -> Math.floor(rng.nextDouble() * 10) - 2;
                case 4 -> 1e9 + TestingMerges.gaussian(rng);
                default -> StrictMath.exp(TestingMerges.gaussian(rng)) - 0.5;
            });
        }
        return values;
    }

    /** Null stands for a missing value. */
    private static void add(NumericSummary summary, Double value) {
        if (value == null) {
            summary.addMissing();
        } else {
            summary.add(value);
        }
    }

    @Test
    void mergedInAnyOrderTheSummaryIsBitIdentical() {
        SplittableRandom rng = new SplittableRandom(20261122);
        List<Double> values = mixedValues(rng, 20_000);
        NumericSummary whole = TestingMerges.inOrder(values, () -> NumericSummary.withBinEdges(EDGES),
                NumericSummaryTest::add);
        for (int round = 0; round < 30; round++) {
            NumericSummary merged = TestingMerges.splitAndMerge(values, rng, () -> NumericSummary.withBinEdges(EDGES),
                    NumericSummaryTest::add, NumericSummary::merge);
            assertThat(merged).isEqualTo(whole);
            assertThat(merged.binCounts()).isEqualTo(whole.binCounts());
            assertThat(merged.count()).isEqualTo(whole.count());
            assertThat(merged.nonFiniteCount()).isEqualTo(whole.nonFiniteCount());
            assertThat(merged.missingCount()).isEqualTo(whole.missingCount());
            assertThat(bits(merged.mean())).isEqualTo(bits(whole.mean()));
            assertThat(bits(merged.stddev())).isEqualTo(bits(whole.stddev()));
            assertThat(bits(merged.m2())).isEqualTo(bits(whole.m2()));
            assertThat(bits(merged.min())).isEqualTo(bits(whole.min()));
            assertThat(bits(merged.max())).isEqualTo(bits(whole.max()));
            assertThat(merged.quantiles()).isEqualTo(whole.quantiles());
            assertThat(merged.toBytes()).isEqualTo(whole.toBytes());
        }
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    @Test
    void momentsAreTheCorrectlyRoundedExactMoments() {
        SplittableRandom rng = new SplittableRandom(20261122);
        NumericSummary summary = NumericSummary.unbinned();
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal squares = BigDecimal.ZERO;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            double v = 1e6 + 1e-3 * TestingMerges.gaussian(rng);
            summary.add(v);
            BigDecimal exact = new BigDecimal(v);
            sum = sum.add(exact);
            squares = squares.add(exact.multiply(exact));
        }
        BigDecimal bigN = BigDecimal.valueOf(n);
        MathContext wide = new MathContext(80);
        BigDecimal mean = sum.divide(bigN, wide);
        BigDecimal m2 = squares.subtract(sum.multiply(sum).divide(bigN, wide));
        assertThat(summary.sum()).isEqualTo(sum.doubleValue());
        assertThat(summary.mean()).isEqualTo(mean.doubleValue());
        assertThat(summary.m2()).isEqualTo(m2.doubleValue());
        assertThat(summary.variance()).isEqualTo(m2.divide(bigN, wide).doubleValue());
        assertThat(summary.stddev()).isEqualTo(Math.sqrt(m2.divide(bigN, wide).doubleValue()));
    }

    @Test
    void noCancellationWhenTheMeanDwarfsTheSpread() {
        NumericSummary summary = NumericSummary.unbinned();
        for (double v : new double[] {1e9 + 1, 1e9 + 2, 1e9 + 3}) {
            summary.add(v);
        }
        assertThat(summary.mean()).isEqualTo(1e9 + 2);
        assertThat(summary.variance()).isEqualTo(2.0 / 3.0);
        assertThat(summary.m2()).isEqualTo(2.0);
    }

    @Test
    void countsMissingAndNonFiniteValuesApart() {
        NumericSummary summary = NumericSummary.withBinEdges(new double[] {0.0, 10.0});
        summary.add(Double.NaN);
        summary.add(Double.POSITIVE_INFINITY);
        summary.add(Double.NEGATIVE_INFINITY);
        summary.addMissing();
        summary.add(-0.0);
        summary.add(10.0);
        summary.add(-5.0);
        summary.add(9.999);
        assertThat(summary.count()).isEqualTo(4);
        assertThat(summary.nonFiniteCount()).isEqualTo(3);
        assertThat(summary.missingCount()).isEqualTo(1);
        // Bins (-inf, 0), [0, 10), [10, +inf): 0.0 and 10.0 sit on edges and open their bins.
        assertThat(summary.binCounts()).containsExactly(1, 2, 1);
        assertThat(summary.min()).isEqualTo(-5.0);
        assertThat(summary.max()).isEqualTo(10.0);
        assertThat(summary.mean()).isEqualTo((10.0 - 5.0 + 9.999) / 4);
    }

    @Test
    void emptyAndConstantSummaries() {
        NumericSummary empty = NumericSummary.unbinned();
        assertThat(empty.mean()).isNaN();
        assertThat(empty.stddev()).isNaN();
        assertThat(empty.quantile(0.5)).isNaN();
        assertThat(empty.sum()).isZero();
        assertThat(empty.binCounts()).containsExactly(0);
        NumericSummary constant = NumericSummary.unbinned();
        for (int i = 0; i < 1000; i++) {
            constant.add(0.1);
        }
        assertThat(constant.mean()).isEqualTo(0.1);
        assertThat(constant.stddev()).isZero();
        assertThat(constant.quantiles()).containsOnly(0.1);
    }

    @Test
    void quantilesAreWithinTheStatedBound() {
        SplittableRandom rng = new SplittableRandom(20261122);
        NumericSummary summary = NumericSummary.unbinned();
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = StrictMath.exp(TestingMerges.gaussian(rng));
            summary.add(values[i]);
        }
        Arrays.sort(values);
        double[] quantiles = summary.quantiles();
        for (int i = 0; i < quantiles.length; i++) {
            double exact = values[(int) Math.floor(NumericSummary.QUANTILE_LEVELS.get(i) * (values.length - 1))];
            assertThat(Math.abs(quantiles[i] - exact)).isLessThanOrEqualTo(0.01 * exact);
        }
    }

    @Test
    void binIndexCountsTheEdgesAtOrBelowTheValue() {
        SplittableRandom rng = new SplittableRandom(20261122);
        for (int round = 0; round < 200; round++) {
            double[] edges = new double[rng.nextInt(0, 40)];
            for (int i = 0; i < edges.length; i++) {
                edges[i] = (i == 0 ? -5 : edges[i - 1]) + 0.01 + rng.nextDouble();
            }
            for (int k = 0; k < 100; k++) {
                double value = edges.length > 0 && rng.nextBoolean()
                        ? edges[rng.nextInt(edges.length)] + (rng.nextBoolean() ? 0 : -Math.ulp(1.0))
                        : rng.nextDouble() * 60 - 10;
                long atOrBelow = Arrays.stream(edges).filter(e -> e <= value).count();
                assertThat(NumericSummary.binIndex(edges, value)).isEqualTo((int) atOrBelow);
            }
        }
    }

    @Test
    void mergeRequiresTheSameBins() {
        NumericSummary a = NumericSummary.withBinEdges(new double[] {1.0});
        assertThatThrownBy(() -> a.merge(NumericSummary.withBinEdges(new double[] {2.0})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumericSummary.withBinEdges(new double[] {2.0, 1.0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumericSummary.withBinEdges(new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesRoundTrip() {
        SplittableRandom rng = new SplittableRandom(20261122);
        NumericSummary summary = TestingMerges.inOrder(mixedValues(rng, 5_000), () -> NumericSummary.withBinEdges(EDGES),
                NumericSummaryTest::add);
        NumericSummary back = NumericSummary.fromBytes(summary.toBytes());
        assertThat(back).isEqualTo(summary);
        assertThat(back.mean()).isEqualTo(summary.mean());
        assertThat(back.missingCount()).isEqualTo(summary.missingCount()).isPositive();
        assertThat(NumericSummary.fromBytes(NumericSummary.unbinned().toBytes())).isEqualTo(NumericSummary.unbinned());
        byte[] truncated = Arrays.copyOf(summary.toBytes(), summary.toBytes().length - 1);
        assertThatThrownBy(() -> NumericSummary.fromBytes(truncated)).isInstanceOf(IllegalArgumentException.class);
        byte[] longer = Arrays.copyOf(summary.toBytes(), summary.toBytes().length + 1);
        assertThatThrownBy(() -> NumericSummary.fromBytes(longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
    }
}
