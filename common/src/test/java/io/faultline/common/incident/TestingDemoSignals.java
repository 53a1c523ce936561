package io.faultline.common.incident;

import io.faultline.common.config.ConfigException;
import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.contract.ContractDecoder;
import io.faultline.common.contract.ContractViolation;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.drift.WindowStatistics;
import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.label.EffectiveLabel;
import io.faultline.common.lineage.DeploymentHistory;
import io.faultline.common.lineage.Lineage;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.WindowStatsRow;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.common.stats.WindowProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The window signals the pipeline would produce for a demo run, computed in plain Java: decode, drop duplicates,
 * lineage as of event time, per-prediction failures, the newest label per prediction (by the prediction's window),
 * hourly window profiles with drift against references profiled from earlier healthy days (as {@code faultline
 * demo} does), and the deployments (those before the run in its first window, the others in the window holding
 * their {@code deployed_at}).
 */
final class TestingDemoSignals {
    private static final long HOUR = 3_600_000L;

    private TestingDemoSignals() {}

    /** Per model, its hourly windows in start order (hours without predictions are missing: gaps). */
    static Map<String, List<WindowSignals>> of(DemoTraffic traffic, DemoTraffic training) throws ConfigException {
        FaultlineConfig config = FaultlineConfig.defaults().withOverrides(
                Map.of("drift.ignore-columns", "features.hour_of_day"));
        FailureClassifier classifier = new FailureClassifier(config);
        ContractDecoder decoder = new ContractDecoder();

        Map<String, WindowProfile> trainingProfiles = new TreeMap<>();
        for (Iterator<String> it = training.predictions(); it.hasNext(); ) {
            Prediction p = decodePrediction(decoder, it.next());
            if (p != null) trainingProfiles.computeIfAbsent(Lineage.key(p.model, p.modelVersion), k -> new WindowProfile()).add(p, false);
        }
        Map<String, ReferenceProfile> references = new HashMap<>();
        trainingProfiles.forEach((key, profile) -> {
            String[] mv = key.split("\\|", 2);
            references.put(key, WindowStatistics.referenceOf(mv[0], mv[1], "profile", profile));
        });

        List<Deployment> deployments = new ArrayList<>();
        Map<String, DeploymentHistory> histories = new HashMap<>();
        for (Iterator<String> it = traffic.deployments(); it.hasNext(); ) {
            try {
                Deployment d = decoder.decodeDeployment(it.next());
                deployments.add(d);
                histories.computeIfAbsent(Lineage.key(d.model, d.modelVersion), k -> new DeploymentHistory()).add(d);
            } catch (ContractViolation malformed) {
                // the generator writes some broken lines on purpose
            }
        }

        long runStart = traffic.start().toEpochMilli();
        Map<String, WindowSignals> windows = new TreeMap<>();
        Map<String, WindowProfile> profiles = new TreeMap<>();
        Map<String, Prediction> predictions = new HashMap<>();
        for (Iterator<String> it = traffic.predictions(); it.hasNext(); ) {
            Prediction p = decodePrediction(decoder, it.next());
            if (p == null || predictions.containsKey(p.eventId)) continue;
            predictions.put(p.eventId, p);
            DeploymentHistory history = histories.get(Lineage.key(p.model, p.modelVersion));
            Lineage.enrich(p, history == null ? null : history.asOf(p.eventTime));
            long start = Math.floorDiv(p.eventTime, HOUR) * HOUR;
            WindowSignals w = window(windows, p.model, start);
            w.addPredictions(p.modelVersion, 1);
            classifier.classify(p, w::addFailure);
            profiles.computeIfAbsent(p.model + "|" + p.modelVersion + "|" + start, k -> new WindowProfile()).add(p, false);
        }

        Map<String, List<Label>> labels = new HashMap<>();
        for (Iterator<String> it = traffic.labels(); it.hasNext(); ) {
            try {
                Label l = decoder.decodeLabel(it.next());
                labels.computeIfAbsent(l.eventId, k -> new ArrayList<>()).add(l);
            } catch (ContractViolation malformed) {
                // broken on purpose
            }
        }
        labels.forEach((eventId, all) -> {
            Prediction p = predictions.get(eventId);
            if (p == null) return;
            FailureRecord wrong = classifier.misclassification(p, EffectiveLabel.newest(all));
            window(windows, p.model, Math.floorDiv(p.eventTime, HOUR) * HOUR)
                    .addLabels(p.modelVersion, 1, wrong == null ? 0 : 1);
        });

        profiles.forEach((key, profile) -> {
            String[] parts = key.split("\\|", 3);
            long start = Long.parseLong(parts[2]);
            ReferenceProfile reference = references.get(Lineage.key(parts[0], parts[1]));
            List<WindowStatsRow> rows = WindowStatistics.rows(parts[0], parts[1], start, start + HOUR, profile,
                    reference, "PROFILE", column -> config.driftThresholdsFor(parts[0], column),
                    config.driftIgnoredColumns());
            WindowSignals w = window(windows, parts[0], start);
            for (WindowStatsRow row : rows) w.addWindowStats(row);
        });

        for (Deployment d : deployments) {
            long start = d.deployedAt < runStart ? runStart : Math.floorDiv(d.deployedAt, HOUR) * HOUR;
            window(windows, d.model, start).addDeployment(d);
        }

        Map<String, List<WindowSignals>> byModel = new TreeMap<>();
        windows.values().forEach(w -> byModel.computeIfAbsent(w.model(), m -> new ArrayList<>()).add(w));
        byModel.values().forEach(list -> list.sort((a, b) -> Long.compare(a.windowStart(), b.windowStart())));
        return byModel;
    }

    static DemoTraffic training(DemoTraffic traffic, long seed) {
        return DemoTraffic.builder().seed(seed).start(traffic.start().minus(Duration.ofDays(1)))
                .duration(Duration.ofDays(1)).injectIncidents(false).build();
    }

    private static WindowSignals window(Map<String, WindowSignals> windows, String model, long start) {
        // Keyed by model and zero-padded start, so the map iterates each model's windows in order.
        return windows.computeIfAbsent(model + "|" + String.format("%020d", start),
                k -> new WindowSignals(model, start, start + HOUR));
    }

    private static Prediction decodePrediction(ContractDecoder decoder, String line) {
        try {
            return decoder.decodePrediction(line);
        } catch (ContractViolation malformed) {
            return null;
        }
    }
}
