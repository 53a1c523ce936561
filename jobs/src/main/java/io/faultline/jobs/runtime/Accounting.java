package io.faultline.jobs.runtime;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * The record accounting of one operator: every input record ends as exactly one outcome (valid,
 * duplicate, late, dead letter, or outside the requested backfill range). Each outcome is both a Flink
 * metric (for the streaming job's dashboards) and an accumulator (for the backfill run summary), under
 * the same name {@code <source>.<outcome>}.
 */
public final class Accounting {
    public static final String READ = "read";
    public static final String VALID = "valid";
    public static final String DUPLICATE = "duplicate";
    public static final String LATE = "late";
    public static final String DEAD_LETTER = "dead_letter";
    public static final String OUT_OF_RANGE = "out_of_range";

    /** Outcomes that partition the records read: their sum equals {@link #READ}. */
    public static final String[] OUTCOMES = {VALID, DUPLICATE, LATE, DEAD_LETTER, OUT_OF_RANGE};

    /** Prefix of the per-mode failure counters: {@code failures.<MODE>}. */
    public static final String FAILURES_PREFIX = "failures.";
    /** Prefix of the per-model counters: {@code failures_by_model.<model>.<MODE>}. */
    public static final String FAILURES_BY_MODEL_PREFIX = "failures_by_model.";
    public static final String LINEAGE_UNREGISTERED = "lineage.unregistered";
    public static final String LABELS_JOINED = "labels.joined";
    public static final String LABELS_ORPHANED = "labels.orphaned";
    /** Catalog rows that reached the recurrence ranking after later rows of their signature and day. */
    public static final String RECURRENCE_OUT_OF_ORDER = "recurrence.out_of_order";
    /** Dead letters whose window's SCHEMA_VIOLATION row had already been emitted (they stay in dead_letter/). */
    public static final String SCHEMA_VIOLATIONS_LATE = "schema_violations.late";
    public static final String CONTRACT_UNKNOWN_FIELDS = "contract.unknown_fields";

    private Accounting() {}

    public static String name(String source, String outcome) {
        return source + "." + outcome;
    }

    /** One named count, visible as a metric and as an accumulator. */
    public static final class Count {
        private final Counter metric;
        private final LongCounter accumulator;

        private Count(Counter metric, LongCounter accumulator) {
            this.metric = metric;
            this.accumulator = accumulator;
        }

        public void inc() {
            metric.inc();
            accumulator.add(1L);
        }

        public void add(long n) {
            metric.inc(n);
            accumulator.add(n);
        }
    }

    /**
     * Registers the count {@code name} as accumulator {@code name} and as metric
     * {@code <operator scope>.faultline.<name with '.' replaced by '_'>} (dots are scope separators for
     * most metric reporters).
     */
    public static Count count(RuntimeContext ctx, String name) {
        Counter metric = ctx.getMetricGroup().addGroup("faultline").counter(name.replace('.', '_'));
        LongCounter accumulator = ctx.getLongCounter(name);
        return new Count(metric, accumulator);
    }
}
