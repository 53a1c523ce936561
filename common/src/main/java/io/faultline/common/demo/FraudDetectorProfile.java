package io.faultline.common.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Card-payment fraud scoring: binary {@code fraud}/{@code legit}, about 3% fraud. Fraud odds rise with the
 * amount, a new device, a long distance from home, a young account and risky merchant categories, so a
 * shift in {@code amount} also moves the label mix a little, as it would in real traffic.
 */
final class FraudDetectorProfile extends ModelProfile {
    static final String NAME = "fraud-detector";

    private static final Categorical MERCHANT_CATEGORY = Categorical.of(
            "grocery", 22, "restaurants", 16, "fuel", 10, "fashion", 12, "electronics", 10, "travel", 8,
            "digital_goods", 12, "gaming", 10);
    private static final Categorical COUNTRY = Categorical.of(
            "DE", 30, "US", 18, "FR", 14, "GB", 14, "NL", 10, "ES", 8, "PL", 6);
    /** During the feature-shift incident: a new acquiring partner sends traffic from other markets. */
    private static final Categorical SHIFTED_COUNTRY = Categorical.of(
            "BR", 24, "US", 16, "NG", 14, "IN", 14, "DE", 12, "GB", 10, "ID", 10);
    private static final Categorical DEVICE_TYPE = Categorical.of("mobile", 62, "desktop", 30, "tablet", 8);
    private static final Categorical SEGMENT = Categorical.of("consumer", 80, "business", 20);
    private static final Categorical CHANNEL = Categorical.of("app", 45, "web", 35, "pos", 20);
    /** The amount multiplier while the feature shift is on. */
    static final double SHIFTED_AMOUNT_FACTOR = 3.0;

    private static final LabelChannel ANALYST_REVIEW = new LabelChannel("human", 25, 0.9, "fraud-analyst", 12);
    private static final LabelChannel CHARGEBACK_OR_SETTLEMENT = new LabelChannel("outcome", 180, 0.7, null, 0);
    private static final LabelChannel THREE_DS_RESULT = new LabelChannel("system", 8, 0.6, null, 0);

    private static final String[] FRAUD_REASONS = {
        "Cardholder denied the transaction",
        "Device fingerprint linked to earlier chargebacks",
        "Shipping address on a known drop list",
        "Card tested with several small amounts first",
    };
    private static final String[] LEGIT_REASONS = {
        "Cardholder confirmed the purchase by phone",
        "Regular merchant for this customer",
        "Travel notice on file for this card",
        "Amount in line with the customer's history",
    };

    private final Release baseline = new Release("3.2.0",
            "s3://models/fraud-detector/3.2.0/ckpt-000412.pt", "fraud-txns-2026-09-15",
            "4f2a9c1e7b3d5a80c6e1f92b7d4a3c5e8b1f0a27", "prep-1.4.2",
            flags("use_graph_features", true, "threshold_profile", "conservative", "calibration", "isotonic",
                    "shadow_mode", false));
    private final Release next = new Release("3.3.0-rc1",
            "s3://models/fraud-detector/3.3.0-rc1/ckpt-000431.pt", "fraud-txns-2026-09-29",
            "9b1e4d7a2c6f8e03b5a9d1c4e7f2a6b8d0c3e5f1", "prep-1.5.0",
            flags("use_graph_features", true, "threshold_profile", "aggressive", "calibration", "isotonic",
                    "shadow_mode", false));

    @Override String name() { return NAME; }
    @Override Release baselineRelease() { return baseline; }
    @Override Release nextRelease() { return next; }
    @Override long baselineLeadTimeMs() { return 2 * DAY_MS + 9 * HOUR_MS + 48 * MINUTE_MS; }
    @Override List<String> classes() { return List.of("fraud", "legit"); }
    @Override boolean emitsScores() { return false; }
    @Override Quality healthyQuality() { return new Quality(0.96, 0.91, 0.66, 0.06); }
    @Override double medianLatencyMs() { return 24; }

    @Override
    Request drawRequest(SplittableRandom rng, long eventTime, boolean featureShift) {
        double amount = Sampling.clamp(Sampling.logNormal(rng, 45, 1.1), 0.5, 25_000);
        if (featureShift) amount *= SHIFTED_AMOUNT_FACTOR;
        long accountAgeDays = Math.round(Sampling.clamp(Sampling.logNormal(rng, 420, 1.3), 0, 7_300));
        int txnPerHour = 1 + Sampling.geometric(rng, 1.2);
        boolean hasLocation = !Sampling.chance(rng, 0.03); // no geolocation for some requests
        double distanceKm = Sampling.clamp(Sampling.logNormal(rng, 6, 1.6), 0, 12_000);
        String merchantCategory = MERCHANT_CATEGORY.sample(rng);
        String country = (featureShift ? SHIFTED_COUNTRY : COUNTRY).sample(rng);
        String deviceType = DEVICE_TYPE.sample(rng);
        boolean newDevice = Sampling.chance(rng, 0.07);
        boolean cardPresent = Sampling.chance(rng, 0.35);

        JsonObject features = new JsonObject()
                .putDecimal("amount", amount, 2)
                .putLong("account_age_days", accountAgeDays)
                .putLong("txn_per_hour", txnPerHour);
        if (hasLocation) {
            features.putDecimal("distance_km", distanceKm, 1);
        } else {
            features.putNull("distance_km");
        }
        features.putLong("hour_of_day", utcHourOfDay(eventTime))
                .putString("merchant_category", merchantCategory)
                .putString("country", country)
                .putString("device_type", deviceType)
                .putBoolean("is_new_device", newDevice)
                .putBoolean("card_present", cardPresent);

        boolean riskyMerchant = merchantCategory.equals("digital_goods") || merchantCategory.equals("gaming")
                || merchantCategory.equals("electronics");
        double logit = -4.3
                + 0.55 * StrictMath.log(amount / 45)
                + (newDevice ? 1.4 : 0)
                + (hasLocation && distanceKm > 250 ? 0.9 : 0)
                + (accountAgeDays < 30 ? 0.9 : 0)
                + (riskyMerchant ? 0.7 : 0)
                + (txnPerHour > 3 ? 0.3 : 0)
                - (cardPresent ? 0.9 : 0);
        String trueClass = Sampling.chance(rng, Sampling.logistic(logit)) ? "fraud" : "legit";

        JsonObject attributes = Sampling.chance(rng, 0.7)
                ? new JsonObject().putString("country", country).putString("channel", CHANNEL.sample(rng))
                : null;
        return new Request(features, trueClass, SEGMENT.sample(rng), attributes);
    }

    @Override
    LabelChannel chooseLabelChannel(SplittableRandom rng, String predictedClass) {
        // Analysts review what the model flagged; everything else is settled by chargebacks or 3-D Secure.
        if (predictedClass.equals("fraud")) {
            return Sampling.chance(rng, 0.75) ? ANALYST_REVIEW : CHARGEBACK_OR_SETTLEMENT;
        }
        return Sampling.chance(rng, 0.85) ? CHARGEBACK_OR_SETTLEMENT : THREE_DS_RESULT;
    }

    @Override
    String justification(SplittableRandom rng, String labelClass) {
        return Sampling.pick(rng, labelClass.equals("fraud") ? FRAUD_REASONS : LEGIT_REASONS);
    }
}
