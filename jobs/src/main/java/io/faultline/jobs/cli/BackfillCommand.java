package io.faultline.jobs.cli;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.io.FileInputs;
import io.faultline.jobs.pipeline.FileRun;
import io.faultline.jobs.runtime.RunSummary;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.flink.api.common.RuntimeExecutionMode;

/** {@code faultline backfill}: the pipeline over bounded JSON-lines files, in BATCH mode. */
final class BackfillCommand {
    private BackfillCommand() {}

    static Flags flags() {
        return CommonOptions.declare(new Flags("backfill",
                "Runs the pipeline over JSON-lines files (plain or .gz) in batch mode, writes the same tables as\n"
                        + "'stream', prints a run summary (also written to <output>/_runs/) and exits non-zero on failure.\n"
                        + "PATH is a file, a directory (every file in it) or a glob in the last component (data/*.jsonl.gz)."))
                .declare("predictions", "PATH", "prediction events (required)")
                .declare("labels", "PATH", "delayed labels (optional)")
                .declare("deployments", "PATH", "deployment events (optional; without them every version is unregistered)")
                .declare("from", "DATE", "first event date to analyse, UTC, inclusive (YYYY-MM-DD)")
                .declare("to", "DATE", "last event date to analyse, UTC, inclusive (YYYY-MM-DD)");
    }

    static int run(Flags flags, PrintStream out) throws Exception {
        FaultlineConfig config = CommonOptions.load(flags);
        FileRun.Files files = new FileRun.Files(flags.require("predictions"), flags.get("labels"), flags.get("deployments"));
        EventTimeRange range = EventTimeRange.ofDates(date(flags, "from"), date(flags, "to"));
        out.println("faultline backfill → " + config.outputUri());
        describe(out, "predictions", files.predictions());
        describe(out, "labels", files.labels());
        describe(out, "deployments", files.deployments());
        RunSummary summary = execute("backfill", config, files, range, out);
        return summary == null || summary.unaccountedTotal() == 0 ? 0 : 3;
    }

    /**
     * Runs, prints progress and the summary, writes the summary JSON. Shared with {@code demo}. Returns
     * null when the job was submitted detached.
     */
    static RunSummary execute(String command, FaultlineConfig config, FileRun.Files files, EventTimeRange range,
            PrintStream out) throws Exception {
        JobProgress[] progress = new JobProgress[1];
        RunSummary summary;
        try {
            summary = FileRun.execute(command, config, files, range, RuntimeExecutionMode.BATCH,
                    client -> progress[0] = JobProgress.watch(client, out, 3));
        } finally {
            if (progress[0] != null) {
                progress[0].close();
            }
        }
        if (summary == null) {
            out.println("submitted detached: the run summary is not available (watch the job in the Flink UI)");
            return null;
        }
        out.println();
        out.print(summary.render());
        out.println("run summary: " + summary.writeTo(config.outputUri()));
        if (summary.unaccountedTotal() != 0) {
            out.println("ERROR: " + summary.unaccountedTotal() + " input records are not accounted for");
        }
        return summary;
    }

    private static void describe(PrintStream out, String what, String spec) throws java.io.IOException {
        if (spec != null) {
            out.println("  " + what + ": " + FileInputs.resolve(spec).size() + " file(s) from " + spec);
        }
    }

    private static LocalDate date(Flags flags, String name) throws Flags.UsageException {
        String v = flags.get(name);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new Flags.UsageException("--" + name + " " + v + " is not a date; use YYYY-MM-DD");
        }
    }
}
