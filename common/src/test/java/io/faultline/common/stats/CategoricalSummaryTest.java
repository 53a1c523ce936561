package io.faultline.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CategoricalSummaryTest {

    private static CategoricalReference reference() {
        return CategoricalReference.of("country", List.of("US", "DE", "FR"), new long[] {500, 300, 100}, 50,
                List.of("IT", "ES"), 7, 0);
    }

    /** A Zipf-like mix of many distinct values; null stands for missing. */
    private static List<String> values(SplittableRandom rng, int n, int distinct) {
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int rank = (int) Math.floor(Math.pow(distinct, rng.nextDouble()));
            values.add(rng.nextInt(50) == 0 ? null : switch (rank) {
                case 1 -> "US";
                case 2 -> "DE";
                case 3 -> "FR";
                case 4 -> "IT";
                default -> "c" + rank;
            });
        }
        return values;
    }

    @Test
    void countsCategoriesOtherAndUnseen() {
        CategoricalSummary summary = CategoricalSummary.forReference(reference());
        for (String v : new String[] {"US", "US", "DE", "IT", "ES", "BR", "BR", "JP", null}) {
            summary.add(v);
        }
        summary.addMissing();
        assertThat(summary.categoryCounts()).containsExactly(2, 1, 0);
        assertThat(summary.otherCount()).isEqualTo(2);
        assertThat(summary.unseenCount()).isEqualTo(3);
        assertThat(summary.count()).isEqualTo(8);
        assertThat(summary.missingCount()).isEqualTo(2);
        assertThat(summary.binCounts()).containsExactly(2, 1, 0, 2, 3);
        assertThat(summary.topUnseen(5)).containsExactly(new ValueCount("BR", 2), new ValueCount("JP", 1));
        assertThat(summary.unseenValuesExact()).isTrue();
        assertThat(summary.distinctEstimate()).isCloseTo(6.0, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void topUnseenBreaksTiesByValue() {
        CategoricalSummary summary = CategoricalSummary.unreferenced();
        for (String v : new String[] {"b", "a", "c", "c", "d", "d"}) {
            summary.add(v);
        }
        assertThat(summary.topUnseen(3)).containsExactly(new ValueCount("c", 2), new ValueCount("d", 2),
                new ValueCount("a", 1));
    }

    @Test
    void mergedInAnyOrderTheSummaryIsIdentical() {
        SplittableRandom rng = new SplittableRandom(20261122);
        CategoricalReference reference = reference();
        List<String> values = values(rng, 30_000, 5_000);
        CategoricalSummary whole = TestingMerges.inOrder(values, () -> CategoricalSummary.forReference(reference),
                CategoricalSummary::add);
        assertThat(whole.unseenValuesExact()).isFalse();
        for (int round = 0; round < 20; round++) {
            CategoricalSummary merged = TestingMerges.splitAndMerge(values, rng,
                    () -> CategoricalSummary.forReference(reference), CategoricalSummary::add, CategoricalSummary::merge);
            assertThat(merged).isEqualTo(whole);
            assertThat(merged.topUnseen(20)).isEqualTo(whole.topUnseen(20));
            assertThat(merged.distinctEstimate()).isEqualTo(whole.distinctEstimate());
        }
    }

    @Test
    void pastTheCapacityTheSmallestHashesAreKeptWithExactCounts() {
        SplittableRandom rng = new SplittableRandom(20261122);
        List<String> values = values(rng, 30_000, 5_000).stream().filter(v -> v != null).toList();
        CategoricalSummary summary = CategoricalSummary.unreferenced();
        values.forEach(summary::add);
        Map<String, Long> exact = values.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
        List<String> smallestHashes = exact.keySet().stream()
                .sorted(Comparator.comparingLong((String v) -> StableHash.hash64(v)).thenComparing(v -> v))
                .limit(CategoricalSummary.DEFAULT_UNSEEN_CAPACITY)
                .toList();
        BottomKValueCounts kept = summary.unseenValues();
        assertThat(kept.size()).isEqualTo(CategoricalSummary.DEFAULT_UNSEEN_CAPACITY);
        Map<String, Long> keptCounts = new HashMap<>();
        kept.all().forEach(vc -> keptCounts.put(vc.value(), vc.count()));
        assertThat(keptCounts.keySet()).containsExactlyInAnyOrderElementsOf(smallestHashes);
        for (String v : smallestHashes) {
            assertThat(keptCounts.get(v)).as(v).isEqualTo(exact.get(v));
        }
        assertThat(summary.unseenCount()).isEqualTo(values.size());
        assertThat(Math.abs(summary.distinctEstimate() - exact.size())).isLessThan(0.05 * exact.size());
    }

    @Test
    void aReferenceThatCannotNameAllItsValuesCountsOutsideValuesAsOther() {
        CategoricalReference incomplete = CategoricalReference.of("id", List.of("a"), new long[] {10}, 90, null, 0, 0);
        CategoricalSummary summary = CategoricalSummary.forReference(incomplete);
        summary.add("a");
        summary.add("zzz");
        assertThat(summary.otherCount()).isEqualTo(1);
        assertThat(summary.unseenCount()).isZero();
        assertThat(incomplete.knowsAllValues()).isFalse();
    }

    @Test
    void bytesRoundTripAgainstTheSameReference() {
        SplittableRandom rng = new SplittableRandom(20261122);
        CategoricalReference reference = reference();
        CategoricalSummary summary = TestingMerges.inOrder(values(rng, 5_000, 1_000),
                () -> CategoricalSummary.forReference(reference), CategoricalSummary::add);
        CategoricalSummary back = CategoricalSummary.fromBytes(summary.toBytes(), reference);
        assertThat(back).isEqualTo(summary);
        assertThat(back.topUnseen(10)).isEqualTo(summary.topUnseen(10));
        CategoricalSummary unreferenced = CategoricalSummary.unreferenced();
        unreferenced.add("x");
        assertThat(CategoricalSummary.fromBytes(unreferenced.toBytes(), null)).isEqualTo(unreferenced);
        assertThatThrownBy(() -> CategoricalSummary.fromBytes(summary.toBytes(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another reference");
        assertThatThrownBy(() -> summary.merge(unreferenced)).isInstanceOf(IllegalArgumentException.class);
    }
}
