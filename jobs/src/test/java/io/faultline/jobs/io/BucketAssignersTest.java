package io.faultline.jobs.io;

import io.faultline.common.incident.Incident;
import io.faultline.common.label.LabelingStatsRow;
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.WindowStatsRow;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BucketAssignersTest {

    @Test
    void failuresAreBucketedByTheUtcDayOfTheirEventTimeAndModel() throws Exception {
        DailyBucketAssigner<FailureRecord> assigner = InstantiationUtil.clone(DailyBucketAssigner.failures());

        assertThat(assigner.getBucketId(failure("2026-10-01T23:59:59.999Z", "fraud"), null))
                .isEqualTo("dt=2026-10-01/model=fraud");
        assertThat(assigner.getBucketId(failure("2026-10-02T00:00:00Z", "fraud"), null))
                .isEqualTo("dt=2026-10-02/model=fraud");
        assertThat(assigner.getBucketId(failure("2026-10-01T12:00:00Z", "churn"), null))
                .isEqualTo("dt=2026-10-01/model=churn");
        assertThat(assigner.getBucketId(failure("2026-10-01T12:00:00Z", "fraud"), null))
                .isEqualTo("dt=2026-10-01/model=fraud");
        assertThat(assigner.getBucketId(failure("1969-12-31T23:00:00Z", "fraud"), null))
                .isEqualTo("dt=1969-12-31/model=fraud");
        assertThat(assigner.getSerializer()).isSameAs(SimpleVersionedStringSerializer.INSTANCE);
    }

    @Test
    void windowStatsAreBucketedByTheUtcDayOfTheWindowStartAndModel() throws Exception {
        DailyBucketAssigner<WindowStatsRow> assigner = InstantiationUtil.clone(DailyBucketAssigner.windowStats());
        WindowStatsRow acrossMidnight = new WindowStatsRow();
        acrossMidnight.windowStart = Instant.parse("2026-10-01T23:30:00Z").toEpochMilli();
        acrossMidnight.windowEnd = Instant.parse("2026-10-02T00:30:00Z").toEpochMilli();
        acrossMidnight.model = "fraud";

        assertThat(assigner.getBucketId(acrossMidnight, null)).isEqualTo("dt=2026-10-01/model=fraud");
        assertThat(assigner.getSerializer()).isSameAs(SimpleVersionedStringSerializer.INSTANCE);
    }

    @Test
    void labelingStatsAreBucketedByTheUtcDayOfTheWindowStartAndModel() throws Exception {
        DailyBucketAssigner<LabelingStatsRow> assigner = InstantiationUtil.clone(DailyBucketAssigner.labelingStats());
        LabelingStatsRow acrossMidnight = new LabelingStatsRow();
        acrossMidnight.windowStart = Instant.parse("2026-10-01T23:30:00Z").toEpochMilli();
        acrossMidnight.windowEnd = Instant.parse("2026-10-02T00:30:00Z").toEpochMilli();
        acrossMidnight.model = "fraud";

        assertThat(assigner.getBucketId(acrossMidnight, null)).isEqualTo("dt=2026-10-01/model=fraud");
        assertThat(assigner.getSerializer()).isSameAs(SimpleVersionedStringSerializer.INSTANCE);
    }

    @Test
    void incidentsAreBucketedByTheUtcDayOfTheirStartAndModel() throws Exception {
        DailyBucketAssigner<Incident> assigner = InstantiationUtil.clone(DailyBucketAssigner.incidents());
        io.faultline.common.incident.Incident incident = new io.faultline.common.incident.Incident();
        incident.startedAt = Instant.parse("2026-10-01T23:00:00Z").toEpochMilli();
        incident.detectedAt = Instant.parse("2026-10-02T01:00:00Z").toEpochMilli();
        incident.updatedAt = Instant.parse("2026-10-03T01:00:00Z").toEpochMilli();
        incident.model = "fraud";

        assertThat(assigner.getBucketId(incident, null)).isEqualTo("dt=2026-10-01/model=fraud");
        assertThat(assigner.getSerializer()).isSameAs(SimpleVersionedStringSerializer.INSTANCE);
    }

    @Test
    void deadLettersAreBucketedByTheUtcDayOfIngestionAndSource() throws Exception {
        DailyBucketAssigner<DeadLetter> assigner = InstantiationUtil.clone(DailyBucketAssigner.deadLetters());
        long ingestedAt = Instant.parse("2026-10-02T00:30:00Z").toEpochMilli();

        assertThat(assigner.getBucketId(
                DeadLetter.of(new RawRecord("labels", "labels/0/1", ingestedAt, "x"), "INVALID_JSON", "m"), null))
                .isEqualTo("dt=2026-10-02/source=labels");
        assertThat(assigner.getSerializer()).isSameAs(SimpleVersionedStringSerializer.INSTANCE);
    }

    @Test
    void manyDistinctValuesOnOneDayStillGetTheirOwnBuckets() {
        DailyBucketIds ids = new DailyBucketIds("model");
        long day = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();

        for (int i = 0; i < 3_000; i++) {
            assertThat(ids.bucketId(day + i, "m" + i)).isEqualTo("dt=2026-10-01/model=m" + i);
        }
    }

    private static FailureRecord failure(String eventTime, String model) {
        Prediction event = new Prediction();
        event.eventTime = Instant.parse(eventTime).toEpochMilli();
        event.model = model;
        FailureRecord failure = new FailureRecord();
        failure.event = event;
        return failure;
    }
}
