package io.faultline.common.scoring;

import static io.faultline.common.scoring.TestingEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.faultline.common.drift.WindowStatistics;
import io.faultline.common.model.Prediction;
import io.faultline.common.stats.LogBucketQuantileSketch;
import io.faultline.common.stats.NumericReference;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.common.stats.WindowProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EdgeCaseScorerTest {
    private static final ScoringSettings DEFAULTS = ScoringSettings.defaults();

    /** x: 1, 1, 2, 2, 2, 4, 8, 8, 16, 32 (powers of two start sketch buckets, so each value has a bucket of its own). */
    private static ReferenceProfile powersOfTwo() {
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        for (double v : new double[] {1, 1, 2, 2, 2, 4, 8, 8, 16, 32}) {
            builder.add(event("x", v));
        }
        return builder.build();
    }

    private static double p(EdgeCaseScorer scorer, String column, Prediction event) {
        return scorer.score(event).tailProbability(column);
    }

    private static EdgeCaseFinding.Kind kind(EdgeCaseScorer scorer, String column, Prediction event) {
        EdgeCaseFinding finding = scorer.score(event).finding(column);
        return finding == null ? null : finding.kind();
    }

    @Test
    void numericTailProbabilitiesFromTheReferenceBucketsByHand() {
        ReferenceProfile profile = powersOfTwo();
        NumericReference x = (NumericReference) profile.column("x").get();
        List<LogBucketQuantileSketch.Bucket> buckets = x.sketchBuckets();
        assertThat(buckets).extracting(LogBucketQuantileSketch.Bucket::lowerInclusive)
                .containsExactly(1.0, 2.0, 4.0, 8.0, 16.0, 32.0);
        assertThat(buckets).extracting(LogBucketQuantileSketch.Bucket::count).containsExactly(2L, 3L, 1L, 2L, 1L, 1L);
        EdgeCaseScorer scorer = EdgeCaseScorer.of(profile, DEFAULTS);

        // p = min(1, 2·min(L, U)/n), L = values at or below the value's bucket, U = at or above, n = 10.
        assertThat(p(scorer, "x", event("x", 4.0))).isEqualTo(1.0); // L = 6, U = 5
        assertThat(p(scorer, "x", event("x", 16.0))).isEqualTo(0.4); // L = 9, U = 2
        assertThat(p(scorer, "x", event("x", 32.0))).isEqualTo(0.2); // the maximum: L = 10, U = 1
        assertThat(p(scorer, "x", event("x", 1.0))).isEqualTo(0.4); // the minimum: L = 2, U = 10
        assertThat(p(scorer, "x", event("x", 1.01))).isEqualTo(0.4); // same bucket [1, 2^(1/35)) as the 1s: a tie
        assertThat(p(scorer, "x", event("x", 3.0))).isEqualTo(1.0); // between buckets: L = 5, U = 5
        assertThat(p(scorer, "x", event("x", 20.0))).isEqualTo(0.2); // between 16 and 32: L = 9, U = 1
        assertThat(kind(scorer, "x", event("x", 16.0))).isEqualTo(EdgeCaseFinding.Kind.UPPER_TAIL);
        assertThat(kind(scorer, "x", event("x", 1.0))).isEqualTo(EdgeCaseFinding.Kind.LOWER_TAIL);
    }

    @Test
    void aValueOnABinEdgeBelongsToTheBinTheEdgeOpens() {
        ReferenceProfile profile = powersOfTwo();
        double[] edges = ((NumericReference) profile.column("x").get()).edges();
        // Lower end of the minimum's bucket, then the upper ends of the buckets of 1, 2, 4, 8, 16 and 32.
        assertThat(edges).hasSize(7);
        assertThat(edges[0]).isEqualTo(1.0);
        EdgeCaseScorer scorer = EdgeCaseScorer.of(profile, DEFAULTS);

        assertThat(p(scorer, "x", event("x", edges[0]))).isEqualTo(0.4);
        // edges[4] ends the bucket of the 8s (right-exclusive): the edge itself lies after it, just below it in it.
        assertThat(p(scorer, "x", event("x", edges[4]))).isEqualTo(0.4); // L = 8, U = 2
        assertThat(p(scorer, "x", event("x", Math.nextDown(edges[4])))).isEqualTo(0.8); // L = 8, U = 4
        // The last edge ends the maximum's bucket, so it is above the maximum.
        assertThat(edges[6]).isGreaterThan(32.0);
        assertThat(p(scorer, "x", event("x", edges[6]))).isZero();
        assertThat(kind(scorer, "x", event("x", edges[6]))).isEqualTo(EdgeCaseFinding.Kind.ABOVE_RANGE);
    }

    @Test
    void valuesOutsideTheRangeAndNonFiniteValuesHaveTailProbabilityZero() {
        EdgeCaseScorer scorer = EdgeCaseScorer.of(powersOfTwo(), DEFAULTS);
        assertThat(p(scorer, "x", event("x", 0.5))).isZero();
        assertThat(kind(scorer, "x", event("x", 0.5))).isEqualTo(EdgeCaseFinding.Kind.BELOW_RANGE);
        assertThat(p(scorer, "x", event("x", Math.nextUp(32.0)))).isZero();
        assertThat(kind(scorer, "x", event("x", 33.0))).isEqualTo(EdgeCaseFinding.Kind.ABOVE_RANGE);
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            EdgeCaseScore score = scorer.score(event("x", v));
            assertThat(score.tailProbability("x")).as("%s", v).isZero();
            assertThat(score.finding("x").kind()).isEqualTo(EdgeCaseFinding.Kind.NON_FINITE);
            assertThat(score.anomalyScore()).isEqualTo(1.0);
            assertThat(score.modes()).containsExactly(EdgeCaseMode.OUT_OF_DISTRIBUTION);
        }
    }

    @Test
    void aConstantColumnAcceptsOnlyItsConstant() {
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        for (int i = 0; i < 20; i++) {
            builder.add(event("x", 5.0));
        }
        EdgeCaseScorer scorer = EdgeCaseScorer.of(builder.build(), DEFAULTS);
        assertThat(p(scorer, "x", event("x", 5.0))).isEqualTo(1.0);
        assertThat(scorer.score(event("x", 5.0)).anomalyScore()).isZero();
        // Within the constant's bucket but outside [min, max]: the range rule comes first.
        assertThat(p(scorer, "x", event("x", Math.nextUp(5.0)))).isZero();
        assertThat(kind(scorer, "x", event("x", Math.nextDown(5.0)))).isEqualTo(EdgeCaseFinding.Kind.BELOW_RANGE);
    }

    @Test
    void categoricalTailIsTheShareOfValuesNoMoreFrequentAndUnseenIsZero() {
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        addCategories(builder);
        EdgeCaseScorer scorer = EdgeCaseScorer.of(builder.build(), DEFAULTS);
        assertThat(p(scorer, "c", event("c", "A"))).isEqualTo(1.0); // (6 + 3 + 1) / 10
        assertThat(p(scorer, "c", event("c", "B"))).isEqualTo(0.4); // (3 + 1) / 10
        assertThat(p(scorer, "c", event("c", "C"))).isEqualTo(0.1);
        assertThat(kind(scorer, "c", event("c", "C"))).isEqualTo(EdgeCaseFinding.Kind.RARE_CATEGORY);
        EdgeCaseScore unseen = scorer.score(event("c", "D"));
        assertThat(unseen.tailProbability("c")).isZero();
        assertThat(unseen.finding("c").kind()).isEqualTo(EdgeCaseFinding.Kind.UNSEEN_CATEGORY);
        assertThat(unseen.modes()).containsExactly(EdgeCaseMode.UNSEEN_CATEGORY);
        assertThat(unseen.evidence(EdgeCaseMode.UNSEEN_CATEGORY))
                .isEqualTo("anomaly_score 1.00 > 0.99: c \"D\" never seen in the reference");
    }

    private static void addCategories(ReferenceProfile.Builder builder) {
        for (int i = 0; i < 6; i++) {
            builder.add(event("c", "A"));
        }
        for (int i = 0; i < 3; i++) {
            builder.add(event("c", "B"));
        }
        builder.add(event("c", "C"));
    }

    @Test
    void otherIsNotUnseenAndAReferenceThatCannotNameItsValuesNeverCallsAValueUnseen() {
        ReferenceProfile.Builder twoCategories = ReferenceProfile.builder("m", "1", "test").maxCategories(2);
        addCategories(twoCategories);
        EdgeCaseScorer scorer = EdgeCaseScorer.of(twoCategories.build(), DEFAULTS);
        assertThat(p(scorer, "c", event("c", "C"))).isEqualTo(0.1); // other: its share
        assertThat(p(scorer, "c", event("c", "B"))).isEqualTo(0.4); // (3 + other 1) / 10
        assertThat(kind(scorer, "c", event("c", "D"))).isEqualTo(EdgeCaseFinding.Kind.UNSEEN_CATEGORY);

        ReferenceProfile.Builder forgetful = ReferenceProfile.builder("m", "1", "test").maxCategories(2)
                .maxKnownValues(0);
        addCategories(forgetful);
        EdgeCaseScorer blind = EdgeCaseScorer.of(forgetful.build(), DEFAULTS);
        EdgeCaseScore score = blind.score(event("c", "D"));
        assertThat(score.finding("c").kind()).isEqualTo(EdgeCaseFinding.Kind.RARE_CATEGORY);
        assertThat(score.tailProbability("c")).isEqualTo(0.1);
        assertThat(score.isEdgeCase()).isFalse();
    }

    /** 10 events: x always present with a value; y null once. */
    private static ReferenceProfile xAlwaysYSometimesMissing() {
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        for (int i = 0; i < 10; i++) {
            builder.add(event("x", (double) i, "y", i == 0 ? null : "v"));
        }
        return builder.build();
    }

    @Test
    void aMissingFeatureFiresWhenTheReferenceNeverLackedIt() {
        EdgeCaseScorer scorer = EdgeCaseScorer.of(xAlwaysYSometimesMissing(), DEFAULTS);

        EdgeCaseScore nullX = scorer.score(event("x", null, "y", "v"));
        assertThat(nullX.tailProbability("x")).isZero();
        assertThat(nullX.finding("x").kind()).isEqualTo(EdgeCaseFinding.Kind.MISSING);
        assertThat(nullX.finding("x").value()).isNull();
        assertThat(nullX.modes()).containsExactly(EdgeCaseMode.MISSING_FEATURE);
        assertThat(nullX.evidence(EdgeCaseMode.MISSING_FEATURE))
                .isEqualTo("anomaly_score 1.00 > 0.99: x is null, never missing in the reference");

        EdgeCaseScore absentX = scorer.score(event("y", "v"));
        assertThat(absentX.finding("x").kind()).isEqualTo(EdgeCaseFinding.Kind.ABSENT);
        assertThat(absentX.findings(EdgeCaseMode.MISSING_FEATURE)).extracting(EdgeCaseFinding::column)
                .containsExactly("x");

        // y was null in 1 of the 10 reference events: missing is unusual but not an edge case.
        EdgeCaseScore nullY = scorer.score(event("x", 4.0, "y", null));
        assertThat(nullY.tailProbability("y")).isEqualTo(0.1);
        assertThat(nullY.finding("y").kind()).isEqualTo(EdgeCaseFinding.Kind.MISSING);
        assertThat(nullY.isEdgeCase()).isFalse();
        assertThat(nullY.evidence(EdgeCaseMode.MISSING_FEATURE)).isNull();
    }

    @Test
    void aFeatureAlmostNeverMissingInTheReferenceFiresWithItsShare() {
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        for (int i = 0; i < 10_000; i++) {
            builder.add(event("y", i == 0 ? null : "v"));
        }
        EdgeCaseScore score = EdgeCaseScorer.of(builder.build(), DEFAULTS).score(event("y", null));
        assertThat(score.tailProbability("y")).isEqualTo(1e-4);
        assertThat(score.anomalyScore()).isCloseTo(1 - 1e-4, within(1e-12));
        assertThat(score.evidence(EdgeCaseMode.MISSING_FEATURE)).isEqualTo(
                "anomaly_score 0.9999 > 0.99: y is null, missing in a share 0.0001 < 0.0027 of the reference");
    }

    @Test
    void theAnomalyScoreIsOneMinusDTimesTheSmallestTailProbability() {
        EdgeCaseScorer one = EdgeCaseScorer.of(powersOfTwo(), DEFAULTS);
        assertThat(one.checkCount()).isEqualTo(1);
        assertThat(one.score(event("x", 16.0)).anomalyScore()).isCloseTo(0.6, within(1e-15));
        assertThat(one.score(event("x", 32.0)).anomalyScore()).isCloseTo(0.8, within(1e-15));
        assertThat(one.score(event("x", 4.0)).anomalyScore()).isZero();
        EdgeCaseScore outside = one.score(event("x", 33.0));
        assertThat(outside.anomalyScore()).isEqualTo(1.0);
        assertThat(outside.evidence(EdgeCaseMode.OUT_OF_DISTRIBUTION))
                .isEqualTo("anomaly_score 1.00 > 0.99: x 33 above the reference max 32");
        assertThat(one.score(event("x", -1.5)).evidence(EdgeCaseMode.OUT_OF_DISTRIBUTION))
                .isEqualTo("anomaly_score 1.00 > 0.99: x -1.5 below the reference min 1");

        // Two checks: d = 2, and the score uses the smaller probability.
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        for (double v : new double[] {1, 1, 2, 2, 2, 4, 8, 8, 16, 32}) {
            builder.add(event("x", v, "c", v < 3 ? "A" : "B"));
        }
        EdgeCaseScorer two = EdgeCaseScorer.of(builder.build(), DEFAULTS);
        assertThat(two.checkCount()).isEqualTo(2);
        EdgeCaseScore score = two.score(event("x", 32.0, "c", "B")); // p_x = 0.2, p_c = (5 + 5)/10 = 1
        assertThat(score.anomalyScore()).isCloseTo(1 - 2 * 0.2, within(1e-15));
        assertThat(score.topContributors()).extracting(EdgeCaseFinding::column).containsExactly("x");
        assertThat(score.topContributors().get(0).contribution()).isEqualTo(score.anomalyScore());
    }

    @Test
    void theAnomalyScoreStaysInZeroOneAndGrowsAsAValueMovesIntoATail() {
        SplittableRandom rng = new SplittableRandom(20261001);
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        String[] colours = {"red", "red", "red", "green", "green", "blue"};
        for (int i = 0; i < 5_000; i++) {
            builder.add(event("amount", 100 + 15 * gaussian(rng), "colour", colours[rng.nextInt(colours.length)],
                    "age", 20 + rng.nextInt(60)));
        }
        ReferenceProfile profile = builder.build();
        EdgeCaseScorer scorer = EdgeCaseScorer.of(profile, DEFAULTS);
        EdgeCaseScore buffer = scorer.newScore();
        for (int i = 0; i < 2_000; i++) {
            Prediction e = event("amount", 100 + 40 * gaussian(rng), "colour",
                    rng.nextInt(20) == 0 ? "purple" : colours[rng.nextInt(colours.length)], "age", rng.nextInt(100));
            double s = scorer.score(e, buffer).anomalyScore();
            assertThat(s).isBetween(0.0, 1.0);
            assertThat(buffer.isEdgeCase()).isEqualTo(!buffer.modes().isEmpty());
            if (buffer.isEdgeCase()) {
                assertThat(s).isGreaterThan(DEFAULTS.anomalyScoreThreshold());
            }
        }
        double median = ((NumericReference) profile.column("amount").get()).quantileSketch().quantile(0.5);
        double previousUp = -1;
        double previousDown = -1;
        for (int step = 0; step <= 400; step++) {
            double up = scorer.score(event("amount", median + step * 0.25, "colour", "red", "age", 50)).anomalyScore();
            double down = scorer.score(event("amount", median - step * 0.25, "colour", "red", "age", 50)).anomalyScore();
            assertThat(up).as("step %d up", step).isGreaterThanOrEqualTo(previousUp);
            assertThat(down).as("step %d down", step).isGreaterThanOrEqualTo(previousDown);
            previousUp = up;
            previousDown = down;
        }
        assertThat(previousUp).isEqualTo(1.0); // 100 above the median is far outside the reference range
        assertThat(previousDown).isEqualTo(1.0);
    }

    @Test
    void eventsDrawnFromTheReferenceRarelyBecomeEdgeCases() {
        SplittableRandom rng = new SplittableRandom(20261002);
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        for (int i = 0; i < 50_000; i++) {
            builder.add(event("a", gaussian(rng), "b", gaussian(rng), "c", StrictMath.exp(gaussian(rng))));
        }
        EdgeCaseScorer scorer = EdgeCaseScorer.of(builder.build(), DEFAULTS);
        EdgeCaseScore buffer = scorer.newScore();
        int edgeCases = 0;
        int events = 20_000;
        for (int i = 0; i < events; i++) {
            if (scorer.score(event("a", gaussian(rng), "b", gaussian(rng), "c", StrictMath.exp(gaussian(rng))), buffer)
                    .isEdgeCase()) {
                edgeCases++;
            }
        }
        // Bonferroni bounds the share by 1 − threshold = 1% (plus the sampling error of a finite reference); with
        // three checks at p < 0.0027 each it is about 3 · 0.0027 = 0.8%.
        assertThat((double) edgeCases / events).isBetween(0.002, 0.012);
    }

    @Test
    void topContributorsAreTheMostImprobableChecksUpToTheLimit() {
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        for (int i = 0; i < 100; i++) {
            builder.add(event("a", (double) i, "b", (double) i, "c", (double) i, "d", (double) i,
                    "e", i < 99 ? "x" : "y"));
        }
        EdgeCaseScorer scorer = EdgeCaseScorer.of(builder.build(), DEFAULTS);
        // a: the median (p 1); b = 2: L = 3 of 100 (0, 1, 2), p 0.06; c = 99: the maximum, alone in its bucket,
        // p 0.02; d: out of range; e: seen once, p 0.01. d = 5 checks.
        EdgeCaseScore score = scorer.score(event("a", 50.0, "b", 2.0, "c", 99.0, "d", 150.0, "e", "y"));
        assertThat(score.tailProbability("b")).isEqualTo(0.06);
        assertThat(score.tailProbability("c")).isEqualTo(0.02);
        assertThat(score.tailProbability("e")).isEqualTo(0.01);
        assertThat(score.topContributors()).extracting(EdgeCaseFinding::column).containsExactly("d", "e", "c");
        assertThat(score.topContributors()).extracting(EdgeCaseFinding::contribution)
                .containsExactly(1.0, 1 - 5 * 0.01, 1 - 5 * 0.02);
        assertThat(score.modes()).containsExactly(EdgeCaseMode.OUT_OF_DISTRIBUTION);
        assertThat(score.findings(EdgeCaseMode.OUT_OF_DISTRIBUTION)).extracting(EdgeCaseFinding::pattern)
                .containsExactly("d:ABOVE_RANGE");

        ScoringSettings five = new ScoringSettings(0.0027, 0.99, 5, 45, 1024, 5, List.of());
        assertThat(EdgeCaseScorer.of(builder.build(), five).score(event("a", 50.0, "b", 2.0, "c", 99.0, "d", 150.0,
                "e", "y")).topContributors()).extracting(EdgeCaseFinding::column).containsExactly("d", "e", "c", "b");
    }

    @Test
    void aTailCheckIsOffendingOnlyBelowBothThresholds() {
        SplittableRandom rng = new SplittableRandom(20261003);
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        for (int i = 0; i < 100_000; i++) {
            builder.add(event("a", gaussian(rng), "b", gaussian(rng)));
        }
        ReferenceProfile profile = builder.build();
        EdgeCaseScorer scorer = EdgeCaseScorer.of(profile, DEFAULTS);
        // d = 2: the effective threshold is min(0.0027, 0.01 / 2) = 0.0027.
        EdgeCaseScore far = scorer.score(event("a", 3.6, "b", 0.0));
        assertThat(far.tailProbability("a")).isBetween(0.0001, 0.0027);
        assertThat(far.modes()).containsExactly(EdgeCaseMode.OUT_OF_DISTRIBUTION);
        assertThat(far.findings(EdgeCaseMode.OUT_OF_DISTRIBUTION).get(0).kind())
                .isEqualTo(EdgeCaseFinding.Kind.UPPER_TAIL);
        assertThat(far.evidence(EdgeCaseMode.OUT_OF_DISTRIBUTION)).isEqualTo(
                "anomaly_score 0.9991 > 0.99: a 3.6 in the upper tail of the reference (p 0.00044 < 0.0027)");
        EdgeCaseScore near = scorer.score(event("a", 2.0, "b", 0.0));
        assertThat(near.tailProbability("a")).isBetween(0.03, 0.06);
        assertThat(near.isEdgeCase()).isFalse();

        // A stricter event threshold: 1 − 0.9999 = 0.0001 / 2 checks; 3.6σ (p ≈ 0.0003) no longer fires.
        EdgeCaseScorer strict = EdgeCaseScorer.of(profile, new ScoringSettings(0.0027, 0.9999, 5, 45, 1024, 3,
                List.of()));
        assertThat(strict.score(event("a", 3.6, "b", 0.0)).isEdgeCase()).isFalse();
        assertThat(strict.score(event("a", 9.0, "b", 0.0)).isEdgeCase()).isTrue();
    }

    @Test
    void featureColumnsOfAWindowStatisticsProfileAreTheFeaturesDotColumns() {
        WindowProfile window = new WindowProfile();
        for (int i = 0; i < 200; i++) {
            Prediction p = event("amount", (double) (i % 50), "country", i % 2 == 0 ? "DE" : "US");
            p.confidence = 0.9;
            window.add(p, false);
        }
        ReferenceProfile profile = WindowStatistics.referenceOf("m", "1", "warmup", window);
        assertThat(profile.columns()).containsKeys("features.amount", "features.country", "confidence", "prediction");
        EdgeCaseScorer scorer = EdgeCaseScorer.of(profile, DEFAULTS);
        assertThat(scorer.checkCount()).isEqualTo(2);

        EdgeCaseScore score = scorer.score(event("amount", 500.0, "country", "FR"));
        assertThat(score.tailProbability("features.amount")).isZero();
        assertThat(score.modes()).containsExactly(EdgeCaseMode.OUT_OF_DISTRIBUTION, EdgeCaseMode.UNSEEN_CATEGORY);
        assertThat(score.evidence(EdgeCaseMode.UNSEEN_CATEGORY))
                .isEqualTo("anomaly_score 1.00 > 0.99: features.country \"FR\" never seen in the reference");
        // Every reference event had an amount (the prediction column counts the events): an absent one is missing.
        EdgeCaseScore absent = scorer.score(event("country", "DE"));
        assertThat(absent.findings(EdgeCaseMode.MISSING_FEATURE)).extracting(EdgeCaseFinding::pattern)
                .containsExactly("features.amount:ABSENT");
        // A feature the reference never had is not scored (window statistics report the schema change).
        double without = scorer.score(event("amount", 10.0, "country", "DE")).anomalyScore();
        EdgeCaseScore with = scorer.score(event("amount", 10.0, "country", "DE", "brand_new", 1.0));
        assertThat(with.anomalyScore()).isEqualTo(without);
        assertThat(with.tailProbability("features.brand_new")).isNaN();
        assertThat(with.isEdgeCase()).isFalse();
    }

    @Test
    void valuesOfTheOtherKindAreLeftToTheSchemaCheck() {
        EdgeCaseScorer scorer = EdgeCaseScorer.of(xAlwaysYSometimesMissing(), DEFAULTS);
        EdgeCaseScore score = scorer.score(event("x", "text", "y", 3.0));
        assertThat(score.finding("x")).isNull();
        assertThat(score.finding("y")).isNull();
        assertThat(score.tailProbability("x")).isEqualTo(1.0);
        assertThat(score.anomalyScore()).isZero();
    }

    /** amount, country, currency (paired with country), channel and a sometimes-missing age, with counted pairs. */
    private static EdgeCaseScorer paymentsScorer() {
        SplittableRandom rng = new SplittableRandom(20261004);
        List<Prediction> reference = new ArrayList<>();
        String[] countries = {"US", "DE", "FR", "BR", "JP"};
        String[] currencies = {"USD", "EUR", "EUR", "BRL", "JPY"};
        for (int i = 0; i < 5_000; i++) {
            int c = rng.nextInt(countries.length);
            reference.add(event("amount", StrictMath.exp(3 + gaussian(rng)), "country", countries[c], "currency",
                    currencies[c], "channel", rng.nextBoolean() ? "web" : "app", "age", rng.nextBoolean() ? null : 30.0));
        }
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        reference.forEach(builder::add);
        ReferenceProfile profile = builder.build();
        CombinationReference.Builder pairs = CombinationReference.builder(profile, DEFAULTS);
        reference.forEach(pairs::add);
        EdgeCaseScorer scorer = EdgeCaseScorer.of(profile, pairs.build(), DEFAULTS);
        assertThat(scorer.combinations().pairs()).isNotEmpty();
        return scorer;
    }

    @Test
    void aReusedBufferScoresEveryFeatureLayoutAsAFreshBufferDoes() {
        EdgeCaseScorer scorer = paymentsScorer();
        Prediction noArrays = event("amount", 20.0);
        noArrays.numericFeatureNames = null;
        noArrays.numericFeatureValues = null;
        noArrays.categoricalFeatureNames = null;
        noArrays.categoricalFeatureValues = null;
        noArrays.missingFeatures = null;
        Prediction[] layouts = {
            event("amount", 20.0, "country", "US", "currency", "USD", "channel", "web", "age", 30.0),
            event("amount", 20.0, "country", "US", "currency", "USD", "channel", "web", "age", null),
            event("amount", 20.0, "country", "US", "currency", "USD", "channel", "web"),
            event("amounts", 20.0, "country", "US", "currency", "USD", "channel", "web", "age", 30.0), // renamed
            event("amount", 1e9, "country", "XX", "currency", "EUR", "channel", "app", "new_feature", "x"),
            event("amount", "20", "country", 3.0, "currency", "BRL", "channel", "kiosk", "age", 31.0), // kinds swapped
            event("amount", null, "country", null, "currency", null, "channel", null, "age", null),
            event(), // empty arrays
            noArrays,
        };
        SplittableRandom rng = new SplittableRandom(20261122);
        EdgeCaseScore reused = scorer.newScore();
        for (int i = 0; i < 2_000; i++) {
            Prediction event = layouts[rng.nextInt(layouts.length)];
            EdgeCaseScore fresh = scorer.score(event, scorer.newScore());
            scorer.score(event, reused);
            assertThat(reused.anomalyScore()).as("event %d", i).isEqualTo(fresh.anomalyScore()); // in [0, 1]
            assertThat(reused.modes()).isEqualTo(fresh.modes());
            assertThat(reused.topContributors()).isEqualTo(fresh.topContributors());
            for (EdgeCaseMode mode : EdgeCaseMode.values()) {
                assertThat(reused.findings(mode)).isEqualTo(fresh.findings(mode));
                assertThat(reused.evidence(mode)).isEqualTo(fresh.evidence(mode));
            }
            for (String column : List.of("amount", "amounts", "country", "currency", "channel", "age")) {
                // Bit for bit (NaN for a column the profile does not have).
                assertThat(Double.doubleToRawLongBits(reused.tailProbability(column)))
                        .isEqualTo(Double.doubleToRawLongBits(fresh.tailProbability(column)));
            }
        }
    }

    @Test
    void scoringReusesOneBufferAndAllocatesNothingPerEvent() {
        EdgeCaseScorer scorer = paymentsScorer();

        Prediction[] events = {
            event("amount", 20.0, "country", "US", "currency", "USD", "channel", "web", "age", 30.0),
            event("amount", 1e9, "country", "XX", "currency", "EUR", "channel", "app"),
            event("amount", Double.NaN, "country", "US", "currency", "EUR", "channel", "web", "age", null),
            event("amount", 3.0, "country", "DE", "currency", "USD", "channel", "kiosk", "age", 31.0),
        };
        EdgeCaseScore buffer = scorer.newScore();
        for (int i = 0; i < 20_000; i++) {
            assertThat(scorer.score(events[i % events.length], buffer)).isSameAs(buffer);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        double sink = 0;
        for (int i = 0; i < 100_000; i++) {
            sink += scorer.score(events[i & 3], buffer).anomalyScore();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        // Any per-event object (a map, an iterator, a boxed number) would cost at least 16 bytes per event: 1.6 MB.
        assertThat(allocated).as("bytes allocated while scoring 100 000 events").isLessThan(100_000);
        assertThat(buffer.modes()).isNotEmpty();
    }

    @Test
    void aBufferOfAnotherScorerIsRejected() {
        EdgeCaseScorer a = EdgeCaseScorer.of(powersOfTwo(), DEFAULTS);
        EdgeCaseScorer b = EdgeCaseScorer.of(powersOfTwo(), DEFAULTS);
        assertThatThrownBy(() -> a.score(event("x", 1.0), b.newScore())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another scorer");
    }

    @Test
    void aSerializedScorerScoresTheSame() throws Exception {
        EdgeCaseScorer scorer = EdgeCaseScorer.of(xAlwaysYSometimesMissing(), DEFAULTS);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(scorer);
        }
        EdgeCaseScorer copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (EdgeCaseScorer) in.readObject();
        }
        for (Prediction e : List.of(event("x", 4.0, "y", "v"), event("x", null, "y", "w"), event("x", 100.0))) {
            EdgeCaseScore original = scorer.score(e);
            EdgeCaseScore restored = copy.score(e);
            assertThat(restored.anomalyScore()).isEqualTo(original.anomalyScore());
            assertThat(restored.modes()).isEqualTo(original.modes());
            assertThat(restored.topContributors()).isEqualTo(original.topContributors());
        }
        assertThat(copy.profile()).isEqualTo(scorer.profile());
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }
}
