package io.faultline.common.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Support-ticket intent: four classes with a {@code scores} object. The true intent is drawn first and the
 * message features depend on it (billing messages carry order ids, cancellations are negative, ...).
 */
final class IntentClassifierProfile extends ModelProfile {
    static final String NAME = "intent-classifier";

    private static final List<String> CLASSES = List.of("billing", "technical_support", "cancellation", "sales_inquiry");
    private static final Categorical INTENT = Categorical.of(
            "billing", 30, "technical_support", 35, "cancellation", 15, "sales_inquiry", 20);
    private static final Categorical LANGUAGE = Categorical.of("en", 58, "de", 16, "fr", 10, "es", 10, "nl", 6);
    private static final Categorical ENGLISH_COUNTRY = Categorical.of("US", 50, "GB", 35, "IE", 15);
    private static final Categorical CHANNEL = Categorical.of("chat", 55, "email", 35, "voice_transcript", 10);
    private static final Categorical TIER = Categorical.of("free", 50, "plus", 35, "enterprise", 15);
    private static final Categorical SEGMENT = Categorical.of("emea", 55, "amer", 35, "apac", 10);

    private static final LabelChannel ANNOTATION = new LabelChannel("human", 45, 0.9, "annotator", 20);
    private static final LabelChannel ROUTING_RESULT = new LabelChannel("system", 15, 0.7, null, 0);
    private static final LabelChannel RESOLUTION = new LabelChannel("outcome", 180, 0.6, null, 0);

    private static final Map<String, String[]> REASONS = Map.of(
            "billing", new String[] {
                "Customer asks about a charge on the last invoice",
                "Refund request for a duplicate payment",
                "Wants to change the billing address"},
            "technical_support", new String[] {
                "App crashes right after login",
                "Error message when exporting data",
                "Sync between devices stopped working"},
            "cancellation", new String[] {
                "Wants to end the subscription at the end of the month",
                "Asks how to close the account",
                "Says \"please cancel\" twice in the message"},
            "sales_inquiry", new String[] {
                "Asks for enterprise pricing",
                "Wants a demo for the team",
                "Compares plans before upgrading"});

    private final Release baseline = new Release("1.8.2",
            "s3://models/intent-classifier/1.8.2/ckpt-002150.safetensors", "tickets-2026-08-31",
            "a7c2e9f41b6d3085e2c7a9f1d4b6e8c0a2f4d6b8", "tokenizer-3.1.0",
            flags("max_tokens", "512", "use_distilled_head", true, "language_router", "v2"));
    /** The release that goes bad mid-run: a new tokenizer and distilled head cost accuracy. */
    private final Release next = new Release("1.9.0",
            "s3://models/intent-classifier/1.9.0/ckpt-002318.safetensors", "tickets-2026-09-28",
            "e1b4d7a0c3f6e9b2d5a8c1f4e7b0d3a6c9f2e5b8", "tokenizer-3.2.0",
            flags("max_tokens", "256", "use_distilled_head", true, "language_router", "v3"));

    @Override String name() { return NAME; }
    @Override Release baselineRelease() { return baseline; }
    @Override Release nextRelease() { return next; }
    @Override long baselineLeadTimeMs() { return DAY_MS + 17 * HOUR_MS + 22 * MINUTE_MS; }
    @Override List<String> classes() { return CLASSES; }
    @Override boolean emitsScores() { return true; }
    @Override Quality healthyQuality() { return new Quality(0.95, 0.88, 0.62, 0.07); }
    @Override double medianLatencyMs() { return 38; }

    @Override
    Request drawRequest(SplittableRandom rng, long eventTime, boolean featureShift) {
        String intent = INTENT.sample(rng);
        double tokensMedian;
        double sentimentMean;
        double orderIdRate;
        double priorContactsMean;
        switch (intent) {
            case "billing": tokensMedian = 28; sentimentMean = -0.10; orderIdRate = 0.60; priorContactsMean = 0.4; break;
            case "technical_support": tokensMedian = 55; sentimentMean = -0.25; orderIdRate = 0.25; priorContactsMean = 1.0; break;
            case "cancellation": tokensMedian = 22; sentimentMean = -0.55; orderIdRate = 0.30; priorContactsMean = 1.5; break;
            default: tokensMedian = 35; sentimentMean = 0.30; orderIdRate = 0.05; priorContactsMean = 0.4; break;
        }
        boolean technical = intent.equals("technical_support");
        String language = LANGUAGE.sample(rng);
        int tokens = (int) Math.max(2, Math.round(Sampling.logNormal(rng, tokensMedian, 0.6)));

        JsonObject features = new JsonObject()
                .putLong("message_tokens", tokens)
                .putLong("num_sentences", 1 + tokens / 18 + rng.nextInt(3))
                .putDecimal("sentiment", Sampling.clamp(Sampling.normal(rng, sentimentMean, 0.3), -1, 1), 2)
                .putLong("prior_contacts_7d", Sampling.geometric(rng, priorContactsMean))
                .putLong("attachment_count", Sampling.geometric(rng, technical ? 0.6 : 0.1))
                .putLong("hour_of_day", utcHourOfDay(eventTime))
                .putString("language", language)
                .putString("channel", CHANNEL.sample(rng))
                .putString("customer_tier", TIER.sample(rng))
                .putBoolean("has_order_id", Sampling.chance(rng, orderIdRate))
                .putBoolean("contains_url", Sampling.chance(rng, technical ? 0.30 : 0.08));

        String country = language.equals("en") ? ENGLISH_COUNTRY.sample(rng) : language.toUpperCase(Locale.ROOT);
        JsonObject attributes = Sampling.chance(rng, 0.6) ? new JsonObject().putString("country", country) : null;
        String segment = Sampling.chance(rng, 0.9) ? SEGMENT.sample(rng) : null;
        return new Request(features, intent, segment, attributes);
    }

    @Override
    LabelChannel chooseLabelChannel(SplittableRandom rng, String predictedClass) {
        double u = rng.nextDouble();
        if (u < 0.6) return ANNOTATION;
        return u < 0.9 ? ROUTING_RESULT : RESOLUTION;
    }

    @Override
    String justification(SplittableRandom rng, String labelClass) {
        return Sampling.pick(rng, REASONS.get(labelClass));
    }
}
