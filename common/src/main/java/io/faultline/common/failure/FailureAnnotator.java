package io.faultline.common.failure;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.LineageStatus;
import io.faultline.common.model.Prediction;
import io.faultline.common.remediation.Remediation;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Fills the columns every catalog row has, whatever produced it: {@code severity} (from the mode's rule over
 * the row's {@code score}, shifted by the model's impact weight), {@code reproducibility} and
 * {@code signature}. {@code recurrence} needs the other rows of the day: see {@link RecurrenceCounter}.
 * {@link #annotate} is idempotent, so a row may pass through it more than once.
 *
 * <h2>Severity</h2>
 * {@link #baseSeverity} is the mode's own rule (the table in {@code docs/failure-modes.md}); then
 * {@link #weighted}: each full doubling of the model's {@code impact-weight} above 1 raises it one level, each
 * full halving below 1 lowers it one level, clamped to LOW..CRITICAL. A weight of 1.9 changes nothing; 2
 * raises one level, 4 two; 0.5 lowers one.
 *
 * <h2>Reproducibility</h2>
 * How much of what is needed to re-create the failure is captured, in [0, 1]. For rows about one prediction,
 * the sum of: deployment resolved 0.20, {@code checkpoint_uri} known 0.20, {@code code_version} 0.15,
 * {@code training_data_version} 0.15, {@code preprocessing_version} 0.10, feature flags recorded 0.05, and
 * 0.15 &times; the share of the prediction's features that were present (not null; all present when it had
 * none). Window-level rows (lineage {@code NOT_APPLICABLE}): 1.0 for {@code SCHEMA_VIOLATION} (every rejected
 * payload is stored in {@code dead_letter/}), 0.5 otherwise (the window's statistics and reference are
 * recorded, the individual inputs and a serving deployment are not).
 *
 * <h2>Signature</h2>
 * Lowercase hex of the first 8 bytes of SHA-256 over (model, version, mode, pattern parts), each part
 * length-prefixed so that no two different inputs give the same bytes. The pattern ({@link #pattern}) holds
 * only what characterises the kind of failure, never ids, times or exact values, so repeats share it.
 */
public final class FailureAnnotator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FaultlineConfig config;

    public FailureAnnotator(FaultlineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Sets {@code severity}, {@code reproducibility} and {@code signature} of {@code r} from its mode, score,
     * event and lineage, and its remediation columns from the first matching failure rule of
     * {@link FaultlineConfig#remediation()} (null when none matches). Leaves {@code recurrence} alone.
     *
     * @throws IllegalArgumentException if {@code r.failureMode} is not a {@link FailureMode}
     */
    public FailureRecord annotate(FailureRecord r) {
        FailureMode mode = FailureMode.valueOf(r.failureMode);
        double weight = config.thresholdsFor(r.event == null ? null : r.event.model).impactWeight();
        r.severity = weighted(baseSeverity(mode, r.score), weight).name();
        r.reproducibility = reproducibility(r);
        r.signature = signature(r);
        Remediation remediation = config.remediation().forFailure(r);
        r.remediationAction = remediation == null ? null : remediation.action().name();
        r.remediationTarget = remediation == null ? null : remediation.target();
        r.hypothesis = remediation == null ? null : remediation.hypothesis();
        r.validationPlan = remediation == null ? null : remediation.validationPlan();
        r.acceptanceCriterion = remediation == null ? null : remediation.acceptanceCriterion();
        return r;
    }

    // ---- severity -----------------------------------------------------------------------------------------

    /**
     * The mode's own severity rule over the row's score (see {@link FailureRecord#score} for what each mode
     * puts there). A null score takes the mode's lowest outcome. Comparisons as documented: "above" strict,
     * "at least" inclusive.
     */
    public static Severity baseSeverity(FailureMode mode, Double score) {
        double s = score == null ? Double.NaN : score;
        switch (mode) {
            case LATENCY_SLO_BREACH:
                // latency / SLO: HIGH above 3 x SLO, MEDIUM above 1.5 x SLO.
                return s > 3 ? Severity.HIGH : s > 1.5 ? Severity.MEDIUM : Severity.LOW;
            case LOW_CONFIDENCE:
                // confidence / threshold: MEDIUM below half the threshold.
                return s < 0.5 ? Severity.MEDIUM : Severity.LOW;
            case AMBIGUOUS:
            case SUSPECTED_LABEL_NOISE:
                return Severity.LOW;
            case MISCLASSIFICATION:
                // The prediction's confidence: a confident mistake is HIGH.
                return s >= FailureClassifier.CONFIDENT_MISTAKE ? Severity.HIGH : Severity.MEDIUM;
            case UNREGISTERED_VERSION:
                return Severity.HIGH;
            case FEATURE_DRIFT:
            case PREDICTION_DRIFT:
            case CONFIDENCE_SHIFT:
                // drift_score: an effect at least twice its drift threshold is HIGH.
                return s >= 2 ? Severity.HIGH : Severity.MEDIUM;
            case OUT_OF_DISTRIBUTION:
            case UNSEEN_CATEGORY:
            case RARE_COMBINATION:
            case MISSING_FEATURE:
                // anomaly_score in [0, 1]: one unusual input is rarely urgent.
                return s >= 0.9 ? Severity.MEDIUM : Severity.LOW;
            case REGRESSION_AFTER_DEPLOYMENT:
                // new / previous labelled error rate: doubled errors after a deployment are CRITICAL.
                return s >= 2 ? Severity.CRITICAL : Severity.HIGH;
            case SCHEMA_VIOLATION:
                // dead letters in the (window, source), by order of magnitude.
                return s >= 10_000 ? Severity.HIGH : s >= 100 ? Severity.MEDIUM : Severity.LOW;
            default:
                throw new IllegalArgumentException("no severity rule for " + mode);
        }
    }

    /** {@code base} moved one level per full doubling (up) or halving (down) of {@code impactWeight}. */
    public static Severity weighted(Severity base, double impactWeight) {
        if (!(impactWeight > 0) || Double.isInfinite(impactWeight)) {
            throw new IllegalArgumentException("impact weight must be finite and > 0: " + impactWeight);
        }
        int shift = 0;
        // Powers of two are exact doubles, so the comparisons are exact.
        while (shift < Severity.values().length && impactWeight >= Math.scalb(1.0, shift + 1)) {
            shift++;
        }
        while (shift > -Severity.values().length && impactWeight <= Math.scalb(1.0, shift - 1)) {
            shift--;
        }
        int level = Math.max(0, Math.min(Severity.values().length - 1, base.ordinal() + shift));
        return Severity.values()[level];
    }

    // ---- reproducibility ----------------------------------------------------------------------------------

    /** The documented reproducibility of {@code r}, in [0, 1]. */
    public static double reproducibility(FailureRecord r) {
        Prediction p = r.event;
        if (p == null || DriftFailures.NOT_APPLICABLE.equals(p.lineageStatus)) {
            return FailureMode.SCHEMA_VIOLATION.name().equals(r.failureMode) ? 1.0 : 0.5;
        }
        int points = 0; // hundredths
        Deployment d = p.deployment;
        if (LineageStatus.RESOLVED.name().equals(p.lineageStatus) && d != null) {
            points += 20;
            points += known(d.checkpointUri) ? 20 : 0;
            points += known(d.codeVersion) ? 15 : 0;
            points += known(d.trainingDataVersion) ? 15 : 0;
            points += known(d.preprocessingVersion) ? 10 : 0;
            points += d.featureFlagKeys != null ? 5 : 0;
        }
        long present = length(p.numericFeatureNames) + length(p.categoricalFeatureNames);
        long missing = length(p.missingFeatures);
        long total = present + missing;
        // One rounding only: (points * total + 15 * present) / (100 * total).
        return total == 0 ? (points + 15) / 100.0 : (points * total + 15 * present) / (100.0 * total);
    }

    private static boolean known(String s) {
        return s != null && !s.isBlank();
    }

    private static int length(Object[] a) {
        return a == null ? 0 : a.length;
    }

    // ---- signature ----------------------------------------------------------------------------------------

    /** The documented signature of {@code r}: 16 lowercase hex digits. */
    public static String signature(FailureRecord r) {
        Prediction p = r.event;
        List<String> parts = new ArrayList<>();
        parts.add(p == null ? "" : Objects.toString(p.model, ""));
        parts.add(p == null ? "" : Objects.toString(p.modelVersion, ""));
        parts.add(r.failureMode);
        parts.addAll(pattern(r));
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            text.append(part.length()).append(':').append(part);
        }
        byte[] digest = FailureClassifier.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    /**
     * What characterises the failure, by mode: the power-of-two latency bucket ({@code latency_ms:[256,512)});
     * the confidence decile ({@code confidence:[0.3,0.4)}); the top-two classes by name ({@code fraud},
     * {@code legit}); predicted and label ({@code fraud}, {@code legit}); the drifted column; the sorted
     * {@code offendingKeys} (edge cases, schema violations; the event's missing features for MISSING_FEATURE
     * when none are given); nothing for UNREGISTERED_VERSION and REGRESSION_AFTER_DEPLOYMENT, whose model and
     * version say it all.
     */
    public static List<String> pattern(FailureRecord r) {
        FailureMode mode = FailureMode.valueOf(r.failureMode);
        Prediction p = r.event;
        switch (mode) {
            case LATENCY_SLO_BREACH:
                return p == null || p.latencyMs == null ? List.of() : List.of(latencyBucket(p.latencyMs));
            case LOW_CONFIDENCE:
                return p == null || p.confidence == null ? List.of() : List.of(confidenceDecile(p.confidence));
            case AMBIGUOUS: {
                int[] top = p == null ? null : FailureClassifier.topTwo(p);
                if (top == null) {
                    return List.of();
                }
                String a = p.scoreClasses[top[0]];
                String b = p.scoreClasses[top[1]];
                return a.compareTo(b) <= 0 ? List.of(a, b) : List.of(b, a);
            }
            case MISCLASSIFICATION:
            case SUSPECTED_LABEL_NOISE:
                return List.of(p == null ? "" : Objects.toString(p.prediction, ""), Objects.toString(r.label, ""));
            case FEATURE_DRIFT:
            case PREDICTION_DRIFT:
            case CONFIDENCE_SHIFT:
                return List.of(Objects.toString(r.columnName, ""));
            case OUT_OF_DISTRIBUTION:
            case UNSEEN_CATEGORY:
            case RARE_COMBINATION:
            case SCHEMA_VIOLATION:
                return sorted(r.offendingKeys);
            case MISSING_FEATURE:
                return r.offendingKeys != null || p == null ? sorted(r.offendingKeys) : sorted(p.missingFeatures);
            case UNREGISTERED_VERSION:
            case REGRESSION_AFTER_DEPLOYMENT:
                return List.of();
            default:
                throw new IllegalArgumentException("no signature pattern for " + mode);
        }
    }

    private static List<String> sorted(String[] keys) {
        if (keys == null) {
            return List.of();
        }
        String[] copy = keys.clone();
        Arrays.sort(copy);
        return Arrays.asList(copy);
    }

    /** {@code latency_ms:[lo,hi)} with lo, hi consecutive powers of two; {@code [0,1)} below 1 ms. */
    static String latencyBucket(double latencyMs) {
        if (!(latencyMs >= 1)) {
            return "latency_ms:[0,1)";
        }
        if (Double.isInfinite(latencyMs)) {
            return "latency_ms:[inf]";
        }
        int e = Math.getExponent(latencyMs); // floor(log2), exact
        return "latency_ms:[" + BigDecimal.valueOf(Math.scalb(1.0, e)).toBigInteger() + ","
                + BigDecimal.valueOf(Math.scalb(1.0, e + 1)).toBigInteger() + ")";
    }

    /** {@code confidence:[0.3,0.4)}, the decile decided in decimal on the value as written; 1.0 is {@code [1.0]}. */
    static String confidenceDecile(double confidence) {
        BigDecimal tenths = BigDecimal.valueOf(confidence).setScale(1, RoundingMode.FLOOR);
        if (tenths.compareTo(BigDecimal.ONE) >= 0) {
            return "confidence:[1.0]";
        }
        return "confidence:[" + tenths.toPlainString() + "," + tenths.add(new BigDecimal("0.1")).toPlainString() + ")";
    }
}
