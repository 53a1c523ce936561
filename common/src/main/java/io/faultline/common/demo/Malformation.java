package io.faultline.common.demo;

import java.util.List;
import java.util.function.Function;

/**
 * Ways to break a line so that the contract must reject it: each one violates exactly one rule of the input
 * contract v1 (unparsable JSON, a type error, an out-of-range or non-finite value, a missing required field,
 * an unsafe partition value). A generator uses the kinds of its file in turn, so every kind shows up.
 */
record Malformation(String name, Function<JsonObject, String> breaker) {

    String apply(JsonObject validLine) {
        return breaker.apply(validLine);
    }

    static final List<Malformation> PREDICTION = List.of(
            new Malformation("truncated_json", Malformation::truncated),
            new Malformation("confidence_not_a_number", p -> p.putString("confidence", "high").toString()),
            new Malformation("confidence_out_of_range", p -> p.putDecimal("confidence", 1.7, 1).toString()),
            new Malformation("negative_latency", p -> p.putLong("latency_ms", -3).toString()),
            new Malformation("missing_event_id", p -> p.remove("event_id").toString()),
            new Malformation("unsafe_model_name", p -> p.putString("model", "../etc").toString()),
            // Every profile's first feature is numeric: NaN is not JSON, and not a finite number either.
            new Malformation("non_finite_feature", p -> {
                JsonObject features = p.object("features");
                features.putRaw(features.firstName(), "NaN");
                return p.toString();
            }),
            new Malformation("not_an_object", p -> "[1,2]"),
            new Malformation("empty_line", p -> ""));

    static final List<Malformation> LABEL = List.of(
            new Malformation("truncated_json", Malformation::truncated),
            new Malformation("missing_event_id", l -> l.remove("event_id").toString()),
            new Malformation("label_time_not_a_time", l -> l.putString("label_time", "yesterday").toString()),
            new Malformation("label_not_a_scalar",
                    l -> l.putObject("label", new JsonObject().putString("class", "unknown")).toString()),
            new Malformation("non_finite_label_time", l -> l.putRaw("label_time", "NaN").toString()),
            new Malformation("not_an_object", l -> "[1,2]"),
            new Malformation("empty_line", l -> ""));

    static final List<Malformation> DEPLOYMENT = List.of(
            new Malformation("unsafe_model_name", d -> d.putString("model", "../etc").toString()),
            new Malformation("truncated_json", Malformation::truncated),
            new Malformation("feature_flag_not_string_or_boolean",
                    d -> {
                        d.object("feature_flags").putLong("max_batch_size", 64);
                        return d.toString();
                    }));

    /** Cut in the middle: an object's closing brace is always lost, so this never parses. */
    private static String truncated(JsonObject line) {
        String text = line.toString();
        return text.substring(0, text.length() / 2);
    }
}
