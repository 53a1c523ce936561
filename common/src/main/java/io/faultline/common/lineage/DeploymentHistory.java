package io.faultline.common.lineage;

import io.faultline.common.model.Deployment;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The deployments of one (model, version), oldest first, for as-of lookups by event time. Kept as a value
 * of the lineage broadcast state, keyed by {@link Lineage#key(String, String)}.
 *
 * <p>A Flink POJO (public no-argument constructor, one public non-final field) so that Flink serializes it
 * without Kryo. {@link #deployments} is sorted by {@link #ORDER}: {@code deployedAt}, then
 * {@code deploymentId} (nulls first), then the remaining fields. Because that order is total and agrees
 * with {@link Deployment#equals}, the history, and so every lookup, is the same whatever order the
 * deployment events arrived in.
 *
 * <p><b>Bounded.</b> At most {@link #MAX_DEPLOYMENTS} entries. Broadcast state is held and checkpointed by
 * every subtask, so a version redeployed in a loop (a CI job, a crash-looping rollout) must not grow it
 * forever. When full, the oldest deployment is always kept and the oldest of the others is dropped: the
 * oldest proves the version was registered from then on, so a late or backfilled prediction older than the
 * retained window still resolves (to the oldest known deployment, possibly not the exact redeploy that
 * served it) instead of being misreported as UNREGISTERED_VERSION. Predictions that old, 255 redeploys
 * later, are rare.
 */
public class DeploymentHistory {
    /** Cap on {@link #deployments}; see the class comment. */
    public static final int MAX_DEPLOYMENTS = 256;

    /** The sort order of {@link #deployments}: total, and consistent with {@link Deployment#equals}. */
    public static final Comparator<Deployment> ORDER = Comparator
            .comparingLong((Deployment d) -> d.deployedAt)
            .thenComparing(d -> d.deploymentId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(d -> d.environment, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(d -> d.checkpointUri, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(d -> d.trainingDataVersion, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(d -> d.codeVersion, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(d -> d.preprocessingVersion, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing((a, b) -> Arrays.compare(a.featureFlagKeys, b.featureFlagKeys))
            .thenComparing((a, b) -> Arrays.compare(a.featureFlagValues, b.featureFlagValues))
            .thenComparing(d -> d.model, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(d -> d.modelVersion, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** Sorted by {@link #ORDER}, oldest first; never null. */
    public Deployment[] deployments = new Deployment[0];

    public DeploymentHistory() {}

    /**
     * Adds {@code d} keeping the order. A deployment equal to one already present is ignored, so replays
     * are idempotent. The array is replaced, never changed in place.
     *
     * @return true if {@code d} is now in the history; false if it was already there, or if the history is
     *     full and {@code d} is among the oldest that the cap drops
     * @throws IllegalArgumentException if {@code d} is of another (model, version) than the history
     */
    public boolean add(Deployment d) {
        Objects.requireNonNull(d, "deployment");
        if (deployments.length > 0) {
            Deployment first = deployments[0];
            if (!Objects.equals(first.model, d.model) || !Objects.equals(first.modelVersion, d.modelVersion)) {
                throw new IllegalArgumentException("deployment of " + Lineage.key(d.model, d.modelVersion)
                        + " added to the history of " + Lineage.key(first.model, first.modelVersion));
            }
        }
        int found = Arrays.binarySearch(deployments, d, ORDER);
        if (found >= 0) {
            return false;
        }
        int at = -(found + 1);
        Deployment[] grown = new Deployment[deployments.length + 1];
        System.arraycopy(deployments, 0, grown, 0, at);
        grown[at] = d;
        System.arraycopy(deployments, at, grown, at + 1, deployments.length - at);
        if (grown.length <= MAX_DEPLOYMENTS) {
            deployments = grown;
            return true;
        }
        // Keep the oldest (index 0), drop the next oldest (index 1).
        Deployment[] capped = new Deployment[MAX_DEPLOYMENTS];
        capped[0] = grown[0];
        System.arraycopy(grown, 2, capped, 1, MAX_DEPLOYMENTS - 1);
        deployments = capped;
        return at != 1;
    }

    /**
     * The newest deployment with {@code deployedAt <= eventTime}, or null if there is none. Of several
     * deployed at the same instant, the last in {@link #ORDER}.
     */
    public Deployment asOf(long eventTime) {
        int lo = 0;
        int hi = deployments.length; // first index with deployedAt > eventTime lies in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (deployments[mid].deployedAt <= eventTime) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? null : deployments[lo - 1];
    }

    @Override
    public String toString() {
        return "DeploymentHistory" + Arrays.toString(deployments);
    }
}
