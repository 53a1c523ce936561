package io.faultline.common.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.Label;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveLabelTest {
    private static final long T0 = Instant.parse("2026-10-01T09:12:00Z").toEpochMilli();

    private static Label label(long labelTime, String value, String source, String reviewer) {
        Label l = new Label();
        l.eventId = "e-1";
        l.label = value;
        l.labelTime = labelTime;
        l.source = source;
        l.reviewer = reviewer;
        return l;
    }

    @Test
    void emptyOrNullListHasNoEffectiveLabel() {
        assertThat(EffectiveLabel.newest(List.of())).isNull();
        assertThat(EffectiveLabel.newest(null)).isNull();
    }

    @Test
    void theNewestLabelWins() {
        Label outcome = label(T0, "fraud", "outcome", null);
        Label review = label(T0 + 60_000, "legit", "system", null);
        assertThat(EffectiveLabel.newest(List.of(outcome, review))).isSameAs(review);
        assertThat(EffectiveLabel.newest(List.of(review, outcome))).isSameAs(review);
    }

    @Test
    void tiesOnTimeGoToTheMoreDeliberateSource() {
        Label none = label(T0, "a", null, null);
        Label system = label(T0, "b", "system", null);
        Label outcome = label(T0, "c", "outcome", null);
        Label human = label(T0, "d", "human", "alice");
        Label unknown = label(T0, "z", "crowd", null);
        assertThat(EffectiveLabel.newest(List.of(human, outcome, system, none))).isSameAs(human);
        assertThat(EffectiveLabel.newest(List.of(outcome, system, none))).isSameAs(outcome);
        assertThat(EffectiveLabel.newest(List.of(none, system))).isSameAs(system);
        assertThat(EffectiveLabel.newest(List.of(unknown, system))).as("unknown sources rank like none")
                .isSameAs(system);
    }

    @Test
    void tiesOnTimeAndSourceGoToTheGreaterLabelThenReviewer() {
        Label legitByBob = label(T0, "legit", "human", "bob");
        Label fraudByCarol = label(T0, "fraud", "human", "carol");
        Label legitByAlice = label(T0, "legit", "human", "alice");
        assertThat(EffectiveLabel.newest(List.of(fraudByCarol, legitByAlice, legitByBob))).isSameAs(legitByBob);
    }

    /** The review set: time ties, source ties, label ties and an exact duplicate. */
    private static List<Label> reviewSet() {
        return List.of(
                label(T0, "fraud", "outcome", null),
                label(T0 + 5_000, "legit", "human", "alice"),
                label(T0 + 5_000, "fraud", "human", "bob"),
                label(T0 + 5_000, "legit", "human", "carol"),
                label(T0 + 5_000, "legit", "system", null),
                label(T0 + 5_000, "legit", "human", "carol"));
    }

    @Test
    void everyPermutationGivesTheSameAnswer() {
        List<Label> labels = reviewSet();
        List<List<Label>> permutations = new ArrayList<>();
        permute(new ArrayList<>(labels), 0, permutations);
        assertThat(permutations).hasSize(720);
        Label expected = label(T0 + 5_000, "legit", "human", "carol");
        for (List<Label> order : permutations) {
            assertThat(EffectiveLabel.newest(order)).as("order %s", order).isEqualTo(expected);
        }
    }

    @Test
    void orderIsConsistentWithEquals() {
        List<Label> labels = new ArrayList<>(reviewSet());
        Label withJustification = label(T0 + 5_000, "legit", "human", "carol");
        withJustification.justification = "receipt attached";
        labels.add(withJustification);
        for (Label a : labels) {
            for (Label b : labels) {
                assertThat(EffectiveLabel.ORDER.compare(a, b) == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
                assertThat(Integer.signum(EffectiveLabel.ORDER.compare(a, b)))
                        .isEqualTo(-Integer.signum(EffectiveLabel.ORDER.compare(b, a)));
            }
        }
    }

    @Test
    void nullElementsAreRejected() {
        assertThatThrownBy(() -> EffectiveLabel.newest(Arrays.asList(label(T0, "a", null, null), null)))
                .isInstanceOf(NullPointerException.class);
    }

    private static void permute(List<Label> items, int k, List<List<Label>> out) {
        if (k == items.size()) {
            out.add(new ArrayList<>(items));
            return;
        }
        for (int i = k; i < items.size(); i++) {
            java.util.Collections.swap(items, k, i);
            permute(items, k + 1, out);
            java.util.Collections.swap(items, k, i);
        }
    }
}
