package io.faultline.common.lineage;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.LineageStatus;
import io.faultline.common.model.Prediction;
import java.util.Objects;

/** Attaches a prediction's lineage: the deployment of its (model, version) active at its event time. */
public final class Lineage {
    private Lineage() {}

    /**
     * Sets {@code p.deployment} and {@code p.lineageStatus}: RESOLVED with {@code found}, or
     * UNREGISTERED_VERSION (and no deployment) when {@code found} is null.
     *
     * @param found the result of {@link DeploymentHistory#asOf(long)} for {@code p.eventTime}, or null
     * @throws IllegalArgumentException if {@code found} is of another (model, version) or deployed after the
     *     prediction's event time (a lookup bug, never a data problem)
     */
    public static void enrich(Prediction p, Deployment found) {
        if (found == null) {
            p.deployment = null;
            p.lineageStatus = LineageStatus.UNREGISTERED_VERSION.name();
            return;
        }
        if (!Objects.equals(found.model, p.model) || !Objects.equals(found.modelVersion, p.modelVersion)) {
            throw new IllegalArgumentException("deployment " + found + " does not belong to prediction " + p);
        }
        if (found.deployedAt > p.eventTime) {
            throw new IllegalArgumentException("deployment " + found + " is after the event time of " + p);
        }
        p.deployment = found;
        p.lineageStatus = LineageStatus.RESOLVED.name();
    }

    /** {@code model + '|' + modelVersion}: the same as {@link Prediction#modelVersionKey()}. */
    public static String key(String model, String modelVersion) {
        return model + '|' + modelVersion;
    }
}
