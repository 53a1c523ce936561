package io.faultline.common.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecurrenceCounterTest {
    private static final long DAY1 = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;

    private static FailureRecord row(String id, String signature, long eventTime, long detectedAt) {
        Prediction p = new Prediction();
        p.eventId = "e-" + id;
        p.eventTime = eventTime;
        FailureRecord r = new FailureRecord();
        r.failureId = id;
        r.signature = signature;
        r.event = p;
        r.detectedAt = detectedAt;
        return r;
    }

    private static Map<String, Long> ranks(List<FailureRecord> rows) {
        Map<String, Long> m = new TreeMap<>();
        rows.forEach(r -> m.put(r.failureId, r.recurrence));
        return m;
    }

    @Test
    void ranksBySignatureAndDayInDetectionOrderThenFailureId() {
        List<FailureRecord> rows = new ArrayList<>(List.of(
                row("c", "s1", DAY1 + HOUR, DAY1 + 2 * HOUR),
                row("b", "s1", DAY1 + 3 * HOUR, DAY1 + 3 * HOUR),
                row("a", "s1", DAY1 + 5 * HOUR, DAY1 + 2 * HOUR), // ties with c on detected_at: a first
                row("d", "s2", DAY1 + HOUR, DAY1 + HOUR),
                row("e", "s1", DAY1 + 25 * HOUR, DAY1 + 25 * HOUR), // the next day starts again
                row("f", "s1", DAY1 + 23 * HOUR, DAY1 + 26 * HOUR))); // detected the next day, dt of its event time
        RecurrenceCounter.rankAll(rows);
        assertThat(ranks(rows)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "a", 1L, "b", 3L, "c", 2L, "d", 1L, "e", 1L, "f", 4L)));
    }

    @Test
    void keyIsSignatureAndUtcDayOfEventTime() {
        assertThat(RecurrenceCounter.key(row("a", "0123456789abcdef", DAY1 + 23 * HOUR + 59 * 60_000, DAY1 + 30 * HOUR)))
                .isEqualTo("0123456789abcdef|2026-10-01");
        assertThatThrownBy(() -> RecurrenceCounter.key(row("a", null, DAY1, DAY1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("annotate");
    }

    @Test
    void rowsSortingBeforeRankedOnesAreCountedAsLate() {
        RecurrenceCounter counter = new RecurrenceCounter();
        List<FailureRecord> first = new ArrayList<>(List.of(row("b", "s", DAY1, DAY1 + 10), row("c", "s", DAY1, DAY1 + 20)));
        assertThat(counter.rank(first)).isZero();
        List<FailureRecord> second = new ArrayList<>(List.of(row("d", "s", DAY1, DAY1 + 30), row("a", "s", DAY1, DAY1 + 5)));
        assertThat(counter.rank(second)).isEqualTo(1);
        assertThat(ranks(first)).containsEntry("b", 1L).containsEntry("c", 2L);
        assertThat(ranks(second)).containsEntry("a", 3L).containsEntry("d", 4L);
        assertThat(counter.ranked).isEqualTo(4);
        assertThat(counter.lastFailureId).isEqualTo("d");
    }

    /**
     * Property: a streaming run (rows arriving in a random order, at most {@code lag} after their detection,
     * released per key when the watermark passes detected_at + lag, on a random number of parallel keyed
     * instances) gives every row the rank of the whole-day reference.
     */
    @Test
    void streamingReleaseByWatermarkMatchesTheWholeDayRanking() {
        SplittableRandom rng = new SplittableRandom(20261001);
        for (int trial = 0; trial < 50; trial++) {
            long lag = 2 * HOUR;
            List<FailureRecord> rows = new ArrayList<>();
            Map<String, Long> emittedAt = new HashMap<>();
            int n = 50 + rng.nextInt(200);
            for (int i = 0; i < n; i++) {
                long eventTime = DAY1 + rng.nextLong(2 * 24 * HOUR);
                // Coarse detection times so that ties on detected_at occur and failure_id decides.
                long detectedAt = eventTime + rng.nextLong(lag) / (10 * 60_000) * (10 * 60_000);
                String id = String.format("%08x", rng.nextInt());
                FailureRecord r = row(id + i, "s" + rng.nextInt(3), eventTime, detectedAt);
                rows.add(r);
                emittedAt.put(r.failureId, detectedAt + rng.nextLong(lag + 1));
            }
            List<FailureRecord> reference = new ArrayList<>();
            for (FailureRecord r : rows) {
                reference.add(row(r.failureId, r.signature, r.event.eventTime, r.detectedAt));
            }
            RecurrenceCounter.rankAll(reference);

            // Arrival: by emission time, ties in a random order (what parallel upstream subtasks do).
            List<FailureRecord> arrival = new ArrayList<>(rows);
            Collections.shuffle(arrival, new Random(rng.nextLong()));
            arrival.sort(Comparator.comparingLong(r -> emittedAt.get(r.failureId)));
            Map<String, RecurrenceCounter> counters = new HashMap<>();
            Map<String, List<FailureRecord>> buffers = new HashMap<>();
            int late = 0;
            for (FailureRecord r : arrival) {
                // Rows emitted before this one have all arrived: the watermark is just below its emission time.
                long watermark = emittedAt.get(r.failureId) - 1;
                late += release(watermark - lag, counters, buffers);
                buffers.computeIfAbsent(RecurrenceCounter.key(r), k -> new ArrayList<>()).add(r);
            }
            late += release(Long.MAX_VALUE, counters, buffers);

            assertThat(late).isZero();
            assertThat(ranks(rows)).as("trial %s", trial).isEqualTo(ranks(reference));
        }
    }

    private static int release(long upTo, Map<String, RecurrenceCounter> counters,
            Map<String, List<FailureRecord>> buffers) {
        int late = 0;
        for (Map.Entry<String, List<FailureRecord>> e : buffers.entrySet()) {
            List<FailureRecord> due = new ArrayList<>();
            e.getValue().removeIf(r -> r.detectedAt <= upTo && due.add(r));
            late += counters.computeIfAbsent(e.getKey(), k -> new RecurrenceCounter()).rank(due);
        }
        return late;
    }
}
