package io.faultline.common.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.contract.ErrorCode;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.stats.TestingMerges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchemaViolationsTest {
    private static final long START = Instant.parse("2026-10-01T14:00:00Z").toEpochMilli();
    private static final long END = START + 3_600_000;

    private static SchemaViolationCounts counts(String source, Object... codesAndCounts) {
        SchemaViolationCounts c = new SchemaViolationCounts();
        c.windowStart = START;
        c.windowEnd = END;
        c.source = source;
        for (int i = 0; i < codesAndCounts.length; i += 2) {
            c.add((String) codesAndCounts[i], ((Number) codesAndCounts[i + 1]).longValue());
        }
        return c;
    }

    @Test
    void oneRowPerWindowAndSourceWithCountsPerErrorCode() {
        FailureRecord r = SchemaViolations.of(counts("predictions", "WRONG_TYPE", 3, "INVALID_JSON", 9));
        assertThat(r.failureMode).isEqualTo("SCHEMA_VIOLATION");
        assertThat(r.category).isEqualTo("DATA");
        assertThat(r.evidence).isEqualTo(
                "12 predictions records rejected in window 2026-10-01T14:00:00Z..2026-10-01T15:00:00Z:"
                        + " INVALID_JSON 9, WRONG_TYPE 3");
        assertThat(r.event.eventId).isEqualTo("window:_contract/predictions/2026-10-01T14:00:00Z");
        assertThat(r.failureId).isEqualTo(FailureClassifier.failureId(r.event.eventId, FailureMode.SCHEMA_VIOLATION));
        assertThat(r.event.model).isEqualTo("_contract");
        assertThat(r.event.modelVersion).isEqualTo("predictions");
        assertThat(r.event.eventTime).isEqualTo(START);
        assertThat(r.event.lineageStatus).isEqualTo("NOT_APPLICABLE");
        assertThat(r.detectedAt).isEqualTo(END);
        assertThat(r.windowStart).isEqualTo(START);
        assertThat(r.windowEnd).isEqualTo(END);
        assertThat(r.columnName).isNull();
        assertThat(r.offendingKeys).containsExactly("INVALID_JSON", "WRONG_TYPE");
        assertThat(r.score).isEqualTo(12.0);
        assertThat(r.severity).isEqualTo("LOW");
    }

    @Test
    void theSameWindowAndSourceAlwaysGetTheSameFailureId() {
        FailureRecord a = SchemaViolations.of(counts("labels", "MISSING_FIELD", 1));
        FailureRecord b = SchemaViolations.of(counts("labels", "INVALID_JSON", 400, "MISSING_FIELD", 2));
        FailureRecord other = SchemaViolations.of(counts("deployments", "MISSING_FIELD", 1));
        assertThat(b.failureId).isEqualTo(a.failureId);
        assertThat(other.failureId).isNotEqualTo(a.failureId);
        assertThat(b.severity).isEqualTo("MEDIUM");
        assertThat(a.evidence).contains("1 labels record rejected");
    }

    @Test
    void annotationGivesFullReproducibilityAndASignatureOfTheCodesSeen() {
        FailureAnnotator annotator = new FailureAnnotator(FaultlineConfig.defaults());
        FailureRecord a = annotator.annotate(SchemaViolations.of(counts("predictions", "WRONG_TYPE", 3, "INVALID_JSON", 9)));
        FailureRecord sameCodes = annotator.annotate(SchemaViolations.of(counts("predictions", "INVALID_JSON", 1, "WRONG_TYPE", 20_000)));
        FailureRecord newCode = annotator.annotate(SchemaViolations.of(counts("predictions", "INVALID_JSON", 9, "WRONG_TYPE", 3,
                "OUT_OF_RANGE", 1)));
        assertThat(a.reproducibility).isEqualTo(1.0);
        assertThat(sameCodes.signature).isEqualTo(a.signature);
        assertThat(sameCodes.severity).isEqualTo("HIGH");
        assertThat(newCode.signature).isNotEqualTo(a.signature);
    }

    @Test
    void nothingCountedGivesNoRow() {
        assertThat(SchemaViolations.of(counts("predictions"))).isNull();
    }

    @Test
    void mergeOfPartialsEqualsTheWhole() {
        SplittableRandom rng = new SplittableRandom(4);
        ErrorCode[] codes = ErrorCode.values();
        for (int trial = 0; trial < 20; trial++) {
            List<String> deadLetters = new ArrayList<>();
            int n = 1 + rng.nextInt(300);
            for (int i = 0; i < n; i++) {
                deadLetters.add(codes[rng.nextInt(codes.length)].name());
            }
            SchemaViolationCounts whole = TestingMerges.inOrder(deadLetters, () -> counts("labels"), (c, code) -> c.add(code, 1));
            SchemaViolationCounts merged = TestingMerges.splitAndMerge(deadLetters, rng, () -> counts("labels"),
                    (c, code) -> c.add(code, 1), SchemaViolationCounts::merge);
            assertThat(merged).isEqualTo(whole);
            assertThat(merged.total()).isEqualTo(n);
            assertThat(merged.errorCodes).isSorted().doesNotHaveDuplicates();
            assertThat(SchemaViolations.of(merged)).isEqualTo(SchemaViolations.of(whole));
        }
    }

    @Test
    void partialsOfOtherWindowsOrSourcesDoNotMerge() {
        SchemaViolationCounts a = counts("labels", "INVALID_JSON", 1);
        assertThatThrownBy(() -> a.merge(counts("predictions", "INVALID_JSON", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        SchemaViolationCounts later = SchemaViolationCounts.of(END, END + 3_600_000, "labels", "INVALID_JSON");
        assertThatThrownBy(() -> a.merge(later)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.add("INVALID_JSON", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowsAreEpochAlignedAlsoBefore1970() {
        assertThat(SchemaViolationCounts.windowStart(START + 59 * 60_000, 3_600_000)).isEqualTo(START);
        assertThat(SchemaViolationCounts.windowStart(-1, 3_600_000)).isEqualTo(-3_600_000);
        assertThat(SchemaViolationCounts.of(START, END, "labels", "X").key()).isEqualTo("labels|" + START);
    }
}
