package io.faultline.common.demo;

import io.faultline.common.demo.DemoTraffic.InjectedIncident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When and where each incident happens. The schedule is laid out on the default two-day run (in hours from the
 * start) and scaled to the configured duration, so a shorter run still contains every incident, just shorter.
 * An incident whose model is not in the run is left out; the control model never gets one.
 */
final class IncidentPlan {
    /** Share of the unregistered-version window's traffic that carries the unregistered version. */
    static final double UNREGISTERED_TRAFFIC_SHARE = 0.25;
    private static final double PLAN_HOURS = 48.0;

    /** A half-open time range [startMs, endMs) on one model. */
    record Window(String model, String version, long startMs, long endMs) {
        boolean covers(String otherModel, long timeMs) {
            return model.equals(otherModel) && timeMs >= startMs && timeMs < endMs;
        }
    }

    final Window latencySpike;
    final Window featureShift;
    /** From the new version's deployment until the rollback to the baseline. */
    final Window badDeployment;
    final Window unregisteredVersion;
    private final List<InjectedIncident> incidents = new ArrayList<>();

    IncidentPlan(long startMs, long durationMs, Map<String, ModelProfile> profilesByName, boolean inject) {
        ModelProfile intent = inject ? profilesByName.get(IntentClassifierProfile.NAME) : null;
        ModelProfile fraud = inject ? profilesByName.get(FraudDetectorProfile.NAME) : null;

        latencySpike = intent == null ? null
                : window(intent, intent.baselineRelease().version(), startMs, durationMs, 9, 11);
        featureShift = fraud == null ? null
                : window(fraud, fraud.baselineRelease().version(), startMs, durationMs, 14, 20);
        badDeployment = intent == null ? null
                : window(intent, intent.nextRelease().version(), startMs, durationMs, 30, 36);
        unregisteredVersion = fraud == null ? null
                : window(fraud, fraud.nextRelease().version(), startMs, durationMs, 40, 41);

        add(DemoTraffic.LATENCY_SPIKE, latencySpike,
                "latency_ms mostly above a 100 ms SLO (healthy: typically 10-60 ms)");
        add(DemoTraffic.FEATURE_SHIFT, featureShift,
                "amount multiplied by " + FraudDetectorProfile.SHIFTED_AMOUNT_FACTOR
                        + " and country mix moved to BR/NG/IN/ID-heavy traffic");
        add(DemoTraffic.BAD_DEPLOYMENT, badDeployment,
                "new version deployed at start, rolled back to the previous version at end; about 35% wrong"
                        + " against labels (healthy: about 5%) with lower confidence");
        add(DemoTraffic.UNREGISTERED_VERSION, unregisteredVersion,
                "about " + Math.round(UNREGISTERED_TRAFFIC_SHARE * 100)
                        + "% of the model's predictions carry a version that has no deployment event");
        if (inject && (fraud != null || intent != null)) {
            Instant start = Instant.ofEpochMilli(startMs);
            Instant end = Instant.ofEpochMilli(startMs + durationMs);
            incidents.add(new InjectedIncident(DemoTraffic.MALFORMED_RECORDS, null, null, start, end,
                    "malformed lines in all three files (truncated JSON, wrong types, out-of-range and non-finite"
                            + " values, missing event_id, unsafe model name, non-object and empty lines),"
                            + " on the traffic of every model except the control " + ChurnModelProfile.NAME));
            incidents.add(new InjectedIncident(DemoTraffic.DUPLICATE_EVENTS, null, null, start, end,
                    "predictions emitted twice (same event_id, identical line, up to 3 s apart), on the"
                            + " traffic of every model except the control " + ChurnModelProfile.NAME));
        }
    }

    List<InjectedIncident> incidents() {
        return List.copyOf(incidents);
    }

    /** Hours are on the two-day plan; the window is scaled to the run and cut to whole seconds. */
    private static Window window(ModelProfile profile, String version, long startMs, long durationMs,
                                 double fromHour, double toHour) {
        return new Window(profile.name(), version,
                startMs + wholeSeconds(durationMs * fromHour / PLAN_HOURS),
                startMs + wholeSeconds(durationMs * toHour / PLAN_HOURS));
    }

    private static long wholeSeconds(double millis) {
        return Math.round(millis / 1000.0) * 1000L;
    }

    private void add(String kind, Window window, String description) {
        if (window == null) return;
        incidents.add(new InjectedIncident(kind, window.model(), window.version(),
                Instant.ofEpochMilli(window.startMs()), Instant.ofEpochMilli(window.endMs()), description));
    }
}
