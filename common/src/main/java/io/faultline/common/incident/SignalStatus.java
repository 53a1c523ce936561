package io.faultline.common.incident;

/** What one signal showed in one window (the {@code status} of a timeline {@code WINDOW} entry). */
public enum SignalStatus {
    /** Beyond its threshold. */
    ANOMALOUS,
    /** Judged, and within its threshold (also: a per-version signal whose version no longer serves). */
    NORMAL,
    /** Not enough data to judge (below the minimum count, no drift verdict, no comparable version). */
    NO_DATA,
    /** The model's warm-up, or the signal's baseline is not ready yet: nothing can open. */
    WARMING_UP
}
