package io.faultline.jobs.cli;

import io.faultline.common.model.SourceKind;
import io.faultline.jobs.runtime.Accounting;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/** Prints how far a running job is, from its accumulators, every few seconds until closed. */
final class JobProgress implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();

    private JobProgress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static JobProgress watch(JobClient client, PrintStream out, long periodSeconds) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faultline-progress");
            t.setDaemon(true);
            return t;
        });
        JobProgress progress = new JobProgress(timer);
        timer.scheduleAtFixedRate(() -> progress.report(client, out), periodSeconds, periodSeconds, TimeUnit.SECONDS);
        return progress;
    }

    private void report(JobClient client, PrintStream out) {
        try {
            Map<String, Object> acc = client.getAccumulators().get(5, TimeUnit.SECONDS);
            long seconds = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000_000L);
            long read = value(acc, Accounting.name(SourceKind.PREDICTIONS.tableValue(), Accounting.READ));
            long labels = value(acc, Accounting.name(SourceKind.LABELS.tableValue(), Accounting.READ));
            out.printf("  [%3ds] predictions read: %,d (%,d/s), labels read: %,d%n", seconds, read, read / seconds, labels);
        } catch (Exception e) {
            // The job may be finishing or not reachable for a moment: progress is best effort.
        }
    }

    private static long value(Map<String, Object> acc, String name) {
        Object v = acc.get(name);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
