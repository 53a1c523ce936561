package io.faultline.jobs.functions;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The event-time range a backfill covers: {@code [from, to)} in epoch milliseconds. {@link #ALL} covers
 * everything. Built from the CLI's inclusive dates: {@code --from 2026-10-01 --to 2026-10-02} covers both
 * days, UTC.
 */
public record EventTimeRange(long fromInclusive, long toExclusive) implements Serializable {
    public static final EventTimeRange ALL = new EventTimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

    public EventTimeRange {
        if (fromInclusive >= toExclusive) {
            throw new IllegalArgumentException("empty event-time range: from " + Instant.ofEpochMilli(fromInclusive)
                    + " is not before " + Instant.ofEpochMilli(toExclusive));
        }
    }

    /** Inclusive UTC dates; either may be null for an open end. */
    public static EventTimeRange ofDates(LocalDate from, LocalDate toInclusive) {
        long start = from == null ? Long.MIN_VALUE : from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long end = toInclusive == null
                ? Long.MAX_VALUE
                : toInclusive.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        if (from != null && toInclusive != null && toInclusive.isBefore(from)) {
            throw new IllegalArgumentException("--to " + toInclusive + " is before --from " + from);
        }
        return new EventTimeRange(start, end);
    }

    public boolean contains(long eventTime) {
        return eventTime >= fromInclusive && eventTime < toExclusive;
    }

    /**
     * The UTC days ({@code YYYY-MM-DD}) the range covers, when both ends are set and it spans at most ten
     * years; otherwise none (an open range replaces only the days a backfill actually wrote).
     */
    public java.util.List<String> days() {
        java.util.List<String> days = new java.util.ArrayList<>();
        long day = 86_400_000L;
        if (fromInclusive == Long.MIN_VALUE || toExclusive == Long.MAX_VALUE || toExclusive - fromInclusive > 3660 * day) {
            return days;
        }
        for (long t = Math.floorDiv(fromInclusive, day) * day; t < toExclusive; t += day) {
            days.add(Instant.ofEpochMilli(t).toString().substring(0, 10));
        }
        return days;
    }

    public boolean isAll() {
        return fromInclusive == Long.MIN_VALUE && toExclusive == Long.MAX_VALUE;
    }
}
