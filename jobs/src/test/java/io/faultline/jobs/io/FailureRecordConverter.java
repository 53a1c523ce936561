package io.faultline.jobs.io;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.faultline.jobs.io.FailureAvroSchema.*;

/**
 * Flattens a {@link FailureRecord} into a {@link FailureAvroSchema} row: the prediction's parallel feature
 * arrays become maps (in their sorted name order), its deployment becomes the lineage columns (all null
 * while unresolved). Prediction attributes are never read: they may carry personal data.
 *
 * <p>Window-level (drift) rows carry a stand-in prediction without features or prediction: null arrays
 * become empty maps and an empty list, the null prediction a null {@code prediction} column.
 *
 * <p>The record and its maps are reused from row to row; see {@link AvroRecordConverter}.
 *
 * <p>This was the production path to Parquet (through {@link AvroParquetWriterFactory}) until
 * {@link FailureRowWriteSupport} replaced it; it stays in the tests as the reference that writer is compared
 * with, file for file ({@code FailureRowWriteSupportTest}).
 */
public final class FailureRecordConverter implements AvroRecordConverter<FailureRecord> {

    private final GenericData.Record row = new GenericData.Record(FailureAvroSchema.SCHEMA);
    private final Map<String, Double> numericFeatures = new LinkedHashMap<>();
    private final Map<String, String> categoricalFeatures = new LinkedHashMap<>();
    private final Map<String, String> featureFlags = new LinkedHashMap<>();

    @Override
    public GenericRecord toAvro(FailureRecord failure) {
        Prediction event = failure.event;
        row.put(FAILURE_ID, failure.failureId);
        row.put(EVENT_ID, event.eventId);
        row.put(EVENT_TIME, event.eventTime);
        row.put(DETECTED_AT, failure.detectedAt);
        row.put(MODEL, event.model);
        row.put(MODEL_VERSION, event.modelVersion);
        row.put(CATEGORY, failure.category);
        row.put(FAILURE_MODE, failure.failureMode);
        row.put(SEVERITY, failure.severity);
        row.put(EVIDENCE, failure.evidence);
        row.put(PREDICTION, event.prediction);
        row.put(CONFIDENCE, event.confidence);
        row.put(LABEL, failure.label);
        row.put(LABEL_SOURCE, failure.labelSource);
        row.put(LABEL_DELAY_MS, failure.labelDelayMs);
        row.put(LATENCY_MS, event.latencyMs);
        row.put(SEGMENT, event.segment);
        row.put(NUMERIC_FEATURES, numericFeatures(event));
        row.put(CATEGORICAL_FEATURES,
                refill(categoricalFeatures, event.categoricalFeatureNames, event.categoricalFeatureValues, event));
        row.put(MISSING_FEATURES, event.missingFeatures == null ? List.of() : Arrays.asList(event.missingFeatures));
        row.put(LINEAGE_STATUS, event.lineageStatus);
        putLineage(event.deployment);
        row.put(SCHEMA_VERSION, event.schemaVersion);
        row.put(COLUMN_NAME, failure.columnName);
        row.put(WINDOW_START, failure.windowStart);
        row.put(WINDOW_END, failure.windowEnd);
        row.put(SCORE, failure.score == null || failure.score.isNaN() ? null : failure.score);
        row.put(OFFENDING_KEYS, failure.offendingKeys == null ? null : Arrays.asList(failure.offendingKeys));
        row.put(REPRODUCIBILITY, failure.reproducibility);
        row.put(SIGNATURE, failure.signature);
        row.put(RECURRENCE, failure.recurrence);
        RemediationColumns.put(row, failure.remediationAction, failure.remediationTarget, failure.hypothesis,
                failure.validationPlan, failure.acceptanceCriterion);
        return row;
    }

    private void putLineage(Deployment deployment) {
        boolean resolved = deployment != null;
        row.put(DEPLOYMENT_ID, resolved ? deployment.deploymentId : null);
        row.put(ENVIRONMENT, resolved ? deployment.environment : null);
        row.put(CODE_VERSION, resolved ? deployment.codeVersion : null);
        row.put(CHECKPOINT_URI, resolved ? deployment.checkpointUri : null);
        row.put(TRAINING_DATA_VERSION, resolved ? deployment.trainingDataVersion : null);
        row.put(PREPROCESSING_VERSION, resolved ? deployment.preprocessingVersion : null);
        row.put(FEATURE_FLAGS, resolved && deployment.featureFlagKeys != null
                ? refill(featureFlags, deployment.featureFlagKeys, deployment.featureFlagValues, deployment)
                : null);
        row.put(DEPLOYED_AT, resolved ? deployment.deployedAt : null);
    }

    private Map<String, Double> numericFeatures(Prediction event) {
        numericFeatures.clear();
        String[] names = event.numericFeatureNames;
        if (names != null) {
            double[] values = event.numericFeatureValues;
            requireParallel(names.length, values == null ? -1 : values.length, event);
            for (int i = 0; i < names.length; i++) {
                numericFeatures.put(names[i], values[i]);
            }
        }
        return numericFeatures;
    }

    private static Map<String, String> refill(
            Map<String, String> map, String[] keys, String[] values, Object owner) {
        map.clear();
        if (keys != null) {
            requireParallel(keys.length, values == null ? -1 : values.length, owner);
            for (int i = 0; i < keys.length; i++) {
                map.put(keys[i], values[i]);
            }
        }
        return map;
    }

    /** A length mismatch is a bug upstream; writing a silently shortened map would hide it. */
    private static void requireParallel(int keys, int values, Object owner) {
        if (keys != values) {
            throw new IllegalArgumentException(
                    "Parallel name/value arrays differ in length (" + keys + " names, " + values + " values) in "
                            + owner);
        }
    }
}
