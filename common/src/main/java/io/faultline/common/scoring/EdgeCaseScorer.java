package io.faultline.common.scoring;

import io.faultline.common.model.FeatureIndexCache;
import io.faultline.common.model.Prediction;
import io.faultline.common.stats.CategoricalReference;
import io.faultline.common.stats.ColumnReference;
import io.faultline.common.stats.NumericReference;
import io.faultline.common.stats.ReferenceProfile;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Scores single events against the reference profile of their model version: how improbable each feature value,
 * missing feature and feature pair is under the reference, one combined {@code anomaly_score} in [0, 1], and which
 * {@link EdgeCaseMode}s the event raises. The formulas, thresholds and their rationale are in
 * {@code docs/scoring.md}; in short:
 *
 * <ul>
 *   <li>every feature column of the profile is one check per event: its value's tail probability
 *       ({@link NumericTail}: two-sided, from the reference's sketch buckets, 0 outside {@code [min, max]}; for a
 *       category, the reference share of values no more frequent than it; 0 for an unseen value), or, when the event
 *       lacks it (null or absent), the reference share of events that lacked it;
 *   <li>every counted pair of a {@link CombinationReference} is one check: when the two values' combination has
 *       support {@code s} below {@code rare-combination-min-support} although both values have at least that
 *       support, its probability is the Poisson lower tail {@code P(X ≤ s)} with the mean {@code E = n_a·n_b/N} that
 *       independence predicts; otherwise 1;
 *   <li>{@code anomaly_score = 1 − min(1, d·min_t p_t)} over the {@code d} checks (Bonferroni): under the
 *       reference, {@code P(anomaly_score > 1 − a) ≤ a} whatever the dependence between features;
 *   <li>a check is offending when {@code p < tail-probability} and its own contribution
 *       {@code 1 − min(1, d·p)} exceeds {@code anomaly-score-threshold}; a mode fires when one of its checks is.
 * </ul>
 *
 * <p>Build one per reference profile: every lookup (column index by feature name, cumulative bucket counts,
 * category probabilities, pair tables) is prepared here, and each score buffer remembers the column indexes of the
 * feature-name arrays it has seen ({@link FeatureIndexCache}). {@link #score(Prediction, EdgeCaseScore)} writes into a
 * reusable {@link EdgeCaseScore} sized for this scorer and allocates nothing once the buffer knows the event's feature
 * layout; the scorer itself is immutable and
 * thread-safe (give each thread its own score buffer). Serializable: it ships the profile, the combination counts
 * and the settings, and rebuilds the lookups on arrival.
 */
public final class EdgeCaseScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@link EdgeCaseScore#kind} of a check that found nothing to weigh (its probability is 1). */
    static final byte NO_KIND = -1;

    private final ReferenceProfile profile;
    private final CombinationReference combinations;
    private final ScoringSettings settings;
    private transient Lookups lookups;

    private EdgeCaseScorer(ReferenceProfile profile, CombinationReference combinations, ScoringSettings settings) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.combinations = Objects.requireNonNull(combinations, "combinations");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lookups = new Lookups(profile, combinations, settings);
    }

    /** A scorer without rare-combination checks. */
    public static EdgeCaseScorer of(ReferenceProfile profile, ScoringSettings settings) {
        return new EdgeCaseScorer(profile, CombinationReference.empty(profile.referenceId()), settings);
    }

    /**
     * @throws IllegalArgumentException if the combination counts were built against another profile, or name
     *     columns, kinds or codes the profile does not have
     */
    public static EdgeCaseScorer of(ReferenceProfile profile, CombinationReference combinations,
            ScoringSettings settings) {
        return new EdgeCaseScorer(profile, combinations, settings);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        lookups = new Lookups(profile, combinations, settings);
    }

    public ReferenceProfile profile() {
        return profile;
    }

    public CombinationReference combinations() {
        return combinations;
    }

    public ScoringSettings settings() {
        return settings;
    }

    /** {@code d}: one check per feature column of the profile plus one per counted pair; the same for every event. */
    public int checkCount() {
        return lookups.checks;
    }

    /** A result buffer for this scorer, to reuse for every event (one per thread). */
    public EdgeCaseScore newScore() {
        return new EdgeCaseScore(this, lookups.columns.size(), lookups.pairs.length);
    }

    /** Scores one event into a new buffer; prefer {@link #score(Prediction, EdgeCaseScore)} on a hot path. */
    public EdgeCaseScore score(Prediction prediction) {
        return score(prediction, newScore());
    }

    /**
     * Scores one event into {@code into}, overwriting what it held, and returns it. Allocates nothing, except the
     * first time {@code into} sees a feature-name layout ({@link FeatureIndexCache}).
     *
     * @param into a buffer from this scorer's {@link #newScore()}
     * @throws IllegalArgumentException if {@code into} belongs to another scorer
     */
    public EdgeCaseScore score(Prediction prediction, EdgeCaseScore into) {
        if (into.scorer != this) {
            throw new IllegalArgumentException("the score buffer belongs to another scorer; use newScore()");
        }
        Lookups l = lookups;
        int n = l.columns.size();
        Arrays.fill(into.p, 1.0);
        Arrays.fill(into.kind, NO_KIND);
        Arrays.fill(into.present, false);
        Arrays.fill(into.raw, FeatureColumns.NONE);
        Arrays.fill(into.text, null);
        Arrays.fill(into.number, Double.NaN);

        String[] names = prediction.numericFeatureNames;
        if (names != null) {
            double[] values = prediction.numericFeatureValues;
            int[] columns = into.numericColumns.indexesOf(names);
            for (int f = 0; f < names.length; f++) {
                int c = columns[f];
                if (c >= 0) {
                    into.present[c] = true;
                    scoreNumeric(l, c, values[f], into);
                }
            }
        }
        names = prediction.categoricalFeatureNames;
        if (names != null) {
            String[] values = prediction.categoricalFeatureValues;
            int[] columns = into.categoricalColumns.indexesOf(names);
            for (int f = 0; f < names.length; f++) {
                int c = columns[f];
                if (c >= 0) {
                    into.present[c] = true;
                    if (values[f] == null) {
                        into.kind[c] = (byte) EdgeCaseFinding.Kind.MISSING.ordinal();
                        into.p[c] = l.missingP[c];
                    } else {
                        scoreCategorical(l, c, values[f], into);
                    }
                }
            }
        }
        names = prediction.missingFeatures;
        if (names != null) {
            for (int c : into.missingColumns.indexesOf(names)) {
                if (c >= 0) {
                    into.present[c] = true;
                    into.kind[c] = (byte) EdgeCaseFinding.Kind.MISSING.ordinal();
                    into.p[c] = l.missingP[c];
                }
            }
        }
        for (int c = 0; c < n; c++) {
            if (!into.present[c]) {
                into.kind[c] = (byte) EdgeCaseFinding.Kind.ABSENT.ordinal();
                into.p[c] = l.missingP[c];
            }
        }
        for (int j = 0; j < l.pairs.length; j++) {
            scorePair(l, j, n + j, into);
        }

        double minP = 1.0;
        int modes = 0;
        for (int t = 0; t < l.checks; t++) {
            double p = into.p[t];
            if (p < minP) {
                minP = p;
            }
            if (into.kind[t] != NO_KIND && offending(p)) {
                modes |= EdgeCaseFinding.Kind.of(into.kind[t]).mode().bit();
            }
        }
        into.anomalyScore = l.checks == 0 ? 0.0 : contribution(minP);
        into.modes = modes;
        return into;
    }

    private static void scoreNumeric(Lookups l, int c, double x, EdgeCaseScore into) {
        into.number[c] = x;
        NumericTail tail = l.tails[c];
        if (tail == null || tail.count() == 0) {
            // A number in a categorical column, or a column the reference only saw as null: a schema change that
            // window statistics report (kind mismatch), not a value this reference can weigh.
            return;
        }
        EdgeCaseFinding.Kind kind;
        double p = 0.0;
        if (!Double.isFinite(x)) {
            kind = EdgeCaseFinding.Kind.NON_FINITE;
        } else if (x < tail.min()) {
            kind = EdgeCaseFinding.Kind.BELOW_RANGE;
        } else if (x > tail.max()) {
            kind = EdgeCaseFinding.Kind.ABOVE_RANGE;
        } else {
            int bucket = tail.bucket(x);
            long below = tail.atOrBelow(bucket);
            long above = tail.atOrAbove(bucket, x);
            p = Math.min(1.0, 2.0 * Math.min(below, above) / tail.count());
            kind = below <= above ? EdgeCaseFinding.Kind.LOWER_TAIL : EdgeCaseFinding.Kind.UPPER_TAIL;
        }
        into.kind[c] = (byte) kind.ordinal();
        into.p[c] = p;
        if (l.edges[c] != null) {
            into.raw[c] = FeatureColumns.numericCode(l.edges[c], x);
        }
    }

    private static void scoreCategorical(Lookups l, int c, String value, EdgeCaseScore into) {
        into.text[c] = value;
        CategoricalReference reference = l.categorical[c];
        if (reference == null) {
            // A string in a numeric column: a schema change (see scoreNumeric).
            return;
        }
        int code = reference.classify(value);
        if (code >= 0) {
            into.kind[c] = (byte) EdgeCaseFinding.Kind.RARE_CATEGORY.ordinal();
            into.p[c] = l.categoryP[c][code];
            into.raw[c] = code;
        } else if (code == CategoricalReference.OTHER) {
            into.kind[c] = (byte) EdgeCaseFinding.Kind.RARE_CATEGORY.ordinal();
            into.p[c] = l.otherP[c];
            into.raw[c] = FeatureColumns.OTHER;
        } else {
            into.kind[c] = (byte) EdgeCaseFinding.Kind.UNSEEN_CATEGORY.ordinal();
            into.p[c] = 0.0;
        }
    }

    private void scorePair(Lookups l, int j, int t, EdgeCaseScore into) {
        CombinationReference.Pair pair = l.pairs[j];
        into.support[j] = -1;
        into.expected[j] = Double.NaN;
        int a = FeatureColumns.fold(into.raw[l.pairFirst[j]], pair.firstCodes(), l.pairFirstCategorical[j]);
        int b = FeatureColumns.fold(into.raw[l.pairSecond[j]], pair.secondCodes(), l.pairSecondCategorical[j]);
        if (a < 0 || b < 0) {
            return;
        }
        long minSupport = settings.rareCombinationMinSupport();
        long support = pair.support(a, b);
        long na = pair.firstMarginal(a);
        long nb = pair.secondMarginal(b);
        if (support >= minSupport || na < minSupport || nb < minSupport) {
            // Common enough together, or rare already on its own (which the value's own check weighs).
            return;
        }
        double expected = (double) na * nb / pair.total();
        into.support[j] = support;
        into.expected[j] = expected;
        into.kind[t] = (byte) EdgeCaseFinding.Kind.RARE_COMBINATION.ordinal();
        into.p[t] = poissonAtMost(support, expected);
    }

    /**
     * {@code P(X ≤ s)} for {@code X ~ Poisson(mean)}, summed term by term in log space ({@code s} is below the minimum
     * support, at most {@value ScoringSettings#MAX_MIN_SUPPORT}); {@code StrictMath}, so every platform agrees.
     */
    static double poissonAtMost(long s, double mean) {
        double logMean = StrictMath.log(mean);
        double logTerm = -mean;
        double sum = StrictMath.exp(logTerm);
        for (long k = 1; k <= s; k++) {
            logTerm += logMean - StrictMath.log(k);
            sum += StrictMath.exp(logTerm);
        }
        return Math.min(1.0, sum);
    }

    /** {@code 1 − min(1, d·p)}: the anomaly score one check with tail probability {@code p} gives. */
    double contribution(double p) {
        return 1.0 - Math.min(1.0, lookups.checks * p);
    }

    /** Below the tail threshold and, on its own, above the anomaly-score threshold. */
    boolean offending(double p) {
        return p < settings.tailProbability() && contribution(p) > settings.anomalyScoreThreshold();
    }

    /** The effective per-check threshold {@code min(tail-probability, (1 − anomaly-score-threshold)/d)}. */
    double effectiveTailProbability() {
        double byScore = (1.0 - settings.anomalyScoreThreshold()) / Math.max(1, lookups.checks);
        return Math.min(settings.tailProbability(), byScore);
    }

    FeatureColumns columns() {
        return lookups.columns;
    }

    NumericTail tail(int column) {
        return lookups.tails[column];
    }

    CombinationReference.Pair pair(int j) {
        return lookups.pairs[j];
    }

    int pairFirst(int j) {
        return lookups.pairFirst[j];
    }

    int pairSecond(int j) {
        return lookups.pairSecond[j];
    }

    int pairIndex(ColumnPair columns) {
        for (int j = 0; j < lookups.pairs.length; j++) {
            if (lookups.pairs[j].columns().equals(columns)) {
                return j;
            }
        }
        return -1;
    }

    /** Everything derived from the profile and the combination counts, built once. */
    private static final class Lookups {
        final FeatureColumns columns;
        /** Per column: the numeric tail, or null for a categorical column. */
        final NumericTail[] tails;
        /** Per numeric column that is part of a pair: its quantile bin edges, else null. */
        final double[][] edges;
        /** Per column: the categorical reference, or null for a numeric column. */
        final CategoricalReference[] categorical;
        /** Per categorical column and category: the reference share of values no more frequent than it. */
        final double[][] categoryP;
        /** Per categorical column: the reference share of {@code other}. */
        final double[] otherP;
        /** Per column: the reference share of events without a value. */
        final double[] missingP;
        final CombinationReference.Pair[] pairs;
        final int[] pairFirst;
        final int[] pairSecond;
        final boolean[] pairFirstCategorical;
        final boolean[] pairSecondCategorical;
        final int checks;

        Lookups(ReferenceProfile profile, CombinationReference combinations, ScoringSettings settings) {
            if (!combinations.referenceId().equals(profile.referenceId())) {
                throw new IllegalArgumentException("combination counts of " + combinations.referenceId()
                        + " cannot score against " + profile.referenceId());
            }
            columns = FeatureColumns.of(profile);
            int n = columns.size();
            tails = new NumericTail[n];
            edges = new double[n][];
            categorical = new CategoricalReference[n];
            categoryP = new double[n][];
            otherP = new double[n];
            missingP = new double[n];
            long events = columns.referenceEvents();
            for (int c = 0; c < n; c++) {
                ColumnReference reference = columns.reference(c);
                if (reference instanceof NumericReference) {
                    tails[c] = NumericTail.of((NumericReference) reference);
                } else {
                    CategoricalReference r = (CategoricalReference) reference;
                    categorical[c] = r;
                    categoryP[c] = categoryProbabilities(r);
                    otherP[c] = r.count() == 0 ? 0.0 : (double) r.otherCount() / r.count();
                }
                long withValue = reference.numericCount() + reference.categoricalCount();
                missingP[c] = events == 0 ? 1.0 : (double) (events - withValue) / events;
            }
            List<CombinationReference.Pair> list = combinations.pairs();
            pairs = list.toArray(new CombinationReference.Pair[0]);
            pairFirst = new int[pairs.length];
            pairSecond = new int[pairs.length];
            pairFirstCategorical = new boolean[pairs.length];
            pairSecondCategorical = new boolean[pairs.length];
            for (int j = 0; j < pairs.length; j++) {
                String mismatch = CombinationReference.Layout.mismatch(columns, pairs[j]);
                if (mismatch != null) {
                    throw new IllegalArgumentException(mismatch);
                }
                pairFirst[j] = columns.indexOfColumn(pairs[j].columns().first());
                pairSecond[j] = columns.indexOfColumn(pairs[j].columns().second());
                pairFirstCategorical[j] = categorical[pairFirst[j]] != null;
                pairSecondCategorical[j] = categorical[pairSecond[j]] != null;
                for (int c : new int[] {pairFirst[j], pairSecond[j]}) {
                    if (tails[c] != null && edges[c] == null) {
                        edges[c] = ((NumericReference) columns.reference(c)).edges();
                    }
                }
            }
            checks = n + pairs.length;
        }

        /**
         * For each category {@code i}: {@code (Σ_{j: n_j ≤ n_i} n_j + other) / N}, the reference share of values at
         * most as frequent as it. The values in {@code other} are outside the most frequent categories, so each is
         * at most as frequent as any category and always counts.
         */
        private static double[] categoryProbabilities(CategoricalReference r) {
            long[] counts = r.categoryCounts();
            long total = r.count();
            long[] sorted = counts.clone();
            Arrays.sort(sorted);
            long[] cumulative = new long[sorted.length];
            long sum = 0;
            for (int i = 0; i < sorted.length; i++) {
                sum += sorted[i];
                cumulative[i] = sum;
            }
            double[] p = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                // The last position holding a count <= counts[i].
                int hi = upperBound(sorted, counts[i]) - 1;
                long atMost = (hi < 0 ? 0 : cumulative[hi]) + r.otherCount();
                p[i] = total == 0 ? 0.0 : Math.min(1.0, (double) atMost / total);
            }
            return p;
        }

        private static int upperBound(long[] sorted, long value) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] <= value) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
