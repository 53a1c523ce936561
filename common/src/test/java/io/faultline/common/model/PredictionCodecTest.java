package io.faultline.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PredictionCodecTest {

    static Prediction full() {
        Prediction p = new Prediction();
        p.eventId = "evt-1";
        p.eventTime = 1_790_000_000_123L;
        p.model = "fraud-detector";
        p.modelVersion = "3.2.0";
        p.numericFeatureNames = new String[] {"amount", "age"};
        p.numericFeatureValues = new double[] {12.5, Double.NaN};
        p.categoricalFeatureNames = new String[] {"country"};
        p.categoricalFeatureValues = new String[] {"Zürich ☃ 𝄞"};
        p.missingFeatures = new String[] {"device"};
        p.prediction = "fraud";
        p.confidence = 0.93;
        p.scoreClasses = new String[] {"fraud", "legit"};
        p.scoreValues = new double[] {0.93, 0.07};
        p.latencyMs = -0.0;
        p.segment = "eu";
        p.attributeKeys = new String[] {"tenant"};
        p.attributeValues = new String[] {""};
        p.schemaVersion = 1;
        return p;
    }

    @Test
    void everyFieldRoundTripsExceptTheLineage() {
        Prediction p = full();
        p.lineageStatus = LineageStatus.RESOLVED.name();
        p.deployment = new Deployment();
        Prediction back = PredictionCodec.decode(PredictionCodec.encode(p));
        assertThat(back.lineageStatus).isEqualTo(LineageStatus.PENDING.name());
        assertThat(back.deployment).isNull();
        p.lineageStatus = LineageStatus.PENDING.name();
        p.deployment = null;
        assertThat(back).isEqualTo(p);
        assertThat(Double.doubleToRawLongBits(back.latencyMs)).as("-0.0 keeps its sign").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void nullsAndEmptyArraysStayDistinct() {
        Prediction p = new Prediction();
        p.eventId = "e";
        p.numericFeatureNames = new String[0];
        p.numericFeatureValues = new double[0];
        Prediction back = PredictionCodec.decode(PredictionCodec.encode(p));
        assertThat(back.numericFeatureNames).isEmpty();
        assertThat(back.categoricalFeatureNames).isNull();
        assertThat(back.confidence).isNull();
        assertThat(back.model).isNull();
        assertThat(back).isEqualTo(p);
    }

    @Test
    void randomPredictionsRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            Prediction p = full();
            int n = random.nextInt(40);
            p.numericFeatureNames = new String[n];
            p.numericFeatureValues = new double[n];
            for (int j = 0; j < n; j++) {
                p.numericFeatureNames[j] = "f" + j + "x".repeat(random.nextInt(300));
                p.numericFeatureValues[j] = random.nextGaussian() * 1e6;
            }
            p.confidence = random.nextBoolean() ? null : random.nextDouble();
            assertThat(PredictionCodec.decode(PredictionCodec.encode(p))).isEqualTo(p);
        }
    }

    @Test
    void truncatedTrailingOrForeignBytesAreRejectedWithAClearError() {
        byte[] bytes = PredictionCodec.encode(full());
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> PredictionCodec.decode(truncated))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prediction form");
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> PredictionCodec.decode(longer)).hasMessageContaining("1 trailing bytes");
        byte[] future = bytes.clone();
        future[0] = 3;
        assertThatThrownBy(() -> PredictionCodec.decode(future)).hasMessageContaining("version 3 is not supported");
        assertThatThrownBy(() -> PredictionCodec.decode(new byte[0])).hasMessageContaining("prediction form");
    }

    @Test
    void stringsWithUnpairedSurrogatesRoundTrip() {
        Prediction p = full();
        p.categoricalFeatureValues = new String[] {"\ud800", "a\udc00b", "paired \ud834\udd1e"};
        p.segment = "\udbff";
        assertThat(PredictionCodec.decode(PredictionCodec.encode(p))).isEqualTo(p);
    }

    /** Bytes written by version 1 (the code of commit a4f0072) may still sit in savepoints. */
    @Test
    void readsStoredVersion1Bytes() throws IOException {
        byte[] v1;
        try (InputStream stored = PredictionCodecTest.class.getResourceAsStream("/prediction-forms/prediction-form-v1.bin")) {
            assertThat(stored).isNotNull();
            v1 = stored.readAllBytes();
        }
        assertThat(v1[0]).isEqualTo((byte) 1);
        assertThat(PredictionCodec.decode(v1)).isEqualTo(full());
        // Version 2 differs only for strings with unpaired surrogates, which full() has none of.
        byte[] current = PredictionCodec.encode(full());
        assertThat(current[0]).isEqualTo(PredictionCodec.VERSION).isEqualTo((byte) 2);
        assertThat(Arrays.copyOfRange(current, 1, current.length)).isEqualTo(Arrays.copyOfRange(v1, 1, v1.length));
    }
}
