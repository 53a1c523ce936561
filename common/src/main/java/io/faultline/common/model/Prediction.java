package io.faultline.common.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A prediction event (contract v1), later enriched with its lineage.
 *
 * <p>Features are kept as parallel arrays rather than maps: it is compact, cheap to fold into summaries,
 * and keeps the type a Kryo-free Flink POJO. Names within each array are sorted ascending. Booleans are
 * categorical values {@code "true"}/{@code "false"}; features whose value was JSON {@code null} are listed
 * in {@link #missingFeatures}. The name arrays ({@code *FeatureNames}, {@link #missingFeatures},
 * {@link #scoreClasses}, {@link #attributeKeys}) of deserialized predictions may be shared between events
 * ({@link CompactReader#repeatedStrings}): treat every array of a prediction as read-only.
 */
public class Prediction {
    public String eventId;
    /** Epoch milliseconds, UTC. */
    public long eventTime;
    public String model;
    public String modelVersion;

    public String[] numericFeatureNames;
    public double[] numericFeatureValues;
    public String[] categoricalFeatureNames;
    public String[] categoricalFeatureValues;
    /** Names of features present with a JSON null value, sorted; empty array when none. */
    public String[] missingFeatures;

    /** The prediction rendered as text (numbers in their canonical JSON form). */
    public String prediction;
    /** In [0, 1]; null when absent. */
    public Double confidence;
    /** Class names of {@code scores}, sorted; null when absent. */
    public String[] scoreClasses;
    /** Probabilities, parallel to {@link #scoreClasses}. */
    public double[] scoreValues;
    /** Non-negative; null when absent. */
    public Double latencyMs;
    public String segment;
    /** Keys of {@code attributes}, sorted; null when absent. May carry personal data: never written to the catalog. */
    public String[] attributeKeys;
    public String[] attributeValues;
    public int schemaVersion = 1;

    /** Filled by the lineage join. */
    public String lineageStatus = LineageStatus.PENDING.name();
    /** The deployment active at {@link #eventTime}; null unless {@link #lineageStatus} is RESOLVED. */
    public Deployment deployment;

    public Prediction() {}

    /** The {@code model|version} key used for lineage lookups and per-version state. */
    public String modelVersionKey() {
        return model + '|' + modelVersion;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Prediction)) return false;
        Prediction p = (Prediction) o;
        return eventTime == p.eventTime
                && schemaVersion == p.schemaVersion
                && Objects.equals(eventId, p.eventId)
                && Objects.equals(model, p.model)
                && Objects.equals(modelVersion, p.modelVersion)
                && Arrays.equals(numericFeatureNames, p.numericFeatureNames)
                && Arrays.equals(numericFeatureValues, p.numericFeatureValues)
                && Arrays.equals(categoricalFeatureNames, p.categoricalFeatureNames)
                && Arrays.equals(categoricalFeatureValues, p.categoricalFeatureValues)
                && Arrays.equals(missingFeatures, p.missingFeatures)
                && Objects.equals(prediction, p.prediction)
                && Objects.equals(confidence, p.confidence)
                && Arrays.equals(scoreClasses, p.scoreClasses)
                && Arrays.equals(scoreValues, p.scoreValues)
                && Objects.equals(latencyMs, p.latencyMs)
                && Objects.equals(segment, p.segment)
                && Arrays.equals(attributeKeys, p.attributeKeys)
                && Arrays.equals(attributeValues, p.attributeValues)
                && Objects.equals(lineageStatus, p.lineageStatus)
                && Objects.equals(deployment, p.deployment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, eventTime, model, modelVersion);
    }

    @Override
    public String toString() {
        return "Prediction{" + eventId + " " + model + ":" + modelVersion + " at " + eventTime + "}";
    }
}
