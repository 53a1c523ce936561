package io.faultline.common.failure;

import io.faultline.common.model.FailureRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code recurrence} of catalog rows: the rank of a row among the rows with the same signature on the
 * same UTC day of {@code event_time} (the {@code dt} partition), ordered by ({@code detected_at},
 * {@code failure_id}), counting from 1. In SQL: {@code row_number() OVER (PARTITION BY dt, signature ORDER BY
 * detected_at, failure_id)}.
 *
 * <p><b>Why a rank, not the day's total.</b> The total is only known when the day is over, so every row
 * would wait up to a day. A running count in arrival order would differ between streaming, batch and
 * parallelisms. The rank is a function of the day's set of rows alone (failure ids are unique, so
 * {@link #ORDER} is total), so every run gives every row the same number, and a row can be written as soon as
 * every row that sorts before it is known. The day's total is the largest rank.
 *
 * <p><b>Streaming use.</b> Key the rows by {@link #key}, keep one counter per key, buffer rows and, when the
 * watermark reaches {@code T}, {@link #rank} the buffered rows with {@code detected_at <= T - d} where
 * {@code d} bounds how far a row's emission trails its {@code detected_at} (the label wait for
 * MISCLASSIFICATION and SUSPECTED_LABEL_NOISE, the window flush delay for window-level rows). Every row
 * sorting before those has then arrived, so the ranks are exact. A row arriving after rows that sort after it
 * were ranked still gets the next number; {@link #rank} counts such rows, so the job can report them.
 *
 * <p>A Flink POJO (public fields, no-arg constructor): it is the keyed state of that operator.
 */
public class RecurrenceCounter {
    /** The ranking order within one (day, signature). */
    public static final Comparator<FailureRecord> ORDER = Comparator
            .comparingLong((FailureRecord r) -> r.detectedAt)
            .thenComparing(r -> r.failureId);

    /** Rows ranked so far. */
    public long ranked;
    /** {@code detected_at} of the last ranked row; meaningless while {@link #ranked} is 0. */
    public long lastDetectedAt;
    /** {@code failure_id} of the last ranked row; null while {@link #ranked} is 0. */
    public String lastFailureId;

    public RecurrenceCounter() {}

    /** The UTC day of the row's event time: its {@code dt} partition. */
    public static LocalDate dayOf(FailureRecord r) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(r.event.eventTime), ZoneOffset.UTC);
    }

    /** {@code <signature>|<YYYY-MM-DD>}: the key of the rows ranked together. The row must be annotated. */
    public static String key(FailureRecord r) {
        if (r.signature == null) {
            throw new IllegalArgumentException("row " + r.failureId + " has no signature; annotate it first");
        }
        return r.signature + '|' + dayOf(r);
    }

    /**
     * Sets {@code recurrence} of {@code rows} (all of this counter's key) in {@link #ORDER}, continuing after
     * the rows ranked before. Sorts {@code rows} in place.
     *
     * @return how many rows sorted before a row ranked in an earlier call (their ranks are not the day's)
     */
    public int rank(List<FailureRecord> rows) {
        rows.sort(ORDER);
        int late = 0;
        for (FailureRecord r : rows) {
            boolean beforeLast = ranked > 0 && compareToLast(r) < 0;
            if (beforeLast) {
                late++;
            } else {
                lastDetectedAt = r.detectedAt;
                lastFailureId = r.failureId;
            }
            r.recurrence = ++ranked;
        }
        return late;
    }

    private int compareToLast(FailureRecord r) {
        int c = Long.compare(r.detectedAt, lastDetectedAt);
        return c != 0 ? c : r.failureId.compareTo(lastFailureId);
    }

    /** Ranks a complete set of rows (a whole day or more, any signatures): the reference for streaming runs. */
    public static void rankAll(Collection<FailureRecord> rows) {
        Map<String, List<FailureRecord>> byKey = new TreeMap<>();
        for (FailureRecord r : rows) {
            byKey.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
        }
        for (List<FailureRecord> group : byKey.values()) {
            new RecurrenceCounter().rank(group);
        }
    }
}
