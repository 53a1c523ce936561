package io.faultline.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: help for every command, precise usage errors, exit codes. */
class CliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        assertThat(run("--help")).isEqualTo(Cli.OK);
        assertThat(stdout()).contains("demo", "backfill", "stream", "bench");
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertThat(run()).isEqualTo(Cli.USAGE);
        assertThat(stdout()).contains("Usage: faultline COMMAND");
    }

    @Test
    void everyCommandDescribesEveryFlag() {
        assertThat(run("backfill", "--help")).isEqualTo(Cli.OK);
        assertThat(stdout()).contains("--predictions PATH", "--labels PATH", "--deployments PATH", "--output URI",
                "--from DATE", "--to DATE", "--config FILE", "--parallelism P");
        assertThat(run("stream", "--help")).isEqualTo(Cli.OK);
        assertThat(stdout()).contains("--bounded");
        assertThat(run("demo", "--help")).isEqualTo(Cli.OK);
        assertThat(run("bench", "--help")).isEqualTo(Cli.OK);
        assertThat(stdout()).contains("--events N");
    }

    @Test
    void unknownCommand() {
        assertThat(run("frobnicate")).isEqualTo(Cli.USAGE);
        assertThat(stderr()).contains("unknown command 'frobnicate'");
    }

    @Test
    void missingRequiredFlag() {
        assertThat(run("backfill")).isEqualTo(Cli.USAGE);
        assertThat(stderr()).contains("--predictions is required").contains("Usage: faultline backfill");
    }

    @Test
    void unknownFlagNamesTheKnownOnes() {
        assertThat(run("backfill", "--predictions", "x", "--ouput", "y")).isEqualTo(Cli.USAGE);
        assertThat(stderr()).contains("unknown flag --ouput").contains("--output");
    }

    @Test
    void badDate() {
        assertThat(run("backfill", "--predictions", "x", "--from", "2026-13-01")).isEqualTo(Cli.USAGE);
        assertThat(stderr()).contains("--from 2026-13-01 is not a date");
    }

    @Test
    void inputThatMatchesNothing() {
        assertThat(run("backfill", "--predictions", dir.resolve("nothing-*.jsonl").toString())).isEqualTo(Cli.USAGE);
        assertThat(stderr()).contains("nothing-*.jsonl");
    }

    @Test
    void badConfigNamesTheKey() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "checkpoints:\n  state-backend: floppy\n");
        assertThat(run("stream", "--config", config.toString())).isEqualTo(Cli.USAGE);
        assertThat(stderr()).contains("checkpoints.state-backend").contains("rocksdb");
    }

    @Test
    void missingConfigFile() {
        assertThat(run("stream", "--config", dir.resolve("absent.yaml").toString())).isEqualTo(Cli.USAGE);
        assertThat(stderr()).contains("absent.yaml");
    }

    @Test
    void parallelismMustBeANumber() {
        assertThat(run("backfill", "--predictions", "x", "--parallelism", "many")).isEqualTo(Cli.USAGE);
        assertThat(stderr()).contains("--parallelism many is not a whole number");
    }
}
