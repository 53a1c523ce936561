package io.faultline.common.scoring;

import io.faultline.common.failure.Evidence;
import io.faultline.common.model.FeatureIndexCache;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The score of one event: a reusable buffer that {@link EdgeCaseScorer#score(io.faultline.common.model.Prediction,
 * EdgeCaseScore)} overwrites. The per-event path only fills its arrays (sized once, for its scorer's checks); the
 * lists and strings below are built when asked for, which a caller does only for events that became edge cases.
 * Holds references to the scored prediction's strings until the next event. Not thread-safe.
 *
 * <p>Checks are numbered: first the profile's feature columns in name order, then the counted pairs in name order.
 */
public final class EdgeCaseScore {
    final EdgeCaseScorer scorer;
    /** Per check: the tail probability. */
    final double[] p;
    /** Per check: the {@link EdgeCaseFinding.Kind} ordinal, or {@link EdgeCaseScorer#NO_KIND}. */
    final byte[] kind;
    /** Per column: whether the event carried the feature (with a value or null). */
    final boolean[] present;
    /** Per column: the event's number, NaN for none. */
    final double[] number;
    /** Per column: the event's string, null for none. */
    final String[] text;
    /** Per column: the value's raw code for pair counts. */
    final int[] raw;
    /** Per pair: the combination's reference support, -1 unless weighed. */
    final long[] support;
    /** Per pair: the support independence predicts, NaN unless weighed. */
    final double[] expected;
    /** Column indexes of the event's numeric, categorical and missing feature names: the scorer's lookups. */
    final FeatureIndexCache numericColumns;
    final FeatureIndexCache categoricalColumns;
    final FeatureIndexCache missingColumns;
    double anomalyScore;
    int modes;

    EdgeCaseScore(EdgeCaseScorer scorer, int columns, int pairs) {
        this.scorer = scorer;
        this.p = new double[columns + pairs];
        this.kind = new byte[columns + pairs];
        this.present = new boolean[columns];
        this.number = new double[columns];
        this.text = new String[columns];
        this.raw = new int[columns];
        this.support = new long[pairs];
        this.expected = new double[pairs];
        FeatureColumns featureColumns = scorer.columns();
        this.numericColumns = new FeatureIndexCache(featureColumns::indexOfFeature);
        this.categoricalColumns = new FeatureIndexCache(featureColumns::indexOfFeature);
        this.missingColumns = new FeatureIndexCache(featureColumns::indexOfFeature);
    }

    /**
     * {@code 1 − min(1, d·min_t p_t)} in [0, 1]: 0 for an event the reference finds unremarkable, 1 for an event with
     * a value the reference never had (out of range, unseen, missing where it never was, a combination ruled out).
     */
    public double anomalyScore() {
        return anomalyScore;
    }

    /** {@code d}, the number of checks behind {@link #anomalyScore()}. */
    public int checkCount() {
        return p.length;
    }

    /** True when some mode fires: the event becomes catalog rows. */
    public boolean isEdgeCase() {
        return modes != 0;
    }

    public boolean fires(EdgeCaseMode mode) {
        return (modes & mode.bit()) != 0;
    }

    /** The modes that fire, in declaration order. */
    public List<EdgeCaseMode> modes() {
        List<EdgeCaseMode> list = new ArrayList<>();
        for (EdgeCaseMode mode : EdgeCaseMode.values()) {
            if (fires(mode)) {
                list.add(mode);
            }
        }
        return list;
    }

    /** The offending checks of {@code mode}, most improbable first (ties in check order); empty unless it fires. */
    public List<EdgeCaseFinding> findings(EdgeCaseMode mode) {
        List<EdgeCaseFinding> list = new ArrayList<>();
        for (int t = 0; t < p.length; t++) {
            if (kind[t] != EdgeCaseScorer.NO_KIND && EdgeCaseFinding.Kind.of(kind[t]).mode() == mode
                    && scorer.offending(p[t])) {
                list.add(finding(t));
            }
        }
        list.sort(Comparator.comparingDouble(EdgeCaseFinding::tailProbability));
        return list;
    }

    /**
     * The checks that lift {@link #anomalyScore()} (contribution above 0), most improbable first, ties in check
     * order, at most {@code top-contributors} of them; the first one's contribution is the anomaly score.
     */
    public List<EdgeCaseFinding> topContributors() {
        List<EdgeCaseFinding> list = new ArrayList<>();
        for (int t = 0; t < p.length; t++) {
            if (kind[t] != EdgeCaseScorer.NO_KIND && scorer.contribution(p[t]) > 0) {
                list.add(finding(t));
            }
        }
        list.sort(Comparator.comparingDouble(EdgeCaseFinding::tailProbability));
        int k = scorer.settings().topContributors();
        return list.size() <= k ? list : new ArrayList<>(list.subList(0, k));
    }

    /** The tail probability of a profile column's check (e.g. {@code features.amount}); NaN if not a feature column. */
    public double tailProbability(String column) {
        int c = scorer.columns().indexOfColumn(column);
        return c < 0 ? Double.NaN : p[c];
    }

    /** The tail probability of a counted pair's check; NaN if the pair is not counted. */
    public double tailProbability(ColumnPair pair) {
        int j = scorer.pairIndex(pair);
        return j < 0 ? Double.NaN : p[scorer.columns().size() + j];
    }

    /** What the check of a profile column found, or null if it weighed nothing (or is not a feature column). */
    public EdgeCaseFinding finding(String column) {
        int c = scorer.columns().indexOfColumn(column);
        return c < 0 || kind[c] == EdgeCaseScorer.NO_KIND ? null : finding(c);
    }

    /** What the check of a counted pair found, or null if it weighed nothing. */
    public EdgeCaseFinding finding(ColumnPair pair) {
        int j = scorer.pairIndex(pair);
        int t = scorer.columns().size() + j;
        return j < 0 || kind[t] == EdgeCaseScorer.NO_KIND ? null : finding(t);
    }

    private EdgeCaseFinding finding(int t) {
        EdgeCaseFinding.Kind k = EdgeCaseFinding.Kind.of(kind[t]);
        double contribution = scorer.contribution(p[t]);
        FeatureColumns columns = scorer.columns();
        int n = columns.size();
        if (t < n) {
            return new EdgeCaseFinding(k, columns.column(t), value(t), null, null, p[t], contribution);
        }
        int j = t - n;
        int a = scorer.pairFirst(j);
        int b = scorer.pairSecond(j);
        return new EdgeCaseFinding(k, columns.column(a), value(a), columns.column(b), value(b), p[t], contribution);
    }

    /** The event's value of a column as text: the string, {@link Double#toString(double)}, or null when missing. */
    private String value(int c) {
        if (!present[c] || kind[c] == EdgeCaseFinding.Kind.MISSING.ordinal()) {
            return null;
        }
        return text[c] != null ? text[c] : Double.toString(number[c]);
    }

    /**
     * One sentence per mode for the catalog's {@code evidence}: the anomaly score against its threshold, then each
     * offending check, e.g. {@code anomaly_score 1.00 > 0.99: features.amount 7300 above the reference max 5000}.
     * Null when the mode does not fire.
     */
    public String evidence(EdgeCaseMode mode) {
        if (!fires(mode)) {
            return null;
        }
        String[] score = Evidence.pair(anomalyScore, scorer.settings().anomalyScoreThreshold(), 2);
        StringBuilder sb = new StringBuilder("anomaly_score ").append(score[0]).append(" > ").append(score[1])
                .append(':');
        String separator = " ";
        for (EdgeCaseFinding f : findings(mode)) {
            sb.append(separator);
            describe(sb, f);
            separator = "; ";
        }
        return sb.toString();
    }

    private void describe(StringBuilder sb, EdgeCaseFinding f) {
        FeatureColumns columns = scorer.columns();
        int c = columns.indexOfColumn(f.column());
        sb.append(f.column());
        switch (f.kind()) {
            case BELOW_RANGE -> {
                String[] v = Evidence.pair(number[c], scorer.tail(c).min(), 0);
                sb.append(' ').append(v[0]).append(" below the reference min ").append(v[1]);
            }
            case ABOVE_RANGE -> {
                String[] v = Evidence.pair(number[c], scorer.tail(c).max(), 0);
                sb.append(' ').append(v[0]).append(" above the reference max ").append(v[1]);
            }
            case NON_FINITE -> sb.append(' ').append(f.value()).append(" is not a finite number");
            case LOWER_TAIL, UPPER_TAIL -> {
                sb.append(' ').append(Evidence.pair(number[c], number[c], 0)[0]).append(" in the ")
                        .append(f.kind() == EdgeCaseFinding.Kind.LOWER_TAIL ? "lower" : "upper")
                        .append(" tail of the reference");
                appendProbability(sb, f.tailProbability());
            }
            case RARE_CATEGORY -> {
                sb.append(' ').append(Evidence.quote(f.value())).append(" rare in the reference");
                appendProbability(sb, f.tailProbability());
            }
            case UNSEEN_CATEGORY ->
                    sb.append(' ').append(Evidence.quote(f.value())).append(" never seen in the reference");
            case MISSING, ABSENT -> {
                sb.append(f.kind() == EdgeCaseFinding.Kind.MISSING ? " is null" : " is absent");
                if (f.tailProbability() == 0) {
                    sb.append(", never missing in the reference");
                } else {
                    String[] v = probabilities(f.tailProbability(), scorer.effectiveTailProbability());
                    sb.append(", missing in a share ").append(v[0]).append(" < ").append(v[1])
                            .append(" of the reference");
                }
            }
            case RARE_COMBINATION -> {
                int j = scorer.pairIndex(new ColumnPair(f.column(), f.pairedColumn()));
                sb.append(' ').append(shown(c, f.value())).append(" with ").append(f.pairedColumn()).append(' ')
                        .append(shown(columns.indexOfColumn(f.pairedColumn()), f.pairedValue()))
                        .append(": support ").append(support[j]).append(" < ")
                        .append(scorer.settings().rareCombinationMinSupport()).append(" in the reference, ")
                        .append(Evidence.pair(expected[j], expected[j], 1)[0]).append(" expected if independent");
                appendProbability(sb, f.tailProbability());
            }
            default -> throw new IllegalStateException("no evidence for " + f.kind());
        }
    }

    private String shown(int column, String value) {
        return text[column] != null ? Evidence.quote(value) : value;
    }

    private void appendProbability(StringBuilder sb, double probability) {
        String[] v = probabilities(probability, scorer.effectiveTailProbability());
        sb.append(" (p ").append(v[0]).append(" < ").append(v[1]).append(')');
    }

    /**
     * Two probabilities for a comparison: two significant digits each (plain decimals, locale-free), more when two
     * different values would still print the same.
     */
    static String[] probabilities(double a, double b) {
        for (int digits = 2; ; digits++) {
            String x = significant(a, digits);
            String y = significant(b, digits);
            if (a == b || !x.equals(y) || digits >= 17) {
                return new String[] {x, y};
            }
        }
    }

    private static String significant(double value, int digits) {
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_UP)).stripTrailingZeros()
                .toPlainString();
    }
}
