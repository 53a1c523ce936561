package io.faultline.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EventTimeRangeTest {

    @Test
    void inclusiveDatesCoverWholeUtcDays() {
        EventTimeRange range = EventTimeRange.ofDates(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"));
        assertThat(range.contains(Instant.parse("2026-10-01T00:00:00Z").toEpochMilli())).isTrue();
        assertThat(range.contains(Instant.parse("2026-10-02T23:59:59.999Z").toEpochMilli())).isTrue();
        assertThat(range.contains(Instant.parse("2026-10-03T00:00:00Z").toEpochMilli())).isFalse();
        assertThat(range.contains(Instant.parse("2026-09-30T23:59:59.999Z").toEpochMilli())).isFalse();
        assertThat(range.days()).containsExactly("2026-10-01", "2026-10-02");
    }

    @Test
    void openRangesReplaceNoExtraDays() {
        assertThat(EventTimeRange.ALL.days()).isEmpty();
        assertThat(EventTimeRange.ofDates(LocalDate.parse("2026-10-01"), null).days()).isEmpty();
        assertThat(EventTimeRange.ALL.isAll()).isTrue();
    }

    @Test
    void toBeforeFromIsAnError() {
        assertThatThrownBy(() -> EventTimeRange.ofDates(LocalDate.parse("2026-10-02"), LocalDate.parse("2026-10-01")))
                .hasMessageContaining("--to 2026-10-01 is before --from 2026-10-02");
    }
}
