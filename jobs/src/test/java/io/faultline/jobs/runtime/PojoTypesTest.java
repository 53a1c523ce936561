package io.faultline.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.failure.RecurrenceCounter;
import io.faultline.common.failure.SchemaViolationCounts;
import io.faultline.common.label.LabelPolicy;
import io.faultline.common.label.LabelReview;
import io.faultline.common.label.LabelingStats;
import io.faultline.common.label.LabelingStatsRow;
import io.faultline.common.lineage.DeploymentHistory;
import io.faultline.common.model.WindowStatsRow;
import io.faultline.jobs.functions.CombinationPartial;
import io.faultline.jobs.functions.JoinState;
import io.faultline.jobs.functions.LabelVerdict;
import io.faultline.jobs.functions.KeyedEvent;
import io.faultline.jobs.functions.KeyedEventSerializer;
import io.faultline.jobs.functions.KeyedEventTypeInfo;
import io.faultline.jobs.functions.WindowPartial;
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.jobs.testing.TestingEvents;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every type that travels between operators or sits in state is a Flink POJO whose serializer needs no
 * Kryo anywhere inside it (generic types disabled), and survives a serialization round trip. The exceptions
 * are the two hot shuffles, which have their own versioned serializers: {@link KeyedEvent} into the join (tested
 * in {@code KeyedEventSerializerTest}) and {@link FailureRecord}, the catalog row, into the recurrence ranking
 * ({@code FailureRecordSerializerTest}); they are checked here for having no Kryo either.
 */
class PojoTypesTest {

    static Prediction resolvedPrediction() {
        Prediction p = TestingEvents.prediction("e1", TestingEvents.T0, "m", "v1", "fraud", 0.7);
        p.scoreClasses = new String[] {"fraud", "legit"};
        p.scoreValues = new double[] {0.7, 0.3};
        p.deployment = TestingEvents.deployment("m", "v1", TestingEvents.T0, "d1");
        p.deployment.featureFlagKeys = new String[] {"flag"};
        p.deployment.featureFlagValues = new String[] {"true"};
        return p;
    }

    static FailureRecord failureRecord() {
        FailureRecord f = new FailureRecord();
        f.failureId = "id";
        f.failureMode = "LOW_CONFIDENCE";
        f.event = resolvedPrediction();
        f.labelDelayMs = 5L;
        f.score = 0.4;
        f.offendingKeys = new String[] {"features.amount"};
        f.reproducibility = 0.15;
        f.signature = "0123456789abcdef";
        f.recurrence = 2L;
        f.remediationAction = "SCALE_OUT";
        f.remediationTarget = "m";
        f.hypothesis = "h";
        f.validationPlan = "p";
        f.acceptanceCriterion = "a";
        return f;
    }

    static Stream<Object> samples() {
        Prediction p = resolvedPrediction();
        JoinState joinState = new JoinState();
        joinState.predictionTime = p.eventTime;
        joinState.pending = p;
        joinState.emitted = new byte[] {1, 2};
        joinState.lineageStatus = "RESOLVED";
        joinState.deployment = p.deployment;
        joinState.labels = new Label[] {TestingEvents.label("e1", "legit", TestingEvents.T0, "human")};
        joinState.lineageDeadline = 5L;
        DeploymentHistory history = new DeploymentHistory();
        history.add(p.deployment);
        return Stream.of(new RawRecord("predictions", "f:1", 1L, "{}"), p,
                TestingEvents.label("e1", "legit", TestingEvents.T0, "human"), p.deployment,
                DeadLetter.of(new RawRecord("labels", "t/0/1", 2L, "x"), "INVALID_JSON", "bad"), history,
                new WindowPartial("m", "v1", 0L, 3_600_000L, new byte[] {1, 2, 3}), windowStatsRow(),
                joinState, new LabelVerdict("m", "v1", 1L, "fraud", io.faultline.common.label.LabelOutcome.of(LabelReview.of(
                        java.util.List.of(TestingEvents.label("e1", "legit", 2L, "human")), LabelPolicy.newest()))),
                new CombinationPartial("m|v1", new byte[] {4}), labelingStatsRow(), new RecurrenceCounter(),
                SchemaViolationCounts.of(0L, 3_600_000L, "labels", "INVALID_JSON"),
                io.faultline.jobs.io.IncidentConverterTest.incident());
    }

    private static LabelingStatsRow labelingStatsRow() {
        LabelingStats stats = new LabelingStats();
        Label label = TestingEvents.label("e1", "legit", TestingEvents.T0 + 5, "human");
        stats.add(TestingEvents.prediction("e1", TestingEvents.T0, "m", "v1", "fraud", 0.7),
                LabelReview.of(java.util.List.of(label), LabelPolicy.newest()));
        return stats.toRow(0L, 3_600_000L, "m", "v1", LabelPolicy.newest());
    }

    private static WindowStatsRow windowStatsRow() {
        WindowStatsRow row = new WindowStatsRow();
        row.model = "m";
        row.modelVersion = "v1";
        row.columnName = "features.country";
        row.columnKind = "CATEGORICAL";
        row.count = 10;
        row.topUnseenValues = new String[] {"XX"};
        row.topUnseenCounts = new long[] {3};
        row.unseenCount = 3L;
        row.psi = 0.3;
        row.driftStatus = "DRIFT";
        return row;
    }

    @ParameterizedTest
    @MethodSource("samples")
    @SuppressWarnings("unchecked")
    void isAKryoFreePojo(Object sample) throws Exception {
        TypeInformation<Object> info = (TypeInformation<Object>) TypeInformation.of(sample.getClass());
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<Object> serializer = info.createSerializer(config);

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(sample, out);
        Object copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(copy).usingRecursiveComparison().isEqualTo(sample);
    }

    static Stream<KeyedEvent> keyedEvents() {
        return Stream.of(KeyedEvent.of(resolvedPrediction()), KeyedEvent.of(TestingEvents.label("e2", "x", 1L, null)));
    }

    @ParameterizedTest
    @MethodSource("keyedEvents")
    void keyedEventUsesItsOwnKryoFreeSerializer(KeyedEvent sample) throws Exception {
        TypeInformation<KeyedEvent> info = TypeInformation.of(KeyedEvent.class);
        assertThat(info).isInstanceOf(KeyedEventTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<KeyedEvent> serializer = info.createSerializer(config);
        assertThat(serializer).isInstanceOf(KeyedEventSerializer.class);

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(sample, out);
        KeyedEvent copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        // predictionForm is derived on deserialization (the bytes just read), not serialized.
        assertThat(copy).usingRecursiveComparison().ignoringFields("predictionForm").isEqualTo(sample);
    }

    /**
     * Catalog rows live in {@code common}, so no annotation can pick their serializer: the pipeline declares
     * {@link FailureRecordTypeInfo} wherever they travel ({@code TopologyTest} checks every edge).
     */
    @org.junit.jupiter.api.Test
    void failureRecordUsesItsOwnKryoFreeSerializer() throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<FailureRecord> serializer = new FailureRecordTypeInfo().createSerializer(config);
        assertThat(serializer).isInstanceOf(FailureRecordSerializer.class);

        FailureRecord sample = failureRecord();
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(sample, out);
        FailureRecord copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(copy).usingRecursiveComparison().isEqualTo(sample);
    }
}
