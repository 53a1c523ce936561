package io.faultline.jobs.cli;

import io.faultline.common.config.ConfigException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Dispatches a command line to its command. Exit codes: 0 success, 1 the run failed, 2 a usage or
 * configuration error (the message says what to fix), 3 the run finished but records were not accounted for.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private Cli() {}

    public static String help() {
        return """
                Usage: faultline COMMAND [flags]        (faultline COMMAND --help for its flags)

                Commands:
                  demo       generate two days of traffic with injected incidents and analyse it on an embedded cluster
                  backfill   analyse JSON-lines files (predictions, labels, deployments) in batch mode
                  stream     analyse Kafka topics continuously, with checkpoints and exactly-once output
                  profile    build reference profiles (the baseline of drift) per model version from JSON-lines files
                  bench      measure the pipeline's throughput against a parse-only baseline
                """;
    }

    /**
     * The flag names (without {@code --}) that {@code command} declares, so that files outside this package
     * (the deploy/ manifests and their test) can be checked against the real command lines.
     */
    /** A command: its flag declarations (which also print its help) and what it runs with them. */
    private record Command(Supplier<Flags> flags, Runner runner) {}

    @FunctionalInterface
    private interface Runner {
        int run(Flags flags, PrintStream out) throws Exception;
    }

    private static final Map<String, Command> COMMANDS = Map.of(
            "demo", new Command(DemoCommand::flags, DemoCommand::run),
            "backfill", new Command(BackfillCommand::flags, BackfillCommand::run),
            "stream", new Command(StreamCommand::flags, StreamCommand::run),
            "profile", new Command(ProfileCommand::flags, ProfileCommand::run),
            "bench", new Command(BenchCommand::flags, BenchCommand::run));

    /** The flag names a command declares (for checks that deployment files only use real flags). */
    public static java.util.Set<String> flagsOf(String command) {
        Command c = COMMANDS.get(command);
        if (c == null) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        return c.flags().get().names();
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(help());
            return args.length == 0 ? USAGE : OK;
        }
        String name = args[0];
        Command command = COMMANDS.get(name);
        if (command == null) {
            err.println("faultline: unknown command '" + name + "'");
            err.print(help());
            return USAGE;
        }
        Flags flags = command.flags().get();
        try {
            flags.parse(Arrays.copyOfRange(args, 1, args.length));
            if (flags.has("help")) {
                out.print(flags.help());
                return OK;
            }
            return command.runner().run(flags, out);
        } catch (Flags.UsageException e) {
            err.println("faultline " + name + ": " + e.getMessage());
            err.println();
            err.print(flags.help());
            return USAGE;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("faultline " + name + ": " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("faultline " + name + " failed: " + rootMessage(e));
            e.printStackTrace(err);
            return FAILED;
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + root + ")";
    }
}
