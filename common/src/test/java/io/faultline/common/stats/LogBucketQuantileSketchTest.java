package io.faultline.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class LogBucketQuantileSketchTest {
    private static final SplittableRandom SEEDS = new SplittableRandom(20261122);

    private static double[] sample(int n, DoubleSupplier value) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = value.getAsDouble();
        }
        return values;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static void assertWithinRelativeError(LogBucketQuantileSketch sketch, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double alpha = sketch.effectiveRelativeAccuracy();
        assertThat(alpha).isLessThanOrEqualTo(sketch.relativeAccuracy());
        for (int i = 0; i <= 1000; i++) {
            double q = i / 1000.0;
            double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
            double estimate = sketch.quantile(q);
            assertThat(Math.abs(estimate - exact))
                    .as("q=%s exact=%s estimate=%s", q, exact, estimate)
                    .isLessThanOrEqualTo(alpha * Math.abs(exact) * (1 + 1e-12));
        }
        assertThat(sketch.quantile(0)).isEqualTo(sorted[0]);
        assertThat(sketch.quantile(1)).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void quantilesAreWithinTheRelativeErrorOfTheExactSortedQuantiles() {
        SplittableRandom rng = SEEDS.split();
        List<double[]> inputs = List.of(
                sample(100_000, () -> TestingMerges.gaussian(rng)),
                sample(100_000, () -> StrictMath.exp(2 * TestingMerges.gaussian(rng))),
                sample(50_000, () -> rng.nextInt(5) == 0 ? 0.0 : 1e6 * TestingMerges.gaussian(rng)),
                sample(20_000, () -> Math.scalb(rng.nextDouble() - 0.5, rng.nextInt(-900, 900))),
                sample(10, () -> rng.nextInt(3)));
        for (double[] values : inputs) {
            for (double alpha : new double[] {0.01, 0.001, 0.05}) {
                LogBucketQuantileSketch sketch = LogBucketQuantileSketch.create(alpha, 1 << 20);
                for (double v : values) {
                    sketch.add(v);
                }
                assertThat(sketch.isCollapsed()).isFalse();
                assertWithinRelativeError(sketch, values);
            }
        }
    }

    @Test
    void everyBucketHoldsExactlyTheValuesInItsLeftInclusiveInterval() {
        SplittableRandom rng = SEEDS.split();
        double[] values = sample(20_000, () -> switch (rng.nextInt(4)) {
            case 0 -> 0.0;
            case 1 -> -StrictMath.exp(5 * TestingMerges.gaussian(rng));
            case 2 -> (double) rng.nextInt(-20, 20);
            default -> StrictMath.exp(5 * TestingMerges.gaussian(rng));
        });
        LogBucketQuantileSketch sketch = LogBucketQuantileSketch.create();
        for (double v : values) {
            sketch.add(v);
        }
        // Bucket ends themselves, which must land in the bucket they open.
        for (LogBucketQuantileSketch.Bucket b : sketch.buckets()) {
            assertThat(b.lowerInclusive()).isLessThan(b.upperExclusive());
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        long total = 0;
        double previousUpper = Double.NEGATIVE_INFINITY;
        for (LogBucketQuantileSketch.Bucket b : sketch.buckets()) {
            assertThat(b.lowerInclusive()).isGreaterThanOrEqualTo(previousUpper);
            previousUpper = b.upperExclusive();
            long inInterval = Arrays.stream(sorted).filter(v -> v >= b.lowerInclusive() && v < b.upperExclusive()).count();
            assertThat(inInterval).as("bucket %s", b).isEqualTo(b.count());
            total += b.count();
        }
        assertThat(total).isEqualTo(values.length);
    }

    @Test
    void integerValuesOnBucketEndsFallOnTheLeftInclusiveSide() {
        LogBucketQuantileSketch sketch = LogBucketQuantileSketch.create();
        for (double v : new double[] {1.0, 2.0, 4.0, -1.0, -2.0, -4.0, 0.5, -0.5}) {
            sketch.add(v);
        }
        for (LogBucketQuantileSketch.Bucket b : sketch.buckets()) {
            // Magnitudes that are bucket ends open their bucket on both signs: [1, γ) and [-4, -4/γ).
            assertThat(Math.abs(b.lowerInclusive())).as("bucket %s", b).isIn(0.5, 1.0, 2.0, 4.0);
        }
    }

    @Test
    void mergedInAnyOrderTheBucketsAreIdentical() {
        SplittableRandom rng = SEEDS.split();
        List<Double> values = boxed(sample(30_000, () -> StrictMath.exp(3 * TestingMerges.gaussian(rng))
                * (rng.nextInt(3) == 0 ? -1 : 1)));
        LogBucketQuantileSketch whole = TestingMerges.inOrder(values, LogBucketQuantileSketch::create,
                LogBucketQuantileSketch::add);
        for (int round = 0; round < 20; round++) {
            LogBucketQuantileSketch merged = TestingMerges.splitAndMerge(values, rng, LogBucketQuantileSketch::create,
                    LogBucketQuantileSketch::add, LogBucketQuantileSketch::merge);
            assertThat(merged).isEqualTo(whole);
            assertThat(merged.buckets()).isEqualTo(whole.buckets());
            for (double q : NumericSummary.QUANTILE_LEVELS) {
                assertThat(Double.doubleToRawLongBits(merged.quantile(q)))
                        .isEqualTo(Double.doubleToRawLongBits(whole.quantile(q)));
            }
        }
    }

    @Test
    void collapsingTheLowestBucketsDoesNotDependOnOrderOrMergeTree() {
        SplittableRandom rng = SEEDS.split();
        // 2^-200 .. 2^200 spans 400 octaves; 64 buckets keep fewer than 2.
        List<Double> values = new ArrayList<>(boxed(sample(5_000,
                () -> Math.scalb(1 + rng.nextDouble(), rng.nextInt(-200, 200)) * (rng.nextBoolean() ? 1 : -1))));
        values.add(0.0);
        LogBucketQuantileSketch whole = TestingMerges.inOrder(values, () -> LogBucketQuantileSketch.create(0.01, 64),
                LogBucketQuantileSketch::add);
        assertThat(whole.isCollapsed()).isTrue();
        for (int round = 0; round < 50; round++) {
            LogBucketQuantileSketch merged = TestingMerges.splitAndMerge(values, rng,
                    () -> LogBucketQuantileSketch.create(0.01, 64), LogBucketQuantileSketch::add,
                    LogBucketQuantileSketch::merge);
            assertThat(merged).isEqualTo(whole);
            assertThat(merged.buckets()).isEqualTo(whole.buckets());
        }
        List<LogBucketQuantileSketch.Bucket> positives = whole.buckets().stream().filter(b -> b.representative() > 0).toList();
        assertThat(positives).hasSizeLessThanOrEqualTo(64);
        assertThat(positives.get(0).collapsed()).isTrue();
        assertThat(positives.get(0).lowerInclusive()).isEqualTo(Double.MIN_VALUE);
        // Ranks outside the collapsed buckets keep their guarantee.
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int checked = 0;
        for (int i = 0; i <= 10_000; i++) {
            long rank = (long) Math.floor(i / 10_000.0 * (sorted.length - 1));
            if (!whole.bucketAtRank(rank).collapsed()) {
                double exact = sorted[(int) rank];
                assertThat(Math.abs(whole.quantile(i / 10_000.0) - exact)).isLessThanOrEqualTo(0.01 * Math.abs(exact));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void bytesRoundTrip() {
        SplittableRandom rng = SEEDS.split();
        LogBucketQuantileSketch sketch = LogBucketQuantileSketch.create(0.02, 32);
        for (int i = 0; i < 1000; i++) {
            sketch.add(Math.scalb(rng.nextDouble() - 0.3, rng.nextInt(-100, 100)));
        }
        sketch.add(0.0);
        LogBucketQuantileSketch back = LogBucketQuantileSketch.fromBytes(sketch.toBytes());
        assertThat(back).isEqualTo(sketch);
        assertThat(back.buckets()).isEqualTo(sketch.buckets());
        assertThat(back.toBytes()).isEqualTo(sketch.toBytes());
        LogBucketQuantileSketch empty = LogBucketQuantileSketch.create();
        assertThat(LogBucketQuantileSketch.fromBytes(empty.toBytes())).isEqualTo(empty);

        byte[] bytes = sketch.toBytes();
        bytes[3] = 9;
        assertThatThrownBy(() -> LogBucketQuantileSketch.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format version 9");
        assertThatThrownBy(() -> LogBucketQuantileSketch.fromBytes(Arrays.copyOf(sketch.toBytes(), 20)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void edgeCases() {
        LogBucketQuantileSketch sketch = LogBucketQuantileSketch.create();
        assertThat(sketch.quantile(0.5)).isNaN();
        assertThat(sketch.min()).isNaN();
        sketch.add(-0.0);
        assertThat(Double.doubleToRawLongBits(sketch.min())).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(sketch.quantile(0.5)).isEqualTo(0.0);
        assertThatThrownBy(() -> sketch.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.add(Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.quantile(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.merge(LogBucketQuantileSketch.create(0.02, 2048)))
                .isInstanceOf(IllegalArgumentException.class);
        LogBucketQuantileSketch extremes = LogBucketQuantileSketch.create();
        for (double v : new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE,
                Double.MIN_NORMAL}) {
            extremes.add(v);
        }
        assertThat(extremes.count()).isEqualTo(5);
        assertThat(extremes.buckets().stream().mapToLong(LogBucketQuantileSketch.Bucket::count).sum()).isEqualTo(5);
    }
}
