package io.faultline.common.scoring;

import io.faultline.common.model.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Predictions for scoring tests, built from name/value pairs with a fixed event time. */
final class TestingEvents {
    /** 2026-10-01T06:00:00Z. */
    static final long EVENT_TIME = 1_790_834_400_000L;

    private TestingEvents() {}

    /**
     * A prediction of model {@code m} version {@code 1} with the given features: a {@link Number} value is numeric,
     * a {@link String} categorical, {@code null} a missing (JSON null) feature.
     */
    static Prediction event(Object... namesAndValues) {
        TreeMap<String, Double> numeric = new TreeMap<>();
        TreeMap<String, String> categorical = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            if (value == null) {
                missing.add(name);
            } else if (value instanceof Number) {
                numeric.put(name, ((Number) value).doubleValue());
            } else {
                categorical.put(name, (String) value);
            }
        }
        Prediction p = new Prediction();
        p.eventId = "e-" + namesAndValues.length + "-" + numeric + categorical + missing;
        p.eventTime = EVENT_TIME;
        p.model = "m";
        p.modelVersion = "1";
        p.numericFeatureNames = numeric.keySet().toArray(String[]::new);
        p.numericFeatureValues = numeric.values().stream().mapToDouble(Double::doubleValue).toArray();
        p.categoricalFeatureNames = categorical.keySet().toArray(String[]::new);
        p.categoricalFeatureValues = categorical.values().toArray(String[]::new);
        p.missingFeatures = missing.stream().sorted().toArray(String[]::new);
        p.prediction = "ok";
        return p;
    }
}
