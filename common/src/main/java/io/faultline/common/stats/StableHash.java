package io.faultline.common.stats;

/**
 * Fixed 64-bit hashes for the deterministic summaries (distinct-count registers, hash-sampled value counts).
 *
 * <p>Never seeded: the same value hashes to the same 64 bits in every JVM, run, subtask and after a restore,
 * which is what makes {@link HyperLogLog} registers and {@link BottomKValueCounts} retained sets independent of
 * where and in which order values were seen. Not a cryptographic hash.
 */
public final class StableHash {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private StableHash() {}

    /**
     * The SplitMix64 finaliser (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
     * the same constants as {@link java.util.SplittableRandom}): a bijection on 64 bits with full avalanche.
     */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Hash of the UTF-16 code units of {@code value}: four chars per multiply, then {@link #mix64}. */
    public static long hash64(String value) {
        int n = value.length();
        long h = GOLDEN_GAMMA * (n + 1L);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            long block = value.charAt(i)
                    | (long) value.charAt(i + 1) << 16
                    | (long) value.charAt(i + 2) << 32
                    | (long) value.charAt(i + 3) << 48;
            h = Long.rotateLeft((h ^ block) * GOLDEN_GAMMA, 31);
        }
        if (i < n) {
            long block = 0;
            for (int shift = 0; i < n; i++, shift += 16) {
                block |= (long) value.charAt(i) << shift;
            }
            h = Long.rotateLeft((h ^ block) * GOLDEN_GAMMA, 31);
        }
        return mix64(h);
    }

    /** Hash of a byte array: eight bytes per multiply, then {@link #mix64}. */
    public static long hash64(byte[] bytes) {
        int n = bytes.length;
        long h = GOLDEN_GAMMA * (n + 1L);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long block = 0;
            for (int k = 7; k >= 0; k--) {
                block = (block << 8) | (bytes[i + k] & 0xFFL);
            }
            h = Long.rotateLeft((h ^ block) * GOLDEN_GAMMA, 31);
        }
        if (i < n) {
            long block = 0;
            for (int shift = 0; i < n; i++, shift += 8) {
                block |= (bytes[i] & 0xFFL) << shift;
            }
            h = Long.rotateLeft((h ^ block) * GOLDEN_GAMMA, 31);
        }
        return mix64(h);
    }
}
