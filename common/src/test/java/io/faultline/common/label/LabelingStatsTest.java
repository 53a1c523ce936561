package io.faultline.common.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.stats.StableHash;
import io.faultline.common.stats.TestingMerges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabelingStatsTest {
    private static final long W = Instant.parse("2026-10-01T14:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;
    private static final LabelPolicy NEWEST = LabelPolicy.newest();

    private static Prediction prediction(String id, String value) {
        Prediction p = new Prediction();
        p.eventId = id;
        p.eventTime = W;
        p.model = "fraud";
        p.modelVersion = "v2";
        p.prediction = value;
        return p;
    }

    private static Label label(String id, long delayMs, String value, String source, String reviewer) {
        Label l = new Label();
        l.eventId = id;
        l.label = value;
        l.labelTime = W + delayMs;
        l.source = source;
        l.reviewer = reviewer;
        return l;
    }

    /** One unlabelled prediction and three labelled ones. */
    private static LabelingStats handBuilt() {
        LabelingStats s = new LabelingStats();
        s.add(prediction("e1", "fraud"), null);
        // e2: correct, one outcome label after 1 h.
        s.add(prediction("e2", "legit"), LabelReview.of(List.of(label("e2", HOUR, "legit", "outcome", null)), NEWEST));
        // e3: alice says fraud, bob says legit later; the prediction was fraud: misclassified, disagreement.
        s.add(prediction("e3", "fraud"), LabelReview.of(List.of(
                label("e3", HOUR, "fraud", "human", "alice"),
                label("e3", 3 * HOUR, "legit", "human", "bob")), NEWEST));
        // e4: alice corrects herself (no disagreement), agrees with the prediction.
        s.add(prediction("e4", "legit"), LabelReview.of(List.of(
                label("e4", HOUR, "fraud", "human", "alice"),
                label("e4", 2 * HOUR, "legit", "human", "alice")), NEWEST));
        return s;
    }

    @Test
    void rowOfAHandBuiltWindow() {
        LabelingStatsRow r = handBuilt().toRow(W, W + HOUR, "fraud", "v2", NEWEST);
        assertThat(r.windowStart).isEqualTo(W);
        assertThat(r.windowEnd).isEqualTo(W + HOUR);
        assertThat(r.model).isEqualTo("fraud");
        assertThat(r.modelVersion).isEqualTo("v2");
        assertThat(r.labelPolicy).isEqualTo("newest");
        assertThat(r.predictions).isEqualTo(4);
        assertThat(r.labelled).isEqualTo(3);
        assertThat(r.labelledShare).isEqualTo(0.75);
        assertThat(r.labels).isEqualTo(5);
        // Effective-label delays 1 h, 3 h, 2 h: median 2 h, p95 (rank floor(0.95 * 2) = 1) also 2 h; within 1%.
        assertThat(r.labelDelayP50Ms).isCloseTo(2.0 * HOUR, within(0.01 * 2 * HOUR));
        assertThat(r.labelDelayP95Ms).isCloseTo(2.0 * HOUR, within(0.01 * 2 * HOUR));
        assertThat(r.disagreementEvents).isEqualTo(1);
        assertThat(r.disagreementRate).isEqualTo(1.0 / 3);
        assertThat(r.misclassified).isEqualTo(1);
        assertThat(r.misclassificationRate).isEqualTo(1.0 / 3);
        // Votes: (outcome) legit on e2 (agrees); alice fraud on e3 (disagrees with bob's legit), legit on e4 (agrees);
        // bob legit on e3 (agrees).
        assertThat(r.reviewers).containsExactly("(outcome)", "alice", "bob");
        assertThat(r.reviewerLabels).containsExactly(1, 2, 1);
        assertThat(r.reviewerAgreeing).containsExactly(1, 1, 1);
        assertThat(r.reviewerAgreement).containsExactly(1.0, 0.5, 1.0);
    }

    @Test
    void anEmptyWindowHasNoRatesAndNoReviewers() {
        LabelingStats s = new LabelingStats();
        s.add(prediction("e1", "x"), null);
        LabelingStatsRow r = s.toRow(W, W + HOUR, "m", "v", LabelPolicy.majority());
        assertThat(r.labelledShare).isZero();
        assertThat(r.disagreementRate).isNull();
        assertThat(r.misclassificationRate).isNull();
        assertThat(r.labelDelayP50Ms).isNull();
        assertThat(r.labelDelayP95Ms).isNull();
        assertThat(r.reviewers).isEmpty();
        assertThat(r.labelPolicy).isEqualTo("majority");
        assertThat(new LabelingStats().toRow(W, W + HOUR, "m", "v", NEWEST).labelledShare).isNull();
    }

    private record Event(Prediction prediction, LabelReview review) {}

    private static List<Event> randomEvents(SplittableRandom rng, int reviewerPool) {
        List<Event> events = new ArrayList<>();
        int n = 1 + rng.nextInt(400);
        for (int i = 0; i < n; i++) {
            String id = "e" + i;
            Prediction p = prediction(id, rng.nextBoolean() ? "fraud" : "legit");
            int labels = rng.nextInt(4);
            List<Label> ls = new ArrayList<>();
            for (int j = 0; j < labels; j++) {
                ls.add(label(id, rng.nextLong(-60_000, 48 * HOUR), rng.nextBoolean() ? "fraud" : "legit",
                        rng.nextInt(4) == 0 ? "outcome" : "human",
                        rng.nextInt(4) == 0 ? null : "reviewer-" + rng.nextInt(reviewerPool)));
            }
            events.add(new Event(p, LabelReview.of(ls, NEWEST)));
        }
        return events;
    }

    @Test
    void mergeOfPartsEqualsTheWhole() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 30; trial++) {
            int cap = 1 + rng.nextInt(12);
            List<Event> events = randomEvents(rng, 1 + rng.nextInt(30));
            LabelingStats whole = TestingMerges.inOrder(events, () -> new LabelingStats(cap),
                    (s, e) -> s.add(e.prediction(), e.review()));
            LabelingStats merged = TestingMerges.splitAndMerge(events, rng, () -> new LabelingStats(cap),
                    (s, e) -> s.add(e.prediction(), e.review()), LabelingStats::merge);
            assertThat(merged).as("trial %s", trial).isEqualTo(whole);
            LabelingStatsRow a = merged.toRow(W, W + HOUR, "fraud", "v2", NEWEST);
            LabelingStatsRow b = whole.toRow(W, W + HOUR, "fraud", "v2", NEWEST);
            assertThat(a).usingRecursiveComparison().isEqualTo(b);
            assertThat(a.predictions).isEqualTo(events.size());
        }
    }

    @Test
    void reviewersBeyondTheCapAreFoldedIntoOtherExactly() {
        SplittableRandom rng = new SplittableRandom(5);
        List<Event> events = randomEvents(rng, 40);
        int cap = 3;
        LabelingStatsRow capped = TestingMerges.splitAndMerge(events, rng, () -> new LabelingStats(cap),
                (s, e) -> s.add(e.prediction(), e.review()), LabelingStats::merge).toRow(W, W + HOUR, "m", "v", NEWEST);
        LabelingStatsRow full = TestingMerges.inOrder(events, () -> new LabelingStats(1000),
                (s, e) -> s.add(e.prediction(), e.review())).toRow(W, W + HOUR, "m", "v", NEWEST);
        assertThat(full.reviewers.length).isGreaterThan(cap);

        // Kept: the cap smallest hashes of all labeller names, with their exact counts.
        List<String> expectedKept = Arrays.stream(full.reviewers)
                .sorted(Comparator.comparingLong((String name) -> StableHash.hash64(name)).thenComparing(n -> n))
                .limit(cap).sorted().toList();
        List<String> kept = Arrays.stream(capped.reviewers).filter(r -> !r.equals(LabelingStats.OTHER)).toList();
        assertThat(kept).isEqualTo(expectedKept);
        for (int i = 0; i < capped.reviewers.length; i++) {
            String name = capped.reviewers[i];
            if (name.equals(LabelingStats.OTHER)) {
                continue;
            }
            int j = Arrays.asList(full.reviewers).indexOf(name);
            assertThat(capped.reviewerLabels[i]).isEqualTo(full.reviewerLabels[j]);
            assertThat(capped.reviewerAgreeing[i]).isEqualTo(full.reviewerAgreeing[j]);
        }
        // Nothing is lost: the folded rest adds up.
        assertThat(Arrays.stream(capped.reviewerLabels).sum()).isEqualTo(Arrays.stream(full.reviewerLabels).sum());
        assertThat(Arrays.stream(capped.reviewerAgreeing).sum()).isEqualTo(Arrays.stream(full.reviewerAgreeing).sum());
        assertThat(capped.reviewers).contains(LabelingStats.OTHER).hasSize(cap + 1);
    }

    @Test
    void delayQuantilesAreWithinOnePercentOfTheExactLowerQuantile() {
        SplittableRandom rng = new SplittableRandom(3);
        LabelingStats s = new LabelingStats();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long delay = 1 + (long) (Math.exp(rng.nextDouble() * 15));
            delays.add(delay);
            s.add(prediction("e" + i, "x"), LabelReview.of(List.of(label("e" + i, delay, "x", "outcome", null)), NEWEST));
        }
        delays.sort(null);
        LabelingStatsRow r = s.toRow(W, W + HOUR, "m", "v", NEWEST);
        double p50 = delays.get((int) Math.floor(0.5 * (delays.size() - 1)));
        double p95 = delays.get((int) Math.floor(0.95 * (delays.size() - 1)));
        assertThat(r.labelDelayP50Ms).isCloseTo(p50, within(0.01 * p50));
        assertThat(r.labelDelayP95Ms).isCloseTo(p95, within(0.01 * p95));
        assertThat(r.misclassificationRate).isZero();
    }

    @Test
    void binaryFormRoundTripsAndRejectsGarbage() {
        LabelingStats s = handBuilt();
        LabelingStats back = LabelingStats.fromBytes(s.toBytes());
        assertThat(back).isEqualTo(s);
        assertThat(back.toRow(W, W + HOUR, "fraud", "v2", NEWEST)).usingRecursiveComparison()
                .isEqualTo(s.toRow(W, W + HOUR, "fraud", "v2", NEWEST));
        byte[] bytes = s.toBytes();
        assertThatThrownBy(() -> LabelingStats.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] wrongVersion = bytes.clone();
        wrongVersion[3] = 9;
        assertThatThrownBy(() -> LabelingStats.fromBytes(wrongVersion)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> new LabelingStats(2).merge(new LabelingStats(3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void predictionsCountEvenWithoutLabels() {
        LabelingStats s = new LabelingStats();
        IntStream.range(0, 7).forEach(i -> s.add(prediction("e" + i, "x"), null));
        assertThat(s.predictions()).isEqualTo(7);
        assertThat(s.toRow(W, W + HOUR, "m", "v", NEWEST).labelled).isZero();
    }
}
