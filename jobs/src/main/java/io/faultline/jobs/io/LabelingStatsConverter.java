package io.faultline.jobs.io;

import static io.faultline.jobs.io.LabelingStatsAvroSchema.*;

import io.faultline.common.label.LabelingStatsRow;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Maps a {@link LabelingStatsRow} onto a {@link LabelingStatsAvroSchema} row: the per-reviewer parallel
 * arrays become three maps in the row's labeller order (empty when none).
 *
 * <p>The record and its maps are reused from row to row; see {@link AvroRecordConverter}.
 */
public final class LabelingStatsConverter implements AvroRecordConverter<LabelingStatsRow> {

    private final GenericData.Record row = new GenericData.Record(LabelingStatsAvroSchema.SCHEMA);
    private final Map<String, Long> reviewerLabels = new LinkedHashMap<>();
    private final Map<String, Long> reviewerAgreeing = new LinkedHashMap<>();
    private final Map<String, Double> reviewerAgreement = new LinkedHashMap<>();

    @Override
    public GenericRecord toAvro(LabelingStatsRow stats) {
        row.put(WINDOW_START, stats.windowStart);
        row.put(WINDOW_END, stats.windowEnd);
        row.put(MODEL, stats.model);
        row.put(MODEL_VERSION, stats.modelVersion);
        row.put(LABEL_POLICY, stats.labelPolicy);
        row.put(PREDICTIONS, stats.predictions);
        row.put(LABELLED, stats.labelled);
        row.put(LABELLED_SHARE, stats.labelledShare);
        row.put(LABELS, stats.labels);
        row.put(LABEL_DELAY_P50_MS, stats.labelDelayP50Ms);
        row.put(LABEL_DELAY_P95_MS, stats.labelDelayP95Ms);
        row.put(DISAGREEMENT_EVENTS, stats.disagreementEvents);
        row.put(DISAGREEMENT_RATE, stats.disagreementRate);
        row.put(MISCLASSIFIED, stats.misclassified);
        row.put(MISCLASSIFICATION_RATE, stats.misclassificationRate);
        reviewerLabels.clear();
        reviewerAgreeing.clear();
        reviewerAgreement.clear();
        String[] reviewers = stats.reviewers == null ? new String[0] : stats.reviewers;
        requireParallel(reviewers.length, stats.reviewerLabels, stats.reviewerAgreeing, stats.reviewerAgreement, stats);
        for (int i = 0; i < reviewers.length; i++) {
            reviewerLabels.put(reviewers[i], stats.reviewerLabels[i]);
            reviewerAgreeing.put(reviewers[i], stats.reviewerAgreeing[i]);
            reviewerAgreement.put(reviewers[i], stats.reviewerAgreement[i]);
        }
        row.put(REVIEWER_LABELS, reviewerLabels);
        row.put(REVIEWER_AGREEING, reviewerAgreeing);
        row.put(REVIEWER_AGREEMENT, reviewerAgreement);
        return row;
    }

    /** A length mismatch is a bug upstream; writing silently shortened maps would hide it. */
    private static void requireParallel(int n, long[] labels, long[] agreeing, double[] agreement,
            LabelingStatsRow stats) {
        int labelsLength = labels == null ? 0 : labels.length;
        int agreeingLength = agreeing == null ? 0 : agreeing.length;
        int agreementLength = agreement == null ? 0 : agreement.length;
        if (labelsLength != n || agreeingLength != n || agreementLength != n) {
            throw new IllegalArgumentException("Parallel reviewer arrays differ in length (" + n + " reviewers, "
                    + labelsLength + " labels, " + agreeingLength + " agreeing, " + agreementLength
                    + " agreement) in labeling_stats row " + stats.model + "/" + stats.modelVersion + "/"
                    + stats.windowStart);
        }
    }
}
