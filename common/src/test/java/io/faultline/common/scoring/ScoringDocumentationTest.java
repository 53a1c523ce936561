package io.faultline.common.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.TestingRepository;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/scoring.md} true to the code: every mode, finding kind, key and default. */
class ScoringDocumentationTest {
    private static final String DOC = TestingRepository.read("docs/scoring.md");

    @Test
    void everyModeAndFindingKindIsDocumentedWithItsMode() {
        for (EdgeCaseMode mode : EdgeCaseMode.values()) {
            assertThat(DOC).as("mode %s", mode).contains("| `" + mode.name() + "` |");
        }
        for (EdgeCaseFinding.Kind kind : EdgeCaseFinding.Kind.values()) {
            String row = DOC.lines().filter(l -> l.startsWith("| `" + kind.mode().name() + "` |")).findFirst()
                    .orElseThrow();
            assertThat(row).as("kind %s", kind).contains("`" + kind.name() + "`");
        }
    }

    @Test
    void theSettingsTableShowsEveryKeyWithItsDefault() {
        ScoringSettings d = ScoringSettings.defaults();
        assertThat(DOC).contains("| `tail-probability` | " + d.tailProbability() + " |");
        assertThat(DOC).contains("| `anomaly-score-threshold` | " + d.anomalyScoreThreshold() + " |");
        assertThat(DOC).contains("| `rare-combination-min-support` | " + d.rareCombinationMinSupport() + " | [1, "
                + ScoringSettings.MAX_MIN_SUPPORT + "] |");
        assertThat(DOC).contains("| `max-pairs` | " + d.maxPairs() + " | [0, " + ScoringSettings.MAX_PAIRS + "] |");
        assertThat(DOC).contains("| `max-cells-per-pair` | " + d.maxCellsPerPair() + " | [4, "
                + ScoringSettings.MAX_CELLS_PER_PAIR + "] |");
        assertThat(DOC).contains("| `top-contributors` | " + d.topContributors() + " | [1, "
                + ScoringSettings.MAX_TOP_CONTRIBUTORS + "] |");
        assertThat(DOC).contains("| `pairs` | (empty) |");
        for (String key : ScoringSettings.KEYS) {
            assertThat(DOC).as("key %s", key).contains("| `" + key + "` |");
        }
    }

    @Test
    void theFormulasAndBoundsMatchTheCode() {
        assertThat(DOC).contains("anomaly_score = 1 − min(1, d · min_t p_t)");
        assertThat(DOC).contains("p = min(1, 2·min(L, U) / n)");
        assertThat(DOC).contains("(leading format version int, currently " + CombinationReference.FORMAT_VERSION + ")");
        long bytes = (long) ScoringSettings.DEFAULT_MAX_PAIRS * ScoringSettings.DEFAULT_MAX_CELLS_PER_PAIR * 8;
        assertThat(DOC).contains("at most " + ScoringSettings.DEFAULT_MAX_PAIRS + " pairs × "
                + ScoringSettings.DEFAULT_MAX_CELLS_PER_PAIR + " cells × 8 bytes = **" + bytes / 1024
                + " KiB**");
    }
}
