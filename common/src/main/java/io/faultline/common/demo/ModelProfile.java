package io.faultline.common.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One simulated model: what its requests look like, how good it is, how its labels come back and which
 * releases it has. Subclasses hold only the domain-specific parts; the mechanics shared by all models
 * (turning a true class into a prediction with a confidence, drawing label delays and reviews) live here.
 */
abstract class ModelProfile {
    static final long MINUTE_MS = 60_000L;
    static final long HOUR_MS = 60 * MINUTE_MS;
    static final long DAY_MS = 24 * HOUR_MS;

    /** Labels never come back sooner or later than this after the prediction. */
    static final long MIN_LABEL_DELAY_MS = MINUTE_MS;
    static final long MAX_LABEL_DELAY_MS = 12 * HOUR_MS;
    /** Share of human reviews that a second reviewer later overrides. */
    private static final double DISPUTED_REVIEW_RATE = 0.03;

    /** A model release: what a deployment event says about where the version came from. */
    record Release(String version, String checkpointUri, String trainingDataVersion, String codeVersion,
                   String preprocessingVersion, JsonObject featureFlags) {}

    /** One request as the model saw it, and the truth that a label will later reveal. */
    record Request(JsonObject features, String trueClass, String segment, JsonObject attributes) {}

    /** How well a release predicts: accuracy and the confidence it reports when right and when wrong. */
    record Quality(double accuracy, double confidenceWhenRight, double confidenceWhenWrong, double confidenceSd) {}

    /** What the model answered. Confidence and scores are in units of 1e-4, so the scores sum to exactly 1. */
    record ModelOutput(String predictedClass, int confidenceUnits, int[] scoreUnits) {}

    /** How a label arrives: its source, the typical delay and, for human reviews, who reviews. */
    record LabelChannel(String source, double medianDelayMinutes, double delaySigma, String reviewerPrefix,
                        int reviewerCount) {
        boolean isHumanReview() {
            return reviewerPrefix != null;
        }
    }

    /** One label line to be written. reviewer and justification may be null. */
    record LabelDraft(String label, long labelTime, String source, String reviewer, String justification) {}

    private static final int UNITS = 10_000;

    abstract String name();

    /** The release that is live before the traffic starts. */
    abstract Release baselineRelease();

    /** How long before the traffic starts the baseline release went live. */
    abstract long baselineLeadTimeMs();

    /** The next release, used when an incident rolls out (or forgets to register) a new version. */
    abstract Release nextRelease();

    /** Prediction classes, in the order their scores are written. */
    abstract List<String> classes();

    /** Whether predictions carry a {@code scores} object over all classes. */
    abstract boolean emitsScores();

    abstract Quality healthyQuality();

    /** Median of the healthy latency; the spread is shared by all models. */
    abstract double medianLatencyMs();

    abstract Request drawRequest(SplittableRandom rng, long eventTime, boolean featureShift);

    abstract LabelChannel chooseLabelChannel(SplittableRandom rng, String predictedClass);

    /** A reviewer's reason for assigning {@code labelClass}. */
    abstract String justification(SplittableRandom rng, String labelClass);

    /** A clearly worse release: more errors and less confidence (the bad-deployment incident). */
    Quality degradedQuality() {
        return new Quality(0.65, 0.70, 0.57, 0.09);
    }

    final ModelOutput predict(SplittableRandom rng, String trueClass, Quality quality) {
        List<String> classes = classes();
        boolean right = Sampling.chance(rng, quality.accuracy());
        String predicted = right ? trueClass : otherClass(rng, trueClass);
        double mean = right ? quality.confidenceWhenRight() : quality.confidenceWhenWrong();
        // With more than two classes, the predicted class must stay the arg-max of the scores: at 0.45 even
        // the largest share of the remaining mass (see below) stays smaller.
        double minConfidence = classes.size() == 2 ? 0.501 : 0.45;
        double confidence = Sampling.clamp(Sampling.normal(rng, mean, quality.confidenceSd()), minConfidence, 0.995);
        int confidenceUnits = (int) Math.round(confidence * UNITS);
        int[] scoreUnits = null;
        if (emitsScores()) {
            // Some answers are close calls between two classes (more often when the model is wrong): they
            // are what the AMBIGUOUS failure mode is about.
            boolean closeCall = Sampling.chance(rng, right ? 0.02 : 0.15);
            scoreUnits = closeCall
                    ? closeCallScores(rng, classes, predicted, confidenceUnits)
                    : spreadScores(rng, classes, predicted, confidenceUnits);
        }
        return new ModelOutput(predicted, confidenceUnits, scoreUnits);
    }

