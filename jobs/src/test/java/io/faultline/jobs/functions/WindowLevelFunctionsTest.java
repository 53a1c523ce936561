package io.faultline.jobs.functions;

import static io.faultline.jobs.testing.TestingEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.failure.FailureAnnotator;
import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.failure.RecurrenceCounter;
import io.faultline.common.incident.Incident;
import io.faultline.common.incident.IncidentDetector;
import io.faultline.common.incident.WindowSignals;
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.jobs.runtime.FailureRecordSerializer;
import io.faultline.jobs.testing.TestingEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.GenericArraySerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Harness tests of the window-level keyed functions: their output, and that their state and timers end. */
class WindowLevelFunctionsTest {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final FaultlineConfig CONFIG = FaultlineConfig.defaults();

    private static FailureRecord lowConfidence(String eventId, long eventTime) {
        Prediction p = TestingEvents.prediction(eventId, eventTime, "m", "v1", "fraud", 0.2);
        List<FailureRecord> rows = new ArrayList<>();
        new FailureClassifier(CONFIG).classify(p, rows::add);
        return rows.stream().filter(r -> r.failureMode.equals("LOW_CONFIDENCE")).findFirst().orElseThrow();
    }

    @Test
    void recurrenceRanksRowsOfADayInEventTimeOrderWhateverTheArrivalOrderAndItsStateEnds() throws Exception {
        List<FailureRecord> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(lowConfidence("e" + i, T0 + i * MINUTE));
        }
        Collections.shuffle(rows, new Random(3));
        RecurrenceFunction function = new RecurrenceFunction(5 * MINUTE, DAY);
        try (KeyedOneInputStreamOperatorTestHarness<String, FailureRecord, FailureRecord> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(function, RecurrenceCounter::key, Types.STRING)) {
            for (FailureRecord r : rows) {
                harness.processElement(r, r.event.eventTime);
            }
            assertThat(harness.extractOutputValues()).as("held until no earlier row can come").isEmpty();
            harness.processWatermark(new Watermark(T0 + 2 * DAY + 2 * DAY));
            List<FailureRecord> out = harness.extractOutputValues();
            assertThat(out).hasSize(50);
            for (FailureRecord r : out) {
                assertThat(r.recurrence).as(r.event.eventId)
                        .isEqualTo(Long.parseLong(r.event.eventId.substring(1)) + 1);
            }
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void recurrenceHoldsRowsInTheCatalogRowFormAndRanksThemAlikeAfterARestore() throws Exception {
        MapStateDescriptor<Long, FailureRecord[]> held = RecurrenceFunction.heldRowsDescriptor();
        held.initializeSerializerUnlessSet(new ExecutionConfig());
        assertThat(((GenericArraySerializer<FailureRecord>) held.getValueSerializer()).getComponentSerializer())
                .isInstanceOf(FailureRecordSerializer.class);

        List<FailureRecord> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            FailureRecord row = lowConfidence("e" + i, T0 + i * MINUTE);
            row.event.attributeKeys = new String[] {"user"};
            row.event.attributeValues = new String[] {"u" + i};
            rows.add(row);
        }
        Collections.shuffle(rows, new Random(5));
        // Expected rows copied by Flink's reflective serializer, which knows nothing of the one under test.
        TypeSerializer<FailureRecord> reflective =
                TypeInformation.of(FailureRecord.class).createSerializer(new ExecutionConfig().getSerializerConfig());
        List<FailureRecord> expected = new ArrayList<>();
        for (FailureRecord row : rows) {
            FailureRecord copy = reflective.copy(row);
            copy.recurrence = Long.parseLong(row.event.eventId.substring(1)) + 1;
            expected.add(copy);
        }

        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, FailureRecord, FailureRecord> before = recurrenceHarness()) {
            before.open();
            for (FailureRecord r : rows.subList(0, 25)) {
                before.processElement(r, r.event.eventTime);
            }
            snapshot = before.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, FailureRecord, FailureRecord> after = recurrenceHarness()) {
            after.initializeState(snapshot);
            after.open();
            for (FailureRecord r : rows.subList(25, rows.size())) {
                after.processElement(r, r.event.eventTime);
            }
            after.processWatermark(new Watermark(T0 + 4 * DAY));
            assertThat(after.extractOutputValues()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(after.numKeyedStateEntries()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FailureRecord, FailureRecord> recurrenceHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RecurrenceFunction(5 * MINUTE, DAY)), RecurrenceCounter::key, Types.STRING);
    }

    @Test
    void deadLettersBecomeOneSchemaViolationRowPerWindowAndSourceAndTheirStateEnds() throws Exception {
        SchemaViolationFunction function = new SchemaViolationFunction(CONFIG, MINUTE);
        try (KeyedOneInputStreamOperatorTestHarness<String, DeadLetter, FailureRecord> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(function, d -> d.source, Types.STRING)) {
            harness.processElement(new StreamRecord<>(dead("INVALID_JSON"), T0 + 5 * MINUTE));
            harness.processElement(new StreamRecord<>(dead("INVALID_JSON"), T0 + 10 * MINUTE));
            harness.processElement(new StreamRecord<>(dead("MISSING_FIELD"), T0 + 20 * MINUTE));
            harness.processElement(new StreamRecord<>(dead("MISSING_FIELD"), T0 + HOUR + MINUTE));
            harness.processWatermark(new Watermark(T0 + HOUR + MINUTE));
            List<FailureRecord> first = harness.extractOutputValues();
            assertThat(first).singleElement().satisfies(r -> {
                assertThat(r.failureMode).isEqualTo("SCHEMA_VIOLATION");
                assertThat(r.score).isEqualTo(3.0);
                assertThat(r.offendingKeys).containsExactly("INVALID_JSON", "MISSING_FIELD");
                assertThat(r.windowStart).isEqualTo(T0);
                assertThat(r.event.modelVersion).isEqualTo("predictions");
                assertThat(new FailureAnnotator(CONFIG).annotate(r).signature).isEqualTo(r.signature);
            });
            harness.processElement(new StreamRecord<>(dead("INVALID_JSON"), T0 + 30 * MINUTE));
            assertThat(harness.extractOutputValues()).as("a dead letter of an emitted window is not counted twice")
                    .hasSize(1);
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(harness.extractOutputValues()).hasSize(2);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void incidentMemoryOfAModelEndsAfterAWeekWithoutWindows() throws Exception {
        IncidentFunction function = new IncidentFunction(new IncidentDetector(CONFIG.incidents(), CONFIG.remediation()),
                CONFIG, MINUTE);
        try (KeyedOneInputStreamOperatorTestHarness<String, WindowPartial, Incident> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(function, part -> part.model, Types.STRING)) {
            for (int w = 0; w < 3; w++) {
                long start = T0 + w * HOUR;
                harness.processElement(new StreamRecord<>(new WindowPartial("m", WindowAggregation.ALL_VERSIONS, start,
                        start + HOUR, new WindowSignals("m", start, start + HOUR).addPredictions("v1", 500).toBytes()),
                        start));
            }
            harness.processWatermark(new Watermark(T0 + 3 * HOUR + MINUTE));
            assertThat(harness.numKeyedStateEntries()).as("the model's memory").isEqualTo(1);
            assertThat(harness.extractOutputValues()).as("steady traffic opens nothing").isEmpty();
            harness.processWatermark(new Watermark(T0 + 3 * HOUR + IncidentFunction.MODEL_MEMORY_MS));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    private static DeadLetter dead(String code) {
        return DeadLetter.of(new RawRecord("predictions", "f:1", T0, "{"), code, "bad");
    }
}
