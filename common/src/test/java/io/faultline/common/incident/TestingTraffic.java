package io.faultline.common.incident;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded window signals with ordinary noise, shaped like the demo's traffic: about 900 predictions an hour on a
 * daily cycle (0.6x to 1.4x), 40% labelled, binomial failure counts, and drift verdicts whose scores wander below
 * the drift threshold (NONE, sometimes WARN) unless a column is told to drift.
 */
final class TestingTraffic {
    static final List<String> COLUMNS = List.of("features.amount", "features.country", "features.tokens",
            "prediction", "confidence", "latency_ms");
    static final double LABEL_RATE = 0.4;

    /** One version's share of an hour's traffic and its quality. */
    record Version(String name, double share, double errorRate, Map<String, Double> failureRates) {}

    private final SplittableRandom random;

    TestingTraffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Binomial(n, p), drawn one trial at a time (exact, and fast enough for test volumes). */
    long binomial(long n, double p) {
        long k = 0;
        for (long i = 0; i < n; i++) {
            if (random.nextDouble() < p) k++;
        }
        return k;
    }

    long volume(int hour) {
        double cycle = 1 + 0.4 * Math.cos(2 * Math.PI * ((hour % 24) + 0.5 - 15) / 24);
        return Math.round(900 * cycle * (0.95 + 0.1 * random.nextDouble()));
    }

    /**
     * An hour of {@code model}: the versions split the traffic by share; {@code drifted} columns get status DRIFT
     * with the given score on every version with at least 400 predictions.
     */
    WindowSignals hour(String model, int hour, List<Version> versions, Map<String, Double> drifted) {
        WindowSignals w = IncidentDetectorTest.window(hour);
        WindowSignals out = new WindowSignals(model, w.windowStart(), w.windowEnd());
        long n = volume(hour);
        long left = n;
        for (int i = 0; i < versions.size(); i++) {
            Version v = versions.get(i);
            long nv = i == versions.size() - 1 ? left : Math.round(n * v.share());
            left -= nv;
            out.addPredictions(v.name(), nv);
            for (Map.Entry<String, Double> rate : v.failureRates().entrySet()) {
                out.addFailures(v.name(), rate.getKey(), binomial(nv, rate.getValue()));
            }
            long labelled = binomial(nv, LABEL_RATE);
            out.addLabels(v.name(), labelled, binomial(labelled, v.errorRate()));
            for (String column : COLUMNS) {
                if (nv < 400) {
                    out.addDrift(v.name(), column, "INSUFFICIENT_DATA", null);
                } else if (drifted.containsKey(column)) {
                    out.addDrift(v.name(), column, "DRIFT", drifted.get(column));
                } else {
                    double score = 0.95 * random.nextDouble() * random.nextDouble();
                    out.addDrift(v.name(), column, score >= 0.5 ? "WARN" : "NONE", score);
                }
            }
        }
        return out;
    }
}
