package io.faultline.common.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.TestingRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FailureModeTest {

    @Test
    void codesAndCategoriesAreStable() {
        // Codes are written to the failures/ table: renaming or reordering one breaks analysts' queries.
        assertThat(FailureMode.values()).extracting(m -> m.name() + ":" + m.category()).containsExactly(
                "LATENCY_SLO_BREACH:DEPLOYMENT",
                "LOW_CONFIDENCE:MODEL",
                "AMBIGUOUS:MODEL",
                "MISCLASSIFICATION:MODEL",
                "UNREGISTERED_VERSION:DEPLOYMENT",
                "FEATURE_DRIFT:DATA",
                "PREDICTION_DRIFT:MODEL",
                "CONFIDENCE_SHIFT:MODEL",
                "OUT_OF_DISTRIBUTION:DATA",
                "UNSEEN_CATEGORY:DATA",
                "RARE_COMBINATION:DATA",
                "MISSING_FEATURE:DATA",
                "SUSPECTED_LABEL_NOISE:DATA",
                "REGRESSION_AFTER_DEPLOYMENT:DEPLOYMENT",
                "SCHEMA_VIOLATION:DATA");
        assertThat(FailureMode.values()).allSatisfy(m -> {
            assertThat(m.category()).isNotNull();
            assertThat(m.description()).endsWith(".").hasSizeGreaterThan(20);
        });
        assertThat(FailureMode.values()).extracting(FailureMode::description).doesNotHaveDuplicates();
    }

    @Test
    void docsListEveryModeWithItsCategory() {
        Pattern row = Pattern.compile("^\\| `([A-Z_]+)` \\| ([A-Z]+) \\|", Pattern.MULTILINE);
        Matcher m = row.matcher(TestingRepository.read("docs/failure-modes.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (FailureMode mode : FailureMode.values()) {
            actual.put(mode.name(), mode.category().name());
        }
        assertThat(documented).containsExactlyEntriesOf(actual);
    }
}
