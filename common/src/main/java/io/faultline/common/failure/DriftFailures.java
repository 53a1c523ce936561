package io.faultline.common.failure;

import io.faultline.common.drift.DriftStatus;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.WindowStatsRow;
import io.faultline.common.stats.WindowProfile;
import java.time.Instant;
import java.util.Locale;

/**
 * Window-level catalog rows for drift: one {@link FailureMode#FEATURE_DRIFT}, {@link FailureMode#PREDICTION_DRIFT}
 * or {@link FailureMode#CONFIDENCE_SHIFT} row per window statistic whose status is DRIFT. ({@code latency_ms}
 * drift gets none: latency has its own per-prediction SLO mode.)
 *
 * <p>Score: the window's {@code drift_score}. Base severity: MEDIUM; HIGH when {@code drift_score >= 2} (an
 * effect twice the drift threshold). Rows come with the base severity and without reproducibility and
 * signature: pass them through {@link FailureAnnotator#annotate} (which applies the model's impact weight).
 */
public final class DriftFailures {
    /** Lineage status of window-level rows, which are about many predictions. */
    public static final String NOT_APPLICABLE = "NOT_APPLICABLE";

    private DriftFailures() {}

    /** The mode of a drifted column, or null when the column gets no catalog row. */
    public static FailureMode modeOf(String columnName) {
        if (columnName.startsWith(WindowProfile.FEATURE_PREFIX)) {
            return FailureMode.FEATURE_DRIFT;
        }
        return switch (columnName) {
            case WindowProfile.PREDICTION -> FailureMode.PREDICTION_DRIFT;
            case WindowProfile.CONFIDENCE -> FailureMode.CONFIDENCE_SHIFT;
            default -> null;
        };
    }

    /** The catalog row for {@code row}, or null when it did not drift or its column gets none. */
    public static FailureRecord of(WindowStatsRow row) {
        if (!DriftStatus.DRIFT.name().equals(row.driftStatus)) {
            return null;
        }
        FailureMode mode = modeOf(row.columnName);
        if (mode == null) {
            return null;
        }
        Prediction standIn = new Prediction();
        standIn.eventId = "window:" + row.model + "/" + row.modelVersion + "/" + Instant.ofEpochMilli(row.windowStart)
                + "/" + row.columnName;
        standIn.eventTime = row.windowStart;
        standIn.model = row.model;
        standIn.modelVersion = row.modelVersion;
        standIn.lineageStatus = NOT_APPLICABLE;

        FailureRecord f = new FailureRecord();
        f.failureId = FailureClassifier.failureId(standIn.eventId, mode);
        f.failureMode = mode.name();
        f.category = mode.category().name();
        f.score = row.driftScore;
        f.severity = FailureAnnotator.baseSeverity(mode, row.driftScore).name();
        f.detectedAt = row.windowEnd;
        f.event = standIn;
        f.columnName = row.columnName;
        f.windowStart = row.windowStart;
        f.windowEnd = row.windowEnd;
        f.evidence = String.format(Locale.ROOT,
                "%s drifted in window %s..%s: psi %.3f, js %.3f%s (drift_score %.2f) vs reference %s",
                row.columnName, Instant.ofEpochMilli(row.windowStart), Instant.ofEpochMilli(row.windowEnd),
                nanToZero(row.psi), nanToZero(row.jsDistance),
                row.wassersteinNorm == null || row.wassersteinNorm.isNaN() ? ""
                        : String.format(Locale.ROOT, ", wasserstein_norm %.3f", row.wassersteinNorm),
                row.driftScore, row.referenceId);
        return f;
    }

    private static double nanToZero(Double d) {
        return d == null || d.isNaN() ? 0 : d;
    }
}
