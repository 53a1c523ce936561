package io.faultline.common.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A fixed categorical distribution over string values, written as {@code of("DE", 30, "FR", 15, ...)}. */
final class Categorical {
    private final String[] values;
    private final double[] cumulative;

    private Categorical(String[] values, double[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    /** Alternating value, weight pairs; weights need not sum to anything in particular. */
    static Categorical of(Object... valueWeightPairs) {
        if (valueWeightPairs.length == 0 || valueWeightPairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected value, weight pairs");
        }
        List<String> values = new ArrayList<>();
        double[] cumulative = new double[valueWeightPairs.length / 2];
        double total = 0;
        for (int i = 0; i < valueWeightPairs.length; i += 2) {
            values.add((String) valueWeightPairs[i]);
            total += ((Number) valueWeightPairs[i + 1]).doubleValue();
            cumulative[i / 2] = total;
        }
        for (int i = 0; i < cumulative.length; i++) cumulative[i] /= total;
        return new Categorical(values.toArray(new String[0]), cumulative);
    }

    String sample(SplittableRandom rng) {
        double u = rng.nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) return values[i];
        }
        return values[values.length - 1];
    }
}
