package io.faultline.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionValuesTest {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    @ParameterizedTest
    @ValueSource(strings = {"m", "fraud-scorer", "v1.4.2", "A_b-C.9", "a..b", "2026.10", "-x", "_"})
    void acceptsWhitelistedNames(String value) {
        assertThat(PartitionValues.isSafe(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", ".hidden", "a/b", "a\\b", "x=y", "a b", "mod\u00e8le", "a\u0000", "a:b",
        "a*", "%2e%2e", "\uff0e\uff0e"})
    void rejectsEverythingElse(String value) {
        assertThat(PartitionValues.isSafe(value)).isFalse();
    }

    @Test
    void acceptsExactlyWhatTheDocumentedRuleAccepts() {
        assertThat(PartitionValues.isSafe(null)).isFalse();
        assertThat(PartitionValues.isSafe("x".repeat(128))).isTrue();
        assertThat(PartitionValues.isSafe("x".repeat(129))).isFalse();
        for (char c = 0; c < 0x3000; c++) {
            String single = String.valueOf(c);
            String inner = "a" + c + "b";
            assertThat(PartitionValues.isSafe(single)).as("U+%04X alone", (int) c).isEqualTo(RULE.matcher(single).matches());
            assertThat(PartitionValues.isSafe(inner)).as("U+%04X inside", (int) c).isEqualTo(RULE.matcher(inner).matches());
        }
    }
}