    /** The remaining probability mass goes to the other classes in random shares (weights in [0.2, 1]). */
    private static int[] spreadScores(SplittableRandom rng, List<String> classes, String predicted, int confidenceUnits) {
        int[] units = new int[classes.size()];
        double[] weights = new double[classes.size()];
        double totalWeight = 0;
        int predictedIndex = classes.indexOf(predicted);
        for (int i = 0; i < classes.size(); i++) {
            if (i == predictedIndex) continue;
            weights[i] = 0.2 + 0.8 * rng.nextDouble();
            totalWeight += weights[i];
        }
        int remaining = UNITS - confidenceUnits;
        int assigned = 0;
        int last = -1;
        for (int i = 0; i < classes.size(); i++) {
            if (i == predictedIndex) continue;
            units[i] = (int) Math.floor(remaining * weights[i] / totalWeight);
            assigned += units[i];
            last = i;
        }
        units[last] += remaining - assigned; // rounding leftovers, so the scores sum to exactly 1
        units[predictedIndex] = confidenceUnits;
        return units;
    }

    /**
     * A runner-up class scores 0.01 to 0.08 below the predicted one (as far as the remaining mass allows);
     * what is left is spread over the other classes.
     */
    private static int[] closeCallScores(SplittableRandom rng, List<String> classes, String predicted, int confidenceUnits) {
        int[] units = spreadScores(rng, classes, predicted, confidenceUnits);
        int predictedIndex = classes.indexOf(predicted);
        int runnerUp = (predictedIndex + 1 + rng.nextInt(classes.size() - 1)) % classes.size();
        int remaining = UNITS - confidenceUnits;
        int target = Math.min(remaining, confidenceUnits - (int) Math.round((0.01 + 0.07 * rng.nextDouble()) * UNITS));
        int others = classes.size() - 2;
        int rest = remaining - target;
        for (int i = 0; i < classes.size(); i++) {
            if (i == predictedIndex || i == runnerUp) continue;
            units[i] = others == 0 ? 0 : rest / others;
        }
        units[runnerUp] = target + (others == 0 ? rest : rest % others);
        return units;
    }

    final String otherClass(SplittableRandom rng, String notThis) {
        List<String> others = new ArrayList<>(classes());
        others.remove(notThis);
        return others.get(rng.nextInt(others.size()));
    }

    /**
     * The labels for one prediction: usually one; for a few human reviews, a wrong first review that a second
     * reviewer overrides later (the newest label is the effective one, and it is the truth).
     */
    final List<LabelDraft> drawLabels(SplittableRandom rng, long eventTime, String trueClass, String predictedClass) {
        LabelChannel channel = chooseLabelChannel(rng, predictedClass);
        long delay = Sampling.clamp(
                Math.round(Sampling.logNormal(rng, channel.medianDelayMinutes(), channel.delaySigma()) * MINUTE_MS),
                MIN_LABEL_DELAY_MS, MAX_LABEL_DELAY_MS);
        long labelTime = eventTime + delay;
        List<LabelDraft> labels = new ArrayList<>(2);
        if (!channel.isHumanReview()) {
            labels.add(new LabelDraft(trueClass, labelTime, channel.source(), null, null));
            return labels;
        }
        int firstReviewer = rng.nextInt(channel.reviewerCount());
        if (!Sampling.chance(rng, DISPUTED_REVIEW_RATE)) {
            labels.add(new LabelDraft(trueClass, labelTime, channel.source(), reviewer(channel, firstReviewer),
                    justification(rng, trueClass)));
            return labels;
        }
        String wrongClass = otherClass(rng, trueClass);
        labels.add(new LabelDraft(wrongClass, labelTime, channel.source(), reviewer(channel, firstReviewer),
                justification(rng, wrongClass)));
        int secondReviewer = (firstReviewer + 1 + rng.nextInt(channel.reviewerCount() - 1)) % channel.reviewerCount();
        long secondDelay = Sampling.clamp(Math.round(Sampling.logNormal(rng, 90, 0.6) * MINUTE_MS),
                10 * MINUTE_MS, 6 * HOUR_MS);
        labels.add(new LabelDraft(trueClass, labelTime + secondDelay, channel.source(),
                reviewer(channel, secondReviewer),
                "Second review overrides " + reviewer(channel, firstReviewer) + ": " + justification(rng, trueClass)));
        return labels;
    }

    private static String reviewer(LabelChannel channel, int index) {
        return String.format(Locale.ROOT, "%s-%02d", channel.reviewerPrefix(), index + 1);
    }

    static int utcHourOfDay(long epochMillis) {
        return (int) Math.floorMod(epochMillis / HOUR_MS, 24L);
    }

    /** Feature flags in the contract's shape: alternating name, value pairs, values String or Boolean. */
    static JsonObject flags(Object... nameValuePairs) {
        JsonObject flags = new JsonObject();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            String name = (String) nameValuePairs[i];
            Object value = nameValuePairs[i + 1];
            if (value instanceof Boolean) {
                flags.putBoolean(name, (Boolean) value);
            } else {
                flags.putString(name, (String) value);
            }
        }
        return flags;
    }
}
