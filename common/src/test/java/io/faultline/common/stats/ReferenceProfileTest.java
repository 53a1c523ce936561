package io.faultline.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.Prediction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceProfileTest {

    private static double[] normal(SplittableRandom rng, int n, double mean, double sd) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + sd * TestingMerges.gaussian(rng);
        }
        return values;
    }

    private static NumericReference numericReference(double[] values, int bins) {
        NumericSummary summary = NumericSummary.unbinned();
        for (double v : values) {
            summary.add(v);
        }
        return NumericReference.fromSummary("x", summary, bins, 0);
    }

    @Test
    void numericEdgesSitJustAboveTheReferenceQuantilesWithEmptyOuterBins() {
        SplittableRandom rng = new SplittableRandom(20261122);
        double[] values = normal(rng, 100_000, 3.0, 2.0);
        NumericReference reference = numericReference(values, 10);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] edges = reference.edges();
        long[] bins = reference.binCounts();
        assertThat(edges).hasSize(11);
        assertThat(bins).hasSize(12);
        // Bin 0 is (-inf, e_1) below the reference minimum, the last bin [e_k, +inf) above its maximum.
        assertThat(bins[0]).isZero();
        assertThat(bins[11]).isZero();
        assertThat(edges[0]).isLessThanOrEqualTo(sorted[0]);
        assertThat(edges[10]).isGreaterThan(sorted[sorted.length - 1]);
        for (int i = 1; i < 10; i++) {
            double q = sorted[(int) Math.floor(i / 10.0 * (sorted.length - 1))];
            assertThat(edges[i] - q).as("edge %d above decile %s", i, q).isPositive()
                    .isLessThanOrEqualTo(2 * LogBucketQuantileSketch.DEFAULT_RELATIVE_ACCURACY * Math.abs(q));
            assertThat(bins[i]).isBetween(9_000L, 11_000L);
        }
        assertThat(reference.count()).isEqualTo(100_000);
        assertThat(reference.mean()).isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.02));
        assertThat(reference.stddev()).isCloseTo(2.0, org.assertj.core.api.Assertions.within(0.02));
        assertThat(reference.min()).isEqualTo(sorted[0]);
        assertThat(reference.max()).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void aWindowOfTheReferenceValuesCountsExactlyTheReferenceBins() {
        SplittableRandom rng = new SplittableRandom(20261122);
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (rng.nextInt(4)) {
                case 0 -> 0.0;
                case 1 -> rng.nextInt(-5, 6);
                case 2 -> -StrictMath.exp(3 * TestingMerges.gaussian(rng));
                default -> StrictMath.exp(3 * TestingMerges.gaussian(rng));
            };
        }
        for (int bins : new int[] {1, 2, 7, 10, 50}) {
            NumericReference reference = numericReference(values, bins);
            NumericSummary window = NumericSummary.forReference(reference);
            for (double v : values) {
                window.add(v);
            }
            assertThat(window.binCounts()).as("%d bins", bins).isEqualTo(reference.binCounts());
        }
    }

    @Test
    void constantAndEmptyNumericColumns() {
        double[] constant = new double[1000];
        Arrays.fill(constant, 42.0);
        NumericReference reference = numericReference(constant, 10);
        assertThat(reference.edges()).hasSize(2);
        assertThat(reference.edges()[0]).isLessThanOrEqualTo(42.0);
        assertThat(reference.edges()[1]).isGreaterThan(42.0);
        assertThat(reference.binCounts()).containsExactly(0, 1000, 0);
        assertThat(reference.stddev()).isZero();

        NumericSummary allMissing = NumericSummary.unbinned();
        allMissing.addMissing();
        NumericReference empty = NumericReference.fromSummary("x", allMissing);
        assertThat(empty.edges()).isEmpty();
        assertThat(empty.binCounts()).containsExactly(0);
        assertThat(empty.mean()).isNaN();
        assertThat(empty.missingCount()).isEqualTo(1);
    }

    @Test
    void categoricalReferenceKeepsTheMostFrequentCategoriesTiesByValue() {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            // Counts 60, 59, ... with pairs of ties: c00 and c01 both 60, c02 and c03 both 59, ...
            counts.put(String.format("c%02d", 59 - i), (long) (60 - i / 2));
        }
        CategoricalReference reference = CategoricalReference.fromCounts("c", counts, 0, 3, 1, 50, 100);
        assertThat(reference.categoryCount()).isEqualTo(50);
        assertThat(reference.categories().subList(0, 4)).containsExactly("c58", "c59", "c56", "c57");
        long kept = Arrays.stream(reference.categoryCounts()).sum();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        assertThat(reference.otherCount()).isEqualTo(total - kept);
        assertThat(reference.count()).isEqualTo(total);
        assertThat(reference.knowsAllValues()).isTrue();
        assertThat(reference.otherValues()).hasSize(10).isSorted();
        assertThat(reference.classify("c58")).isZero();
        assertThat(reference.classify(reference.otherValues().get(0))).isEqualTo(CategoricalReference.OTHER);
        assertThat(reference.classify("never")).isEqualTo(CategoricalReference.UNSEEN);
        assertThat(reference.binCounts()).hasSize(52).endsWith(reference.otherCount(), 0);

        CategoricalReference capped = CategoricalReference.fromCounts("c", counts, 0, 0, 0, 50, 9);
        assertThat(capped.knowsAllValues()).isFalse();
        assertThat(capped.classify("never")).isEqualTo(CategoricalReference.OTHER);
    }

    private static Prediction prediction(double amount, String country, boolean amountMissing) {
        Prediction p = new Prediction();
        p.numericFeatureNames = amountMissing ? new String[0] : new String[] {"amount"};
        p.numericFeatureValues = amountMissing ? new double[0] : new double[] {amount};
        p.categoricalFeatureNames = new String[] {"country"};
        p.categoricalFeatureValues = new String[] {country};
        p.missingFeatures = amountMissing ? new String[] {"amount"} : new String[0];
        return p;
    }

    private static List<Prediction> predictions(SplittableRandom rng, int n) {
        String[] countries = {"US", "US", "US", "DE", "DE", "FR", "BR", "JP"};
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            predictions.add(prediction(StrictMath.exp(TestingMerges.gaussian(rng)), countries[rng.nextInt(countries.length)],
                    rng.nextInt(100) == 0));
        }
        return predictions;
    }

    @Test
    void buildingFromValuesOrFromSummariesGivesTheSameProfileAndId() {
        SplittableRandom rng = new SplittableRandom(20261122);
        List<Prediction> predictions = predictions(rng, 20_000);
        ReferenceProfile.Builder fromValues = ReferenceProfile.builder("fraud-detector", "v3", "training-2026-10");
        predictions.forEach(fromValues::add);
        ReferenceProfile profile = fromValues.build();

        List<Prediction> shuffled = new ArrayList<>(predictions);
        Collections.shuffle(shuffled, new Random(rng.nextLong()));
        ColumnProfile amount = ColumnProfile.unreferenced();
        ColumnProfile country = ColumnProfile.unreferenced();
        for (Prediction p : shuffled) {
            if (p.numericFeatureNames.length == 1) {
                amount.addNumeric(p.numericFeatureValues[0]);
            } else {
                amount.addMissing();
            }
            country.addCategorical(p.categoricalFeatureValues[0]);
        }
        ReferenceProfile fromSummaries = ReferenceProfile.builder("fraud-detector", "v3", "training-2026-10")
                .addProfile("amount", amount)
                .addProfile("country", country)
                .build();
        assertThat(fromSummaries).isEqualTo(profile);
        assertThat(fromSummaries.referenceId()).isEqualTo(profile.referenceId())
                .matches("fraud-detector/v3/training-2026-10/[0-9a-f]{16}");
        assertThat(profile.column("amount")).get().isInstanceOf(NumericReference.class);
        assertThat(profile.column("amount").get().missingCount()).isPositive();
        CategoricalReference countries = (CategoricalReference) profile.column("country").get();
        assertThat(countries.categories()).containsExactly("US", "DE", "BR", "FR", "JP");

        ReferenceProfile other = ReferenceProfile.builder("fraud-detector", "v3", "training-2026-10")
                .add(prediction(1.0, "US", false)).build();
        assertThat(other.referenceId()).isNotEqualTo(profile.referenceId());
    }

    @Test
    void aColumnTakesTheKindOfMostOfItsValuesAndRecordsTheOther() {
        ReferenceProfile profile = ReferenceProfile.builder("m", "1", "test")
                .addNumeric("mostly_numbers", 1.0).addNumeric("mostly_numbers", 2.0)
                .addCategorical("mostly_numbers", "n/a")
                .addCategorical("mostly_strings", "a").addCategorical("mostly_strings", "b")
                .addNumeric("mostly_strings", 3.0)
                .addMissing("only_nulls")
                .build();
        ColumnReference numbers = profile.column("mostly_numbers").get();
        assertThat(numbers.kind()).isEqualTo(ColumnKind.NUMERIC);
        assertThat(numbers.numericCount()).isEqualTo(2);
        assertThat(numbers.categoricalCount()).isEqualTo(1);
        ColumnReference strings = profile.column("mostly_strings").get();
        assertThat(strings.kind()).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(strings.numericCount()).isEqualTo(1);
        ColumnReference nulls = profile.column("only_nulls").get();
        assertThat(nulls.count()).isZero();
        assertThat(nulls.missingCount()).isEqualTo(1);
    }

    @Test
    void bytesAndJsonRoundTrip() {
        SplittableRandom rng = new SplittableRandom(20261122);
        ReferenceProfile.Builder builder = ReferenceProfile.builder("fraud-detector", "v3", "training-2026-10");
        predictions(rng, 5_000).forEach(builder::add);
        builder.addMissing("all_missing").addNumeric("constant", 0.1).addNumeric("tiny", Double.MIN_VALUE)
                .addNumeric("tiny", -0.0).addNumeric("weird", Double.NaN).addCategorical("text", "é \"quoted\" ✓");
        ReferenceProfile profile = builder.build();

        ReferenceProfile fromBytes = ReferenceProfile.fromBytes(profile.toBytes());
        assertThat(fromBytes).isEqualTo(profile);
        assertThat(fromBytes.toBytes()).isEqualTo(profile.toBytes());

        String json = profile.toJson();
        assertThat(json).contains("\"reference_id\" : \"" + profile.referenceId() + "\"", "\"bin_edges\"",
                "\"format_version\" : 1", "\"mean\" : null");
        ReferenceProfile fromJson = ReferenceProfile.fromJson(json);
        assertThat(fromJson).isEqualTo(profile);
        assertThat(fromJson.toJson()).isEqualTo(json);
    }

    @Test
    void readingChecksVersionAndId() {
        ReferenceProfile profile = ReferenceProfile.builder("m", "1", "test").addNumeric("x", 1.0).build();
        String tampered = profile.toJson().replace("\"max\" : 1.0", "\"max\" : 2.0");
        assertThatThrownBy(() -> ReferenceProfile.fromJson(tampered)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the content");
        String future = profile.toJson().replace("\"format_version\" : 1", "\"format_version\" : 2");
        assertThatThrownBy(() -> ReferenceProfile.fromJson(future)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 2");
        byte[] bytes = profile.toBytes();
        bytes[3] = 2;
        assertThatThrownBy(() -> ReferenceProfile.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 2");
        assertThatThrownBy(() -> ReferenceProfile.builder("../etc", "1", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void columnProfileReportsAKindTheReferenceNeverHad() {
        ReferenceProfile profile = ReferenceProfile.builder("m", "1", "test")
                .addNumeric("amount", 1.0).addNumeric("amount", 2.0)
                .addCategorical("mixed", "a").addCategorical("mixed", "b").addNumeric("mixed", 1.0)
                .build();
        ColumnProfile amount = ColumnProfile.forReference(profile.column("amount").get());
        amount.addNumeric(1.5);
        assertThat(amount.kindMismatch()).isFalse();
        amount.addCategorical("1.5");
        assertThat(amount.kindMismatch()).isTrue();
        assertThat(amount.categoricalCount()).isEqualTo(1);
        assertThat(amount.categorical().topUnseen(1)).containsExactly(new ValueCount("1.5", 1));
        assertThat(amount.numeric().binCounts()).hasSize(4);

        ColumnProfile mixed = ColumnProfile.forReference(profile.column("mixed").get());
        mixed.addNumeric(5.0);
        mixed.addCategorical("a");
        assertThat(mixed.kindMismatch()).isFalse();

        ColumnProfile copy = ColumnProfile.fromBytes(amount.toBytes(), amount.reference());
        assertThat(copy).isEqualTo(amount);
        ColumnProfile other = ColumnProfile.forReference(profile.column("amount").get());
        other.addMissing();
        other.merge(copy);
        assertThat(other.numericCount()).isEqualTo(1);
        assertThat(other.missingCount()).isEqualTo(1);
        assertThatThrownBy(() -> other.merge(mixed)).isInstanceOf(IllegalArgumentException.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaRoundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void profilesAreJavaSerializable() throws Exception {
        SplittableRandom rng = new SplittableRandom(20261122);
        ReferenceProfile.Builder builder = ReferenceProfile.builder("fraud-detector", "v3", "training-2026-10");
        predictions(rng, 2_000).forEach(builder::add);
        ReferenceProfile profile = builder.build();
        ReferenceProfile back = javaRoundTrip(profile);
        assertThat(back).isEqualTo(profile);
        NumericReference amount = (NumericReference) back.column("amount").get();
        assertThat(amount.sketchBuckets()).isEqualTo(((NumericReference) profile.column("amount").get()).sketchBuckets());
        NumericSummary window = NumericSummary.forReference(amount);
        window.merge(NumericSummary.forReference((NumericReference) profile.column("amount").get()));
    }

    @Test
    void referencesAreJavaSerializable() throws Exception {
        CategoricalReference reference = CategoricalReference.of("c", List.of("a", "b"), new long[] {2, 1}, 1,
                List.of("z"), 0, 0);
        CategoricalReference back = javaRoundTrip(reference);
        assertThat(back).isEqualTo(reference);
        assertThat(back.classify("b")).isEqualTo(1);
        assertThat(back.classify("z")).isEqualTo(CategoricalReference.OTHER);
        assertThat(back.fingerprint()).isEqualTo(reference.fingerprint());
    }
}
