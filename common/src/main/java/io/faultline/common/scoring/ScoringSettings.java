package io.faultline.common.scoring;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thresholds and bounds of per-event edge-case scoring ({@link EdgeCaseScorer}) and of the rare-combination
 * reference ({@link CombinationReference}). Validated once, here; the meaning and rationale of every default is in
 * {@code docs/scoring.md}.
 *
 * @param tailProbability a check whose tail probability is below this is offending (default
 *     {@value #DEFAULT_TAIL_PROBABILITY}, the two-sided tail beyond three standard deviations of a normal), in (0, 1)
 * @param anomalyScoreThreshold an offending check must also lift {@code anomaly_score} above this on its own
 *     (default {@value #DEFAULT_ANOMALY_SCORE_THRESHOLD}), in [0, 1)
 * @param rareCombinationMinSupport a combination seen fewer times than this in the reference is rare (default
 *     {@value #DEFAULT_RARE_COMBINATION_MIN_SUPPORT}), in [1, {@value #MAX_MIN_SUPPORT}]
 * @param maxPairs at most this many column pairs are counted per reference (default {@value #DEFAULT_MAX_PAIRS}),
 *     in [0, {@value #MAX_PAIRS}]; 0 turns rare combinations off
 * @param maxCellsPerPair at most this many joint cells per pair (default {@value #DEFAULT_MAX_CELLS_PER_PAIR}), in
 *     [4, {@value #MAX_CELLS_PER_PAIR}]
 * @param topContributors how many checks {@link EdgeCaseScore#topContributors()} lists (default
 *     {@value #DEFAULT_TOP_CONTRIBUTORS}), in [1, {@value #MAX_TOP_CONTRIBUTORS}]
 * @param pairs the column pairs to count; empty (the default) chooses them automatically, see
 *     {@link CombinationReference#defaultPairs}
 */
public record ScoringSettings(double tailProbability, double anomalyScoreThreshold, int rareCombinationMinSupport,
        int maxPairs, int maxCellsPerPair, int topContributors, List<ColumnPair> pairs) implements Serializable {

    public static final double DEFAULT_TAIL_PROBABILITY = 0.0027;
    public static final double DEFAULT_ANOMALY_SCORE_THRESHOLD = 0.99;
    public static final int DEFAULT_RARE_COMBINATION_MIN_SUPPORT = 5;
    public static final int DEFAULT_MAX_PAIRS = 45;
    public static final int DEFAULT_MAX_CELLS_PER_PAIR = 1024;
    public static final int DEFAULT_TOP_CONTRIBUTORS = 3;

    /** Bounds the Poisson sum of a rare-combination check (at most this many terms per pair). */
    public static final int MAX_MIN_SUPPORT = 1000;
    public static final int MAX_PAIRS = 1000;
    public static final int MAX_CELLS_PER_PAIR = 1 << 20;
    public static final int MAX_TOP_CONTRIBUTORS = 64;

    public static final String TAIL_PROBABILITY = "tail-probability";
    public static final String ANOMALY_SCORE_THRESHOLD = "anomaly-score-threshold";
    public static final String RARE_COMBINATION_MIN_SUPPORT = "rare-combination-min-support";
    public static final String MAX_PAIRS_KEY = "max-pairs";
    public static final String MAX_CELLS_PER_PAIR_KEY = "max-cells-per-pair";
    public static final String TOP_CONTRIBUTORS = "top-contributors";
    public static final String PAIRS = "pairs";
    /** Every key {@link #fromMap} accepts, in documentation order. */
    public static final List<String> KEYS = List.of(TAIL_PROBABILITY, ANOMALY_SCORE_THRESHOLD,
            RARE_COMBINATION_MIN_SUPPORT, MAX_PAIRS_KEY, MAX_CELLS_PER_PAIR_KEY, TOP_CONTRIBUTORS, PAIRS);

    /** @throws IllegalArgumentException naming the key and the allowed range of the first invalid value */
    public ScoringSettings {
        if (!(tailProbability > 0 && tailProbability < 1)) {
            throw new IllegalArgumentException(TAIL_PROBABILITY + " must be a number in (0, 1): " + tailProbability);
        }
        if (!(anomalyScoreThreshold >= 0 && anomalyScoreThreshold < 1)) {
            throw new IllegalArgumentException(ANOMALY_SCORE_THRESHOLD + " must be a number in [0, 1): "
                    + anomalyScoreThreshold);
        }
        checkRange(RARE_COMBINATION_MIN_SUPPORT, rareCombinationMinSupport, 1, MAX_MIN_SUPPORT);
        checkRange(MAX_PAIRS_KEY, maxPairs, 0, MAX_PAIRS);
        checkRange(MAX_CELLS_PER_PAIR_KEY, maxCellsPerPair, 4, MAX_CELLS_PER_PAIR);
        checkRange(TOP_CONTRIBUTORS, topContributors, 1, MAX_TOP_CONTRIBUTORS);
        if (pairs == null) {
            throw new IllegalArgumentException(PAIRS + " must be a list (empty for the automatic choice), not null");
        }
        pairs = List.copyOf(pairs);
        Set<ColumnPair> seen = new HashSet<>();
        for (ColumnPair pair : pairs) {
            if (!seen.add(pair)) {
                throw new IllegalArgumentException(PAIRS + " lists " + pair + " twice");
            }
        }
        if (pairs.size() > maxPairs) {
            throw new IllegalArgumentException(PAIRS + " lists " + pairs.size() + " pairs, more than " + MAX_PAIRS_KEY
                    + " = " + maxPairs);
        }
    }

    private static void checkRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be an integer in [" + min + ", " + max + "]: " + value);
        }
    }

    public static ScoringSettings defaults() {
        return new ScoringSettings(DEFAULT_TAIL_PROBABILITY, DEFAULT_ANOMALY_SCORE_THRESHOLD,
                DEFAULT_RARE_COMBINATION_MIN_SUPPORT, DEFAULT_MAX_PAIRS, DEFAULT_MAX_CELLS_PER_PAIR,
                DEFAULT_TOP_CONTRIBUTORS, List.of());
    }

    /** These settings with explicit column pairs (empty: the automatic choice). */
    public ScoringSettings withPairs(List<ColumnPair> pairs) {
        return new ScoringSettings(tailProbability, anomalyScoreThreshold, rareCombinationMinSupport, maxPairs,
                maxCellsPerPair, topContributors, pairs);
    }

    /**
     * Settings from a config section, e.g. the parsed YAML map of a {@code scoring:} block; absent keys keep their
     * defaults. Scalars may be numbers or strings (command-line overrides arrive as strings). {@value #PAIRS} is a
     * list whose items are {@code "a,b"} strings or two-element lists, or one string {@code "a,b;c,d"}.
     *
     * @throws IllegalArgumentException on an unknown key (listing the known ones), a value of the wrong type, or a
     *     value out of range
     */
    public static ScoringSettings fromMap(Map<String, ?> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown scoring key \"" + key + "\"; known keys: "
                        + String.join(", ", KEYS));
            }
        }
        ScoringSettings d = defaults();
        return new ScoringSettings(
                number(values, TAIL_PROBABILITY, d.tailProbability),
                number(values, ANOMALY_SCORE_THRESHOLD, d.anomalyScoreThreshold),
                integer(values, RARE_COMBINATION_MIN_SUPPORT, d.rareCombinationMinSupport),
                integer(values, MAX_PAIRS_KEY, d.maxPairs),
                integer(values, MAX_CELLS_PER_PAIR_KEY, d.maxCellsPerPair),
                integer(values, TOP_CONTRIBUTORS, d.topContributors),
                pairs(values.get(PAIRS)));
    }

    private static double number(Map<String, ?> values, String key, double fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            try {
                return Double.parseDouble(((String) value).strip());
            } catch (NumberFormatException e) {
                // fall through to the type error
            }
        }
        throw new IllegalArgumentException(key + " must be a number: \"" + value + "\"");
    }

    private static int integer(Map<String, ?> values, String key, int fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        long parsed;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            parsed = ((Number) value).longValue();
        } else if (value instanceof String) {
            try {
                parsed = Long.parseLong(((String) value).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer: \"" + value + "\"");
            }
        } else {
            throw new IllegalArgumentException(key + " must be an integer: \"" + value + "\"");
        }
        if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " is out of range: " + parsed);
        }
        return (int) parsed;
    }

    private static List<ColumnPair> pairs(Object value) {
        if (value == null) {
            return List.of();
        }
        List<ColumnPair> pairs = new ArrayList<>();
        try {
            if (value instanceof String) {
                for (String item : ((String) value).split(";", -1)) {
                    if (!item.isBlank()) {
                        pairs.add(ColumnPair.parse(item));
                    }
                }
                return pairs;
            }
            if (value instanceof List) {
                for (Object item : (List<?>) value) {
                    if (item instanceof String) {
                        pairs.add(ColumnPair.parse((String) item));
                    } else if (item instanceof List && ((List<?>) item).size() == 2
                            && ((List<?>) item).get(0) instanceof String && ((List<?>) item).get(1) instanceof String) {
                        pairs.add(new ColumnPair((String) ((List<?>) item).get(0), (String) ((List<?>) item).get(1)));
                    } else {
                        throw new IllegalArgumentException("an item must be \"column,column\" or a list of two column"
                                + " names: " + item);
                    }
                }
                return pairs;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PAIRS + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(PAIRS + " must be a list of column pairs or a string \"a,b;c,d\": " + value);
    }
}
