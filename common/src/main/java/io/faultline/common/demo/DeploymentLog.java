package io.faultline.common.demo;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The deployments file: each model's baseline release before the traffic starts, plus the bad release and its
 * rollback when that incident is planned. It is a handful of lines, so it is built in memory. A few broken
 * copies follow real lines (a flaky publisher retrying), one of each deployment malformation.
 */
final class DeploymentLog {
    static final String ENVIRONMENT = "prod";
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd-HHmm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Event(ModelProfile profile, ModelProfile.Release release, long deployedAt) {}

    private final List<String> lines = new ArrayList<>();
    private long malformedLines;

    DeploymentLog(List<ModelProfile> profiles, long startMs, IncidentPlan plan, boolean injectMalformed) {
        List<Event> events = new ArrayList<>();
        for (ModelProfile profile : profiles) {
            events.add(new Event(profile, profile.baselineRelease(), startMs - profile.baselineLeadTimeMs()));
            if (plan.badDeployment != null && plan.badDeployment.model().equals(profile.name())) {
                events.add(new Event(profile, profile.nextRelease(), plan.badDeployment.startMs()));
                // The rollback redeploys the baseline release: a new deployment event for the old version.
                events.add(new Event(profile, profile.baselineRelease(), plan.badDeployment.endMs()));
            }
        }
        // Stable sort: deployed_at order, model order on (improbable) ties.
        events.sort(Comparator.comparingLong(Event::deployedAt));

        int nextMalformation = 0;
        for (Event event : events) {
            lines.add(render(event).toString());
            boolean control = event.profile().name().equals(ChurnModelProfile.NAME);
            if (injectMalformed && !control && nextMalformation < Malformation.DEPLOYMENT.size()) {
                lines.add(Malformation.DEPLOYMENT.get(nextMalformation++).apply(render(event)));
                malformedLines++;
            }
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    long malformedLines() {
        return malformedLines;
    }

    private static JsonObject render(Event event) {
        ModelProfile.Release release = event.release();
        String model = event.profile().name();
        return new JsonObject()
                .putString("deployment_id", "dep-" + model + "-" + ID_TIME.format(Instant.ofEpochMilli(event.deployedAt())))
                .putString("model", model)
                .putString("model_version", release.version())
                .putIsoTime("deployed_at", event.deployedAt())
                .putString("environment", ENVIRONMENT)
                .putString("checkpoint_uri", release.checkpointUri())
                .putString("training_data_version", release.trainingDataVersion())
                .putString("code_version", release.codeVersion())
                .putString("preprocessing_version", release.preprocessingVersion())
                .putObject("feature_flags", release.featureFlags().copy());
    }
}
