package io.faultline.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-10-01T06:00:00.123Z,        2026-10-01T06:00:00.123Z",
        "2026-10-01T08:00:00.123+02:00,   2026-10-01T06:00:00.123Z",
        "2026-10-01T00:30:00-05:30,       2026-10-01T06:00:00Z",
        "2026-10-01T11:30:00+0530,        2026-10-01T06:00:00Z",
        "2026-10-01T08:00:00+02,          2026-10-01T06:00:00Z",
        "2026-10-01t06:00:00z,            2026-10-01T06:00:00Z",
        "2026-10-01 06:00:00Z,            2026-10-01T06:00:00Z",
        "2026-10-01T06:00Z,               2026-10-01T06:00:00Z",
        "2026-10-01T06:00:00.1Z,          2026-10-01T06:00:00.100Z",
        "2026-10-01T06:00:00.123999999Z,  2026-10-01T06:00:00.123Z",
        "2026-10-01T00:00:00+14:00,       2026-09-30T10:00:00Z",
        "2028-02-29T12:00:00Z,            2028-02-29T12:00:00Z",
        "2000-02-29T12:00:00Z,            2000-02-29T12:00:00Z",
        "2026-12-31T23:59:59Z,            2026-12-31T23:59:59Z",
        "1970-01-01T00:00:00Z,            1970-01-01T00:00:00Z",
        "2200-12-31T23:59:59.999Z,        2200-12-31T23:59:59.999Z",
        "2201-01-01T00:59:59.999+01:00,   2200-12-31T23:59:59.999Z",
    })
    void parsesIsoInstantsWithOffset(String text, String expectedUtc) throws ContractViolation {
        assertThat(Timestamps.parseIso("t", text)).isEqualTo(Instant.parse(expectedUtc).toEpochMilli());
        assertThat(Timestamps.parse("t", text)).isEqualTo(Instant.parse(expectedUtc).toEpochMilli());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "", "2026", "2026-10-01", "2026-10-01T06:00:00", "2026-10-01T06:00:00.123", "2026-10-01T06Z",
        "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2100-02-29T00:00:00Z",
        "2026-10-01T24:00:00Z", "2026-10-01T23:60:00Z", "2026-10-01T23:59:60Z", "2026-10-01T06:00:00+19:00",
        "2026-10-01T06:00:00+02:60", "2026-10-01T06:00:00.1234567890Z", "2026-10-01T06:00:00.Z",
        "2026-10-01T06:00:00Zjunk", " 2026-10-01T06:00:00Z", "2026-10-01T06:00:00Z ", "2026/10/01T06:00:00Z",
        "2026-10-01X06:00:00Z", "2026-10-01T06:00:00+2:00", "2026-10-01T06:00:00+02:0", "+2026-10-01T06:00:00Z",
        "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00+00:01", "2201-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "2026-10-01T06:00:00UTC", "2026-10-01T06:00:00[Europe/Berlin]",
        "2026-10-01T06:00:00\u0000Z", "\uff12\uff10\uff12\uff16-10-01T06:00:00Z", "1790000000000", "yesterday"})
    void rejectsAnythingElseAsInvalidTimestamp(String text) {
        assertThatThrownBy(() -> Timestamps.parseIso("event_time", text))
                .isInstanceOfSatisfying(ContractViolation.class, v -> {
                    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_TIMESTAMP);
                    assertThat(v.getMessage()).startsWith("event_time ");
                });
    }

    @Test
    void parseAlsoAcceptsDecimalEpochMillisWithinRange() throws ContractViolation {
        assertThat(Timestamps.parse("t", "1790000000000")).isEqualTo(1_790_000_000_000L);
        assertThat(Timestamps.parse("t", "0")).isZero();
        assertThat(Timestamps.parse("t", Long.toString(Timestamps.MAX_EPOCH_MILLIS))).isEqualTo(Timestamps.MAX_EPOCH_MILLIS);
        for (String outside : new String[] {"-1", Long.toString(Timestamps.MAX_EPOCH_MILLIS + 1), "99999999999999999999"}) {
            assertThatThrownBy(() -> Timestamps.parse("t", outside))
                    .isInstanceOfSatisfying(ContractViolation.class,
                            v -> assertThat(v.code()).isEqualTo(ErrorCode.INVALID_TIMESTAMP));
        }
    }

    @Test
    void rangeConstantsAreTheFirstAndLastMillisecondOfTheSupportedYears() {
        assertThat(Timestamps.MIN_EPOCH_MILLIS).isEqualTo(Instant.parse("1970-01-01T00:00:00Z").toEpochMilli());
        assertThat(Timestamps.MAX_EPOCH_MILLIS).isEqualTo(Instant.parse("2200-12-31T23:59:59.999Z").toEpochMilli());
    }

    /** The hand-written parser must agree with java.time on every instant it accepts. */
    @Test
    void agreesWithJavaTimeOnRandomInstants() throws ContractViolation {
        Random random = new Random(20261122);
        DateTimeFormatter localFormat = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime local = LocalDateTime.of(1970 + random.nextInt(231), 1 + random.nextInt(12), 1, 0, 0)
                    .plusDays(random.nextInt(31)).plusSeconds(random.nextInt(86_400));
            int fractionDigits = random.nextInt(10);
            String fraction = "";
            for (int d = 0; d < fractionDigits; d++) {
                fraction += (char) ('0' + random.nextInt(10));
            }
            int offsetMinutes = (random.nextInt(18 * 4 * 2 + 1) - 18 * 4) * 15;
            String offset = offsetMinutes == 0 && random.nextBoolean()
                    ? "Z" : ZoneOffset.ofTotalSeconds(offsetMinutes * 60).getId().replace("Z", "+00:00");
            String text = local.format(localFormat) + (fractionDigits > 0 ? "." + fraction : "") + offset;

            long expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();
            if (expected < Timestamps.MIN_EPOCH_MILLIS || expected > Timestamps.MAX_EPOCH_MILLIS) {
                assertThatThrownBy(() -> Timestamps.parseIso("t", text)).isInstanceOf(ContractViolation.class);
            } else {
                assertThat(Timestamps.parseIso("t", text)).as(text).isEqualTo(expected);
            }
        }
    }
}
