package io.faultline.common.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.TestingRepository;
import io.faultline.common.stats.CategoricalReference;
import io.faultline.common.stats.CategoricalSummary;
import io.faultline.common.stats.HyperLogLog;
import io.faultline.common.stats.LogBucketQuantileSketch;
import io.faultline.common.stats.NumericReference;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/drift.md} true to the code: every status, metric name, default threshold and bound. */
class DriftDocumentationTest {
    private static final String DOC = TestingRepository.read("docs/drift.md");

    @Test
    void everyStatusAndMetricIsDocumented() {
        for (DriftStatus status : DriftStatus.values()) {
            assertThat(DOC).as("status %s", status).contains("`" + status.name() + "`");
        }
        for (String metric : DriftScores.METRIC_NAMES) {
            assertThat(DOC).as("metric %s", metric).contains("`" + metric + "`");
        }
    }

    @Test
    void theThresholdTableShowsTheDefaults() {
        DriftThresholds t = DriftThresholds.defaults();
        assertThat(DOC).contains("| `psi` | " + t.psiWarn() + " | " + t.psiDrift() + " |");
        assertThat(DOC).contains("| `js_distance` | " + t.jsDistanceWarn() + " | " + t.jsDistanceDrift() + " |");
        assertThat(DOC).contains("| `wasserstein_norm` | " + t.wassersteinNormWarn() + " | "
                + t.wassersteinNormDrift() + " |");
        assertThat(DOC).contains("fewer than **" + t.minSampleSize() + "** values");
        assertThat(DOC).contains("**drift_score** `= max(psi / " + t.psiDrift() + ", js_distance / "
                + t.jsDistanceDrift() + ", wasserstein_norm / " + t.wassersteinNormDrift() + ")`");
    }

    @Test
    void theDocumentedSizesAndBoundsMatchTheCode() {
        assertThat(DOC).contains("relative accuracy `α` (default **" + LogBucketQuantileSketch.DEFAULT_RELATIVE_ACCURACY + "**)");
        assertThat(DOC).contains("At most " + LogBucketQuantileSketch.DEFAULT_MAX_BUCKETS + " consecutive buckets");
        assertThat(DOC).contains("(default **" + NumericReference.DEFAULT_BIN_COUNT + "**");
        assertThat(DOC).contains("The **" + CategoricalReference.DEFAULT_MAX_CATEGORIES + "** most frequent");
        assertThat(DOC).contains("at most **10 000** of them");
        assertThat(CategoricalReference.DEFAULT_MAX_KNOWN_VALUES).isEqualTo(10_000);
        assertThat(DOC).contains("up to **" + CategoricalSummary.DEFAULT_UNSEEN_CAPACITY + "**");
        assertThat(DOC).contains("`p = " + HyperLogLog.DEFAULT_PRECISION + "`");
        String effective = String.format(Locale.ROOT, "%.4f",
                LogBucketQuantileSketch.create().effectiveRelativeAccuracy());
        assertThat(DOC).contains("the effective bound is " + effective + ")");
    }
}
