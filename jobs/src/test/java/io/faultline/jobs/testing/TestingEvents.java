package io.faultline.jobs.testing;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import java.time.Instant;

/** Hand-built domain records for operator tests, at fixed instants. */
public final class TestingEvents {
    /** 2026-10-01T00:00:00Z */
    public static final long T0 = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
    public static final long MINUTE = 60_000L;
    public static final long HOUR = 60 * MINUTE;

    private TestingEvents() {}

    public static Prediction prediction(String eventId, long eventTime, String model, String version, String predicted,
            double confidence) {
        Prediction p = new Prediction();
        p.eventId = eventId;
        p.eventTime = eventTime;
        p.model = model;
        p.modelVersion = version;
        p.numericFeatureNames = new String[] {"amount"};
        p.numericFeatureValues = new double[] {12.5};
        p.categoricalFeatureNames = new String[] {"country"};
        p.categoricalFeatureValues = new String[] {"DE"};
        p.missingFeatures = new String[0];
        p.prediction = predicted;
        p.confidence = confidence;
        p.latencyMs = 20.0;
        return p;
    }

    public static Label label(String eventId, String value, long labelTime, String source) {
        Label l = new Label();
        l.eventId = eventId;
        l.label = value;
        l.labelTime = labelTime;
        l.source = source;
        return l;
    }

    public static Deployment deployment(String model, String version, long deployedAt, String deploymentId) {
        Deployment d = new Deployment();
        d.model = model;
        d.modelVersion = version;
        d.deployedAt = deployedAt;
        d.deploymentId = deploymentId;
        d.environment = "prod";
        d.codeVersion = "abc1234";
        d.checkpointUri = "s3://models/" + model + "/" + version;
        return d;
    }
}
