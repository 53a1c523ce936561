package io.faultline.common.scoring;

import static io.faultline.common.scoring.TestingEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.faultline.common.model.Prediction;
import io.faultline.common.stats.CategoricalReference;
import io.faultline.common.stats.ReferenceProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CombinationReferenceTest {
    private static final ScoringSettings DEFAULTS = ScoringSettings.defaults();
    private static final ColumnPair AB = new ColumnPair("a", "b");

    private static List<Prediction> repeat(int times, Object... namesAndValues) {
        return Collections.nCopies(times, event(namesAndValues));
    }

    private static EdgeCaseScorer scorer(List<Prediction> reference, ScoringSettings settings) {
        ReferenceProfile.Builder builder = ReferenceProfile.builder("m", "1", "test");
        reference.forEach(builder::add);
        ReferenceProfile profile = builder.build();
        CombinationReference.Builder pairs = CombinationReference.builder(profile, settings);
        reference.forEach(pairs::add);
        return EdgeCaseScorer.of(profile, pairs.build(), settings);
    }

    /** a ∈ {X, Y}, b ∈ {P, Q}: X with Q 20 times, Y with P 30 times, Y with Q 50 times; never X with P. */
    private static List<Prediction> xNeverWithP() {
        List<Prediction> reference = new ArrayList<>();
        reference.addAll(repeat(20, "a", "X", "b", "Q"));
        reference.addAll(repeat(30, "a", "Y", "b", "P"));
        reference.addAll(repeat(50, "a", "Y", "b", "Q"));
        return reference;
    }

    @Test
    void aRareCombinationIsFoundAndACommonOneIsNot() {
        EdgeCaseScorer scorer = scorer(xNeverWithP(), DEFAULTS);
        assertThat(scorer.combinations().pairs()).extracting(CombinationReference.Pair::columns).containsExactly(AB);
        assertThat(scorer.checkCount()).isEqualTo(3);

        // Support 0 although X (20) and P (30) are common: independence predicts E = 20·30/100 = 6, and
        // P(Poisson(6) ≤ 0) = e^−6 = 0.00248.
        EdgeCaseScore rare = scorer.score(event("a", "X", "b", "P"));
        assertThat(rare.tailProbability(AB)).isEqualTo(StrictMath.exp(-6));
        assertThat(rare.tailProbability("a")).isEqualTo(0.2);
        assertThat(rare.tailProbability("b")).isEqualTo(0.3);
        assertThat(rare.anomalyScore()).isEqualTo(1 - 3 * StrictMath.exp(-6));
        assertThat(rare.modes()).containsExactly(EdgeCaseMode.RARE_COMBINATION);
        EdgeCaseFinding finding = rare.findings(EdgeCaseMode.RARE_COMBINATION).get(0);
        assertThat(finding.pattern()).isEqualTo("a+b:RARE_COMBINATION");
        assertThat(finding.value()).isEqualTo("X");
        assertThat(finding.pairedValue()).isEqualTo("P");
        assertThat(rare.evidence(EdgeCaseMode.RARE_COMBINATION)).isEqualTo("anomaly_score 0.9926 > 0.99: a \"X\" with"
                + " b \"P\": support 0 < 5 in the reference, 6.0 expected if independent (p 0.0025 < 0.0027)");

        for (Prediction common : List.of(event("a", "Y", "b", "Q"), event("a", "X", "b", "Q"),
                event("a", "Y", "b", "P"))) {
            EdgeCaseScore score = scorer.score(common);
            assertThat(score.tailProbability(AB)).as("%s", common).isEqualTo(1.0);
            assertThat(score.finding(AB)).isNull();
            assertThat(score.isEdgeCase()).isFalse();
        }
    }

    @Test
    void theCombinationProbabilityIsThePoissonLowerTail() {
        // e^−6 · (1 + 6 + 6²/2) by hand.
        assertThat(EdgeCaseScorer.poissonAtMost(2, 6.0)).isCloseTo(25 * StrictMath.exp(-6), within(1e-15));
        assertThat(EdgeCaseScorer.poissonAtMost(0, 0.5)).isEqualTo(StrictMath.exp(-0.5));
        assertThat(EdgeCaseScorer.poissonAtMost(4, 1e6)).isZero();
    }

    @Test
    void rarityOfASingleValueOrAThinTableIsNotACombination() {
        List<Prediction> reference = new ArrayList<>(xNeverWithP());
        reference.addAll(repeat(3, "a", "Z", "b", "Q"));
        EdgeCaseScorer scorer = scorer(reference, DEFAULTS);
        // Z was seen 3 < 5 times: its rarity is its own check's business, the pair adds nothing.
        EdgeCaseScore z = scorer.score(event("a", "Z", "b", "P"));
        assertThat(z.tailProbability(AB)).isEqualTo(1.0);
        assertThat(z.tailProbability("a")).isEqualTo(3.0 / 103);
        assertThat(z.isEdgeCase()).isFalse();

        // X 5 times, P 10 times in 100: E = 0.5, so support 0 is no surprise (p = e^−0.5).
        List<Prediction> thin = new ArrayList<>();
        thin.addAll(repeat(5, "a", "X", "b", "Q"));
        thin.addAll(repeat(10, "a", "Y", "b", "P"));
        thin.addAll(repeat(85, "a", "Y", "b", "Q"));
        EdgeCaseScore score = scorer(thin, DEFAULTS).score(event("a", "X", "b", "P"));
        assertThat(score.tailProbability(AB)).isEqualTo(StrictMath.exp(-0.5));
        assertThat(score.finding(AB).kind()).isEqualTo(EdgeCaseFinding.Kind.RARE_COMBINATION);
        assertThat(score.isEdgeCase()).isFalse();
    }

    @Test
    void aNumericColumnPairsByItsReferenceBins() {
        List<Prediction> reference = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            reference.add(event("amount", (double) i, "channel", i < 500 ? "app" : "web"));
        }
        ScoringSettings settings = DEFAULTS.withPairs(List.of(new ColumnPair("channel", "amount")));
        EdgeCaseScorer scorer = scorer(reference, settings);
        CombinationReference.Pair pair = scorer.combinations().pairs().get(0);
        assertThat(pair.columns()).isEqualTo(new ColumnPair("amount", "channel"));
        assertThat(pair.firstCodes()).isEqualTo(12); // ten quantile bins plus the two outer bins
        assertThat(pair.secondCodes()).isEqualTo(3);
        assertThat(pair.total()).isEqualTo(1000);

        EdgeCaseScore rare = scorer.score(event("amount", 900.0, "channel", "app"));
        assertThat(rare.modes()).containsExactly(EdgeCaseMode.RARE_COMBINATION);
        assertThat(rare.findings(EdgeCaseMode.RARE_COMBINATION).get(0).value()).isEqualTo("900.0");
        assertThat(rare.evidence(EdgeCaseMode.RARE_COMBINATION))
                .startsWith("anomaly_score 1.00 > 0.99: amount 900.0 with channel \"app\": support 0 < 5");
        assertThat(scorer.score(event("amount", 100.0, "channel", "app")).isEdgeCase()).isFalse();
    }

    private static List<Prediction> shop(SplittableRandom rng, int n) {
        String[] colours = {"red", "green", "blue"};
        String[] sizes = {"S", "L"};
        List<Prediction> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int colour = rng.nextInt(colours.length);
            events.add(event("colour", colours[colour], "size", sizes[colour == 2 ? 1 : rng.nextInt(2)],
                    "country", "c" + Math.min(rng.nextInt(12), rng.nextInt(12)), "user_id", "u" + rng.nextInt(100_000),
                    "amount", (double) rng.nextInt(1000),
                    "weight", rng.nextInt(20) == 0 ? null : (double) rng.nextInt(50)));
        }
        return events;
    }

    private static ReferenceProfile profileOf(List<Prediction> events) {
        ReferenceProfile.Builder builder = ReferenceProfile.builder("shop", "7", "test");
        events.forEach(builder::add);
        return builder.build();
    }

    @Test
    void theDefaultPairsAreTheSmallestTablesOfCategoricalColumnsThatAreNotIdLike() {
        ReferenceProfile profile = profileOf(shop(new SplittableRandom(20261005), 20_000));
        CategoricalReference ids = (CategoricalReference) profile.column("user_id").get();
        assertThat(ids.otherCount()).isGreaterThan(ids.count() / 2);
        // Codes: colour 3 + 1, size 2 + 1, country 12 + 1; user_id is id-like, amount and weight numeric.
        assertThat(CombinationReference.defaultPairs(profile, 45, 1024)).containsExactly(
                new ColumnPair("colour", "size"), new ColumnPair("country", "size"), new ColumnPair("colour", "country"));
        assertThat(CombinationReference.defaultPairs(profile, 2, 1024)).containsExactly(
                new ColumnPair("colour", "size"), new ColumnPair("country", "size"));
        assertThat(CombinationReference.defaultPairs(profile, 0, 1024)).isEmpty();
    }

    @Test
    void aPairBeyondTheCellBudgetFoldsItsRarestCategoriesIntoOther() {
        List<Prediction> events = shop(new SplittableRandom(20261006), 20_000);
        ReferenceProfile profile = profileOf(events);
        List<String> countries = ((CategoricalReference) profile.column("country").get()).categories();
        assertThat(countries).hasSize(12);
        CombinationReference.Builder builder = CombinationReference.builder(profile,
                List.of(new ColumnPair("colour", "country"), new ColumnPair("amount", "weight")), 12);
        events.forEach(builder::add);
        CombinationReference combinations = builder.build();
        // amount × weight would need 12 × 12 bins: numeric bins do not fold, so the pair is skipped.
        assertThat(combinations.pairs()).hasSize(1);
        CombinationReference.Pair pair = combinations.pairs().get(0);
        // 4 × 13 codes fold the side with more codes first (the first side on a tie) down to 3 × 4 = 12 cells.
        assertThat(pair.firstCodes()).isEqualTo(3); // the two most frequent colours, then the rest
        assertThat(pair.secondCodes()).isEqualTo(4); // the three most frequent countries, then the rest
        long rest = events.stream().filter(e -> !countries.subList(0, 3).contains(e.categoricalFeatureValues[1])).count();
        assertThat(events.get(0).categoricalFeatureNames[1]).isEqualTo("country");
        assertThat(rest).isPositive();
        assertThat(pair.secondMarginal(3)).isEqualTo(rest);
        assertThat(pair.total()).isEqualTo(events.size());
    }

    @Test
    void mergingCountsOfPartsGivesTheCountsOfTheWhole() {
        SplittableRandom rng = new SplittableRandom(20261007);
        List<Prediction> events = shop(rng, 9_000);
        ReferenceProfile profile = profileOf(events);
        ScoringSettings settings = DEFAULTS.withPairs(List.of(new ColumnPair("colour", "size"),
                new ColumnPair("country", "colour"), new ColumnPair("amount", "size"),
                new ColumnPair("weight", "colour")));
        CombinationReference.Builder whole = CombinationReference.builder(profile, settings);
        events.forEach(whole::add);
        CombinationReference expected = whole.build();
        assertThat(expected.pairs()).hasSize(4);
        // The weight column is sometimes null: those events are not counted for its pair.
        assertThat(expected.pair(new ColumnPair("colour", "weight")).get().total()).isLessThan(events.size());

        for (int round = 0; round < 5; round++) {
            List<Prediction> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, new Random(rng.nextLong()));
            int cut1 = rng.nextInt(events.size());
            int cut2 = cut1 + rng.nextInt(events.size() - cut1 + 1);
            List<CombinationReference> parts = new ArrayList<>();
            for (List<Prediction> part : List.of(shuffled.subList(0, cut1), shuffled.subList(cut1, cut2),
                    shuffled.subList(cut2, shuffled.size()))) {
                CombinationReference.Builder b = CombinationReference.builder(profile, settings);
                part.forEach(b::add);
                parts.add(b.build());
            }
            assertThat(parts.get(0).merge(parts.get(1)).merge(parts.get(2))).isEqualTo(expected);
            assertThat(parts.get(2).merge(parts.get(0).merge(parts.get(1)))).isEqualTo(expected);
        }
    }

    @Test
    void countsOfAnotherProfileOrOtherPairsDoNotMerge() {
        List<Prediction> events = shop(new SplittableRandom(20261008), 2_000);
        ReferenceProfile profile = profileOf(events);
        CombinationReference a = CombinationReference.builder(profile, DEFAULTS).build();
        CombinationReference b = CombinationReference.builder(profile, DEFAULTS.withPairs(List.of(
                new ColumnPair("colour", "size")))).build();
        assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different pairs");
        ReferenceProfile other = profileOf(events.subList(0, 1_000));
        CombinationReference c = CombinationReference.builder(other, DEFAULTS).build();
        assertThatThrownBy(() -> a.merge(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot merge combination counts of shop/7/test/");
        assertThatThrownBy(() -> EdgeCaseScorer.of(profile, c, DEFAULTS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot score against " + profile.referenceId());
    }

    @Test
    void bytesAndJsonRoundTrip() {
        List<Prediction> events = shop(new SplittableRandom(20261009), 3_000);
        ReferenceProfile profile = profileOf(events);
        CombinationReference.Builder builder = CombinationReference.builder(profile, DEFAULTS.withPairs(List.of(
                new ColumnPair("colour", "size"), new ColumnPair("amount", "country"))));
        events.forEach(builder::add);
        CombinationReference combinations = builder.build();

        CombinationReference fromBytes = CombinationReference.fromBytes(combinations.toBytes());
        assertThat(fromBytes).isEqualTo(combinations);
        assertThat(fromBytes.toBytes()).isEqualTo(combinations.toBytes());

        String json = combinations.toJson();
        assertThat(json).contains("\"format_version\" : 1", "\"reference_id\" : \"" + profile.referenceId() + "\"",
                "\"kinds\" : [ \"numeric\", \"categorical\" ]");
        CombinationReference fromJson = CombinationReference.fromJson(json);
        assertThat(fromJson).isEqualTo(combinations);
        assertThat(fromJson.toJson()).isEqualTo(json);
        assertThat(EdgeCaseScorer.of(profile, fromJson, DEFAULTS).checkCount()).isEqualTo(
                EdgeCaseScorer.of(profile, DEFAULTS).checkCount() + 2);

        CombinationReference empty = CombinationReference.empty(profile.referenceId());
        assertThat(CombinationReference.fromBytes(empty.toBytes())).isEqualTo(empty);
        assertThat(CombinationReference.fromJson(empty.toJson())).isEqualTo(empty);
    }

    @Test
    void readingRejectsOtherVersionsTruncationAndCountsThatDoNotAddUp() {
        List<Prediction> events = shop(new SplittableRandom(20261010), 500);
        ReferenceProfile profile = profileOf(events);
        CombinationReference.Builder builder = CombinationReference.builder(profile, DEFAULTS);
        events.forEach(builder::add);
        CombinationReference combinations = builder.build();
        byte[] bytes = combinations.toBytes();

        assertThatThrownBy(() -> CombinationReference.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> CombinationReference.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 trailing bytes");
        byte[] version2 = bytes.clone();
        version2[3] = 2;
        assertThatThrownBy(() -> CombinationReference.fromBytes(version2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 2 is not supported");

        String json = combinations.toJson();
        long total = combinations.pairs().get(0).total();
        assertThatThrownBy(() -> CombinationReference.fromJson(json.replaceFirst("\"total\" : " + total,
                "\"total\" : " + (total + 1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add up to " + total);
        assertThatThrownBy(() -> CombinationReference.fromJson(json.replace("\"format_version\" : 1",
                "\"format_version\" : 2"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 2");
        // Codes the profile cannot give (colour has 3 categories plus other: at most 4 codes).
        assertThat(combinations.pair(new ColumnPair("colour", "size")).get().firstCodes()).isEqualTo(4);
        String tooManyCodes = json.replaceFirst("\"codes\" : \\[ 4, 3 \\]", "\"codes\" : [ 5, 3 ]");
        assertThat(tooManyCodes).isNotEqualTo(json);
        CombinationReference widened = CombinationReference.fromJson(tooManyCodes);
        assertThatThrownBy(() -> EdgeCaseScorer.of(profile, widened, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5x3 codes");
    }
}
