package io.faultline.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The heap join's timers fire exactly like Flink's: every timer at or before the watermark, in time order. */
class EventTimersTest {
    private static final long BUCKET = 1L << EventTimers.BUCKET_BITS;

    private record Fired(String key, String value, long time) {}

    @Test
    void firesEveryDueTimerInTimeOrderAndKeepsTheRest() throws Exception {
        EventTimers<String> timers = new EventTimers<>();
        timers.register(5 * BUCKET + 10, "c", "vc");
        timers.register(5 * BUCKET + 3, "a", "va");
        timers.register(2 * BUCKET, "first", "v0");
        timers.register(5 * BUCKET + 3, "b", "vb"); // same time as "a": registration order
        timers.register(9 * BUCKET, "late", "v9");
        List<Fired> fired = new ArrayList<>();
        timers.advanceTo(5 * BUCKET + 3, (k, v, t) -> fired.add(new Fired(k, v, t)));
        assertThat(fired).containsExactly(new Fired("first", "v0", 2 * BUCKET), new Fired("a", "va", 5 * BUCKET + 3),
                new Fired("b", "vb", 5 * BUCKET + 3));
        assertThat(timers.size()).isEqualTo(2);
        fired.clear();
        timers.advanceTo(5 * BUCKET + 9, (k, v, t) -> fired.add(new Fired(k, v, t)));
        assertThat(fired).isEmpty();
        timers.advanceTo(Long.MAX_VALUE, (k, v, t) -> fired.add(new Fired(k, v, t)));
        assertThat(fired).extracting(Fired::key).containsExactly("c", "late");
        assertThat(timers.size()).isZero();
    }

    @Test
    void aTimerRegisteredWhileFiringAndAlreadyDueFiresInTheSameAdvance() throws Exception {
        EventTimers<String> timers = new EventTimers<>();
        timers.register(100, "a", null);
        timers.register(BUCKET + 50, "b", null);
        List<String> fired = new ArrayList<>();
        timers.advanceTo(BUCKET + 60, (k, v, t) -> {
            fired.add(k + "@" + t);
            if (k.equals("a")) {
                timers.register(BUCKET + 55, "from-a", null); // due, in a later bucket
                timers.register(150, "from-a-same-bucket", null); // due, in the bucket being fired
                timers.register(BUCKET + 70, "not-yet", null);
            }
        });
        assertThat(fired).containsExactly("a@100", "from-a-same-bucket@150", "b@" + (BUCKET + 50), "from-a@" + (BUCKET + 55));
        assertThat(timers.size()).isEqualTo(1);
    }

    @Test
    void randomTimersFireAsASortedListWouldSayWhateverTheWatermarks() throws Exception {
        Random random = new Random(11);
        EventTimers<Integer> timers = new EventTimers<>();
        List<long[]> expected = new ArrayList<>(); // {time, registration index}
        List<long[]> fired = new ArrayList<>();
        long watermark = 0;
        int registered = 0;
        for (int step = 0; step < 200; step++) {
            for (int i = 0; i < random.nextInt(50); i++) {
                long time = watermark + random.nextInt((int) (3 * BUCKET)) - BUCKET / 4; // some already due
                timers.register(time, "k" + registered, registered);
                expected.add(new long[] {time, registered});
                registered++;
            }
            watermark += random.nextInt((int) BUCKET);
            long mark = watermark;
            long[] previous = {Long.MIN_VALUE};
            timers.advanceTo(mark, (k, v, t) -> {
                assertThat(t).isLessThanOrEqualTo(mark).isGreaterThanOrEqualTo(previous[0]);
                previous[0] = t;
                assertThat(k).isEqualTo("k" + v);
                fired.add(new long[] {t, v});
            });
            assertThat(fired.size() + timers.size()).isEqualTo(registered);
        }
        timers.advanceTo(Long.MAX_VALUE, (k, v, t) -> fired.add(new long[] {t, v}));
        // Each fires once, none is lost (and, above, in time order within each advance).
        expected.sort(Comparator.comparingLong((long[] e) -> e[1]));
        fired.sort(Comparator.comparingLong((long[] e) -> e[1]));
        assertThat(fired).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(fired.get(i)).containsExactly(expected.get(i));
        }
    }
}
