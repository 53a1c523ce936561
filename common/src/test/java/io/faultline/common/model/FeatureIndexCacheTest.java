package io.faultline.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class FeatureIndexCacheTest {
    /** A HashMap, which (unlike Map.of) answers for a null name too. */
    private static final Map<String, Integer> COLUMNS =
            new HashMap<>(Map.of("age", 0, "amount", 1, "country", 2, "device", 3));

    /** The index without a cache, and a record of the names it was asked for. */
    private static final class Lookup implements ToIntFunction<String> {
        final List<String> asked = new ArrayList<>();

        @Override
        public int applyAsInt(String name) {
            asked.add(name);
            return COLUMNS.getOrDefault(name, -1);
        }
    }

    /** New String objects, as a deserialized event has: equal to the remembered names, never the same objects. */
    private static String[] fresh(String... names) {
        String[] copy = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            copy[i] = names[i] == null ? null : new String(names[i].toCharArray());
        }
        return copy;
    }

    @Test
    void aFirstSeenLayoutResolvesEveryNameThroughTheLookup() {
        Lookup lookup = new Lookup();
        FeatureIndexCache cache = new FeatureIndexCache(lookup);
        assertThat(cache.indexesOf(new String[] {"amount", "country", "unknown"})).containsExactly(1, 2, -1);
        assertThat(lookup.asked).containsExactly("amount", "country", "unknown");
    }

    @Test
    void anEqualLayoutOfOtherStringObjectsIsAnsweredWithoutTheLookup() {
        Lookup lookup = new Lookup();
        FeatureIndexCache cache = new FeatureIndexCache(lookup);
        cache.indexesOf(fresh("age", "amount"));
        lookup.asked.clear();
        for (int i = 0; i < 10; i++) {
            assertThat(cache.indexesOf(fresh("age", "amount"))).containsExactly(0, 1);
        }
        assertThat(lookup.asked).isEmpty();
    }

    @Test
    void aRenamedAddedOrRemovedFeatureIsANewLayout() {
        Lookup lookup = new Lookup();
        FeatureIndexCache cache = new FeatureIndexCache(lookup);
        assertThat(cache.indexesOf(fresh("age", "amount"))).containsExactly(0, 1);
        assertThat(cache.indexesOf(fresh("age", "device"))).containsExactly(0, 3);
        assertThat(cache.indexesOf(fresh("age", "amount", "country"))).containsExactly(0, 1, 2);
        assertThat(cache.indexesOf(fresh("amount"))).containsExactly(1);
        assertThat(cache.indexesOf(fresh("age", "amounts"))).containsExactly(0, -1);
        assertThat(cache.indexesOf(fresh("age", "amount"))).containsExactly(0, 1);
    }

    @Test
    void anEmptyArrayAndNullNamesAreLayoutsLikeAnyOther() {
        FeatureIndexCache cache = new FeatureIndexCache(new Lookup());
        assertThat(cache.indexesOf(new String[0])).isEmpty();
        assertThat(cache.indexesOf(new String[] {null, "age"})).containsExactly(-1, 0);
        assertThat(cache.indexesOf(new String[] {"age", null})).containsExactly(0, -1);
        assertThat(cache.indexesOf(new String[0])).isEmpty();
        assertThat(cache.indexesOf(new String[] {"age"})).containsExactly(0);
    }

    @Test
    void changingTheCallersArrayAfterwardsDoesNotChangeTheRememberedLayout() {
        FeatureIndexCache cache = new FeatureIndexCache(new Lookup());
        String[] names = {"age", "amount"};
        cache.indexesOf(names);
        names[1] = "device";
        assertThat(cache.indexesOf(names)).containsExactly(0, 3);
        assertThat(cache.indexesOf(new String[] {"age", "amount"})).containsExactly(0, 1);
    }

    @Test
    void moreLayoutsThanRememberedAlwaysGiveTheLookupsAnswer() {
        String[] all = {"age", "amount", "country", "device", "other"};
        SplittableRandom rng = new SplittableRandom(20261122);
        FeatureIndexCache cache = new FeatureIndexCache(new Lookup());
        for (int i = 0; i < 5_000; i++) {
            List<String> names = new ArrayList<>();
            for (String name : all) {
                if (rng.nextInt(3) > 0) {
                    names.add(name);
                }
            }
            int[] expected = names.stream().mapToInt(n -> COLUMNS.getOrDefault(n, -1)).toArray();
            assertThat(cache.indexesOf(fresh(names.toArray(String[]::new)))).containsExactly(expected);
        }
    }
}
