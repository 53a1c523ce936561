package io.faultline.jobs;

import io.faultline.jobs.cli.Cli;

/**
 * Entry point: {@code faultline stream | backfill | demo | bench}. Everything it does is in
 * {@link Cli}; this class only turns the result into the process's exit code, so that the same
 * commands can be called from tests without exiting the JVM.
 */
public final class FaultlineJob {
    private FaultlineJob() {}

    public static void main(String[] args) {
        int code = Cli.run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }
}
