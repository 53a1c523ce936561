package io.faultline.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.PredictionCodec;
import io.faultline.jobs.testing.SerializerRoundTrips;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyedEventSerializer}: round trips, deep copies, and the stored bytes of every released format
 * version, which must keep deserializing to the same records (they may sit in a savepoint).
 *
 * <p>To store the bytes of a new version, bump {@link KeyedEventSerializerSnapshot#CURRENT_VERSION}, then run
 * this test once with {@code -Dfaultline.write-serializer-snapshots=true} from the {@code jobs} module and
 * commit the new {@code keyed-event-v<N>.bin}; never regenerate an old one.
 */
class KeyedEventSerializerTest {
    /** 2026-10-01T00:00:00Z */
    private static final long T0 = 1_790_812_800_000L;

    private final KeyedEventSerializer serializer = new KeyedEventSerializer();

    /** Every field set, with values that exercise the encoding: non-ASCII text, empty strings, NaN, negatives. */
    static Prediction fullPrediction() {
        Prediction p = new Prediction();
        p.eventId = "evt-0001";
        p.eventTime = T0 + 123;
        p.model = "fraud";
        p.modelVersion = "v7";
        p.numericFeatureNames = new String[] {"amount", "age"};
        p.numericFeatureValues = new double[] {12.5, -3.0};
        p.categoricalFeatureNames = new String[] {"country", "device"};
        p.categoricalFeatureValues = new String[] {"DE", "Straße ☃ 𝄞"};
        p.missingFeatures = new String[] {"income"};
        p.prediction = "fraud";
        p.confidence = 0.875;
        p.scoreClasses = new String[] {"fraud", "legit"};
        p.scoreValues = new double[] {0.875, Double.NaN};
        p.latencyMs = 0.0;
        p.segment = "";
        p.attributeKeys = new String[] {"tenant", "user"};
        p.attributeValues = new String[] {"acme", null};
        p.schemaVersion = 2;
        p.lineageStatus = "RESOLVED";
        p.deployment = fullDeployment();
        return p;
    }

    static Deployment fullDeployment() {
        Deployment d = new Deployment();
        d.model = "fraud";
        d.modelVersion = "v7";
        d.deployedAt = T0 - 3_600_000L;
        d.deploymentId = "dep-42";
        d.environment = "prod";
        d.checkpointUri = "s3://models/fraud/v7";
        d.trainingDataVersion = "2026-09-30";
        d.codeVersion = "abc1234";
        d.preprocessingVersion = "pp-3";
        d.featureFlagKeys = new String[] {"shadow", "threshold"};
        d.featureFlagValues = new String[] {"true", "0.5"};
        return d;
    }

    /** As little as a prediction can carry: every nullable field null, the rest at its default. */
    static Prediction minimalPrediction() {
        Prediction p = new Prediction();
        p.eventId = "evt-0002";
        return p;
    }

    static Label fullLabel() {
        Label l = new Label();
        l.eventId = "evt-0001";
        l.label = "legit";
        l.labelTime = T0 + 86_400_000L;
        l.source = "human";
        l.reviewer = "r.müller";
        l.justification = "chargeback reversed";
        return l;
    }

    static Label minimalLabel() {
        Label l = new Label();
        l.eventId = "evt-0003";
        l.label = "1";
        return l;
    }

    /** The records stored in {@code keyed-event-v1.bin}, in order. */
    static List<KeyedEvent> v1Records() {
        Label unpaired = fullLabel();
        unpaired.justification = "an unpaired \udc00 surrogate travels as UTF-16";
        Prediction infinite = minimalPrediction();
        infinite.numericFeatureNames = new String[] {"a", "b", "c"};
        infinite.numericFeatureValues = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
        infinite.missingFeatures = new String[0];
        return List.of(KeyedEvent.of(fullPrediction()), KeyedEvent.of(minimalPrediction()),
                KeyedEvent.of(fullLabel()), KeyedEvent.of(minimalLabel()), KeyedEvent.of(unpaired),
                KeyedEvent.of(infinite));
    }

    @Test
    void fixturesSetEveryField() {
        assertThat(fullPrediction()).hasNoNullFieldsOrProperties();
        assertThat(fullDeployment()).hasNoNullFieldsOrProperties();
        assertThat(fullLabel()).hasNoNullFieldsOrProperties();
    }

    /**
     * The serializer names every field by hand: a field added to a model would silently be dropped on the
     * wire. Adding one means a new format version (and this list).
     */
    @Test
    void modelsHaveExactlyTheFieldsTheSerializerWrites() {
        assertThat(instanceFields(Prediction.class)).containsExactly("eventId", "eventTime", "model", "modelVersion",
                "numericFeatureNames", "numericFeatureValues", "categoricalFeatureNames", "categoricalFeatureValues",
                "missingFeatures", "prediction", "confidence", "scoreClasses", "scoreValues", "latencyMs", "segment",
                "attributeKeys", "attributeValues", "schemaVersion", "lineageStatus", "deployment");
        assertThat(instanceFields(Deployment.class)).containsExactly("model", "modelVersion", "deployedAt",
                "deploymentId", "environment", "checkpointUri", "trainingDataVersion", "codeVersion",
                "preprocessingVersion", "featureFlagKeys", "featureFlagValues");
        assertThat(instanceFields(Label.class)).containsExactly("eventId", "label", "labelTime", "source", "reviewer",
                "justification");
        assertThat(instanceFields(KeyedEvent.class)).containsExactly("prediction", "label");
    }

    private static List<String> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .map(Field::getName).toList();
    }

    @Test
    void roundTripsAFullPrediction() throws IOException {
        assertRoundTrip(KeyedEvent.of(fullPrediction()));
    }

    /** The join keeps these bytes as its state instead of encoding the prediction again: they must be that encoding. */
    @Test
    void aDeserializedPredictionCarriesItsOwnFieldsInPredictionCodecForm() throws IOException {
        for (Prediction p : new Prediction[] {fullPrediction(), minimalPrediction()}) {
            KeyedEvent back = assertRoundTrip(KeyedEvent.of(p));
            assertThat(back.predictionForm).isEqualTo(PredictionCodec.encode(p));
        }
        assertThat(assertRoundTrip(KeyedEvent.of(fullLabel())).predictionForm).isNull();
    }

    @Test
    void roundTripsAMinimalPrediction() throws IOException {
        KeyedEvent back = assertRoundTrip(KeyedEvent.of(minimalPrediction()));
        assertThat(back.prediction.lineageStatus).isEqualTo("PENDING");
        assertThat(back.prediction.confidence).isNull();
        assertThat(back.prediction.deployment).isNull();
        assertThat(back.label).isNull();
    }

    @Test
    void roundTripsAPredictionWithEveryNullableFieldNull() throws IOException {
        Prediction p = minimalPrediction();
        p.eventId = null;
        p.lineageStatus = null;
        p.numericFeatureNames = new String[0];
        p.numericFeatureValues = new double[0];
        assertRoundTrip(KeyedEvent.of(p));
    }

    @Test
    void roundTripsLabels() throws IOException {
        KeyedEvent back = assertRoundTrip(KeyedEvent.of(fullLabel()));
        assertThat(back.prediction).isNull();
        assertRoundTrip(KeyedEvent.of(minimalLabel()));
    }

    @Test
    void roundTripsStringsAndArraysBeyond64KiB() throws IOException {
        Prediction p = fullPrediction();
        p.prediction = "x".repeat(70_000) + "é";
        p.segment = "unpaired \ud800 surrogate, paired \ud834\udd1e";
        p.attributeKeys = new String[200];
        p.attributeValues = new String[200];
        for (int i = 0; i < 200; i++) {
            p.attributeKeys[i] = "k" + i;
            p.attributeValues[i] = i % 3 == 0 ? null : "v".repeat(i);
        }
        assertRoundTrip(KeyedEvent.of(p));
    }

    @Test
    void roundTripsEventsWithNeitherOrBothSides() throws IOException {
        assertRoundTrip(new KeyedEvent());
        KeyedEvent both = KeyedEvent.of(fullPrediction());
        both.label = fullLabel();
        assertRoundTrip(both);
    }

    @Test
    void roundTripsSpecialDoublesAndTextInEveryStringField() throws IOException {
        String[] texts = {"", "Straße", "☃ €", "𝄞 paired", "unpaired \ud800", "\udc00 low first", "日本"};
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE};
        for (String text : texts) {
            Prediction p = fullPrediction();
            p.eventId = text;
            p.model = text;
            p.categoricalFeatureValues = new String[] {text, text};
            p.missingFeatures = new String[] {text};
            p.prediction = text;
            p.segment = text;
            p.attributeValues = new String[] {text, null};
            p.lineageStatus = text;
            p.numericFeatureNames = new String[specials.length];
            Arrays.fill(p.numericFeatureNames, text);
            p.numericFeatureValues = specials.clone();
            p.confidence = Double.NaN;
            p.latencyMs = Double.POSITIVE_INFINITY;
            p.deployment.checkpointUri = text;
            p.deployment.featureFlagValues = new String[] {text, ""};
            KeyedEvent back = assertRoundTrip(KeyedEvent.of(p));
            for (int i = 0; i < specials.length; i++) {
                assertThat(Double.doubleToRawLongBits(back.prediction.numericFeatureValues[i]))
                        .isEqualTo(Double.doubleToRawLongBits(specials[i]));
            }
            Label l = fullLabel();
            l.label = text;
            l.reviewer = text;
            l.justification = text;
            assertRoundTrip(KeyedEvent.of(l));
        }
    }

    @Test
    void writesALengthPrefixedCompactForm() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(KeyedEvent.of(minimalLabel()), out);
        // body: side byte, "evt-0003" (4 + 8), "1" (4 + 1), labelTime (8), three nulls (4 each)
        int body = 1 + 12 + 5 + 8 + 3 * 4;
        assertThat(out.length()).isEqualTo(4 + body);
        assertThat(new DataInputDeserializer(out.getCopyOfBuffer()).readInt()).isEqualTo(body);
    }

    /** A new PredictionCodec form changes the bytes of a prediction: it needs a new KeyedEvent format version. */
    @Test
    void predictionsTravelInTheCurrentPredictionForm() {
        assertThat(KeyedEventSerializer.PREDICTION_FORM).isEqualTo(PredictionCodec.VERSION);
    }

    @Test
    void corruptOrTruncatedBytesFailWithAnIOException() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(KeyedEvent.of(fullPrediction()), out);
        byte[] bytes = out.getCopyOfBuffer();
        for (int cut = 4; cut < bytes.length; cut++) {
            // Claims the full length, ends early: the stream runs dry.
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(truncated)))
                    .isInstanceOf(IOException.class);
        }
        for (int length = 0; length < bytes.length - 4; length++) {
            // Claims a shorter length: the record ends inside a field.
            DataOutputSerializer shorter = new DataOutputSerializer(256);
            shorter.writeInt(length);
            shorter.write(bytes, 4, bytes.length - 4);
            assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(shorter.getCopyOfBuffer())))
                    .isInstanceOf(IOException.class).hasMessageContaining("Corrupt KeyedEvent");
        }
        byte[] badSide = bytes.clone();
        badSide[4] = 4;
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(badSide)))
                .hasMessageContaining("side byte 4");
    }

    @Test
    void duplicatesAreIndependentInstancesOfTheSameSerializer() throws IOException {
        TypeSerializer<KeyedEvent> duplicate = serializer.duplicate();
        assertThat(duplicate).isNotSameAs(serializer).isEqualTo(serializer);
        // Interleaved use of the two keeps each one's scratch arrays apart.
        DataOutputSerializer a = new DataOutputSerializer(64);
        DataOutputSerializer b = new DataOutputSerializer(64);
        serializer.serialize(KeyedEvent.of(fullPrediction()), a);
        duplicate.serialize(KeyedEvent.of(fullLabel()), b);
        DataInputDeserializer inA = new DataInputDeserializer(a.getCopyOfBuffer());
        DataInputDeserializer inB = new DataInputDeserializer(b.getCopyOfBuffer());
        assertThat(duplicate.deserialize(inB)).isEqualTo(KeyedEvent.of(fullLabel()));
        assertThat(serializer.deserialize(inA)).isEqualTo(KeyedEvent.of(fullPrediction()));
    }

    @Test
    void copiesDeeply() {
        KeyedEvent original = KeyedEvent.of(fullPrediction());
        KeyedEvent copy = serializer.copy(original);
        assertThat(copy).isEqualTo(original).isNotSameAs(original);
        assertThat(copy.prediction).isNotSameAs(original.prediction);
        assertThat(copy.prediction.deployment).isNotSameAs(original.prediction.deployment);

        original.prediction.numericFeatureValues[0] = 99;
        original.prediction.categoricalFeatureValues[0] = "FR";
        original.prediction.scoreValues[0] = 0;
        original.prediction.deployment.featureFlagValues[0] = "false";
        original.prediction.deployment.deploymentId = "changed";
        assertThat(copy.prediction).isEqualTo(fullPrediction());

        KeyedEvent label = KeyedEvent.of(fullLabel());
        KeyedEvent labelCopy = serializer.copy(label, new KeyedEvent());
        assertThat(labelCopy).isEqualTo(label);
        assertThat(labelCopy.label).isNotSameAs(label.label);
    }

    @Test
    void copiesSerializedBytes() throws IOException {
        SerializerRoundTrips.assertCopiesSerializedBytes(serializer, v1Records());
    }

    // ------------------------------------------------------------------------------------- versions

    @Test
    void snapshotIsCompatibleAsIsWithItself() throws IOException {
        SerializerRoundTrips.assertSnapshotCompatibleAsIsWithItself(serializer, KeyedEventSerializerSnapshot.class);
    }

    @Test
    void snapshotVersionIsTheCurrentFormatVersion() {
        assertThat(serializer.snapshotConfiguration().getCurrentVersion())
                .isEqualTo(KeyedEventSerializerSnapshot.CURRENT_VERSION).isEqualTo(1);
    }

    @Test
    void readsTheStoredBytesOfVersion1() throws IOException {
        assertStoredBytesDeserialize(1, v1Records());
    }

    /** The file holds the serializer snapshot as Flink writes it, then the record count and the records. */
    private static void assertStoredBytesDeserialize(int version, List<KeyedEvent> expected) throws IOException {
        String name = "keyed-event-v" + version + ".bin";
        if (Boolean.getBoolean("faultline.write-serializer-snapshots")
                && version == KeyedEventSerializerSnapshot.CURRENT_VERSION) {
            KeyedEventSerializer current = new KeyedEventSerializer();
            DataOutputSerializer out = new DataOutputSerializer(1024);
            TypeSerializerSnapshot.writeVersionedSnapshot(out, current.snapshotConfiguration());
            out.writeInt(expected.size());
            for (KeyedEvent e : expected) current.serialize(e, out);
            Path file = Path.of("src/test/resources/serializer-snapshots", name);
            if (!Files.exists(file)) Files.write(file, out.getCopyOfBuffer());
        }
        byte[] bytes;
        try (InputStream stored = KeyedEventSerializerTest.class.getResourceAsStream("/serializer-snapshots/" + name)) {
            assertThat(stored).as("stored bytes %s", name).isNotNull();
            bytes = stored.readAllBytes();
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        TypeSerializerSnapshot<KeyedEvent> snapshot =
                TypeSerializerSnapshot.readVersionedSnapshot(in, KeyedEventSerializerTest.class.getClassLoader());
        assertThat(new KeyedEventSerializer().snapshotConfiguration().resolveSchemaCompatibility(snapshot)
                .isCompatibleAsIs() || version < KeyedEventSerializerSnapshot.CURRENT_VERSION).isTrue();
        TypeSerializer<KeyedEvent> restored = snapshot.restoreSerializer();
        int count = in.readInt();
        KeyedEvent[] read = new KeyedEvent[count];
        for (int i = 0; i < count; i++) read[i] = restored.deserialize(in);
        assertThat(in.available()).isZero();
        assertThat(read).containsExactlyElementsOf(expected);
        if (version == KeyedEventSerializerSnapshot.CURRENT_VERSION) {
            // The current version still writes exactly these bytes: a format change needs a new version.
            DataOutputSerializer out = new DataOutputSerializer(1024);
            TypeSerializerSnapshot.writeVersionedSnapshot(out, new KeyedEventSerializer().snapshotConfiguration());
            out.writeInt(expected.size());
            for (KeyedEvent e : expected) new KeyedEventSerializer().serialize(e, out);
            assertThat(out.getCopyOfBuffer()).isEqualTo(bytes);
        }
    }

    private KeyedEvent assertRoundTrip(KeyedEvent event) throws IOException {
        return SerializerRoundTrips.assertRoundTrip(serializer, event, new KeyedEvent());
    }

    /** Flink's own serializer contract: copies, sequences, reuse, snapshot round trip, Java serializability. */
    @Nested
    class FlinkSerializerContract extends SerializerTestBase<KeyedEvent> {
        @Override
        protected TypeSerializer<KeyedEvent> createSerializer() {
            return new KeyedEventSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<KeyedEvent> getTypeClass() {
            return KeyedEvent.class;
        }

        @Override
        protected KeyedEvent[] getTestData() {
            KeyedEvent both = KeyedEvent.of(fullPrediction());
            both.label = minimalLabel();
            return new KeyedEvent[] {KeyedEvent.of(fullPrediction()), KeyedEvent.of(minimalPrediction()),
                KeyedEvent.of(fullLabel()), KeyedEvent.of(minimalLabel()), new KeyedEvent(), both};
        }
    }
}
