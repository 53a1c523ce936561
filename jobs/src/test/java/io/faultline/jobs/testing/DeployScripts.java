package io.faultline.jobs.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts under {@code deploy/local/} from tests, so that a test and a person at a shell start the
 * cluster, the broker and the store the same way.
 */
public final class DeployScripts {
    private DeployScripts() {}

    /** {@code deploy/local/<name>} in the repository, found from the working directory upwards. */
    public static Path locate(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/local").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/local/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Runs {@code bash script args...}: its progress (stderr) goes to ours, its stdout is returned. Fails when it
     * exits non-zero or does not end within {@code timeout}.
     */
    public static String run(Path script, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        // The JVMs the scripts start write to files, not to this pipe, so it closes when the script ends (whose
        // own waits are bounded).
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish within " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue());
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The last line a script printed (the scripts print their result, e.g. an address, last). */
    public static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
