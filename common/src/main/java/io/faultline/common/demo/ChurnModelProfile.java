package io.faultline.common.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Subscription churn: binary {@code churn}/{@code retain}, about 15% churn. This is the control model: no
 * incident, malformed line or duplicate is ever injected on it, so it must come out of the pipeline healthy.
 */
final class ChurnModelProfile extends ModelProfile {
    static final String NAME = "churn-model";

    private static final Categorical CONTRACT_TYPE = Categorical.of(
            "month_to_month", 55, "one_year", 25, "two_year", 20);
    private static final Categorical PAYMENT_METHOD = Categorical.of(
            "card", 45, "bank_transfer", 25, "paypal", 20, "invoice", 10);
    private static final Categorical REGION = Categorical.of("north", 28, "south", 24, "east", 22, "west", 26);
    private static final Categorical PLAN = Categorical.of("basic", 40, "standard", 40, "premium", 20);
    private static final Categorical SEGMENT = Categorical.of("consumer", 75, "smb", 25);

    private static final LabelChannel RENEWAL_OUTCOME = new LabelChannel("outcome", 300, 0.5, null, 0);
    private static final LabelChannel CRM_STATUS = new LabelChannel("system", 40, 0.6, null, 0);

    private final Release baseline = new Release("2026.09.1",
            "s3://models/churn-model/2026.09.1/ckpt-000087.pt", "crm-snapshot-2026-09-01",
            "c3d5e7f9a1b2c4d6e8f0a2b4c6d8e0f1a3b5c7d9", "prep-2.0.1",
            flags("use_usage_features", true, "score_cutoff", "0.35", "region_model", false));
    private final Release next = new Release("2026.10.0",
            "s3://models/churn-model/2026.10.0/ckpt-000091.pt", "crm-snapshot-2026-10-01",
            "d4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0", "prep-2.0.1",
            flags("use_usage_features", true, "score_cutoff", "0.35", "region_model", true));

    @Override String name() { return NAME; }
    @Override Release baselineRelease() { return baseline; }
    @Override Release nextRelease() { return next; }
    @Override long baselineLeadTimeMs() { return 6 * DAY_MS + 14 * HOUR_MS + 5 * MINUTE_MS; }
    @Override List<String> classes() { return List.of("churn", "retain"); }
    @Override boolean emitsScores() { return false; }
    @Override Quality healthyQuality() { return new Quality(0.93, 0.86, 0.64, 0.07); }
    @Override double medianLatencyMs() { return 15; }

    @Override
    Request drawRequest(SplittableRandom rng, long eventTime, boolean featureShift) {
        int tenureMonths = 1 + (int) Math.round(Sampling.clamp(Sampling.logNormal(rng, 18, 1.0), 0, 71));
        double monthlyCharges = Sampling.clamp(Sampling.normal(rng, 68, 24), 15, 160);
        int supportTickets = Sampling.geometric(rng, 0.6);
        boolean loginKnown = !Sampling.chance(rng, 0.02);
        int daysSinceLogin = Sampling.geometric(rng, 4);
        int numProducts = Math.min(5, 1 + Sampling.geometric(rng, 0.7));
        String contractType = CONTRACT_TYPE.sample(rng);
        String paymentMethod = PAYMENT_METHOD.sample(rng);
        String region = REGION.sample(rng);
        String plan = PLAN.sample(rng);
        boolean autopay = Sampling.chance(rng, 0.6);

        JsonObject features = new JsonObject()
                .putLong("tenure_months", tenureMonths)
                .putDecimal("monthly_charges", monthlyCharges, 2)
                .putLong("support_tickets_30d", supportTickets);
        if (loginKnown) {
            features.putLong("days_since_last_login", daysSinceLogin);
        } else {
            features.putNull("days_since_last_login");
        }
        features.putLong("num_products", numProducts)
                .putString("contract_type", contractType)
                .putString("payment_method", paymentMethod)
                .putString("region", region)
                .putString("plan", plan)
                .putBoolean("has_autopay", autopay);

        double logit = -2.4
                + (contractType.equals("month_to_month") ? 1.3 : 0)
                - 0.04 * (tenureMonths - 18)
                + 0.35 * supportTickets
                + (loginKnown ? 0.08 * daysSinceLogin : 0)
                + 0.01 * (monthlyCharges - 68)
                - (autopay ? 0.5 : 0);
        String trueClass = Sampling.chance(rng, Sampling.logistic(logit)) ? "churn" : "retain";
        JsonObject attributes = Sampling.chance(rng, 0.5) ? new JsonObject().putString("region", region) : null;
        return new Request(features, trueClass, SEGMENT.sample(rng), attributes);
    }

    @Override
    LabelChannel chooseLabelChannel(SplittableRandom rng, String predictedClass) {
        return Sampling.chance(rng, 0.85) ? RENEWAL_OUTCOME : CRM_STATUS;
    }

    @Override
    String justification(SplittableRandom rng, String labelClass) {
        throw new IllegalStateException("churn labels are never human reviews");
    }
}
