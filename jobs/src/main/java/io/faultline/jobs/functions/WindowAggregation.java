package io.faultline.jobs.functions;

import io.faultline.common.incident.WindowSignals;
import io.faultline.common.label.LabelingStats;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.common.stats.WindowProfile;
import java.io.Serializable;

/**
 * A mergeable summary per (model, version, event-time window), as {@link WindowPartialsOperator} pre-aggregates
 * it on each subtask's heap and {@link WindowMergeFunction} merges it by key: which record goes where, how it is
 * folded, and the summary's own versioned binary form (so partials travel and sit in state without Kryo).
 *
 * @param <IN> the records folded in
 * @param <S> the summary, from {@code common}
 */
public interface WindowAggregation<IN, S> extends Serializable {
    String model(IN in);

    String modelVersion(IN in);

    long eventTime(IN in);

    /** An empty summary of one (model, version, window). */
    S create(String model, String modelVersion, long windowStart, long windowEnd);

    /** @param afterWindowEnd the watermark had passed the record's window end when it arrived (a late count) */
    void add(S summary, IN in, boolean afterWindowEnd);

    void merge(S into, S other);

    byte[] toBytes(S summary);

    S fromBytes(byte[] bytes);

    /** Window statistics ({@link WindowProfile}) of valid predictions. */
    WindowAggregation<Prediction, WindowProfile> PROFILES = new WindowAggregation<>() {
        @Override public String model(Prediction p) { return p.model; }
        @Override public String modelVersion(Prediction p) { return p.modelVersion; }
        @Override public long eventTime(Prediction p) { return p.eventTime; }
        @Override public WindowProfile create(String m, String v, long start, long end) { return new WindowProfile(); }
        @Override public void add(WindowProfile s, Prediction p, boolean late) { s.add(p, late); }
        @Override public void merge(WindowProfile into, WindowProfile other) { into.merge(other); }
        @Override public byte[] toBytes(WindowProfile s) { return s.toBytes(); }
        @Override public WindowProfile fromBytes(byte[] bytes) { return WindowProfile.fromBytes(bytes); }
    };

    /** Labelling statistics ({@link LabelingStats}) of label verdicts, by the window of the prediction's event time. */
    WindowAggregation<LabelVerdict, LabelingStats> LABELING = new WindowAggregation<>() {
        @Override public String model(LabelVerdict v) { return v.model; }
        @Override public String modelVersion(LabelVerdict v) { return v.modelVersion; }
        @Override public long eventTime(LabelVerdict v) { return v.eventTime; }
        @Override public LabelingStats create(String m, String v, long start, long end) { return new LabelingStats(); }
        @Override public void add(LabelingStats s, LabelVerdict v, boolean late) { v.addTo(s); }
        @Override public void merge(LabelingStats into, LabelingStats other) { into.merge(other); }
        @Override public byte[] toBytes(LabelingStats s) { return s.toBytes(); }
        @Override public LabelingStats fromBytes(byte[] bytes) { return LabelingStats.fromBytes(bytes); }
    };

    /** Version placeholder of aggregations per model, not per version ({@link #SIGNALS}). */
    String ALL_VERSIONS = "*";

    /**
     * Incident signals ({@link WindowSignals}) per model: the per-prediction catalog rows, counted by mode in the
     * window of their prediction's event time.
     */
    WindowAggregation<FailureRecord, WindowSignals> SIGNALS = new WindowAggregation<>() {
        @Override public String model(FailureRecord r) { return r.event.model; }
        @Override public String modelVersion(FailureRecord r) { return ALL_VERSIONS; }
        @Override public long eventTime(FailureRecord r) { return r.event.eventTime; }
        @Override public WindowSignals create(String m, String v, long start, long end) {
            return new WindowSignals(m, start, end);
        }
        @Override public void add(WindowSignals s, FailureRecord r, boolean late) { s.addFailure(r); }
        @Override public void merge(WindowSignals into, WindowSignals other) { into.merge(other); }
        @Override public byte[] toBytes(WindowSignals s) { return s.toBytes(); }
        @Override public WindowSignals fromBytes(byte[] bytes) { return WindowSignals.fromBytes(bytes); }
    };
}
