package io.faultline.common.label;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link LabelingStats} needs of one event's {@link LabelReview}, as plain fields: the review is taken once,
 * where the labels are (the label join), and this travels on to the statistics. Public fields, arrays and a
 * no-argument constructor, so that it is a Flink POJO.
 */
public class LabelOutcome {
    /** Labels within the wait. */
    public int labels;
    public String effectiveLabel;
    public long effectiveLabelTime;
    /** The labellers' votes hold two or more values. */
    public boolean disagreement;
    /** Each labeller ({@link LabelReview#labeller}) and whether its vote agrees with the effective label. */
    public String[] labellers;
    public boolean[] agreesWithEffective;

    public LabelOutcome() {}

    public static LabelOutcome of(LabelReview review) {
        LabelOutcome o = new LabelOutcome();
        o.labels = review.labels().size();
        o.effectiveLabel = review.effective().label;
        o.effectiveLabelTime = review.effective().labelTime;
        o.disagreement = review.disagreement();
        List<io.faultline.common.model.Label> votes = review.votes();
        o.labellers = new String[votes.size()];
        o.agreesWithEffective = new boolean[votes.size()];
        for (int i = 0; i < votes.size(); i++) {
            o.labellers[i] = LabelReview.labeller(votes.get(i));
            o.agreesWithEffective[i] = review.agreesWithEffective(votes.get(i));
        }
        return o;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelOutcome l && labels == l.labels && effectiveLabelTime == l.effectiveLabelTime
                && disagreement == l.disagreement && Objects.equals(effectiveLabel, l.effectiveLabel)
                && Arrays.equals(labellers, l.labellers) && Arrays.equals(agreesWithEffective, l.agreesWithEffective);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, effectiveLabel, effectiveLabelTime);
    }
}
