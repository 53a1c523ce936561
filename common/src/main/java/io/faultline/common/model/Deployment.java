package io.faultline.common.model;

import java.util.Objects;

/**
 * A deployment event (contract v1): which model version went live when, built from which checkpoint,
 * code and data. Optional fields are null when absent. Feature flags are parallel arrays (keys sorted
 * ascending; boolean flags rendered {@code "true"}/{@code "false"}), which keeps the type a Kryo-free POJO.
 */
public class Deployment {
    public String model;
    public String modelVersion;
    /** Epoch milliseconds, UTC. */
    public long deployedAt;
    public String deploymentId;
    public String environment;
    public String checkpointUri;
    public String trainingDataVersion;
    public String codeVersion;
    public String preprocessingVersion;
    /** Flag names, sorted ascending; null when the event had no {@code feature_flags}. */
    public String[] featureFlagKeys;
    /** Flag values, parallel to {@link #featureFlagKeys}. */
    public String[] featureFlagValues;

    public Deployment() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Deployment)) return false;
        Deployment d = (Deployment) o;
        return deployedAt == d.deployedAt
                && Objects.equals(model, d.model)
                && Objects.equals(modelVersion, d.modelVersion)
                && Objects.equals(deploymentId, d.deploymentId)
                && Objects.equals(environment, d.environment)
                && Objects.equals(checkpointUri, d.checkpointUri)
                && Objects.equals(trainingDataVersion, d.trainingDataVersion)
                && Objects.equals(codeVersion, d.codeVersion)
                && Objects.equals(preprocessingVersion, d.preprocessingVersion)
                && java.util.Arrays.equals(featureFlagKeys, d.featureFlagKeys)
                && java.util.Arrays.equals(featureFlagValues, d.featureFlagValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, modelVersion, deployedAt, deploymentId);
    }

    @Override
    public String toString() {
        return "Deployment{" + model + ":" + modelVersion + " at " + deployedAt + " id=" + deploymentId + "}";
    }
}
