package io.faultline.common.incident;

import io.faultline.common.failure.DriftFailures;
import io.faultline.common.failure.FailureAnnotator;
import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.failure.FailureMode;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import java.time.Instant;
import java.util.Locale;

/**
 * The catalog row of a deployment regression: one {@link FailureMode#REGRESSION_AFTER_DEPLOYMENT} row when an
 * incident of that kind opens, so the catalog names the deployment next to the failures it caused. Follows the
 * window-level row conventions ({@link DriftFailures}): a stand-in event {@code incident:<incident_id>} with
 * {@code event_time} = the incident's start, {@code detected_at} = when the rule fired, lineage
 * {@code NOT_APPLICABLE}; the model version is the new version, the score the ratio of the new version's labelled
 * error rate to the previous one's, the offending key the deployment. Rows come with the base severity; pass
 * them through {@link FailureAnnotator#annotate}.
 */
public final class RegressionFailures {
    private RegressionFailures() {}

    /** The row of {@code incident} if it is a regression that has just opened, else null. */
    public static FailureRecord of(Incident incident) {
        FailureMode mode = FailureMode.REGRESSION_AFTER_DEPLOYMENT;
        if (!mode.name().equals(incident.kind) || !IncidentChange.OPENED.name().equals(incident.change)) {
            return null;
        }
        Prediction standIn = new Prediction();
        standIn.eventId = "incident:" + incident.incidentId;
        standIn.eventTime = incident.startedAt;
        standIn.model = incident.model;
        standIn.modelVersion = incident.newVersion != null ? incident.newVersion : incident.relatedDeploymentVersion;
        standIn.lineageStatus = DriftFailures.NOT_APPLICABLE;

        Double ratio = incident.newVersionErrorRate != null && incident.previousVersionErrorRate != null
                && incident.previousVersionErrorRate > 0
                ? incident.newVersionErrorRate / incident.previousVersionErrorRate : null;
        FailureRecord f = new FailureRecord();
        f.failureId = FailureClassifier.failureId(standIn.eventId, mode);
        f.failureMode = mode.name();
        f.category = mode.category().name();
        f.score = ratio;
        f.severity = FailureAnnotator.baseSeverity(mode, ratio).name();
        f.detectedAt = incident.detectedAt;
        f.event = standIn;
        f.offendingKeys = incident.relatedDeploymentId == null ? new String[0]
                : new String[] {"deployment:" + incident.relatedDeploymentId};
        f.evidence = String.format(Locale.ROOT,
                "version %s (deployment %s) labelled error rate %s vs %s for previous version %s since %s (incident %s)",
                standIn.modelVersion, incident.relatedDeploymentId, percent(incident.newVersionErrorRate),
                percent(incident.previousVersionErrorRate), incident.previousVersion,
                Instant.ofEpochMilli(incident.startedAt), incident.incidentId);
        return f;
    }

    private static String percent(Double rate) {
        return rate == null ? "unknown" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
