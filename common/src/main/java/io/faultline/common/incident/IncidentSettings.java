package io.faultline.common.incident;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the {@link IncidentDetector} decides: the state machine's window counts, the baseline, the thresholds of
 * each signal, and the bounds on its state. Immutable and {@link Serializable} (Flink functions capture it).
 * Every default and its rationale is in {@code docs/incidents.md}.
 *
 * @param openAfterWindows consecutive anomalous windows of a signal before an incident opens
 * @param closeAfterWindows consecutive recovered windows before an open incident closes
 * @param warmupWindows the model's first windows, during which nothing opens; also the number of windows a
 *     baseline needs before its signal can be anomalous
 * @param baselineWindows how many trailing windows (outside incidents) a baseline pools
 * @param deploymentLookback how long before an incident's start a deployment counts as related, and how long
 *     after its deployment a version counts as new (for the regression check)
 * @param deploymentAttributionShare the share of an incident's affected events that must come from the version
 *     a related deployment put live for the suspected cause to be DEPLOYMENT
 * @param failureRate thresholds of the failure rate of every failure mode except latency
 * @param latency thresholds of the latency-breach rate ({@code LATENCY_SLO_BREACH})
 * @param errorRate thresholds of a version's labelled error rate against its own baseline
 * @param regression thresholds of a new version's labelled error rate against the previous version's
 * @param drift how many columns must drift, and how strongly, for a drift signal to be anomalous
 * @param maxVersions versions of one model tracked at once (the least recently seen are forgotten)
 * @param maxFailureModes failure modes tracked per model (further new modes are not tracked)
 * @param timelineLimit timeline entries kept per incident (the first and the latest halves)
 */
