package io.faultline.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.label.LabelingStatsRow;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class LabelingStatsConverterTest {

    private static LabelingStatsRow row(String... reviewers) {
        LabelingStatsRow r = new LabelingStatsRow();
        r.windowStart = 0L;
        r.windowEnd = 3_600_000L;
        r.model = "fraud";
        r.modelVersion = "v2";
        r.labelPolicy = "majority";
        r.predictions = 10;
        r.labelled = 4;
        r.labelledShare = 0.4;
        r.labels = 6;
        r.labelDelayP50Ms = 3_600_000.0;
        r.labelDelayP95Ms = 7_200_000.0;
        r.disagreementEvents = 1;
        r.disagreementRate = 0.25;
        r.misclassified = 2;
        r.misclassificationRate = 0.5;
        r.reviewers = reviewers;
        r.reviewerLabels = new long[reviewers.length];
        r.reviewerAgreeing = new long[reviewers.length];
        r.reviewerAgreement = new double[reviewers.length];
        for (int i = 0; i < reviewers.length; i++) {
            r.reviewerLabels[i] = 2 + i;
            r.reviewerAgreeing[i] = 1;
            r.reviewerAgreement[i] = 1.0 / (2 + i);
        }
        return r;
    }

    @Test
    void reviewerArraysBecomeMapsInTheirOrderAndNothingCarriesOver() {
        LabelingStatsConverter converter = new LabelingStatsConverter();
        GenericRecord first = converter.toAvro(row("(outcome)", "alice", "bob"));
        assertThat(GenericData.get().validate(LabelingStatsAvroSchema.SCHEMA, first)).isTrue();
        assertThat(List.copyOf(((Map<?, ?>) first.get("reviewer_labels")).keySet()))
                .isEqualTo(List.of("(outcome)", "alice", "bob"));
        assertThat(((Map<?, ?>) first.get("reviewer_labels")).get("bob")).isEqualTo(4L);
        assertThat(((Map<?, ?>) first.get("reviewer_agreement")).get("alice")).isEqualTo(1.0 / 3);
        assertThat(first.get("label_policy")).isEqualTo("majority");
        assertThat(first.get("labelled_share")).isEqualTo(0.4);

        LabelingStatsRow empty = row();
        empty.disagreementRate = null;
        GenericRecord second = converter.toAvro(empty);
        assertThat(GenericData.get().validate(LabelingStatsAvroSchema.SCHEMA, second)).isTrue();
        assertThat((Map<?, ?>) second.get("reviewer_labels")).isEmpty();
        assertThat((Map<?, ?>) second.get("reviewer_agreement")).isEmpty();
        assertThat(second.get("disagreement_rate")).isNull();
    }

    @Test
    void parallelArraysOfDifferentLengthsFailLoudly() {
        LabelingStatsRow broken = row("alice", "bob");
        broken.reviewerAgreeing = new long[] {1};
        assertThatThrownBy(() -> new LabelingStatsConverter().toAvro(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 reviewers, 2 labels, 1 agreeing");
    }
}
