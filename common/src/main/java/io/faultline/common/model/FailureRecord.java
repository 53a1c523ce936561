package io.faultline.common.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row of the failure catalog: one (prediction, failure mode), or one window-level (window, ..., failure
 * mode). The prediction (with its lineage) is
 * carried whole; the Parquet writer flattens it into the documented columns.
 */
public class FailureRecord {
    /** Deterministic from (event_id, failure_mode): re-runs and replays give the same id. */
    public String failureId;
    /** {@code FailureMode} name. */
    public String failureMode;
    /** {@code FailureCategory} name: DATA, MODEL or DEPLOYMENT. */
    public String category;
    /** {@code Severity} name. */
    public String severity;
    /** A sentence a human can read, e.g. "latency 312 ms > SLO 100 ms". */
    public String evidence;
    /**
     * Event time at which the evidence became available, epoch ms: the prediction's event time for
     * symptoms visible in the prediction itself, the effective label's time for misclassifications.
     * Event time, not wall-clock time, so that re-runs produce identical rows.
     */
    public long detectedAt;
    public Prediction event;
    /** Effective label, when one joined; else null. */
    public String label;
    public String labelSource;
    /** label_time - event_time of the effective label, ms; null without a label. */
    public Long labelDelayMs;
    /**
     * Window-level rows (drift) only: the monitored column and the window; null for rows about one
     * prediction. For window-level rows {@link #event} is a stand-in carrying model, version and the
     * window start as event time, with the window's id as event id and no features.
     */
    public String columnName;
    public Long windowStart;
    public Long windowEnd;
    /**
     * The number the mode's severity rule reads, e.g. {@code latency_ms / latency-slo-ms} or the window's
     * {@code drift_score} (per mode in {@code docs/failure-modes.md}); null when the rule reads none.
     */
    public Double score;
    /**
     * The sorted keys of what made the row, part of its {@link #signature}: the offending features
     * ({@code features.<name>}) of the edge-case modes, the error codes of a schema violation; null for
     * modes whose pattern comes from other fields.
     */
    public String[] offendingKeys;
    /** In [0, 1]: how completely the lineage and the input of the failure are captured (rule in the docs). */
    public Double reproducibility;
    /** Stable hash of (model, version, mode, pattern of offending features or buckets): groups repeats. */
    public String signature;
    /**
     * Rank of this row among the rows with the same {@link #signature} on the same UTC day of the event
     * time, ordered by ({@link #detectedAt}, {@link #failureId}), from 1; null until ranked.
     */
    public Long recurrence;
    /**
     * The remediation of the first failure rule of the remediation table ({@code RemediationRules}) that matches
     * this row: its action (a {@code RemediationAction} name), what it acts on, why, how to check it and the
     * number that shows it worked. All null when no rule matches.
     */
    public String remediationAction;
    public String remediationTarget;
    public String hypothesis;
    public String validationPlan;
    public String acceptanceCriterion;

    public FailureRecord() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof FailureRecord)) return false;
        FailureRecord f = (FailureRecord) o;
        return detectedAt == f.detectedAt
                && Objects.equals(failureId, f.failureId)
                && Objects.equals(failureMode, f.failureMode)
                && Objects.equals(category, f.category)
                && Objects.equals(severity, f.severity)
                && Objects.equals(evidence, f.evidence)
                && Objects.equals(event, f.event)
                && Objects.equals(label, f.label)
                && Objects.equals(labelSource, f.labelSource)
                && Objects.equals(labelDelayMs, f.labelDelayMs)
                && Objects.equals(columnName, f.columnName)
                && Objects.equals(windowStart, f.windowStart)
                && Objects.equals(windowEnd, f.windowEnd)
                && Objects.equals(score, f.score)
                && Arrays.equals(offendingKeys, f.offendingKeys)
                && Objects.equals(reproducibility, f.reproducibility)
                && Objects.equals(signature, f.signature)
                && Objects.equals(recurrence, f.recurrence)
                && Objects.equals(remediationAction, f.remediationAction)
                && Objects.equals(remediationTarget, f.remediationTarget)
                && Objects.equals(hypothesis, f.hypothesis)
                && Objects.equals(validationPlan, f.validationPlan)
                && Objects.equals(acceptanceCriterion, f.acceptanceCriterion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(failureId);
    }

    @Override
    public String toString() {
        return "FailureRecord{" + failureMode + " " + (event == null ? null : event.eventId) + ": " + evidence + "}";
    }
}
