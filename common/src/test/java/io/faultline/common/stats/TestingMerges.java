package io.faultline.common.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** Merge-law fixtures: summarise a shuffled input split at random points, then merge the parts in a random order. */
public final class TestingMerges {
    private TestingMerges() {}

    /**
     * Shuffles {@code values}, cuts them at random points into 2..8 parts (some possibly empty), summarises each part
     * with a fresh {@code create()} and {@code add}, and merges the parts by repeatedly merging a random part into
     * another random part.
     */
    public static <T, S> S splitAndMerge(List<T> values, SplittableRandom rng, Supplier<S> create,
            BiConsumer<S, T> add, BiConsumer<S, S> merge) {
        List<T> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, new Random(rng.nextLong()));
        int parts = 2 + rng.nextInt(7);
        int[] cuts = new int[parts + 1];
        cuts[parts] = shuffled.size();
        for (int i = 1; i < parts; i++) {
            cuts[i] = rng.nextInt(shuffled.size() + 1);
        }
        java.util.Arrays.sort(cuts);
        List<S> summaries = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            S summary = create.get();
            for (T v : shuffled.subList(cuts[p], cuts[p + 1])) {
                add.accept(summary, v);
            }
            summaries.add(summary);
        }
        while (summaries.size() > 1) {
            int into = rng.nextInt(summaries.size());
            int from = rng.nextInt(summaries.size() - 1);
            if (from >= into) {
                from++;
            }
            merge.accept(summaries.get(into), summaries.get(from));
            summaries.remove(from);
        }
        return summaries.get(0);
    }

    /** All values summarised in their given order. */
    public static <T, S> S inOrder(List<T> values, Supplier<S> create, BiConsumer<S, T> add) {
        S summary = create.get();
        for (T v : values) {
            add.accept(summary, v);
        }
        return summary;
    }

    /** Standard normal by Box–Muller over {@link StrictMath}, reproducible on every JVM. */
    public static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }
}
