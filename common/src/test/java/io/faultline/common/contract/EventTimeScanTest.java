package io.faultline.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.demo.DemoTraffic;
import io.faultline.common.model.SourceKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EventTimeScan} answers only where it reads a record exactly as the parser does, and so
 * {@link ContractDecoder#eventTime} with it gives what {@link ContractDecoder#eventTimeByParser} gives, on
 * every input: watermarks, late accounting and dead letters cannot change.
 */
class EventTimeScanTest {
    private static final long T = 1_790_834_400_123L; // 2026-10-01T06:00:00.123Z

    private static void assertSameAsParser(SourceKind kind, String payload) {
        String field = ContractDecoder.timeField(kind);
        assertThat(ContractDecoder.eventTime(kind, payload)).as("%s %s", kind, payload)
                .isEqualTo(ContractDecoder.eventTimeByParser(field, payload));
    }

    /** The scan's answer, checked against the parser's on the way. */
    private static long scan(String payload) {
        assertSameAsParser(SourceKind.PREDICTIONS, payload);
        return EventTimeScan.time(payload, "event_time");
    }

    @Test
    void readsTheUsualShapeWithoutTheParser() {
        assertThat(scan("{\"event_id\":\"e1\",\"event_time\":\"2026-10-01T06:00:00.123Z\",\"model\":\"m\"}")).isEqualTo(T);
        assertThat(scan(" {\n\t\"event_id\" : \"e1\" ,\r\n \"event_time\" : \"2026-10-01T08:00:00.123+02:00\" }")).isEqualTo(T);
        assertThat(scan("{\"n\":-0.5e+3,\"z\":0,\"i\":12,\"event_time\":\"2026-10-01T06:00:00.123Z\"")).isEqualTo(T);
        assertThat(EventTimeScan.time(TestingPayloads.label().json(), "label_time")).isEqualTo(1_791_021_600_000L);
        assertSameAsParser(SourceKind.LABELS, TestingPayloads.label().json());
        assertThat(scan("{\"event_time\":1790834400123,\"event_id\":\"e1\"}")).isEqualTo(T);
        assertThat(scan("{\"event_time\" : 1790834400123 }")).isEqualTo(T);
        assertThat(scan("{\"event_time\":-0}")).isZero();
        assertThat(scan("{\"event_time\":-1}")).isEqualTo(Long.MIN_VALUE);
        assertThat(scan("{\"event_time\":999999999999999999}")).isEqualTo(Long.MIN_VALUE);
        // Invalid times are answered too, as the parser-based reading answers them.
        assertThat(scan("{\"event_time\":\"2026-13-01T06:00:00Z\"}")).isEqualTo(Long.MIN_VALUE);
        assertThat(scan("{\"event_time\":\"\"}")).isEqualTo(Long.MIN_VALUE);
        assertThat(scan("{\"event_time\":\"1790834400123\"}")).isEqualTo(Long.MIN_VALUE);
        // The first member of that name decides, as in the parser-based reading.
        assertThat(scan("{\"event_time\":\"2026-10-01T06:00:00.123Z\",\"event_time\":\"x\"}")).isEqualTo(T);
    }

    @Test
    void defersEverythingElseToTheParser() {
        String[] deferred = {"", " ", "\uFEFF{\"event_time\":\"2026-10-01T06:00:00.123Z\"}", "[]", "{}",
            "{\"event_time\":1790834400123.0}", "{\"event_time\":1790834400123x}", "{\"event_time\":01}",
            "{\"event_time\":1e3}", "{\"event_time\":1234567890123456789}", "{\"event_time\":-}", "{\"event_time\":1790834400123",
            "{\"event_time\":null}", "{\"event_time\":\"2026-10-01T06:00:00.123\\u005A\"}",
            "{\"event\\u005ftime\":\"2026-10-01T06:00:00.123Z\"}", "{\"a\":{\"b\":1},\"event_time\":\"2026-10-01T06:00:00Z\"}",
            "{\"a\":[1],\"event_time\":\"2026-10-01T06:00:00Z\"}", "{\"a\":true,\"event_time\":\"2026-10-01T06:00:00Z\"}",
            "{\"a\":01,\"event_time\":\"2026-10-01T06:00:00Z\"}", "{\"a\":-,\"event_time\":\"2026-10-01T06:00:00Z\"}",
            "{\"a\":1.,\"event_time\":\"2026-10-01T06:00:00Z\"}", "{\"a\":1e,\"event_time\":\"2026-10-01T06:00:00Z\"}",
            "{\"a\":NaN,\"event_time\":\"2026-10-01T06:00:00Z\"}", "{\"a\":+1,\"event_time\":\"2026-10-01T06:00:00Z\"}",
            "{\"a\":\"x\u0001\",\"event_time\":\"2026-10-01T06:00:00Z\"}", "{\"a\":\"1\"\"event_time\":\"2026-10-01T06:00:00Z\"}",
            "{\"a\":\"1\",,\"event_time\":\"2026-10-01T06:00:00Z\"}", "{'event_time':\"2026-10-01T06:00:00Z\"}",
            "{event_time:\"2026-10-01T06:00:00Z\"}", "{\"event_id\":\"e1\"}", "{\"event_id\":\"e1\",}",
            "{\"event_time\":\"2026-10-01T06:00:00Z", "{\"event_time\"", "{\"" + "n".repeat(300) + "\":1,\"event_time\":\"x\"}",
            "{\"n\":" + "1".repeat(100) + ",\"event_time\":\"2026-10-01T06:00:00Z\"}", "{\u000b\"event_time\":\"2026-10-01T06:00:00Z\"}"};
        for (String payload : deferred) {
            assertThat(scan(payload)).as(payload).isEqualTo(EventTimeScan.DEFER);
        }
    }

    /** Demo traffic of every kind, its malformed lines included; nearly every valid line skips the parser. */
    @Test
    void agreesWithTheParserOnDemoTraffic() throws ContractViolation {
        DemoTraffic traffic = DemoTraffic.builder().seed(11).targetPredictions(5_000).build();
        ContractDecoder decoder = new ContractDecoder();
        for (SourceKind kind : SourceKind.values()) {
            Iterator<String> lines = switch (kind) {
                case PREDICTIONS -> traffic.predictions();
                case LABELS -> traffic.labels();
                case DEPLOYMENTS -> traffic.deployments();
            };
            int decoded = 0;
            int scanned = 0;
            while (lines.hasNext()) {
                String line = lines.next();
                assertSameAsParser(kind, line);
                long time;
                try {
                    time = eventTimeOf(decoder.decode(kind, line));
                } catch (ContractViolation rejected) {
                    continue;
                }
                decoded++;
                long fast = EventTimeScan.time(line, ContractDecoder.timeField(kind));
                if (fast != EventTimeScan.DEFER) {
                    scanned++;
                    assertThat(fast).isEqualTo(time);
                }
                assertThat(ContractDecoder.eventTime(kind, line)).isEqualTo(time);
            }
            assertThat(decoded).as(kind.name()).isPositive();
            if (kind != SourceKind.DEPLOYMENTS) {
                assertThat(scanned).as(kind.name() + " lines read without the parser").isGreaterThan(decoded * 99 / 100);
            }
        }
    }

    private static long eventTimeOf(Object decoded) {
        if (decoded instanceof io.faultline.common.model.Prediction p) return p.eventTime;
        if (decoded instanceof io.faultline.common.model.Label l) return l.labelTime;
        return ((io.faultline.common.model.Deployment) decoded).deployedAt;
    }

    /** Random edits near the front of valid records, where the scan reads, with JSON's significant characters. */
    @Test
    void agreesWithTheParserOnMutatedRecords() {
        String alphabet = "{}[]\":,\\ \t\n\r\u0001\uFEFF0123456789-+.eEtrufalsnNZT_abc";
        List<String> seeds = new ArrayList<>();
        seeds.add(TestingPayloads.prediction().json());
        seeds.add(TestingPayloads.prediction().with("event_id", "-12.5e3").json());
        seeds.add("{\"event_id\":\"e1\",\"event_time\":\"2026-10-01T06:00:00.123+02:00\",\"model\":\"m\"}");
        seeds.add("{\"event_time\":1790834400123,\"event_id\":\"e\"}");
        Random random = new Random(20261122L);
        int answered = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(Math.min(s.length(), 70) + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> s.insert(at, c);
                    case 1 -> {
                        if (at < s.length()) s.deleteCharAt(at);
                    }
                    default -> {
                        if (at < s.length()) s.setCharAt(at, c);
                    }
                }
            }
            assertSameAsParser(SourceKind.PREDICTIONS, s.toString());
            if (EventTimeScan.time(s.toString(), "event_time") != EventTimeScan.DEFER) {
                answered++;
            }
        }
        // Both sides of the line are exercised: edits the scan reads through, and edits it hands over.
        assertThat(answered).isBetween(5_000, 45_000);
    }
}
