package io.faultline.jobs.io;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureRecordConverterTest {

    @Test
    void aReusedRowCarriesNothingOverFromThePreviousRecord() {
        FailureRecordConverter converter = new FailureRecordConverter();
        FailureRecord resolved = failure(prediction(new String[] {"a", "b"}, new double[] {1, 2}));
        Deployment deployment = new Deployment();
        deployment.deploymentId = "d1";
        deployment.deployedAt = 5L;
        deployment.featureFlagKeys = new String[] {"f"};
        deployment.featureFlagValues = new String[] {"true"};
        resolved.event.deployment = deployment;
        FailureRecord unresolved = failure(prediction(null, null));

        converter.toAvro(resolved);
        GenericRecord row = converter.toAvro(unresolved);

        assertThat(GenericData.get().validate(FailureAvroSchema.SCHEMA, row)).isTrue();
        assertThat((Map<?, ?>) row.get("numeric_features")).isEmpty();
        assertThat((List<?>) row.get("missing_features")).isEmpty();
        assertThat(row.get("deployment_id")).isNull();
        assertThat(row.get("feature_flags")).isNull();
        assertThat(row.get("deployed_at")).isNull();
    }

    @Test
    void featureMapsKeepTheSortedNameOrder() {
        GenericRecord row = new FailureRecordConverter()
                .toAvro(failure(prediction(new String[] {"age", "amount", "zip"}, new double[] {1, 2, 3})));

        assertThat(List.copyOf(((Map<?, ?>) row.get("numeric_features")).keySet()))
                .isEqualTo(List.of("age", "amount", "zip"));
        assertThat(GenericData.get().validate(FailureAvroSchema.SCHEMA, row)).isTrue();
    }

    @Test
    void parallelArraysOfDifferentLengthsFailLoudly() {
        FailureRecord broken = failure(prediction(new String[] {"a", "b"}, new double[] {1}));

        assertThatThrownBy(() -> new FailureRecordConverter().toAvro(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 names, 1 values");
    }

    @Test
    void aWindowLevelRowWithAStandInPredictionWritesEmptyFeaturesAndNullPrediction() {
        Prediction standIn = new Prediction();
        standIn.eventId = "window:m/v/1970-01-01T00:00:01Z/features.amount";
        standIn.eventTime = 1_000L;
        standIn.model = "m";
        standIn.modelVersion = "v";
        FailureRecord drift = failure(standIn);
        drift.failureMode = "FEATURE_DRIFT";
        drift.category = "DATA";
        drift.detectedAt = 2_000L;
        drift.columnName = "features.amount";
        drift.windowStart = 1_000L;
        drift.windowEnd = 2_000L;

        GenericRecord row = new FailureRecordConverter().toAvro(drift);

        assertThat(GenericData.get().validate(FailureAvroSchema.SCHEMA, row)).isTrue();
        assertThat(row.get("prediction")).isNull();
        assertThat((Map<?, ?>) row.get("numeric_features")).isEmpty();
        assertThat((Map<?, ?>) row.get("categorical_features")).isEmpty();
        assertThat((List<?>) row.get("missing_features")).isEmpty();
        assertThat(row.get("column_name")).isEqualTo("features.amount");
        assertThat(row.get("window_start")).isEqualTo(1_000L);
        assertThat(row.get("window_end")).isEqualTo(2_000L);
    }

    @Test
    void rowsAboutOnePredictionHaveNoWindowColumns() {
        GenericRecord row = new FailureRecordConverter().toAvro(failure(prediction(null, null)));

        assertThat(row.get("column_name")).isNull();
        assertThat(row.get("window_start")).isNull();
        assertThat(row.get("window_end")).isNull();
    }

    @Test
    void annotationColumnsAreWrittenAndAbsentOnesAreNull() {
        FailureRecordConverter converter = new FailureRecordConverter();
        FailureRecord annotated = failure(prediction(null, null));
        annotated.failureMode = "OUT_OF_DISTRIBUTION";
        annotated.score = 0.93;
        annotated.offendingKeys = new String[] {"features.age", "features.amount"};
        annotated.reproducibility = 0.65;
        annotated.signature = "0123456789abcdef";
        annotated.recurrence = 3L;
        annotated.remediationAction = "RELABEL";
        annotated.remediationTarget = "e";
        annotated.hypothesis = "unlike the training data";
        annotated.validationPlan = "label e";
        annotated.acceptanceCriterion = "e has a label";

        GenericRecord row = converter.toAvro(annotated);
        assertThat(GenericData.get().validate(FailureAvroSchema.SCHEMA, row)).isTrue();
        assertThat(row.get("score")).isEqualTo(0.93);
        assertThat(row.get("offending_keys")).isEqualTo(List.of("features.age", "features.amount"));
        assertThat(row.get("reproducibility")).isEqualTo(0.65);
        assertThat(row.get("signature")).isEqualTo("0123456789abcdef");
        assertThat(row.get("recurrence")).isEqualTo(3L);
        assertThat(row.get("remediation_action")).isEqualTo("RELABEL");
        assertThat(row.get("remediation_target")).isEqualTo("e");
        assertThat(row.get("hypothesis")).isEqualTo("unlike the training data");
        assertThat(row.get("validation_plan")).isEqualTo("label e");
        assertThat(row.get("acceptance_criterion")).isEqualTo("e has a label");

        FailureRecord bare = failure(prediction(null, null));
        bare.score = Double.NaN;
        GenericRecord next = converter.toAvro(bare);
        assertThat(GenericData.get().validate(FailureAvroSchema.SCHEMA, next)).isTrue();
        assertThat(next.get("score")).as("NaN is written as null").isNull();
        assertThat(next.get("offending_keys")).isNull();
        assertThat(next.get("reproducibility")).isNull();
        assertThat(next.get("signature")).isNull();
        assertThat(next.get("recurrence")).isNull();
        assertThat(next.get("remediation_action")).isNull();
        assertThat(next.get("acceptance_criterion")).isNull();
    }

    private static Prediction prediction(String[] numericNames, double[] numericValues) {
        Prediction p = new Prediction();
        p.eventId = "e";
        p.model = "m";
        p.modelVersion = "v";
        p.prediction = "1";
        p.numericFeatureNames = numericNames;
        p.numericFeatureValues = numericValues;
        return p;
    }

    private static FailureRecord failure(Prediction event) {
        FailureRecord f = new FailureRecord();
        f.failureId = "f";
        f.failureMode = "LOW_CONFIDENCE";
        f.category = "MODEL";
        f.severity = "LOW";
        f.evidence = "e";
        f.event = event;
        return f;
    }
}
