package io.faultline.common.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.model.Prediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowProfileTest {

    static Prediction prediction(SplittableRandom rng, int i) {
        Prediction p = new Prediction();
        p.eventId = "e" + i;
        p.model = "m";
        p.modelVersion = "v1";
        p.numericFeatureNames = new String[] {"amount", "age"};
        p.numericFeatureValues = new double[] {Math.exp(rng.nextGaussian()), rng.nextInt(90)};
        p.categoricalFeatureNames = new String[] {"country"};
        p.categoricalFeatureValues = new String[] {"C" + rng.nextInt(30)};
        p.missingFeatures = rng.nextInt(10) == 0 ? new String[] {"note"} : new String[0];
        p.prediction = rng.nextBoolean() ? "fraud" : "legit";
        p.confidence = rng.nextInt(20) == 0 ? null : rng.nextDouble();
        p.latencyMs = 5 + 100 * rng.nextDouble();
        return p;
    }

    @Test
    void mergingPartsInAnyOrderEqualsTheWholeBitForBit() {
        SplittableRandom rng = new SplittableRandom(20261122);
        List<Prediction> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            all.add(prediction(rng, i));
        }
        WindowProfile whole = new WindowProfile();
        all.forEach(p -> whole.add(p, false));

        Random shuffle = new Random(7);
        for (int round = 0; round < 5; round++) {
            int parts = 2 + shuffle.nextInt(4);
            List<WindowProfile> partials = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                partials.add(new WindowProfile());
            }
            for (Prediction p : all) {
                partials.get(shuffle.nextInt(parts)).add(p, false);
            }
            Collections.shuffle(partials, shuffle);
            WindowProfile merged = new WindowProfile();
            partials.forEach(merged::merge);
            assertThat(merged.toBytes()).isEqualTo(whole.toBytes());
        }
    }

    @Test
    void changingFeatureLayoutsCountEachValueInItsOwnColumn() {
        // Each one-event profile resolves its names afresh; the long-lived one remembers layouts (FeatureIndexCache)
        // and must count every value in the same column, through renamed, added, dropped and empty name arrays.
        SplittableRandom rng = new SplittableRandom(20261123);
        String[] names = {"age", "amount", "amounts", "country", "device"};
        WindowProfile whole = new WindowProfile();
        WindowProfile oneByOne = new WindowProfile();
        for (int i = 0; i < 3_000; i++) {
            Prediction p = prediction(rng, i);
            List<String> numeric = new ArrayList<>();
            List<String> categorical = new ArrayList<>();
            for (String name : names) {
                int kind = rng.nextInt(4);
                if (kind == 1) {
                    numeric.add(new String(name.toCharArray()));
                } else if (kind == 2) {
                    categorical.add(new String(name.toCharArray()));
                }
            }
            p.numericFeatureNames = numeric.toArray(String[]::new);
            p.numericFeatureValues = rng.doubles(numeric.size()).toArray();
            p.categoricalFeatureNames = categorical.toArray(String[]::new);
            p.categoricalFeatureValues = categorical.stream().map(n -> "v" + rng.nextInt(3)).toArray(String[]::new);
            whole.add(p, false);
            WindowProfile single = new WindowProfile();
            single.add(p, false);
            oneByOne.merge(single);
        }
        assertThat(whole.toBytes()).isEqualTo(oneByOne.toBytes());
        assertThat(whole.columns().keySet()).contains("features.amounts", "features.device", "features.note");
    }

    @Test
    void columnsAreNamedForTheOutputAndRoundTripThroughBytes() {
        SplittableRandom rng = new SplittableRandom(1);
        WindowProfile profile = new WindowProfile();
        for (int i = 0; i < 200; i++) {
            profile.add(prediction(rng, i), i % 50 == 0);
        }
        assertThat(profile.columns().keySet()).containsExactly("confidence", "features.age", "features.amount",
                "features.country", "features.note", "latency_ms", "prediction");
        assertThat(profile.predictions()).isEqualTo(200);
        assertThat(profile.lateArrivals()).isEqualTo(4);
        assertThat(profile.columns().get("features.note").missingCount()).isPositive();
        assertThat(profile.columns().get("confidence").missingCount()).isPositive();
        WindowProfile copy = WindowProfile.fromBytes(profile.toBytes());
        assertThat(copy.toBytes()).isEqualTo(profile.toBytes());
    }

    @Test
    void summariesCountedLaterAgainstAReferenceEqualCountingAgainstItFromTheStart() {
        SplittableRandom rng = new SplittableRandom(5);
        WindowProfile reference = new WindowProfile();
        WindowProfile window = new WindowProfile();
        List<Prediction> windowPredictions = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            reference.add(prediction(rng, i), false);
            Prediction p = prediction(rng, i);
            window.add(p, false);
            windowPredictions.add(p);
        }
        ReferenceProfile frozen = io.faultline.common.drift.WindowStatistics.referenceOf("m", "v1", "test", reference);

        for (int column = 0; column < 2; column++) {
            String name = column == 0 ? "features.amount" : "features.age";
            NumericReference ref = (NumericReference) frozen.column(name).orElseThrow();
            NumericSummary direct = NumericSummary.forReference(ref);
            for (Prediction p : windowPredictions) {
                direct.add(p.numericFeatureValues[column]);
            }
            assertThat(window.columns().get(name).against(ref).numeric().binCounts()).as(name)
                    .isEqualTo(direct.binCounts());
        }
        CategoricalReference countries = (CategoricalReference) frozen.column("features.country").orElseThrow();
        CategoricalSummary direct = CategoricalSummary.forReference(countries);
        windowPredictions.forEach(p -> direct.add(p.categoricalFeatureValues[0]));
        assertThat(window.columns().get("features.country").against(countries).categorical().binCounts())
                .isEqualTo(direct.binCounts());
    }
}