public record IncidentSettings(
        int openAfterWindows,
        int closeAfterWindows,
        int warmupWindows,
        int baselineWindows,
        Duration deploymentLookback,
        double deploymentAttributionShare,
        RateThresholds failureRate,
        RateThresholds latency,
        RateThresholds errorRate,
        RegressionThresholds regression,
        DriftSignalThresholds drift,
        int maxVersions,
        int maxFailureModes,
        int timelineLimit) implements Serializable {

    /**
     * When a rate {@code x / n} in a window is anomalous against its baseline rate {@code p0}: all of
     * {@code n >= minCount}, {@code x/n >= p0 + minIncrease}, {@code x/n >= minRatio * p0}, and the window's rate
     * at least {@code z} standard errors above the pooled baseline's on the arcsine scale (both samples' noise
     * counted).
     */
    public record RateThresholds(long minCount, double minIncrease, double minRatio, double z) implements Serializable {
        public RateThresholds {
            List<String> problems = new ArrayList<>();
            check(problems, "", minCount, minIncrease, minRatio, z);
            fail(problems);
        }

        static void check(List<String> problems, String prefix, long minCount, double minIncrease, double minRatio,
                          double z) {
            if (minCount < 1) problems.add(prefix + "min-count must be an integer >= 1, got " + minCount);
            if (!(minIncrease >= 0 && minIncrease <= 1)) {
                problems.add(prefix + "min-increase must be in [0, 1], got " + minIncrease);
            }
            if (!(minRatio >= 1) || Double.isInfinite(minRatio)) {
                problems.add(prefix + "min-ratio must be a finite number >= 1, got " + minRatio);
            }
            if (!(z > 0) || Double.isInfinite(z)) problems.add(prefix + "z must be a finite number > 0, got " + z);
        }
    }

    /**
     * When a new version's labelled error rate {@code r1} (of {@code n1} labelled) is a regression against the
     * previous version's {@code r2} (of {@code n2}): both {@code n >= minLabelled}, {@code r1 - r2 >= minIncrease},
     * and the two-sample z statistic on the arcsine scale at least {@code z}.
     */
    public record RegressionThresholds(long minLabelled, double minIncrease, double z) implements Serializable {
        public RegressionThresholds {
            List<String> problems = new ArrayList<>();
            check(problems, "", minLabelled, minIncrease, z);
            fail(problems);
        }

        static void check(List<String> problems, String prefix, long minLabelled, double minIncrease, double z) {
            if (minLabelled < 1) problems.add(prefix + "min-labelled must be an integer >= 1, got " + minLabelled);
            if (!(minIncrease >= 0 && minIncrease <= 1)) {
                problems.add(prefix + "min-increase must be in [0, 1], got " + minIncrease);
            }
            if (!(z > 0) || Double.isInfinite(z)) problems.add(prefix + "z must be a finite number > 0, got " + z);
        }
    }

    /**
     * A drift signal is anomalous in a window when at least {@code minColumns} of its columns have status DRIFT
     * with a {@code drift_score >= minScore} (1.0 is the drift threshold itself).
     */
    public record DriftSignalThresholds(int minColumns, double minScore) implements Serializable {
        public DriftSignalThresholds {
            List<String> problems = new ArrayList<>();
            check(problems, "", minColumns, minScore);
            fail(problems);
        }

        static void check(List<String> problems, String prefix, int minColumns, double minScore) {
            if (minColumns < 1) problems.add(prefix + "min-columns must be an integer >= 1, got " + minColumns);
            if (!(minScore >= 1) || Double.isInfinite(minScore)) {
                problems.add(prefix + "min-score must be a finite number >= 1 (a DRIFT verdict), got " + minScore);
            }
        }
    }

    public static final int DEFAULT_OPEN_AFTER_WINDOWS = 1;
    public static final int DEFAULT_CLOSE_AFTER_WINDOWS = 2;
    public static final int DEFAULT_WARMUP_WINDOWS = 6;
    public static final int DEFAULT_BASELINE_WINDOWS = 24;
    public static final Duration DEFAULT_DEPLOYMENT_LOOKBACK = Duration.ofHours(6);
    public static final double DEFAULT_DEPLOYMENT_ATTRIBUTION_SHARE = 0.8;
    public static final RateThresholds DEFAULT_FAILURE_RATE = new RateThresholds(100, 0.05, 2.0, 4.0);
    public static final RateThresholds DEFAULT_LATENCY = new RateThresholds(100, 0.05, 2.0, 4.0);
    public static final RateThresholds DEFAULT_ERROR_RATE = new RateThresholds(50, 0.05, 1.5, 4.0);
    public static final RegressionThresholds DEFAULT_REGRESSION = new RegressionThresholds(50, 0.05, 4.0);
    public static final DriftSignalThresholds DEFAULT_DRIFT = new DriftSignalThresholds(1, 1.0);
    public static final int DEFAULT_MAX_VERSIONS = 8;
    public static final int DEFAULT_MAX_FAILURE_MODES = 64;
    public static final int DEFAULT_TIMELINE_LIMIT = 96;

    private static final IncidentSettings DEFAULTS = new IncidentSettings(DEFAULT_OPEN_AFTER_WINDOWS,
            DEFAULT_CLOSE_AFTER_WINDOWS, DEFAULT_WARMUP_WINDOWS, DEFAULT_BASELINE_WINDOWS, DEFAULT_DEPLOYMENT_LOOKBACK,
            DEFAULT_DEPLOYMENT_ATTRIBUTION_SHARE, DEFAULT_FAILURE_RATE, DEFAULT_LATENCY, DEFAULT_ERROR_RATE,
            DEFAULT_REGRESSION, DEFAULT_DRIFT, DEFAULT_MAX_VERSIONS, DEFAULT_MAX_FAILURE_MODES, DEFAULT_TIMELINE_LIMIT);

    /** The top-level keys of {@link #fromMap}. */
    public static final Set<String> KEYS = Set.of("open-after-windows", "close-after-windows", "warmup-windows",
            "baseline-windows", "deployment-lookback", "deployment-attribution-share", "failure-rate", "latency",
            "error-rate", "regression", "drift", "max-versions", "max-failure-modes", "timeline-limit");
    private static final Set<String> RATE_KEYS = Set.of("min-count", "min-increase", "min-ratio", "z");
    private static final Set<String> REGRESSION_KEYS = Set.of("min-labelled", "min-increase", "z");
    private static final Set<String> DRIFT_KEYS = Set.of("min-columns", "min-score");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)?");

    /**
     * @throws IllegalArgumentException naming every value out of range
     */
    public IncidentSettings {
        Objects.requireNonNull(deploymentLookback, "deploymentLookback");
        Objects.requireNonNull(failureRate, "failureRate");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(errorRate, "errorRate");
        Objects.requireNonNull(regression, "regression");
        Objects.requireNonNull(drift, "drift");
        List<String> problems = new ArrayList<>();
        checkTopLevel(problems, "", openAfterWindows, closeAfterWindows, warmupWindows, baselineWindows,
                deploymentLookback, deploymentAttributionShare, maxVersions, maxFailureModes, timelineLimit);
        fail(problems);
    }

    private static void checkTopLevel(List<String> problems, String p, int openAfterWindows, int closeAfterWindows,
            int warmupWindows, int baselineWindows, Duration deploymentLookback, double deploymentAttributionShare,
            int maxVersions, int maxFailureModes, int timelineLimit) {
        atLeast(problems, p + "open-after-windows", openAfterWindows, 1);
        atLeast(problems, p + "close-after-windows", closeAfterWindows, 1);
        atLeast(problems, p + "warmup-windows", warmupWindows, 1);
        atLeast(problems, p + "baseline-windows", baselineWindows, 1);
        if (baselineWindows < warmupWindows) {
            problems.add(p + "baseline-windows (" + baselineWindows + ") must be at least " + p + "warmup-windows ("
                    + warmupWindows + "): a baseline must be able to hold its warm-up");
        }
        if (deploymentLookback.isNegative()) {
            problems.add(p + "deployment-lookback must not be negative, got " + deploymentLookback);
        }
        if (!(deploymentAttributionShare > 0 && deploymentAttributionShare <= 1)) {
            problems.add(p + "deployment-attribution-share must be in (0, 1], got " + deploymentAttributionShare);
        }
        atLeast(problems, p + "max-versions", maxVersions, 2);
        atLeast(problems, p + "max-failure-modes", maxFailureModes, 1);
        atLeast(problems, p + "timeline-limit", timelineLimit, 8);
    }

    /** The defaults (the same as {@code fromMap(Map.of())}). */
    public static IncidentSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Settings from a map as parsed from YAML (nested maps for the per-signal sections), absent keys taking the
     * defaults. Keys are those of {@link #KEYS}; {@code failure-rate}, {@code latency} and {@code error-rate} take
     * {@code min-count}, {@code min-increase}, {@code min-ratio}, {@code z}; {@code regression} takes
     * {@code min-labelled}, {@code min-increase}, {@code z}; {@code drift} takes {@code min-columns},
     * {@code min-score}. Durations are text with a unit ({@code 90m}, {@code 6h}, {@code 2d}) or whole
     * milliseconds.
     *
     * @throws IllegalArgumentException listing every problem: unknown keys (with the known ones), values of the
     *     wrong type, values out of range
     */
    public static IncidentSettings fromMap(Map<String, ?> values) {
        return fromMap(values, "");
    }

    /** As {@link #fromMap(Map)}, with every message prefixed by {@code prefix + "."} (e.g. {@code incidents}). */
    public static IncidentSettings fromMap(Map<String, ?> values, String prefix) {
        Objects.requireNonNull(values, "values");
        String p = prefix == null || prefix.isEmpty() ? "" : prefix + ".";
        List<String> problems = new ArrayList<>();
        unknownKeys(problems, p, values, KEYS);
        IncidentSettings d = DEFAULTS;
        int openAfter = intValue(problems, p + "open-after-windows", values, d.openAfterWindows);
        int closeAfter = intValue(problems, p + "close-after-windows", values, d.closeAfterWindows);
        int warmup = intValue(problems, p + "warmup-windows", values, d.warmupWindows);
        int baseline = intValue(problems, p + "baseline-windows", values, d.baselineWindows);
        Duration lookback = durationValue(problems, p + "deployment-lookback", values, d.deploymentLookback);
        double share = doubleValue(problems, p + "deployment-attribution-share", values,
                d.deploymentAttributionShare);
        RateThresholds failureRate = rate(problems, p + "failure-rate", values, d.failureRate);
        RateThresholds latency = rate(problems, p + "latency", values, d.latency);
        RateThresholds errorRate = rate(problems, p + "error-rate", values, d.errorRate);
        RegressionThresholds regression = d.regression;
        Map<String, ?> r = section(problems, p + "regression", values);
        if (r != null) {
            unknownKeys(problems, p + "regression.", r, REGRESSION_KEYS);
            long minLabelled = longValue(problems, p + "regression.min-labelled", r, regression.minLabelled);
            double minIncrease = doubleValue(problems, p + "regression.min-increase", r, regression.minIncrease);
            double z = doubleValue(problems, p + "regression.z", r, regression.z);
            List<String> own = new ArrayList<>();
            RegressionThresholds.check(own, p + "regression.", minLabelled, minIncrease, z);
            problems.addAll(own);
            if (own.isEmpty()) regression = new RegressionThresholds(minLabelled, minIncrease, z);
        }
        DriftSignalThresholds drift = d.drift;
        Map<String, ?> dr = section(problems, p + "drift", values);
        if (dr != null) {
            unknownKeys(problems, p + "drift.", dr, DRIFT_KEYS);
            int minColumns = intValue(problems, p + "drift.min-columns", dr, drift.minColumns);
            double minScore = doubleValue(problems, p + "drift.min-score", dr, drift.minScore);
            List<String> own = new ArrayList<>();
            DriftSignalThresholds.check(own, p + "drift.", minColumns, minScore);
            problems.addAll(own);
            if (own.isEmpty()) drift = new DriftSignalThresholds(minColumns, minScore);
        }
        int maxVersions = intValue(problems, p + "max-versions", values, d.maxVersions);
        int maxModes = intValue(problems, p + "max-failure-modes", values, d.maxFailureModes);
        int timelineLimit = intValue(problems, p + "timeline-limit", values, d.timelineLimit);
        checkTopLevel(problems, p, openAfter, closeAfter, warmup, baseline, lookback, share, maxVersions, maxModes,
                timelineLimit);
        fail(problems);
        return new IncidentSettings(openAfter, closeAfter, warmup, baseline, lookback, share, failureRate, latency,
                errorRate, regression, drift, maxVersions, maxModes, timelineLimit);
    }

    /** The settings as a map in the shape {@link #fromMap} reads (durations as text). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("open-after-windows", openAfterWindows);
        m.put("close-after-windows", closeAfterWindows);
        m.put("warmup-windows", warmupWindows);
        m.put("baseline-windows", baselineWindows);
        m.put("deployment-lookback", formatDuration(deploymentLookback));
        m.put("deployment-attribution-share", deploymentAttributionShare);
        m.put("failure-rate", rateMap(failureRate));
        m.put("latency", rateMap(latency));
        m.put("error-rate", rateMap(errorRate));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("min-labelled", regression.minLabelled);
        r.put("min-increase", regression.minIncrease);
        r.put("z", regression.z);
        m.put("regression", r);
        Map<String, Object> dr = new LinkedHashMap<>();
        dr.put("min-columns", drift.minColumns);
        dr.put("min-score", drift.minScore);
        m.put("drift", dr);
        m.put("max-versions", maxVersions);
        m.put("max-failure-modes", maxFailureModes);
        m.put("timeline-limit", timelineLimit);
        return m;
    }

    /** The rate thresholds of {@code failureMode}: {@link #latency} for LATENCY_SLO_BREACH, else {@link #failureRate}. */
    public RateThresholds rateThresholdsOf(String failureMode) {
        return WindowSignals.LATENCY_SLO_BREACH.equals(failureMode) ? latency : failureRate;
    }

    // ---- parsing helpers -----------------------------------------------------------------------------------

    private static RateThresholds rate(List<String> problems, String key, Map<String, ?> values, RateThresholds def) {
        Map<String, ?> section = section(problems, key, values);
        if (section == null) {
            return def;
        }
        unknownKeys(problems, key + ".", section, RATE_KEYS);
        long minCount = longValue(problems, key + ".min-count", section, def.minCount);
        double minIncrease = doubleValue(problems, key + ".min-increase", section, def.minIncrease);
        double minRatio = doubleValue(problems, key + ".min-ratio", section, def.minRatio);
        double z = doubleValue(problems, key + ".z", section, def.z);
        List<String> own = new ArrayList<>();
        RateThresholds.check(own, key + ".", minCount, minIncrease, minRatio, z);
        problems.addAll(own);
        return own.isEmpty() ? new RateThresholds(minCount, minIncrease, minRatio, z) : def;
    }

    private static Map<String, Object> rateMap(RateThresholds t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min-count", t.minCount);
        m.put("min-increase", t.minIncrease);
        m.put("min-ratio", t.minRatio);
        m.put("z", t.z);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> section(List<String> problems, String key, Map<String, ?> values) {
        Object v = values.get(lastPart(key));
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            problems.add(key + " must be a map, got " + describe(v));
            return null;
        }
        for (Object k : ((Map<?, ?>) v).keySet()) {
            if (!(k instanceof String)) {
                problems.add(key + " has a key that is not text: " + k);
                return null;
            }
        }
        return (Map<String, ?>) v;
    }

    private static void unknownKeys(List<String> problems, String prefix, Map<String, ?> values, Set<String> known) {
        for (String k : new TreeSet<>(values.keySet())) {
            if (!known.contains(k)) {
                problems.add(prefix + k + ": unknown key; known keys: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static int intValue(List<String> problems, String key, Map<String, ?> values, int def) {
        long v = longValue(problems, key, values, def);
        if (v != (int) v) {
            problems.add(key + " is out of range: " + v);
            return def;
        }
        return (int) v;
    }

    private static long longValue(List<String> problems, String key, Map<String, ?> values, long def) {
        Object v = values.get(lastPart(key));
        if (v == null) {
            return def;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 1e15) {
            return (long) n.doubleValue();
        }
        problems.add(key + " must be an integer, got " + describe(v));
        return def;
    }

    private static double doubleValue(List<String> problems, String key, Map<String, ?> values, double def) {
        Object v = values.get(lastPart(key));
        if (v == null) {
            return def;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        problems.add(key + " must be a finite number, got " + describe(v));
        return def;
    }

    private static Duration durationValue(List<String> problems, String key, Map<String, ?> values, Duration def) {
        Object v = values.get(lastPart(key));
        if (v == null) {
            return def;
        }
        if (v instanceof Duration d) {
            return d;
        }
        if (v instanceof Integer || v instanceof Long) {
            long ms = ((Number) v).longValue();
            if (ms >= 0) return Duration.ofMillis(ms);
        }
        if (v instanceof String s) {
            Matcher m = DURATION.matcher(s.trim());
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                long factor = switch (unit) {
                    case "s" -> 1_000L;
                    case "m" -> 60_000L;
                    case "h" -> 3_600_000L;
                    case "d" -> 86_400_000L;
                    default -> 1L;
                };
                return Duration.ofMillis(amount * factor);
            }
        }
        problems.add(key + " must be a duration such as 90m, 6h or 2d (or whole milliseconds >= 0), got "
                + describe(v));
        return def;
    }

    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        if (ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0) return ms / 60_000L + "m";
        if (ms % 1_000L == 0) return ms / 1_000L + "s";
        return ms + "ms";
    }

    private static String lastPart(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static String describe(Object v) {
        String text = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        String type = v instanceof String ? "text"
                : v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte ? "integer"
                : v instanceof Number ? "number"
                : v instanceof Boolean ? "boolean"
                : v instanceof java.util.Collection ? "list"
                : v instanceof Map ? "map"
                : v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return text + " (" + type + ")";
    }

    private static void atLeast(List<String> problems, String key, long value, long min) {
        if (value < min) {
            problems.add(key + " must be an integer >= " + min + ", got " + value);
        }
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
