package io.faultline.common.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.config.ConfigException;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.model.Label;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelPolicyTest {
    private static final long T0 = Instant.parse("2026-10-01T09:00:00Z").toEpochMilli();
    private static final long MIN = 60_000;

    static Label label(long minutes, String value, String source, String reviewer) {
        Label l = new Label();
        l.eventId = "e-1";
        l.label = value;
        l.labelTime = T0 + minutes * MIN;
        l.source = source;
        l.reviewer = reviewer;
        return l;
    }

    /**
     * An outcome says fraud; alice says legit, then corrects herself to fraud; bob and carol say legit; a
     * system label says legit last.
     */
    private static final Label OUTCOME = label(0, "fraud", "outcome", null);
    private static final Label ALICE_FIRST = label(5, "legit", "human", "alice");
    private static final Label ALICE_SECOND = label(30, "fraud", "human", "alice");
    private static final Label BOB = label(10, "legit", "human", "bob");
    private static final Label CAROL = label(20, "legit", "human", "carol");
    private static final Label SYSTEM = label(40, "legit", "system", null);
    private static final List<Label> REVIEWS = List.of(OUTCOME, ALICE_FIRST, ALICE_SECOND, BOB, CAROL, SYSTEM);

    @Test
    void newestIsTheNewestLabel() {
        assertThat(LabelPolicy.newest().effective(REVIEWS)).isSameAs(SYSTEM);
    }

    @Test
    void majorityCountsOneVotePerLabeller() {
        // Votes: (outcome) fraud, alice fraud (her newest), bob legit, carol legit, (system) legit: legit 3-2.
        assertThat(LabelPolicy.majority().effective(REVIEWS)).isSameAs(SYSTEM);
        // Without the system label it is 2-2: the tie goes to the value of the newest vote, alice's fraud.
        List<Label> tie = List.of(OUTCOME, ALICE_FIRST, ALICE_SECOND, BOB, CAROL);
        assertThat(LabelPolicy.majority().effective(tie)).isSameAs(ALICE_SECOND);
    }

    @Test
    void majorityIsNotSwayedByOneLabellerRepeatingItself() {
        List<Label> labels = new ArrayList<>(List.of(BOB, CAROL));
        for (int i = 0; i < 5; i++) {
            labels.add(label(50 + i, "fraud", "human", "dave"));
        }
        assertThat(LabelPolicy.majority().effective(labels).label).isEqualTo("legit");
        assertThat(LabelPolicy.newest().effective(labels).label).isEqualTo("fraud");
    }

    @Test
    void sourcePriorityTakesTheNewestOfTheMostTrustedSourcePresent() {
        LabelPolicy outcomeFirst = LabelPolicy.sourcePriority(List.of("outcome", "human"));
        assertThat(outcomeFirst.effective(REVIEWS)).isSameAs(OUTCOME);
        assertThat(outcomeFirst.effective(List.of(ALICE_FIRST, BOB, SYSTEM))).as("no outcome: newest human")
                .isSameAs(BOB);
        assertThat(outcomeFirst.effective(List.of(SYSTEM, label(1, "x", null, null))))
                .as("unlisted sources and none rank the same, newest wins").isSameAs(SYSTEM);
        assertThat(LabelPolicy.sourcePriority(List.of("human", "outcome", "system")).effective(REVIEWS))
                .isSameAs(ALICE_SECOND);
        assertThat(LabelPolicy.sourcePriority(List.of()).effective(REVIEWS)).as("empty priority is newest")
                .isSameAs(SYSTEM);
        assertThatThrownBy(() -> LabelPolicy.sourcePriority(List.of("human", "human")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noLabelsNoEffectiveLabel() {
        for (LabelPolicy p : List.of(LabelPolicy.newest(), LabelPolicy.majority(), LabelPolicy.sourcePriority(List.of("human")))) {
            assertThat(p.effective(List.of())).isNull();
            assertThat(p.effective(null)).isNull();
        }
    }

    @Test
    void theConfigurationSelectsThePolicy() throws ConfigException {
        assertThat(LabelPolicy.of(FaultlineConfig.defaults().labels())).isEqualTo(LabelPolicy.newest());
        assertThat(LabelPolicy.of(FaultlineConfig.parse("labels: {policy: majority}", "t").labels()))
                .isEqualTo(LabelPolicy.majority());
        LabelPolicy p = LabelPolicy.of(FaultlineConfig.parse(
                "labels: {policy: source-priority, source-priority: 'outcome,system'}", "t").labels());
        assertThat(p.name()).isEqualTo("source-priority");
        assertThat(p.sourcePriority()).containsExactly("outcome", "system");
        assertThat(p.effective(REVIEWS)).isSameAs(OUTCOME);
    }

    /** Property: every policy gives the same label (and review) for every arrival order of random review sets. */
    @Test
    void everyPolicyIsIndependentOfArrivalOrder() {
        SplittableRandom rng = new SplittableRandom(7);
        String[] values = {"fraud", "legit", "unsure"};
        String[] sources = {"human", "outcome", "system", null};
        String[] reviewers = {"alice", "bob", "carol", null};
        List<LabelPolicy> policies = List.of(LabelPolicy.newest(), LabelPolicy.majority(),
                LabelPolicy.sourcePriority(List.of("outcome", "human")));
        for (int trial = 0; trial < 300; trial++) {
            List<Label> labels = new ArrayList<>();
            int n = 1 + rng.nextInt(8);
            for (int i = 0; i < n; i++) {
                // Few distinct times, so that ties on label_time are common.
                labels.add(label(rng.nextInt(4), values[rng.nextInt(values.length)],
                        sources[rng.nextInt(sources.length)], reviewers[rng.nextInt(reviewers.length)]));
            }
            for (LabelPolicy policy : policies) {
                Label expected = policy.effective(labels);
                LabelReview expectedReview = LabelReview.of(labels, policy);
                for (int shuffle = 0; shuffle < 5; shuffle++) {
                    List<Label> shuffled = new ArrayList<>(labels);
                    Collections.shuffle(shuffled, new Random(rng.nextLong()));
                    assertThat(policy.effective(shuffled)).as("%s on %s", policy, shuffled).isEqualTo(expected);
                    LabelReview review = LabelReview.of(shuffled, policy);
                    assertThat(review.effective()).isEqualTo(expectedReview.effective());
                    assertThat(review.votes()).isEqualTo(expectedReview.votes());
                    assertThat(review.pairwiseDisagreement()).isEqualTo(expectedReview.pairwiseDisagreement());
                }
                assertThat(labels).contains(expected);
            }
        }
    }
}
