package io.faultline.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HyperLogLogTest {

    @Test
    void estimatesAreWithinThreeStandardErrors() {
        for (int distinct : new int[] {1, 10, 100, 3_000, 10_000, 50_000, 300_000}) {
            HyperLogLog hll = HyperLogLog.create();
            for (int i = 0; i < distinct; i++) {
                String value = "user-" + i;
                hll.add(value);
                hll.add(value);
            }
            assertThat(hll.standardError()).isEqualTo(1.04 / 64);
            assertThat(Math.abs(hll.estimate() - distinct))
                    .as("distinct=%d estimate=%s", distinct, hll.estimate())
                    .isLessThanOrEqualTo(3 * hll.standardError() * distinct + 0.5);
        }
    }

    @Test
    void mergeIsTheUnionInAnyOrder() {
        SplittableRandom rng = new SplittableRandom(20261122);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            values.add("v" + rng.nextInt(8_000));
        }
        HyperLogLog whole = TestingMerges.inOrder(values, HyperLogLog::create, HyperLogLog::add);
        for (int round = 0; round < 10; round++) {
            HyperLogLog merged = TestingMerges.splitAndMerge(values, rng, HyperLogLog::create, HyperLogLog::add,
                    HyperLogLog::merge);
            assertThat(merged).isEqualTo(whole);
        }
        assertThatThrownBy(() -> whole.merge(HyperLogLog.create(10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesRoundTrip() {
        HyperLogLog hll = HyperLogLog.create(10);
        for (int i = 0; i < 5000; i++) {
            hll.add(Integer.toString(i));
        }
        HyperLogLog back = HyperLogLog.fromBytes(hll.toBytes());
        assertThat(back).isEqualTo(hll);
        assertThat(back.estimate()).isEqualTo(hll.estimate());
        assertThat(HyperLogLog.create().estimate()).isZero();
    }
}
