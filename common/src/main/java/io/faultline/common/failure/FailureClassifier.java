package io.faultline.common.failure;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.config.ModelThresholds;
import io.faultline.common.label.LabelPolicy;
import io.faultline.common.label.LabelReview;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.scoring.EdgeCaseFinding;
import io.faultline.common.scoring.EdgeCaseMode;
import io.faultline.common.scoring.EdgeCaseScore;
import io.faultline.common.model.Label;
import io.faultline.common.model.LineageStatus;
import io.faultline.common.model.Prediction;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Classifies predictions into the failure catalog (v1). Thresholds come from
 * {@link FaultlineConfig#thresholdsFor(String)}; a value exactly at a threshold is not a failure.
 *
 * <table>
 *   <caption>Rules, score and base severity</caption>
 *   <tr><th>mode</th><th>when</th><th>score</th><th>base severity</th></tr>
 *   <tr><td>LATENCY_SLO_BREACH</td><td>{@code latencyMs > latency-slo-ms}</td><td>latency / SLO</td>
 *       <td>HIGH above 3 &times; SLO, MEDIUM above 1.5 &times; SLO, else LOW</td></tr>
 *   <tr><td>LOW_CONFIDENCE</td><td>{@code confidence < low-confidence}</td><td>confidence / threshold</td>
 *       <td>MEDIUM below half the threshold, else LOW</td></tr>
 *   <tr><td>AMBIGUOUS</td><td>at least two scores and {@code top1 - top2 < ambiguous-margin}</td>
 *       <td>margin / threshold</td><td>LOW</td></tr>
 *   <tr><td>MISCLASSIFICATION</td><td>effective label differs from the prediction</td><td>confidence</td>
 *       <td>HIGH when the prediction's confidence is at least 0.9 (a confident mistake), else MEDIUM</td></tr>
 *   <tr><td>UNREGISTERED_VERSION</td><td>{@code lineageStatus} is UNREGISTERED_VERSION</td><td>none</td>
 *       <td>HIGH (unknown code served traffic)</td></tr>
 *   <tr><td>SUSPECTED_LABEL_NOISE</td><td>see {@link #labelNoise}</td><td>see there</td><td>LOW</td></tr>
 * </table>
 *
 * <p>The base severity is then shifted by the model's impact weight, and reproducibility and signature are
 * set, by {@link FailureAnnotator}: every row this class returns is annotated.
 *
 * <p>"Above"/"below" are strict. Score margins are computed in decimal from the scores as written, so
 * {@code 0.6 - 0.5} is exactly {@code 0.1} (not the binary {@code 0.09999999999999998}) and a margin exactly
 * at the threshold is not ambiguous. The rules are also documented in {@code docs/failure-modes.md}.
 *
 * <p>Serializable (captured by Flink functions) and stateless apart from its configuration.
 */
public final class FailureClassifier implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Margins this close to the threshold are decided in decimal (see {@link #ambiguousMargin}). */
    private static final double DECIMAL_CHECK_BAND = 1e-9;
    /** A misclassification at or above this confidence is a confident mistake: HIGH. */
    static final double CONFIDENT_MISTAKE = 0.9;

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    /** At most this many labellers' votes are quoted in a label-noise evidence sentence. */
    static final int MAX_QUOTED_VOTES = 5;

    private final FaultlineConfig config;
    private final FailureAnnotator annotator;
    private final LabelPolicy labelPolicy;

    public FailureClassifier(FaultlineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.annotator = new FailureAnnotator(config);
        this.labelPolicy = LabelPolicy.of(config.labels());
    }

    /** The configured {@code labels.policy}. */
    public LabelPolicy labelPolicy() {
        return labelPolicy;
    }

    /** The review of one event's labels under the configured policy; null without labels. */
    public LabelReview review(List<Label> labels) {
        return LabelReview.of(labels, labelPolicy);
    }

    /**
     * Symptoms visible on the (lineage-enriched) prediction itself: appends 0..n rows to {@code out}, in
     * {@link FailureMode} order. Absent optional fields (latency, confidence, scores) produce no row. Rows
     * come annotated ({@link FailureAnnotator}): severity, reproducibility and signature are set.
     */
    public void classify(Prediction p, Consumer<FailureRecord> out) {
        ModelThresholds t = config.thresholdsFor(p.model);

        if (p.latencyMs != null && p.latencyMs > t.latencySloMs()) {
            String[] v = Evidence.pair(p.latencyMs, t.latencySloMs(), 0);
            out.accept(symptom(p, FailureMode.LATENCY_SLO_BREACH, p.latencyMs / t.latencySloMs(),
                    "latency " + v[0] + " ms > SLO " + v[1] + " ms"));
        }

        if (p.confidence != null && p.confidence < t.lowConfidence()) {
            String[] v = Evidence.pair(p.confidence, t.lowConfidence(), 2);
            out.accept(symptom(p, FailureMode.LOW_CONFIDENCE, p.confidence / t.lowConfidence(),
                    "confidence " + v[0] + " < threshold " + v[1]));
        }

        int[] top = topTwo(p);
        if (top != null) {
            int first = top[0];
            int second = top[1];
            BigDecimal margin = ambiguousMargin(p.scoreValues[first], p.scoreValues[second], t.ambiguousMargin());
            if (margin != null) {
                String[] m = Evidence.pair(margin, BigDecimal.valueOf(t.ambiguousMargin()), 2);
                String[] s = Evidence.pair(p.scoreValues[first], p.scoreValues[second], 2);
                double score = t.ambiguousMargin() > 0 ? margin.doubleValue() / t.ambiguousMargin() : 0;
                out.accept(symptom(p, FailureMode.AMBIGUOUS, score,
                        "top-2 score margin " + m[0] + " < " + m[1] + " (" + p.scoreClasses[first] + " " + s[0]
                                + " vs " + p.scoreClasses[second] + " " + s[1] + ")"));
            }
        }

        if (LineageStatus.UNREGISTERED_VERSION.name().equals(p.lineageStatus)) {
            out.accept(symptom(p, FailureMode.UNREGISTERED_VERSION, null,
                    "model_version " + p.modelVersion + " of " + p.model + " has no deployment at or before "
                            + Instant.ofEpochMilli(p.eventTime)));
        }
    }

    /**
     * The decimal margin {@code top1 - top2} if it is below {@code threshold}, else null. Decided in
     * decimal on the scores as written ({@link BigDecimal#valueOf(double)}): the binary difference of 0.6
     * and 0.5 is 0.09999999999999998 and would make a margin exactly at 0.1 ambiguous. Binary differences
     * are off by far less than {@link #DECIMAL_CHECK_BAND}, so only margins that close to the threshold pay
     * for decimal arithmetic.
     */
    private static BigDecimal ambiguousMargin(double top1, double top2, double threshold) {
        double binary = top1 - top2;
        if (binary >= threshold + DECIMAL_CHECK_BAND) {
            return null;
        }
        BigDecimal margin = BigDecimal.valueOf(top1).subtract(BigDecimal.valueOf(top2));
        if (binary < threshold - DECIMAL_CHECK_BAND || margin.compareTo(BigDecimal.valueOf(threshold)) < 0) {
            return margin;
        }
        return null;
    }

    /**
     * Indices of the top two classes by score (equal scores rank by class name, so the answer is
     * deterministic), or null with fewer than two scores.
     */
    static int[] topTwo(Prediction p) {
        int n = p.scoreClasses == null || p.scoreValues == null
                ? 0 : Math.min(p.scoreClasses.length, p.scoreValues.length);
        if (n < 2) {
            return null;
        }
        int first = -1;
        int second = -1;
        for (int i = 0; i < n; i++) {
            if (first < 0 || ranksAbove(p, i, first)) {
                second = first;
                first = i;
            } else if (second < 0 || ranksAbove(p, i, second)) {
                second = i;
            }
        }
        return new int[] {first, second};
    }

    private static boolean ranksAbove(Prediction p, int i, int j) {
        int c = Double.compare(p.scoreValues[i], p.scoreValues[j]);
        return c > 0 || (c == 0 && p.scoreClasses[i].compareTo(p.scoreClasses[j]) < 0);
    }

    /**
     * A MISCLASSIFICATION row if the effective label differs from the prediction (string equality of the
     * canonical text forms the decoder produced), else null. Null when there is no label, or when the
     * prediction or the label has no value to compare.
     *
     * @throws IllegalArgumentException if the label belongs to another event
     */
    public FailureRecord misclassification(Prediction p, Label effective) {
        if (effective == null || effective.label == null || p.prediction == null) {
            return null;
        }
        if (effective.eventId != null && !effective.eventId.equals(p.eventId)) {
            throw new IllegalArgumentException("label of event " + effective.eventId + " joined to prediction "
                    + p.eventId);
        }
        if (effective.label.equals(p.prediction)) {
            return null;
        }
        long delay = effective.labelTime - p.eventTime;
        StringBuilder evidence = new StringBuilder("predicted ").append(Evidence.quote(p.prediction))
                .append(", labelled ").append(Evidence.quote(effective.label));
        if (effective.source != null || effective.reviewer != null) {
            evidence.append(" by");
            if (effective.source != null) {
                evidence.append(' ').append(effective.source);
            }
            if (effective.reviewer != null) {
                evidence.append(" reviewer ").append(effective.reviewer);
            }
        }
        evidence.append(delay >= 0
                ? " after " + Evidence.duration(delay)
                : " " + Evidence.duration(-delay) + " before the prediction's event time");
        FailureRecord r = record(p, FailureMode.MISCLASSIFICATION, p.confidence, evidence.toString(),
                effective.labelTime);
        r.label = effective.label;
        r.labelSource = effective.source;
        r.labelDelayMs = delay;
        return annotator.annotate(r);
    }

    /**
     * A SUSPECTED_LABEL_NOISE row when the event's label is suspect, else null (also without labels):
     *
     * <ul>
     *   <li><b>confident contradiction</b>: the prediction's confidence is at least {@code labels.noise-confidence}
     *       and the effective label differs from it (a model this sure is wrong less often than labels are);
     *   <li><b>disagreeing labellers</b>: the labellers' votes hold two or more values ({@link LabelReview}).
     * </ul>
     *
     * Score: the prediction's confidence when it is confidently contradicted, else the pairwise disagreement
     * of the votes. {@code detected_at} is the newest label's time (the review was complete then); the label
     * columns describe the effective label. A confident contradiction is also a MISCLASSIFICATION row: the
     * two rows say "the model or the label is wrong" from both sides.
     *
     * @throws IllegalArgumentException if a label belongs to another event
     */
    public FailureRecord labelNoise(Prediction p, LabelReview review) {
        if (review == null) {
            return null;
        }
        for (Label l : review.labels()) {
            if (l.eventId != null && !l.eventId.equals(p.eventId)) {
                throw new IllegalArgumentException("label of event " + l.eventId + " joined to prediction "
                        + p.eventId);
            }
        }
        Label effective = review.effective();
        boolean contradicted = p.confidence != null && p.confidence >= config.labels().noiseConfidence()
                && p.prediction != null && effective.label != null && !effective.label.equals(p.prediction);
        boolean disagreement = review.disagreement();
        if (!contradicted && !disagreement) {
            return null;
        }
        StringBuilder evidence = new StringBuilder();
        if (contradicted) {
            String[] c = Evidence.pair(p.confidence, config.labels().noiseConfidence(), 2);
            evidence.append("prediction ").append(Evidence.quote(p.prediction)).append(" with confidence ")
                    .append(c[0]).append(" >= ").append(c[1]).append(" contradicted by effective label ")
                    .append(Evidence.quote(effective.label));
        }
        if (disagreement) {
            evidence.append(contradicted ? "; " : "").append("labellers disagree:");
            List<Label> votes = review.votes();
            for (int i = 0; i < votes.size() && i < MAX_QUOTED_VOTES; i++) {
                Label v = votes.get(i);
                evidence.append(i == 0 ? " " : ", ").append(LabelReview.labeller(v)).append(' ')
                        .append(Evidence.quote(String.valueOf(v.label)));
            }
            if (votes.size() > MAX_QUOTED_VOTES) {
                evidence.append(" and ").append(votes.size() - MAX_QUOTED_VOTES).append(" more");
            }
        }
        double score = contradicted ? p.confidence : review.pairwiseDisagreement();
        FailureRecord r = record(p, FailureMode.SUSPECTED_LABEL_NOISE, score, evidence.toString(),
                review.lastLabelTime());
        r.label = effective.label;
        r.labelSource = effective.source;
        r.labelDelayMs = effective.labelTime - p.eventTime;
        return annotator.annotate(r);
    }

    /**
     * The edge-case rows of a scored prediction ({@code docs/scoring.md}): one row per mode that fired
     * ({@code OUT_OF_DISTRIBUTION}, {@code UNSEEN_CATEGORY}, {@code RARE_COMBINATION}, {@code MISSING_FEATURE}),
     * in that order, with the event's {@code anomaly_score} as score, the columns of the mode's offending checks
     * (sorted; a pair as {@code a+b}) as offending keys, and the scorer's evidence.
     */
    public void edgeCases(Prediction p, EdgeCaseScore score, Consumer<FailureRecord> out) {
        if (!score.isEdgeCase()) {
            return;
        }
        for (EdgeCaseMode mode : score.modes()) {
            java.util.TreeSet<String> keys = new java.util.TreeSet<>();
            for (EdgeCaseFinding f : score.findings(mode)) {
                keys.add(f.pairedColumn() == null ? f.column() : f.column() + "+" + f.pairedColumn());
            }
            FailureRecord r = record(p, FailureMode.valueOf(mode.name()), score.anomalyScore(), score.evidence(mode),
                    p.eventTime);
            r.offendingKeys = keys.toArray(new String[0]);
            out.accept(annotator.annotate(r));
        }
    }

    /**
     * Deterministic id of the (event, mode) row: lowercase hex of the first 16 bytes of
     * SHA-256(UTF-8 of event id, a NUL character, mode name). Re-runs and replays give the same id, so
     * it can serve as a deduplication key downstream.
     */
    public static String failureId(String eventId, FailureMode mode) {
        byte[] digest = sha256((eventId + '\u0000' + mode.name()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    static byte[] sha256(byte[] bytes) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        return sha.digest(bytes);
    }

    private FailureRecord symptom(Prediction p, FailureMode mode, Double score, String evidence) {
        return annotator.annotate(record(p, mode, score, evidence, p.eventTime));
    }

    /** A row with the mode's unweighted severity; the caller annotates it. */
    static FailureRecord record(Prediction p, FailureMode mode, Double score, String evidence, long detectedAt) {
        FailureRecord r = new FailureRecord();
        r.failureId = failureId(p.eventId, mode);
        r.failureMode = mode.name();
        r.category = mode.category().name();
        r.score = score;
        r.severity = FailureAnnotator.baseSeverity(mode, score).name();
        r.evidence = evidence;
        r.detectedAt = detectedAt;
        r.event = p;
        return r;
    }
}
