package io.faultline.common.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/** The {@code checkpoints} section: how often and where Flink checkpoints, and with which state backend. */
public final class CheckpointSettings implements Serializable {
    /** The {@code checkpoints.state-backend} values. */
    public static final String ROCKSDB = "rocksdb";
    public static final String HASHMAP = "hashmap";
    private static final long serialVersionUID = 1L;

    private final Duration interval;
    private final String dir;
    private final String stateBackend;
    private final boolean incremental;

    CheckpointSettings(Duration interval, String dir, String stateBackend, boolean incremental) {
        this.interval = interval;
        this.dir = dir;
        this.stateBackend = stateBackend;
        this.incremental = incremental;
    }

    /** Time between checkpoints; output files become visible at each completed checkpoint. */
    public Duration interval() {
        return interval;
    }

    /** Checkpoint storage URI, e.g. {@code file:///tmp/faultline/checkpoints} or {@code s3://bucket/checkpoints}. */
    public String dir() {
        return dir;
    }

    /** {@code rocksdb} or {@code hashmap}. */
    public String stateBackend() {
        return stateBackend;
    }

    /** Whether keyed state lives on the JVM heap ({@value #HASHMAP}) rather than on local disk. */
    public boolean stateOnHeap() {
        return HASHMAP.equals(stateBackend);
    }

    /** Incremental checkpoints; only the {@code rocksdb} backend uses this. */
    public boolean incremental() {
        return incremental;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof CheckpointSettings)) return false;
        CheckpointSettings c = (CheckpointSettings) o;
        return incremental == c.incremental
                && interval.equals(c.interval)
                && dir.equals(c.dir)
                && stateBackend.equals(c.stateBackend);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, dir, stateBackend, incremental);
    }

    @Override
    public String toString() {
        return "CheckpointSettings{interval=" + Durations.format(interval) + ", dir=" + dir + ", state-backend="
                + stateBackend + ", incremental=" + incremental + "}";
    }
}
