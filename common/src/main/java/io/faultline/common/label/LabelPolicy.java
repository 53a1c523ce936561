package io.faultline.common.label;

import io.faultline.common.config.LabelSettings;
import io.faultline.common.model.Label;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which of several labels of one event is its effective label ({@code labels.policy}):
 *
 * <ul>
 *   <li>{@code newest}: the newest by {@code label_time} ({@link EffectiveLabel#newest}); reviews overturn
 *       earlier labels.
 *   <li>{@code majority}: the value most labellers gave. Each labeller ({@link LabelReview#labeller}) has one
 *       vote, its own newest label, so that one person relabelling an event five times does not outvote
 *       four others, and a labeller who corrects itself counts once. Ties between values go to the value of
 *       the newest vote ({@link EffectiveLabel#ORDER}); the effective label is that value's newest vote.
 *   <li>{@code source-priority}: the labels of the most trusted source present, in the configured order
 *       ({@code labels.source-priority}), the newest of them; sources not listed and labels without a source
 *       rank after every listed one.
 * </ul>
 *
 * Every policy is a function of the set of labels: ties are broken by {@link EffectiveLabel#ORDER}, which is
 * total, so the answer never depends on arrival order. Immutable and serializable.
 */
public final class LabelPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final LabelPolicy NEWEST = new LabelPolicy(LabelSettings.NEWEST, List.of());
    private static final LabelPolicy MAJORITY = new LabelPolicy(LabelSettings.MAJORITY, List.of());

    private final String name;
    private final List<String> sourcePriority;

    private LabelPolicy(String name, List<String> sourcePriority) {
        this.name = name;
        this.sourcePriority = List.copyOf(sourcePriority);
    }

    public static LabelPolicy newest() {
        return NEWEST;
    }

    public static LabelPolicy majority() {
        return MAJORITY;
    }

    /** @param sources most trusted first; no nulls, no duplicates */
    public static LabelPolicy sourcePriority(List<String> sources) {
        if (sources.size() != sources.stream().distinct().count()) {
            throw new IllegalArgumentException("duplicate sources in " + sources);
        }
        return new LabelPolicy(LabelSettings.SOURCE_PRIORITY, sources);
    }

    /** The policy the configuration selects. */
    public static LabelPolicy of(LabelSettings settings) {
        switch (settings.policy()) {
            case LabelSettings.NEWEST:
                return newest();
            case LabelSettings.MAJORITY:
                return majority();
            case LabelSettings.SOURCE_PRIORITY:
                return sourcePriority(settings.sourcePriority());
            default:
                throw new IllegalArgumentException("unknown label policy " + settings.policy());
        }
    }

    /** {@code newest}, {@code majority} or {@code source-priority}. */
    public String name() {
        return name;
    }

    /** The effective label of one event's labels; null for a null or empty list. */
    public Label effective(List<Label> labels) {
        if (labels == null || labels.isEmpty()) {
            return null;
        }
        switch (name) {
            case LabelSettings.NEWEST:
                return EffectiveLabel.newest(labels);
            case LabelSettings.MAJORITY:
                return majorityOf(LabelReview.votes(labels));
            default:
                return mostTrusted(labels);
        }
    }

    private static Label majorityOf(List<Label> votes) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Label> newestVote = new HashMap<>();
        for (Label v : votes) {
            String value = v.label;
            counts.merge(value, 1, Integer::sum);
            Label best = newestVote.get(value);
            if (best == null || EffectiveLabel.ORDER.compare(v, best) > 0) {
                newestVote.put(value, v);
            }
        }
        Label winner = null;
        int winnerVotes = 0;
        for (Map.Entry<String, Label> e : newestVote.entrySet()) {
            int n = counts.get(e.getKey());
            Label candidate = e.getValue();
            if (winner == null || n > winnerVotes
                    || (n == winnerVotes && EffectiveLabel.ORDER.compare(candidate, winner) > 0)) {
                winner = candidate;
                winnerVotes = n;
            }
        }
        return winner;
    }

    private Label mostTrusted(List<Label> labels) {
        List<Label> best = new ArrayList<>();
        int bestRank = Integer.MAX_VALUE;
        for (Label l : labels) {
            Objects.requireNonNull(l, "label");
            int rank = sourceRank(l.source);
            if (rank < bestRank) {
                best.clear();
                bestRank = rank;
            }
            if (rank == bestRank) {
                best.add(l);
            }
        }
        return EffectiveLabel.newest(best);
    }

    /** Position in the priority list; every unlisted source (and none) after all listed ones. */
    private int sourceRank(String source) {
        int i = source == null ? -1 : sourcePriority.indexOf(source);
        return i < 0 ? sourcePriority.size() : i;
    }

    /** Sources most trusted first ({@code source-priority} only; empty otherwise). */
    public List<String> sourcePriority() {
        return sourcePriority;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LabelPolicy)) return false;
        LabelPolicy p = (LabelPolicy) o;
        return name.equals(p.name) && sourcePriority.equals(p.sourcePriority);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, sourcePriority);
    }

    @Override
    public String toString() {
        return sourcePriority.isEmpty() ? name : name + sourcePriority;
    }
}
