package io.faultline.common.label;

import io.faultline.common.model.Label;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The labels of one event under a {@link LabelPolicy}: the effective label, each labeller's vote and how far
 * the labellers disagree.
 *
 * <p><b>Labellers and votes.</b> A labeller is the label's {@code reviewer}, or, for labels without one, its
 * source in parentheses ({@code (outcome)}, {@code (system)}, {@code (human)}, {@code (none)}) (see
 * {@link #labeller}). A labeller's vote is its own newest label ({@link EffectiveLabel#ORDER}): a reviewer
 * who corrects an earlier label of theirs is not disagreeing with anybody.
 *
 * <p><b>Disagreement.</b> {@link #disagreement()}: the votes hold at least two different values.
 * {@link #pairwiseDisagreement()}: the share of pairs of labellers whose votes differ (0 with fewer than two
 * labellers); with value counts {@code c_j} among {@code k} votes it is
 * {@code 1 - Σ c_j(c_j-1) / (k(k-1))}, the Gini–Simpson index of the votes without replacement.
 * {@link #agreementWithEffective()}: the share of votes with the effective label's value.
 *
 * <p>Everything is a function of the set of labels: the result is the same for every arrival order.
 */
public final class LabelReview {
    private final List<Label> labels;
    private final List<Label> votes;
    private final Label effective;

    private LabelReview(List<Label> labels, List<Label> votes, Label effective) {
        this.labels = labels;
        this.votes = votes;
        this.effective = effective;
    }

    /**
     * The review of one event's labels; null for a null or empty list.
     *
     * @throws NullPointerException if the list holds a null label
     */
    public static LabelReview of(List<Label> labels, LabelPolicy policy) {
        if (labels == null || labels.isEmpty()) {
            return null;
        }
        List<Label> sorted = new ArrayList<>(labels);
        sorted.forEach(l -> Objects.requireNonNull(l, "label"));
        sorted.sort(EffectiveLabel.ORDER);
        return new LabelReview(Collections.unmodifiableList(sorted), votes(sorted), policy.effective(sorted));
    }

    /** {@code reviewer}, or {@code (source)} for a label without one ({@code (none)} without a source either). */
    public static String labeller(Label l) {
        if (l.reviewer != null) {
            return l.reviewer;
        }
        return "(" + (l.source == null ? "none" : l.source) + ")";
    }

    /** Each labeller's newest label, sorted by labeller name. */
    static List<Label> votes(List<Label> labels) {
        Map<String, Label> newest = new TreeMap<>();
        for (Label l : labels) {
            Objects.requireNonNull(l, "label");
            newest.merge(labeller(l), l, (a, b) -> EffectiveLabel.ORDER.compare(a, b) >= 0 ? a : b);
        }
        return List.copyOf(newest.values());
    }

    /** Every label, oldest first ({@link EffectiveLabel#ORDER}). */
    public List<Label> labels() {
        return labels;
    }

    /** Each labeller's vote, sorted by labeller name. */
    public List<Label> votes() {
        return votes;
    }

    /** The label the policy chose. */
    public Label effective() {
        return effective;
    }

    /** The newest label time of all labels: when the review was complete. */
    public long lastLabelTime() {
        return labels.get(labels.size() - 1).labelTime;
    }

    /** Whether {@code vote} has the effective label's value. */
    public boolean agreesWithEffective(Label vote) {
        return Objects.equals(vote.label, effective.label);
    }

    /** The votes hold at least two different values. */
    public boolean disagreement() {
        for (Label v : votes) {
            if (!Objects.equals(v.label, votes.get(0).label)) {
                return true;
            }
        }
        return false;
    }

    /** Share of pairs of labellers whose votes differ, in [0, 1]; 0 with fewer than two labellers. */
    public double pairwiseDisagreement() {
        long k = votes.size();
        if (k < 2) {
            return 0;
        }
        Map<String, Long> counts = new HashMap<>();
        for (Label v : votes) {
            counts.merge(v.label, 1L, Long::sum);
        }
        long samePairs = 0;
        for (long c : counts.values()) {
            samePairs += c * (c - 1);
        }
        long pairs = k * (k - 1);
        return (double) (pairs - samePairs) / pairs;
    }

    /** Share of votes with the effective label's value, in [0, 1]. */
    public double agreementWithEffective() {
        long agreeing = votes.stream().filter(this::agreesWithEffective).count();
        return (double) agreeing / votes.size();
    }

    @Override
    public String toString() {
        return "LabelReview{effective=" + effective + ", votes=" + votes + "}";
    }
}
