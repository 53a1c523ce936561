package io.faultline.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.incident.Incident;
import io.faultline.common.incident.TimelineEntry;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

public class IncidentConverterTest {

    public static Incident incident() {
        Incident i = new Incident();
        i.incidentId = "inc-1";
        i.model = "fraud";
        i.modelVersions = new String[] {"v1", "v2"};
        i.kind = "REGRESSION_AFTER_DEPLOYMENT";
        i.signal = "REGRESSION:v2";
        i.signalKey = "v2";
        i.category = "DEPLOYMENT";
        i.status = "OPEN";
        i.change = "OPENED";
        i.revision = 0;
        i.startedAt = 3_600_000L;
        i.detectedAt = 7_200_000L;
        i.updatedAt = 7_200_000L;
        i.timeToDetectMs = 3_600_000L;
        i.peakValue = 0.3;
        i.baselineValue = 0.1;
        i.thresholdValue = 0.15;
        i.affectedEvents = 42;
        i.affectedVersions = new String[] {"v2"};
        i.anomalousWindows = 1;
        i.driftedColumns = new String[] {"features.amount"};
        i.driftedColumnScores = new double[] {1.5};
        i.relatedDeploymentId = "d2";
        i.relatedDeploymentVersion = "v2";
        i.relatedDeployedAt = 3_000_000L;
        i.suspectedCause = "DEPLOYMENT";
        i.newVersion = "v2";
        i.previousVersion = "v1";
        i.comparisonBasis = "SAME_WINDOWS";
        i.newVersionLabelled = 100L;
        i.newVersionMisclassified = 30L;
        i.newVersionErrorRate = 0.3;
        i.previousVersionLabelled = 200L;
        i.previousVersionMisclassified = 20L;
        i.previousVersionErrorRate = 0.1;
        i.comparisonFrom = 0L;
        i.comparisonTo = 3_600_000L;
        i.signals = new String[] {"REGRESSION:v2"};
        TimelineEntry deployed = new TimelineEntry();
        deployed.at = 3_000_000L;
        deployed.type = TimelineEntry.DEPLOYMENT;
        deployed.version = "v2";
        deployed.deploymentId = "d2";
        TimelineEntry window = new TimelineEntry();
        window.at = 3_600_000L;
        window.windowEnd = 7_200_000L;
        window.type = TimelineEntry.WINDOW;
        window.signal = "REGRESSION:v2";
        window.status = "ANOMALOUS";
        window.value = 0.3;
        window.baseline = 0.1;
        window.events = 30L;
        window.trials = 100L;
        window.detail = "say \"hi\"";
        i.timeline = new TimelineEntry[] {deployed, window};
        i.timelineOmitted = 2;
        i.remediationRule = "rollback-regression";
        i.remediationAction = "ROLLBACK";
        i.remediationTarget = "v1";
        i.hypothesis = "h";
        i.validationPlan = "p";
        i.acceptanceCriterion = "a";
        return i;
    }

    @Test
    void everyFieldIsWrittenToItsColumn() {
        Incident incident = incident();
        incident.timeline[1].baseline = Double.NaN; // left out, like null
        GenericRecord row = new IncidentConverter().toAvro(incident);
        assertThat(GenericData.get().validate(IncidentAvroSchema.SCHEMA, row)).isTrue();
        assertThat(row.get("incident_id")).isEqualTo("inc-1");
        assertThat(row.get("model_versions")).isEqualTo(List.of("v1", "v2"));
        assertThat(row.get("revision")).isEqualTo(0);
        assertThat(row.get("started_at")).isEqualTo(3_600_000L);
        assertThat(row.get("recovered_at")).isNull();
        assertThat(row.get("peak_value")).isEqualTo(0.3);
        assertThat(row.get("drifted_column_scores")).isEqualTo(List.of(1.5));
        assertThat(row.get("related_deployed_at")).isEqualTo(3_000_000L);
        assertThat(row.get("previous_version")).isEqualTo("v1");
        assertThat(row.get("previous_version_error_rate")).isEqualTo(0.1);
        assertThat(row.get("comparison_to")).isEqualTo(3_600_000L);
        assertThat(row.get("timeline")).isEqualTo(List.of(
                "{\"at\":3000000,\"type\":\"DEPLOYMENT\",\"version\":\"v2\",\"deployment_id\":\"d2\"}",
                "{\"at\":3600000,\"window_end\":7200000,\"type\":\"WINDOW\",\"signal\":\"REGRESSION:v2\","
                        + "\"status\":\"ANOMALOUS\",\"value\":0.3,\"events\":30,\"trials\":100,"
                        + "\"detail\":\"say \\\"hi\\\"\"}"));
        assertThat(row.get("timeline_omitted")).isEqualTo(2);
        assertThat(row.get("remediation_rule")).isEqualTo("rollback-regression");
        assertThat(row.get("remediation_target")).isEqualTo("v1");
        assertThat(row.get("acceptance_criterion")).isEqualTo("a");
    }

    @Test
    void absentArraysAreEmptyListsAndNonFiniteValuesNull() {
        Incident bare = new Incident();
        bare.incidentId = "inc-2";
        bare.model = "m";
        bare.kind = "LATENCY_SLO_BREACH";
        bare.status = "CLOSED";
        bare.peakValue = Double.NaN;
        bare.baselineValue = Double.POSITIVE_INFINITY;
        GenericRecord row = new IncidentConverter().toAvro(bare);
        assertThat(GenericData.get().validate(IncidentAvroSchema.SCHEMA, row)).isTrue();
        assertThat(row.get("model_versions")).isEqualTo(List.of());
        assertThat(row.get("drifted_column_scores")).isEqualTo(List.of());
        assertThat(row.get("timeline")).isEqualTo(List.of());
        assertThat(row.get("peak_value")).isNull();
        assertThat(row.get("baseline_value")).isNull();
        assertThat(row.get("remediation_action")).isNull();
    }
}
