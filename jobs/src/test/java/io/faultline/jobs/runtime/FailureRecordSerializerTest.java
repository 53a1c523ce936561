package io.faultline.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
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
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link FailureRecordSerializer}: round trips, deep copies, shared instances of repeated values, and the stored
 * bytes of every released format version, which must keep deserializing to the same rows (they may sit in a
 * savepoint, held by the recurrence ranking).
 *
 * <p>To store the bytes of a new version, bump {@link FailureRecordSerializerSnapshot#CURRENT_VERSION}, then run
 * this test once with {@code -Dfaultline.write-serializer-snapshots=true} from the {@code jobs} module and commit
 * the new {@code failure-record-v<N>.bin}; never regenerate an old one.
 */
class FailureRecordSerializerTest {
    /** 2026-10-01T00:00:00Z */
    private static final long T0 = 1_790_812_800_000L;

    private final FailureRecordSerializer serializer = new FailureRecordSerializer();

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

    static Prediction fullPrediction() {
        Prediction p = new Prediction();
        p.eventId = "evt-0001";
        p.eventTime = T0 + 123;
        p.model = "fraud";
        p.modelVersion = "v7";
        p.numericFeatureNames = new String[] {"age", "amount"};
        p.numericFeatureValues = new double[] {-3.0, 12.5};
        p.categoricalFeatureNames = new String[] {"country", "device"};
        p.categoricalFeatureValues = new String[] {"DE", "Straße ☃ 𝄞"};
        p.missingFeatures = new String[] {"income"};
        p.prediction = "fraud";
        p.confidence = 0.875;
        p.scoreClasses = new String[] {"fraud", "legit"};
        p.scoreValues = new double[] {0.875, Double.NaN};
        p.latencyMs = 312.0;
        p.segment = "";
        p.attributeKeys = new String[] {"tenant", "user"};
        p.attributeValues = new String[] {"acme", null};
        p.schemaVersion = 2;
        p.lineageStatus = "RESOLVED";
        p.deployment = fullDeployment();
        return p;
    }

    /** Every field set, with values that exercise the encoding: non-ASCII text, empty strings, NaN, negatives. */
    static FailureRecord fullRecord() {
        FailureRecord f = new FailureRecord();
        f.failureId = "0f1e2d3c4b5a6978";
        f.failureMode = "MISCLASSIFICATION";
        f.category = "MODEL";
        f.severity = "HIGH";
        f.evidence = "predicted fraud, labelled legit by r.müller";
        f.detectedAt = T0 + 7_200_000L;
        f.event = fullPrediction();
        f.label = "legit";
        f.labelSource = "human";
        f.labelDelayMs = 7_200_000L;
        f.columnName = "features.country";
        f.windowStart = T0;
        f.windowEnd = T0 + 3_600_000L;
        f.score = -0.0;
        f.offendingKeys = new String[] {"features.age", "features.amount"};
        f.reproducibility = 0.65;
        f.signature = "0123456789abcdef";
        f.recurrence = 3L;
        f.remediationAction = "RELABEL";
        f.remediationTarget = "evt-0001";
        f.hypothesis = "the label is wrong";
        f.validationPlan = "review evt-0001";
        f.acceptanceCriterion = "evt-0001 has a second review";
        return f;
    }

    /** As little as a row can carry: every nullable field null, the prediction with defaults only. */
    static FailureRecord minimalRecord() {
        FailureRecord f = new FailureRecord();
        f.failureId = "f-2";
        f.event = new Prediction();
        return f;
    }

    /** The rows stored in {@code failure-record-v1.bin}, in order. */
    static List<FailureRecord> v1Records() {
        FailureRecord unpaired = fullRecord();
        unpaired.evidence = "an unpaired \udc00 surrogate travels as UTF-16";
        unpaired.event.deployment = null;
        unpaired.event.lineageStatus = "UNREGISTERED";
        FailureRecord special = minimalRecord();
        special.event.numericFeatureNames = new String[] {"a", "b", "c"};
        special.event.numericFeatureValues = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
        special.event.missingFeatures = new String[0];
        special.score = Double.NaN;
        special.labelDelayMs = -1L;
        special.recurrence = Long.MAX_VALUE;
        FailureRecord withoutEvent = minimalRecord();
        withoutEvent.event = null;
        return List.of(fullRecord(), minimalRecord(), unpaired, special, withoutEvent);
    }

    @Test
    void fixturesSetEveryField() {
        assertThat(fullRecord()).hasNoNullFieldsOrProperties();
        assertThat(fullPrediction()).hasNoNullFieldsOrProperties();
        assertThat(fullDeployment()).hasNoNullFieldsOrProperties();
    }

    /**
     * The serializer names every field by hand: a field added to a model would silently be dropped on the wire
     * and in state. Adding one means a new format version (and this list).
     */
    @Test
    void modelsHaveExactlyTheFieldsTheSerializerWrites() {
        assertThat(instanceFields(FailureRecord.class)).containsExactly("failureId", "failureMode", "category",
                "severity", "evidence", "detectedAt", "event", "label", "labelSource", "labelDelayMs", "columnName",
                "windowStart", "windowEnd", "score", "offendingKeys", "reproducibility", "signature", "recurrence",
                "remediationAction", "remediationTarget", "hypothesis", "validationPlan", "acceptanceCriterion");
        assertThat(instanceFields(Prediction.class)).containsExactly("eventId", "eventTime", "model", "modelVersion",
                "numericFeatureNames", "numericFeatureValues", "categoricalFeatureNames", "categoricalFeatureValues",
                "missingFeatures", "prediction", "confidence", "scoreClasses", "scoreValues", "latencyMs", "segment",
                "attributeKeys", "attributeValues", "schemaVersion", "lineageStatus", "deployment");
        assertThat(instanceFields(Deployment.class)).containsExactly("model", "modelVersion", "deployedAt",
                "deploymentId", "environment", "checkpointUri", "trainingDataVersion", "codeVersion",
                "preprocessingVersion", "featureFlagKeys", "featureFlagValues");
    }

    private static List<String> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .map(Field::getName).toList();
    }

    /** A new PredictionCodec form changes the bytes of a row's prediction: it needs a new format version. */
    @Test
    void predictionsTravelInTheCurrentPredictionForm() {
        assertThat(FailureRecordSerializer.PREDICTION_FORM).isEqualTo(PredictionCodec.VERSION);
    }

    @Test
    void roundTripsEveryStoredRow() throws IOException {
        for (FailureRecord f : v1Records()) {
            assertRoundTrip(f);
        }
    }

    @Test
    void roundTripsAMinimalRowWithItsDefaults() throws IOException {
        FailureRecord back = assertRoundTrip(minimalRecord());
        assertThat(back.event.lineageStatus).isEqualTo("PENDING");
        assertThat(back.event.schemaVersion).isEqualTo(1);
        assertThat(back.labelDelayMs).isNull();
        assertThat(back.score).isNull();
        assertThat(back.offendingKeys).isNull();
    }

    @Test
    void roundTripsEveryNullableFieldNull() throws IOException {
        FailureRecord f = new FailureRecord();
        assertRoundTrip(f);
        f.event = new Prediction();
        f.event.eventId = null;
        f.event.lineageStatus = null;
        assertRoundTrip(f);
    }

    @Test
    void roundTripsSpecialDoublesAndTextInEveryStringField() throws IOException {
        String[] texts = {"", "Straße", "☃ €", "𝄞 paired", "unpaired \ud800", "\udc00 low first", "日本"};
        for (String text : texts) {
            FailureRecord f = fullRecord();
            f.failureId = text;
            f.failureMode = text;
            f.evidence = text;
            f.label = text;
            f.columnName = text;
            f.offendingKeys = new String[] {text, ""};
            f.signature = text;
            f.hypothesis = text;
            f.acceptanceCriterion = text;
            f.event.model = text;
            f.event.categoricalFeatureValues = new String[] {text, text};
            f.event.deployment.checkpointUri = text;
            f.score = Double.NaN;
            f.reproducibility = Double.NEGATIVE_INFINITY;
            FailureRecord back = assertRoundTrip(f);
            assertThat(Double.doubleToRawLongBits(back.score)).isEqualTo(Double.doubleToRawLongBits(Double.NaN));
        }
        FailureRecord negativeZero = assertRoundTrip(fullRecord());
        assertThat(Double.doubleToRawLongBits(negativeZero.score)).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void roundTripsStringsAndArraysBeyond64KiB() throws IOException {
        FailureRecord f = fullRecord();
        f.hypothesis = "x".repeat(70_000) + "é";
        f.offendingKeys = new String[300];
        for (int i = 0; i < f.offendingKeys.length; i++) {
            f.offendingKeys[i] = "features.f" + i;
        }
        assertRoundTrip(f);
    }

    /**
     * What the catalog writer relies on: a stream of rows shares one instance of each short repeated value and of
     * each repeated name array; ids are never shared.
     */
    @Test
    void rowsReadFromOneStreamShareTheirRepeatedValues() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(fullRecord(), out);
        FailureRecord other = fullRecord();
        other.failureId = "another id";
        serializer.serialize(other, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        FailureRecord first = serializer.deserialize(in);
        FailureRecord second = serializer.deserialize(in);

        assertThat(second.failureMode).isSameAs(first.failureMode);
        assertThat(second.signature).isSameAs(first.signature);
        assertThat(second.remediationAction).isSameAs(first.remediationAction);
        assertThat(second.event.model).isSameAs(first.event.model);
        assertThat(second.event.numericFeatureNames).isSameAs(first.event.numericFeatureNames);
        assertThat(second.event.deployment.environment).isSameAs(first.event.deployment.environment);
        assertThat(second.event.eventId).isEqualTo(first.event.eventId).isNotSameAs(first.event.eventId);
        assertThat(second.evidence).isEqualTo(first.evidence).isNotSameAs(first.evidence);
    }

    @Test
    void writesALengthPrefixedCompactForm() throws IOException {
        FailureRecord f = new FailureRecord();
        f.failureId = "id";
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(f, out);
        // body: "id" (4 + 2), four null strings (4 each), detectedAt (8), no event (1), two null strings (4 each),
        // labelDelayMs absent (1), a null string (4), two absent longs (1 each), score absent (1), null array (4),
        // reproducibility absent (1), a null string (4), recurrence absent (1), five null strings (4 each)
        int body = 6 + 16 + 8 + 1 + 8 + 1 + 4 + 2 + 1 + 4 + 1 + 4 + 1 + 20;
        assertThat(out.length()).isEqualTo(4 + body);
        assertThat(new DataInputDeserializer(out.getCopyOfBuffer()).readInt()).isEqualTo(body);
    }

    @Test
    void corruptOrTruncatedBytesFailWithAnIOException() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(fullRecord(), out);
        byte[] bytes = out.getCopyOfBuffer();
        for (int cut = 4; cut < bytes.length; cut++) {
            // Claims the full length, ends early: the stream runs dry.
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(truncated)))
                    .isInstanceOf(IOException.class);
        }
        for (int length = 0; length < bytes.length - 4; length++) {
            // Claims a shorter length: the row ends inside a field.
            DataOutputSerializer shorter = new DataOutputSerializer(256);
            shorter.writeInt(length);
            shorter.write(bytes, 4, bytes.length - 4);
            assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(shorter.getCopyOfBuffer())))
                    .isInstanceOf(IOException.class).hasMessageContaining("Corrupt FailureRecord");
        }
        // The byte after detectedAt says whether a prediction follows: 0 or 1, nothing else.
        byte[] badPresence = bytes.clone();
        FailureRecord full = fullRecord();
        int presence = 4 + 8;
        for (String s : new String[] {full.failureId, full.failureMode, full.category, full.severity, full.evidence}) {
            presence += 4 + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        assertThat(badPresence[presence]).isEqualTo((byte) 1);
        badPresence[presence] = 2;
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(badPresence)))
                .isInstanceOf(IOException.class).hasMessageContaining("presence byte 2");
    }

    @Test
    void duplicatesAreIndependentInstancesOfTheSameSerializer() throws IOException {
        TypeSerializer<FailureRecord> duplicate = serializer.duplicate();
        assertThat(duplicate).isNotSameAs(serializer).isEqualTo(serializer);
        // Interleaved use of the two keeps each one's scratch arrays apart.
        DataOutputSerializer a = new DataOutputSerializer(64);
        DataOutputSerializer b = new DataOutputSerializer(64);
        serializer.serialize(fullRecord(), a);
        duplicate.serialize(minimalRecord(), b);
        DataInputDeserializer inA = new DataInputDeserializer(a.getCopyOfBuffer());
        DataInputDeserializer inB = new DataInputDeserializer(b.getCopyOfBuffer());
        assertThat(duplicate.deserialize(inB)).isEqualTo(minimalRecord());
        assertThat(serializer.deserialize(inA)).isEqualTo(fullRecord());
    }

    @Test
    void copiesDeeply() {
        FailureRecord original = fullRecord();
        FailureRecord copy = serializer.copy(original);
        assertThat(copy).isEqualTo(original).isNotSameAs(original);
        assertThat(copy.event).isNotSameAs(original.event);
        assertThat(copy.event.deployment).isNotSameAs(original.event.deployment);
        assertThat(copy.offendingKeys).isNotSameAs(original.offendingKeys);

        original.offendingKeys[0] = "changed";
        original.event.numericFeatureValues[0] = 99;
        original.event.categoricalFeatureValues[0] = "FR";
        original.event.deployment.featureFlagValues[0] = "false";
        original.labelDelayMs = 1L;
        assertThat(copy).isEqualTo(fullRecord());
        assertThat(serializer.copy(minimalRecord(), new FailureRecord())).isEqualTo(minimalRecord());
    }

    @Test
    void copiesSerializedBytes() throws IOException {
        SerializerRoundTrips.assertCopiesSerializedBytes(serializer, v1Records());
    }

    // ------------------------------------------------------------------------------------- versions

    @Test
    void snapshotIsCompatibleAsIsWithItself() throws IOException {
        SerializerRoundTrips.assertSnapshotCompatibleAsIsWithItself(serializer, FailureRecordSerializerSnapshot.class);
    }

    /** Rows held by the recurrence ranking before this serializer were PojoSerializer bytes: they do not restore. */
    @Test
    void aSnapshotOfThePojoSerializerIsIncompatible() throws IOException {
        TypeSerializer<FailureRecord> pojo =
                TypeInformation.of(FailureRecord.class).createSerializer(new SerializerConfigImpl());
        TypeSerializerSnapshot<FailureRecord> old = SerializerRoundTrips.writeAndReadSnapshot(pojo.snapshotConfiguration());
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(old).isIncompatible()).isTrue();
    }

    @Test
    void snapshotVersionIsTheCurrentFormatVersion() {
        assertThat(serializer.snapshotConfiguration().getCurrentVersion())
                .isEqualTo(FailureRecordSerializerSnapshot.CURRENT_VERSION).isEqualTo(1);
        assertThatThrownBy(() -> new FailureRecordSerializer(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheStoredBytesOfVersion1() throws IOException {
        assertStoredBytesDeserialize(1, v1Records());
    }

    /** The file holds the serializer snapshot as Flink writes it, then the row count and the rows. */
    private static void assertStoredBytesDeserialize(int version, List<FailureRecord> expected) throws IOException {
        String name = "failure-record-v" + version + ".bin";
        if (Boolean.getBoolean("faultline.write-serializer-snapshots")
                && version == FailureRecordSerializerSnapshot.CURRENT_VERSION) {
            Path file = Path.of("src/test/resources/serializer-snapshots", name);
            if (!Files.exists(file)) Files.write(file, currentBytes(expected));
        }
        byte[] bytes;
        try (InputStream stored = FailureRecordSerializerTest.class.getResourceAsStream("/serializer-snapshots/" + name)) {
            assertThat(stored).as("stored bytes %s", name).isNotNull();
            bytes = stored.readAllBytes();
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        TypeSerializerSnapshot<FailureRecord> snapshot =
                TypeSerializerSnapshot.readVersionedSnapshot(in, FailureRecordSerializerTest.class.getClassLoader());
        assertThat(new FailureRecordSerializer().snapshotConfiguration().resolveSchemaCompatibility(snapshot)
                .isCompatibleAsIs() || version < FailureRecordSerializerSnapshot.CURRENT_VERSION).isTrue();
        TypeSerializer<FailureRecord> restored = snapshot.restoreSerializer();
        int count = in.readInt();
        FailureRecord[] read = new FailureRecord[count];
        for (int i = 0; i < count; i++) read[i] = restored.deserialize(in);
        assertThat(in.available()).isZero();
        assertThat(read).containsExactlyElementsOf(expected);
        if (version == FailureRecordSerializerSnapshot.CURRENT_VERSION) {
            // The current version still writes exactly these bytes: a format change needs a new version.
            assertThat(currentBytes(expected)).isEqualTo(bytes);
        }
    }

    private static byte[] currentBytes(List<FailureRecord> rows) throws IOException {
        FailureRecordSerializer current = new FailureRecordSerializer();
        DataOutputSerializer out = new DataOutputSerializer(1024);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, current.snapshotConfiguration());
        out.writeInt(rows.size());
        for (FailureRecord f : rows) current.serialize(f, out);
        return out.getCopyOfBuffer();
    }

    private FailureRecord assertRoundTrip(FailureRecord row) throws IOException {
        return SerializerRoundTrips.assertRoundTrip(serializer, row, new FailureRecord());
    }

    /** Flink's own serializer contract: copies, sequences, reuse, snapshot round trip, Java serializability. */
    @Nested
    class FlinkSerializerContract extends SerializerTestBase<FailureRecord> {
        @Override
        protected TypeSerializer<FailureRecord> createSerializer() {
            return new FailureRecordSerializer();
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<FailureRecord> getTypeClass() {
            return FailureRecord.class;
        }

        @Override
        protected FailureRecord[] getTestData() {
            return v1Records().toArray(new FailureRecord[0]);
        }
    }
}
