package io.faultline.common.demo;

import java.util.SplittableRandom;

/**
 * Distributions built only on {@link SplittableRandom#nextDouble()} and {@link StrictMath}, so that a seed gives
 * the same numbers on every JVM and platform ({@code Math.log} and the JDK's {@code nextGaussian} algorithm are
 * not pinned down by the specification; these are).
 */
final class Sampling {
    private Sampling() {}

    static boolean chance(SplittableRandom rng, double probability) {
        return rng.nextDouble() < probability;
    }

    /** Standard normal by the Box-Muller transform. */
    static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble(); // in (0, 1]: log stays finite
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    static double normal(SplittableRandom rng, double mean, double sd) {
        return mean + sd * gaussian(rng);
    }

    /** Log-normal with the given median ({@code exp(mu)}) and log-space standard deviation. */
    static double logNormal(SplittableRandom rng, double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian(rng));
    }

    /** Geometric count of failures before the first success, 0, 1, 2, ... with the given mean. */
    static int geometric(SplittableRandom rng, double mean) {
        double p = 1.0 / (1.0 + mean);
        double u = 1.0 - rng.nextDouble();
        return (int) StrictMath.floor(StrictMath.log(u) / StrictMath.log(1.0 - p));
    }

    static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    static <T> T pick(SplittableRandom rng, T[] items) {
        return items[rng.nextInt(items.length)];
    }

    static double logistic(double x) {
        return 1.0 / (1.0 + StrictMath.exp(-x));
    }
}
