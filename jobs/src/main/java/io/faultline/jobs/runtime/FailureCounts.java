package io.faultline.jobs.runtime;

import io.faultline.common.failure.FailureMode;
import io.faultline.common.model.FailureRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * Counts catalog rows by mode ({@code failures.<MODE>}) and by model and mode
 * ({@code failures_by_model.<model>.<MODE>}). Per-model counts are registered on first use; the number
 * of models is small, and each lookup is one hash probe on the failure path only.
 */
public final class FailureCounts {
    private final RuntimeContext ctx;
    private final Accounting.Count[] byMode = new Accounting.Count[FailureMode.values().length];
    private final Map<String, Accounting.Count> byModelAndMode = new HashMap<>();

    public FailureCounts(RuntimeContext ctx) {
        this.ctx = ctx;
        for (FailureMode mode : FailureMode.values()) {
            byMode[mode.ordinal()] = Accounting.count(ctx, Accounting.FAILURES_PREFIX + mode.name());
        }
    }

    public void inc(FailureRecord failure) {
        FailureMode mode = FailureMode.valueOf(failure.failureMode);
        byMode[mode.ordinal()].inc();
        String key = failure.event.model + "." + mode.name();
        byModelAndMode.computeIfAbsent(key, k -> Accounting.count(ctx, Accounting.FAILURES_BY_MODEL_PREFIX + k)).inc();
    }
}
