package io.faultline.jobs.io;

import static io.faultline.jobs.io.IncidentAvroSchema.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.common.incident.Incident;
import io.faultline.common.incident.TimelineEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Maps an {@link Incident} onto an {@link IncidentAvroSchema} row: absent arrays become empty lists, NaN doubles
 * null, and each timeline entry one JSON object with the entry's fields in snake_case ({@code at},
 * {@code window_end}, {@code type}, {@code signal}, {@code status}, {@code value}, {@code baseline},
 * {@code threshold}, {@code events}, {@code trials}, {@code version}, {@code deployment_id}, {@code detail}; times
 * as epoch milliseconds, null fields left out).
 *
 * <p>The record is reused from row to row; see {@link AvroRecordConverter}.
 */
public final class IncidentConverter implements AvroRecordConverter<Incident> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GenericData.Record row = new GenericData.Record(IncidentAvroSchema.SCHEMA);

    @Override
    public GenericRecord toAvro(Incident incident) {
        row.put(INCIDENT_ID, incident.incidentId);
        row.put(MODEL, incident.model);
        row.put(MODEL_VERSIONS, strings(incident.modelVersions));
        row.put(KIND, incident.kind);
        row.put(SIGNAL, incident.signal);
        row.put(SIGNAL_KEY, incident.signalKey);
        row.put(CATEGORY, incident.category);
        row.put(STATUS, incident.status);
        row.put(CHANGE, incident.change);
        row.put(REVISION, incident.revision);
        row.put(STARTED_AT, incident.startedAt);
        row.put(DETECTED_AT, incident.detectedAt);
        row.put(UPDATED_AT, incident.updatedAt);
        row.put(RECOVERED_AT, incident.recoveredAt);
        row.put(CLOSED_AT, incident.closedAt);
        row.put(TIME_TO_DETECT_MS, incident.timeToDetectMs);
        row.put(PEAK_VALUE, finite(incident.peakValue));
        row.put(BASELINE_VALUE, finite(incident.baselineValue));
        row.put(THRESHOLD_VALUE, finite(incident.thresholdValue));
        row.put(AFFECTED_EVENTS, incident.affectedEvents);
        row.put(AFFECTED_VERSIONS, strings(incident.affectedVersions));
        row.put(ANOMALOUS_WINDOWS, incident.anomalousWindows);
        row.put(DRIFTED_COLUMNS, strings(incident.driftedColumns));
        List<Double> scores = new ArrayList<>();
        if (incident.driftedColumnScores != null) {
            for (double s : incident.driftedColumnScores) {
                scores.add(s);
            }
        }
        row.put(DRIFTED_COLUMN_SCORES, scores);
        row.put(RELATED_DEPLOYMENT_ID, incident.relatedDeploymentId);
        row.put(RELATED_DEPLOYMENT_VERSION, incident.relatedDeploymentVersion);
        row.put(RELATED_DEPLOYED_AT, incident.relatedDeployedAt);
        row.put(SUSPECTED_CAUSE, incident.suspectedCause);
        row.put(NEW_VERSION, incident.newVersion);
        row.put(PREVIOUS_VERSION, incident.previousVersion);
        row.put(COMPARISON_BASIS, incident.comparisonBasis);
        row.put(NEW_VERSION_LABELLED, incident.newVersionLabelled);
        row.put(NEW_VERSION_MISCLASSIFIED, incident.newVersionMisclassified);
        row.put(NEW_VERSION_ERROR_RATE, finite(incident.newVersionErrorRate));
        row.put(PREVIOUS_VERSION_LABELLED, incident.previousVersionLabelled);
        row.put(PREVIOUS_VERSION_MISCLASSIFIED, incident.previousVersionMisclassified);
        row.put(PREVIOUS_VERSION_ERROR_RATE, finite(incident.previousVersionErrorRate));
        row.put(COMPARISON_FROM, incident.comparisonFrom);
        row.put(COMPARISON_TO, incident.comparisonTo);
        row.put(SIGNALS, strings(incident.signals));
        List<String> timeline = new ArrayList<>();
        if (incident.timeline != null) {
            for (TimelineEntry e : incident.timeline) {
                timeline.add(json(e));
            }
        }
        row.put(TIMELINE, timeline);
        row.put(TIMELINE_OMITTED, incident.timelineOmitted);
        row.put(REMEDIATION_RULE, incident.remediationRule);
        RemediationColumns.put(row, incident.remediationAction, incident.remediationTarget, incident.hypothesis,
                incident.validationPlan, incident.acceptanceCriterion);
        return row;
    }

    /** One timeline entry as a JSON object, null fields left out. */
    static String json(TimelineEntry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("at", e.at);
        if (e.windowEnd != null) o.put("window_end", e.windowEnd);
        if (e.type != null) o.put("type", e.type);
        if (e.signal != null) o.put("signal", e.signal);
        if (e.status != null) o.put("status", e.status);
        if (finite(e.value) != null) o.put("value", e.value);
        if (finite(e.baseline) != null) o.put("baseline", e.baseline);
        if (finite(e.threshold) != null) o.put("threshold", e.threshold);
        if (e.events != null) o.put("events", e.events);
        if (e.trials != null) o.put("trials", e.trials);
        if (e.version != null) o.put("version", e.version);
        if (e.deploymentId != null) o.put("deployment_id", e.deploymentId);
        if (e.detail != null) o.put("detail", e.detail);
        return o.toString();
    }

    private static List<String> strings(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }

    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }
}
