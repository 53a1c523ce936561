package io.faultline.common.label;

import static io.faultline.common.label.LabelPolicyTest.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.Label;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelReviewTest {

    @Test
    void labellersAreReviewersOrTheirSource() {
        assertThat(LabelReview.labeller(label(0, "x", "human", "alice"))).isEqualTo("alice");
        assertThat(LabelReview.labeller(label(0, "x", "outcome", null))).isEqualTo("(outcome)");
        assertThat(LabelReview.labeller(label(0, "x", null, null))).isEqualTo("(none)");
    }

    @Test
    void aLabellerCorrectingItselfIsOneVoteAndNoDisagreement() {
        LabelReview r = LabelReview.of(List.of(label(0, "legit", "human", "alice"), label(9, "fraud", "human", "alice")),
                LabelPolicy.newest());
        assertThat(r.votes()).extracting(l -> l.label).containsExactly("fraud");
        assertThat(r.disagreement()).isFalse();
        assertThat(r.pairwiseDisagreement()).isZero();
        assertThat(r.agreementWithEffective()).isEqualTo(1.0);
        assertThat(r.labels()).hasSize(2);
        assertThat(r.lastLabelTime()).isEqualTo(label(9, "", null, null).labelTime);
    }

    @Test
    void disagreementMetricsOnAHandBuiltReviewSet() {
        // Votes: alice fraud, bob legit, carol legit, (outcome) legit. Pairs: 6, of which 3 differ.
        List<Label> labels = List.of(
                label(0, "legit", "outcome", null),
                label(1, "fraud", "human", "alice"),
                label(2, "legit", "human", "bob"),
                label(3, "legit", "human", "carol"));
        LabelReview newest = LabelReview.of(labels, LabelPolicy.newest());
        assertThat(newest.disagreement()).isTrue();
        assertThat(newest.pairwiseDisagreement()).isEqualTo(0.5);
        assertThat(newest.agreementWithEffective()).isEqualTo(0.75);
        assertThat(newest.votes()).extracting(LabelReview::labeller).containsExactly("(outcome)", "alice", "bob", "carol");
        assertThat(newest.votes()).filteredOn(newest::agreesWithEffective).extracting(LabelReview::labeller)
                .containsExactly("(outcome)", "bob", "carol");

        // With alice's label as the effective one, only she agrees.
        LabelReview humanFirst = LabelReview.of(List.of(labels.get(1), labels.get(0)),
                LabelPolicy.sourcePriority(List.of("human")));
        assertThat(humanFirst.effective().reviewer).isEqualTo("alice");
        assertThat(humanFirst.agreementWithEffective()).isEqualTo(0.5);
        assertThat(humanFirst.pairwiseDisagreement()).isEqualTo(1.0);
    }

    @Test
    void threeWaySplit() {
        LabelReview r = LabelReview.of(List.of(label(0, "a", "human", "x"), label(0, "b", "human", "y"),
                label(0, "c", "human", "z")), LabelPolicy.majority());
        assertThat(r.pairwiseDisagreement()).isEqualTo(1.0);
        assertThat(r.effective().label).as("three-way tie at one time: the greatest label by ORDER").isEqualTo("c");
        assertThat(r.agreementWithEffective()).isEqualTo(1.0 / 3);
    }

    @Test
    void emptyAndNullInputs() {
        assertThat(LabelReview.of(List.of(), LabelPolicy.newest())).isNull();
        assertThat(LabelReview.of(null, LabelPolicy.majority())).isNull();
        assertThatThrownBy(() -> LabelReview.of(Arrays.asList(label(0, "a", null, null), null), LabelPolicy.newest()))
                .isInstanceOf(NullPointerException.class);
    }
}
