package io.faultline.common.label;

import io.faultline.common.model.Label;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which of several labels of one prediction counts: the newest by {@code labelTime}. Reviews overturn
 * earlier labels, so the latest word wins.
 *
 * <p>Ties on {@code labelTime} are broken by source (human &gt; outcome &gt; system &gt; none: a human review
 * is the most deliberate judgement), then by the label text, then by the reviewer, then by the remaining
 * fields (each the greater wins). {@link #ORDER} is total and consistent with {@link Label#equals}, so the
 * answer never depends on the order in which labels arrived, across replays, parallelism or batch and
 * streaming runs.
 */
public final class EffectiveLabel {
    /**
     * Ascending "counts more" order: the effective label is the maximum. A streaming join may keep only
     * its current effective label and replace it when {@code ORDER.compare(incoming, current) > 0}.
     */
    public static final Comparator<Label> ORDER = Comparator
            .comparingLong((Label l) -> l.labelTime)
            .thenComparingInt(l -> sourceRank(l.source))
            .thenComparing(l -> l.source, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(l -> l.label, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(l -> l.reviewer, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(l -> l.justification, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(l -> l.eventId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private EffectiveLabel() {}

    /**
     * The newest label by {@code labelTime}, ties broken by {@link #ORDER}; null for a null or empty list.
     *
     * @throws NullPointerException if the list holds a null label
     */
    public static Label newest(List<Label> labels) {
        if (labels == null) {
            return null;
        }
        Label best = null;
        for (Label l : labels) {
            Objects.requireNonNull(l, "label");
            if (best == null || ORDER.compare(l, best) > 0) {
                best = l;
            }
        }
        return best;
    }

    /** human 3, outcome 2, system 1; absent or unknown sources 0. */
    private static int sourceRank(String source) {
        if (source == null) {
            return 0;
        }
        switch (source) {
            case "human": return 3;
            case "outcome": return 2;
            case "system": return 1;
            default: return 0;
        }
    }
}
