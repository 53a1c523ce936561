package io.faultline.common.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.stats.LogBucketQuantileSketch;
import io.faultline.common.stats.NumericSummary;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketGridTest {

    @Test
    void everyBucketOfEitherSketchIsWithinOneGridBinEvenWhenCollapsed() {
        SplittableRandom rng = new SplittableRandom(20261122);
        LogBucketQuantileSketch wide = LogBucketQuantileSketch.create(0.01, 64);
        LogBucketQuantileSketch narrow = LogBucketQuantileSketch.create(0.01, 64);
        for (int i = 0; i < 5000; i++) {
            wide.add(Math.scalb(1 + rng.nextDouble(), rng.nextInt(-30, 30)) * (rng.nextInt(3) == 0 ? -1 : 1));
            narrow.add(1 + rng.nextDouble());
        }
        narrow.add(0.0);
        assertThat(wide.isCollapsed()).isTrue();
        assertThat(narrow.isCollapsed()).isFalse();
        BucketGrid grid = BucketGrid.of(wide.buckets(), narrow.buckets());
        assertThat(Arrays.stream(grid.reference()).sum()).isEqualTo(wide.count());
        assertThat(Arrays.stream(grid.current()).sum()).isEqualTo(narrow.count());
        for (LogBucketQuantileSketch sketch : new LogBucketQuantileSketch[] {wide, narrow}) {
            for (LogBucketQuantileSketch.Bucket b : sketch.buckets()) {
                int bin = NumericSummary.binIndex(grid.edges(), b.lowerInclusive());
                assertThat(NumericSummary.binIndex(grid.edges(), Math.nextDown(b.upperExclusive()))).isEqualTo(bin);
            }
        }
        for (int i = 1; i < grid.edges().length; i++) {
            assertThat(grid.edges()[i]).isGreaterThan(grid.edges()[i - 1]);
        }
    }
}
