package io.faultline.jobs.functions;

import io.faultline.common.incident.WindowSignals;
import io.faultline.common.model.Deployment;
import org.apache.flink.api.common.functions.MapFunction;

/** A deployment as its model's incident-signal part, in the window holding its {@code deployed_at}. */
public class DeploymentSignalFunction implements MapFunction<Deployment, WindowPartial> {
    private final long windowSizeMs;

    public DeploymentSignalFunction(long windowSizeMs) {
        this.windowSizeMs = windowSizeMs;
    }

    @Override
    public WindowPartial map(Deployment d) {
        long start = d.deployedAt - Math.floorMod(d.deployedAt, windowSizeMs);
        return new WindowPartial(d.model, WindowAggregation.ALL_VERSIONS, start, start + windowSizeMs,
                new WindowSignals(d.model, start, start + windowSizeMs).addDeployment(d).toBytes());
    }
}
