package io.faultline.jobs.cli;

import io.faultline.common.config.ConfigException;
import java.io.PrintStream;
import java.util.Arrays;

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
    public static java.util.Set<String> flagsOf(String command) {
        Flags flags = switch (command) {
            case "demo" -> DemoCommand.flags();
            case "backfill" -> BackfillCommand.flags();
            case "stream" -> StreamCommand.flags();
            case "profile" -> ProfileCommand.flags();
            case "bench" -> BenchCommand.flags();
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        };
        return flags.names();
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(help());
            return args.length == 0 ? USAGE : OK;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Flags flagsForHelp = null;
        try {
            switch (command) {
                case "demo" -> {
                    flagsForHelp = DemoCommand.flags();
                    return DemoCommand.run(rest, out);
                }
                case "backfill" -> {
                    flagsForHelp = BackfillCommand.flags();
                    return BackfillCommand.run(rest, out);
                }
                case "stream" -> {
                    flagsForHelp = StreamCommand.flags();
                    return StreamCommand.run(rest, out);
                }
                case "profile" -> {
                    flagsForHelp = ProfileCommand.flags();
                    return ProfileCommand.run(rest, out);
                }
                case "bench" -> {
                    flagsForHelp = BenchCommand.flags();
                    return BenchCommand.run(rest, out);
                }
                default -> {
                    err.println("faultline: unknown command '" + command + "'");
                    err.print(help());
                    return USAGE;
                }
            }
        } catch (Flags.UsageException e) {
            err.println("faultline " + command + ": " + e.getMessage());
            err.println();
            err.print(flagsForHelp.help());
            return USAGE;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("faultline " + command + ": " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("faultline " + command + " failed: " + rootMessage(e));
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
