package io.faultline.jobs.cli;

import java.nio.file.Path;

/**
 * The entry point of a JVM that {@code faultline bench} starts to measure one job alone
 * ({@link BenchCommand#measureHere}). Arguments: job (a {@link BenchCommand.Job} name), work directory
 * (holding the generated input and reference profiles), parallelism, mode, warm-up runs, measured runs.
 * Not a user command: {@code faultline bench} builds its command line.
 */
public final class BenchRun {
    private BenchRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("BenchRun: expected JOB WORK_DIR PARALLELISM MODE WARMUP RUNS, got " + args.length
                    + " arguments; it is started by 'faultline bench', not by hand");
            System.exit(Cli.USAGE);
        }
        BenchCommand.measureHere(BenchCommand.Job.valueOf(args[0]), Path.of(args[1]), Integer.parseInt(args[2]),
                BenchCommand.mode(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), System.out);
        // The MiniCluster's non-daemon threads must not keep a finished measuring JVM alive.
        System.exit(Cli.OK);
    }
}
