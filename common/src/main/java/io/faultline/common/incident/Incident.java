package io.faultline.common.incident;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row of {@code incidents/}: the state of one incident as of one window. The detector writes a row when the
 * incident opens (revision 0), one per window while it is open, and one when it closes; every row of an incident
 * carries the same {@link #incidentId} and the same {@link #startedAt} (so all of them land in the same
 * {@code dt} partition), and the row with the highest {@link #revision} is its current state. Columns are
 * documented in {@code docs/incidents.md} (snake_case of these field names).
 *
 * <p>A Flink POJO (public fields, arrays instead of collections, no-argument constructor).
 */
public class Incident {
    /** Lowercase hex of the first 16 bytes of SHA-256 over (model, kind, signal key, started_at) at opening. */
    public String incidentId;
    public String model;
    /** Versions that served predictions in the incident's anomalous windows, sorted. */
    public String[] modelVersions;
    /** The failure mode of the incident's leading signal, e.g. LATENCY_SLO_BREACH, REGRESSION_AFTER_DEPLOYMENT. */
    public String kind;
    /** The {@link SignalKind} of the leading signal. */
    public String signal;
    /** The version of a per-version leading signal (ERROR_RATE, REGRESSION); else null. */
    public String signalKey;
    /** DATA, MODEL or DEPLOYMENT: the category of {@link #kind}. */
    public String category;
    /** {@link IncidentStatus} name. */
    public String status;
    /** {@link IncidentChange} name: why this row was written. */
    public String change;
    /** 0 for the OPENED row, then +1 per row. */
    public int revision;
    /** Start of the first anomalous window (epoch ms). */
    public long startedAt;
    /** End of the window in which the open rule fired (event time). */
    public long detectedAt;
    /** End of the window this row describes. */
    public long updatedAt;
    /** Start of the first window of the current recovery run; null while anomalous. */
    public Long recoveredAt;
    /** End of the window that completed the recovery run; null while open. */
    public Long closedAt;
    /** detectedAt - startedAt. */
    public long timeToDetectMs;
    /** The leading signal's highest value in its anomalous windows. */
    public double peakValue;
    /** The baseline the leading signal was first judged against; null when it had none. */
    public Double baselineValue;
    /** The value at which the leading signal became anomalous in its first anomalous window. */
    public Double thresholdValue;
    /** Events showing the leading signal's symptom over its anomalous windows. */
    public long affectedEvents;
    /** Versions that produced the leading signal's affected events, sorted (e.g. the unregistered version). */
    public String[] affectedVersions;
    /** Windows in which at least one of the incident's signals was anomalous. */
    public int anomalousWindows;
    /** Columns that drifted during the incident (status DRIFT), sorted; parallel to {@link #driftedColumnScores}. */
    public String[] driftedColumns;
    /** The highest drift score of each of {@link #driftedColumns}. */
    public double[] driftedColumnScores;
    /** A deployment of the model within the lookback before startedAt (or inside the first anomalous window). */
    public String relatedDeploymentId;
    public String relatedDeploymentVersion;
    public Long relatedDeployedAt;
    /** {@link SuspectedCause} name. */
    public String suspectedCause;
    /** The version under suspicion: the regressed version, or the version a related deployment put live. */
    public String newVersion;
    /** The version that served before {@link #newVersion} (the rollback target). */
    public String previousVersion;
    /** {@link ComparisonBasis} name of the previous version's numbers; null without a comparison. */
    public String comparisonBasis;
    /** The new version's labelled and misclassified predictions over the incident's anomalous windows. */
    public Long newVersionLabelled;
    public Long newVersionMisclassified;
    public Double newVersionErrorRate;
    /** The previous version's, over {@link #comparisonFrom}..{@link #comparisonTo} (see {@link #comparisonBasis}). */
    public Long previousVersionLabelled;
    public Long previousVersionMisclassified;
    public Double previousVersionErrorRate;
    public Long comparisonFrom;
    public Long comparisonTo;
    /** Ids ({@code KIND:key}) of every signal in the incident, the leading one first. */
    public String[] signals;
    /** The story, ordered by {@link TimelineEntry#ORDER}. */
    public TimelineEntry[] timeline;
    /** Timeline entries left out in the middle to keep at most the timeline limit. */
    public int timelineOmitted;

    /** The id of the remediation rule that matched; the remediation fields are null when none matched. */
    public String remediationRule;
    public String remediationAction;
    /** What the action applies to: the version to roll back to, the drifted columns, the model. */
    public String remediationTarget;
    public String hypothesis;
    public String validationPlan;
    public String acceptanceCriterion;

    public Incident() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Incident)) return false;
        Incident i = (Incident) o;
        return revision == i.revision && startedAt == i.startedAt && detectedAt == i.detectedAt
                && updatedAt == i.updatedAt && timeToDetectMs == i.timeToDetectMs
                && Double.compare(peakValue, i.peakValue) == 0 && affectedEvents == i.affectedEvents
                && anomalousWindows == i.anomalousWindows && timelineOmitted == i.timelineOmitted
                && Arrays.equals(affectedVersions, i.affectedVersions)
                && Objects.equals(incidentId, i.incidentId) && Objects.equals(model, i.model)
                && Arrays.equals(modelVersions, i.modelVersions) && Objects.equals(kind, i.kind)
                && Objects.equals(signal, i.signal) && Objects.equals(signalKey, i.signalKey)
                && Objects.equals(category, i.category) && Objects.equals(status, i.status)
                && Objects.equals(change, i.change) && Objects.equals(recoveredAt, i.recoveredAt)
                && Objects.equals(closedAt, i.closedAt) && Objects.equals(baselineValue, i.baselineValue)
                && Objects.equals(thresholdValue, i.thresholdValue)
                && Arrays.equals(driftedColumns, i.driftedColumns)
                && Arrays.equals(driftedColumnScores, i.driftedColumnScores)
                && Objects.equals(relatedDeploymentId, i.relatedDeploymentId)
                && Objects.equals(relatedDeploymentVersion, i.relatedDeploymentVersion)
                && Objects.equals(relatedDeployedAt, i.relatedDeployedAt)
                && Objects.equals(suspectedCause, i.suspectedCause) && Objects.equals(newVersion, i.newVersion)
                && Objects.equals(previousVersion, i.previousVersion)
                && Objects.equals(comparisonBasis, i.comparisonBasis)
                && Objects.equals(newVersionLabelled, i.newVersionLabelled)
                && Objects.equals(newVersionMisclassified, i.newVersionMisclassified)
                && Objects.equals(newVersionErrorRate, i.newVersionErrorRate)
                && Objects.equals(previousVersionLabelled, i.previousVersionLabelled)
                && Objects.equals(previousVersionMisclassified, i.previousVersionMisclassified)
                && Objects.equals(previousVersionErrorRate, i.previousVersionErrorRate)
                && Objects.equals(comparisonFrom, i.comparisonFrom) && Objects.equals(comparisonTo, i.comparisonTo)
                && Arrays.equals(signals, i.signals) && Arrays.equals(timeline, i.timeline)
                && Objects.equals(remediationRule, i.remediationRule)
                && Objects.equals(remediationAction, i.remediationAction)
                && Objects.equals(remediationTarget, i.remediationTarget)
                && Objects.equals(hypothesis, i.hypothesis) && Objects.equals(validationPlan, i.validationPlan)
                && Objects.equals(acceptanceCriterion, i.acceptanceCriterion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(incidentId, revision);
    }

    @Override
    public String toString() {
        return "Incident{" + incidentId + " " + model + " " + kind + " " + status + "/" + change + " r" + revision
                + " started " + java.time.Instant.ofEpochMilli(startedAt) + " detected "
                + java.time.Instant.ofEpochMilli(detectedAt) + " cause " + suspectedCause + " signals "
                + Arrays.toString(signals) + "}";
    }
}
