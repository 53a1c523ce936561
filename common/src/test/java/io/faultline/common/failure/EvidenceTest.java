package io.faultline.common.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvidenceTest {

    @ParameterizedTest
    @CsvSource({
            "0.31,     0.5,     2, 0.31,    0.50",
            "0.249,    0.5,     2, 0.249,   0.50",
            "312,      100,     0, 312,     100",
            "100.5,    100,     0, 100.5,   100",
            "0.123456, 0.12345, 2, 0.12346, 0.12345",
            "0.4,      0.4,     2, 0.40,    0.40",
            "1e-7,     0,       2, 0.0000001, 0.0000000",
    })
    void pairShowsEnoughDecimalsToTellValuesApart(double a, double b, int minScale, String x, String y) {
        assertThat(Evidence.pair(a, b, minScale)).containsExactly(x, y);
    }

    @ParameterizedTest
    @CsvSource({
            "0,          0ms",
            "350,        350ms",
            "45999,      45s",
            "60000,      1m",
            "725000,     12m5s",
            "11520000,   3h12m",
            "11559999,   3h12m",
            "10800000,   3h",
            "183600000,  2d3h",
            "-300000,    -5m",
    })
    void durationShowsTheTwoLargestUnitsTruncated(long ms, String text) {
        assertThat(Evidence.duration(ms)).isEqualTo(text);
    }

    @Test
    void quoteEscapesQuotesAndBackslashes() {
        assertThat(Evidence.quote("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
    }
}
