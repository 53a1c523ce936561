package io.faultline.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real standalone Flink session cluster (separate JobManager and TaskManager JVMs on 127.0.0.1) for the
 * tests of one class, started and stopped with {@code deploy/local/cluster} so that the test and a person at a
 * shell start it the same way. Register it as a static {@code @RegisterExtension} field; it is stopped after
 * the class even when a test fails (and by a shutdown hook if the JVM dies first). Logs stay under
 * {@link #workDir()}{@code /log}.
 */
public final class StandaloneFlinkCluster implements BeforeAllCallback, AfterAllCallback {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final int taskManagers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Path script;
    private Path workDir;
    private URI rest;
    private Thread shutdownHook;
    private Duration startTime;

    private Path pluginsDir;
    private java.util.function.Supplier<java.util.Map<String, String>> extraConfiguration = java.util.Map::of;

    /**
     * The shaded job jar in {@code target/}, as the cluster tests submit it. Fails at once with a clear
     * message when it is missing (it exists after {@code package}, which {@code verify} runs first).
     */
    public static Path shadedJar() {
        Path target = Path.of("target");
        try (java.util.stream.Stream<Path> files = Files.exists(target) ? Files.list(target)
                : java.util.stream.Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().matches("faultline-jobs-.*-shaded\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no faultline-jobs-*-shaded.jar in "
                            + target.toAbsolutePath() + ": run this test through 'mvn verify' (package runs first),"
                            + " or 'mvn -pl jobs -am package -DskipTests' before running it from an IDE"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + target.toAbsolutePath(), e);
        }
    }

    public StandaloneFlinkCluster(int taskManagers) {
        this.taskManagers = taskManagers;
    }

    /** Plugin folders (e.g. {@code s3-fs-hadoop/}) every JVM of the cluster loads. */
    public StandaloneFlinkCluster withPlugins(Path dir) {
        this.pluginsDir = dir;
        return this;
    }

    /**
     * Extra {@code config.yaml} entries, evaluated when the cluster starts (so they may name a server that
     * another extension started first, e.g. an S3 endpoint).
     */
    public StandaloneFlinkCluster withConfiguration(java.util.function.Supplier<java.util.Map<String, String>> entries) {
        this.extraConfiguration = entries;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        script = locateScript();
        workDir = Path.of("target", "flink-cluster",
                context.getRequiredTestClass().getSimpleName() + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(workDir);
        shutdownHook = new Thread(this::stopQuietly, "stop standalone Flink cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Instant started = Instant.now();
        java.util.List<String> up = new java.util.ArrayList<>(java.util.List.of("--workdir", workDir.toString(),
                "--taskmanagers", Integer.toString(taskManagers), "--timeout", "180"));
        if (pluginsDir != null) {
            up.add("--plugins");
            up.add(pluginsDir.toAbsolutePath().toString());
        }
        new java.util.TreeMap<>(extraConfiguration.get()).forEach((key, value) -> {
            up.add("--conf");
            up.add(key + "=" + value);
        });
        String out = script("up", START_TIMEOUT, up.toArray(String[]::new));
        String[] lines = out.strip().split("\n");
        rest = URI.create(lines[lines.length - 1].strip());
        startTime = Duration.between(started, Instant.now());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopQuietly();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** The REST base URL, e.g. {@code http://127.0.0.1:34567}. */
    public URI restUrl() {
        return rest;
    }

    public Path workDir() {
        return workDir;
    }

    /** How long {@code deploy/local/cluster up} took (including fetching the runtime jars if it had to). */
    public Duration startTime() {
        return startTime;
    }

    /**
     * Uploads the jar ({@code POST /jars/upload}) and runs its manifest's main class with {@code args}
     * ({@code POST /jars/<id>/run}, {@code programArgsList}); returns the job id. The main method runs in the
     * JobManager, as with any REST submission.
     */
    public String submit(String jarPath, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(jarPath);
        String boundary = "----faultline" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode uploaded = send(HttpRequest.newBuilder(rest.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), Duration.ofMinutes(2));
        String filename = uploaded.path("filename").asText();
        String jarId = Path.of(filename).getFileName().toString();

        byte[] run = JSON.writeValueAsBytes(Map.of("programArgsList", List.of(args)));
        JsonNode started = send(HttpRequest.newBuilder(rest.resolve("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(run)), Duration.ofMinutes(10));
        String jobId = started.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new IOException("no job id in the response of /jars/" + jarId + "/run: " + started);
        }
        return jobId;
    }

    /** What {@code flink run} printed, its exit code, and the job id it reported (null if none). */
    public record ClientRun(int exitCode, String output, String jobId) {}

    /**
     * Runs the jar's main class in a client JVM, attached, as {@code flink run -m <rest>} does
     * ({@code deploy/local/cluster run}): it returns when the job and the main method have ended. Use this for
     * commands that wait for their job's result ({@code backfill}); {@link #submit} runs main in the JobManager,
     * detached, where such a main fails.
     */
    public ClientRun run(String jarPath, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), "run", "--workdir", workDir.toString(),
                jarPath));
        cmd.addAll(List.of(args));
        Path log = workDir.resolve("log").resolve("client-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("flink run did not finish within 10 minutes; output in " + log);
        }
        String output = Files.readString(log);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("JobID ([0-9a-f]{32})").matcher(output);
        return new ClientRun(p.exitValue(), output, m.find() ? m.group(1) : null);
    }

    /**
     * Stops the job with a savepoint and {@code drain} (REST {@code POST /jobs/<id>/stop}): sources end,
     * event time jumps to the end so every pending timer fires, and the last checkpoint commits the output.
     */
    public void stopWithDrain(String jobId, String savepointDirectory) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(Map.of("drain", true, "targetDirectory", savepointDirectory));
        send(HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), Duration.ofMinutes(1));
    }

    /** Polls {@code GET /jobs/<id>} until the job reaches a globally terminal state; returns that state. */
    public JobStatus awaitJob(String jobId, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JobStatus status = null;
        while (Instant.now().isBefore(deadline)) {
            status = jobStatus(jobId);
            if (status.isGloballyTerminalState()) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " still " + status + " after " + timeout + "; logs in "
                + workDir.resolve("log"));
    }

    public JobStatus jobStatus(String jobId) throws IOException, InterruptedException {
        return JobStatus.valueOf(send(HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId)).GET(),
                Duration.ofSeconds(30)).path("state").asText());
    }

    /** The root exception of a failed job, from {@code GET /jobs/<id>/exceptions}, for assertion messages. */
    public String failureCause(String jobId) {
        try {
            JsonNode exceptions = send(HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId + "/exceptions")).GET(),
                    Duration.ofSeconds(30));
            return exceptions.path("rootException").asText(exceptions.toString());
        } catch (IOException | InterruptedException e) {
            return "(could not read the job's exceptions: " + e + ")";
        }
    }

    /** SIGKILLs TaskManager {@code index} (1-based), as a crashed machine would. */
    public void killTaskManager(int index) throws IOException, InterruptedException {
        script("kill-tm", Duration.ofSeconds(30), Integer.toString(index), "--workdir", workDir.toString());
    }

    private JsonNode send(HttpRequest.Builder request, Duration timeout) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(timeout).build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(built.method() + " " + built.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void stopQuietly() {
        if (workDir == null || script == null) {
            return;
        }
        try {
            script("down", Duration.ofSeconds(60), "--workdir", workDir.toString());
        } catch (Exception e) {
            System.err.println("could not stop the standalone Flink cluster in " + workDir + ": " + e);
        }
    }

    /** Runs the script; its progress goes to our stderr, its stdout is returned. */
    private String script(String command, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), command));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        // The cluster's JVMs write to files, not to this pipe, so it closes when the script ends (whose own
        // waits are bounded).
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("deploy/local/cluster " + command + " did not finish within " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new IOException("deploy/local/cluster " + command + " exited with " + p.exitValue()
                    + (workDir == null ? "" : "; logs in " + workDir.resolve("log")));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Path locateScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/local/cluster");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/local/cluster not found above " + Path.of("").toAbsolutePath());
    }
}
