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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * A handle on a cluster that {@code deploy/local/cluster up --workdir workDir} started elsewhere (e.g. by
     * {@code deploy/local/up}): the same REST helpers, but not an extension; whoever started it stops it.
     */
    public static StandaloneFlinkCluster running(Path workDir) throws IOException {
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(0);
        cluster.script = DeployScripts.locate("cluster");
        cluster.workDir = workDir.toAbsolutePath();
        cluster.rest = URI.create(Files.readString(cluster.workDir.resolve("rest-url")).strip());
        cluster.startTime = Duration.ZERO;
        return cluster;
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
        script = DeployScripts.locate("cluster");
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
        rest = URI.create(DeployScripts.lastLine(script("up", START_TIMEOUT, up.toArray(String[]::new))));
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

    /**
     * Starts one more TaskManager process ({@code deploy/local/cluster add-tm}), as an operator (or Kubernetes)
     * replaces a lost one, and returns once it has registered; returns its index (a killed TaskManager keeps its
     * number, so the new one gets the next).
     */
    public int addTaskManager() throws IOException, InterruptedException {
        return Integer.parseInt(DeployScripts.lastLine(script("add-tm", Duration.ofMinutes(2), "--workdir",
                workDir.toString(), "--timeout", "100")));
    }

    /** {@code GET <path>} of the REST API (e.g. {@code /jobs/<id>/checkpoints}) as JSON; fails on a non-2xx answer. */
    public JsonNode rest(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(rest.resolve(path)).GET(), Duration.ofSeconds(30));
    }

    /**
     * How often the job restored its state from a checkpoint ({@code counts.restored} of
     * {@code /jobs/<id>/checkpoints}). Unlike the {@code numRestarts} metric, which the REST API serves from a
     * cache refreshed every 10 s, this is at most a few seconds old.
     */
    public long restores(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/checkpoints").path("counts").path("restored").asLong();
    }

    /** The entries of {@code GET /jobs/<id>/exceptions} (newest first), each naming the TaskManager it came from. */
    public JsonNode exceptionHistory(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    }

    /**
     * Polls until the job is RUNNING, has restored its state from a checkpoint at least {@code restores} times
     * (counted by {@code /jobs/<id>/checkpoints}: a restart whose restore failed does not count), and has completed
     * a checkpoint after the state it restored last (any checkpoint when {@code restores} is 0); returns that
     * checkpoint's id. Fails if the job ends first, or after {@code timeout}.
     */
    public long awaitCheckpoint(String jobId, long restores, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JobStatus status = jobStatus(jobId);
            if (status.isGloballyTerminalState()) {
                throw new AssertionError("job " + jobId + " ended (" + status + ") while waiting for a checkpoint: "
                        + failureCause(jobId));
            }
            JsonNode checkpoints = rest("/jobs/" + jobId + "/checkpoints");
            JsonNode completed = checkpoints.path("latest").path("completed");
            JsonNode restored = checkpoints.path("latest").path("restored");
            if (status == JobStatus.RUNNING && checkpoints.path("counts").path("restored").asLong() >= restores
                    && completed.hasNonNull("id")
                    && (restores == 0 || completed.path("id").asLong() > restored.path("id").asLong())) {
                return completed.path("id").asLong();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " completed no checkpoint after " + restores
                + " restore(s) within " + timeout + "; logs in " + workDir.resolve("log"));
    }

    /**
     * The index (1-based, as {@link #killTaskManager} takes it) of a live TaskManager that runs tasks of the job:
     * the scheduler may put all of a parallelism-2 job into one TaskManager's two slots, and killing an idle one
     * would prove nothing. Each TaskManager logs its resource id at start.
     */
    public int taskManagerRunning(String jobId) throws IOException, InterruptedException {
        Set<String> used = new LinkedHashSet<>();
        for (JsonNode vertex : rest("/jobs/" + jobId).path("vertices")) {
            for (JsonNode tm : rest("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/taskmanagers")
                    .path("taskmanagers")) {
                if (!tm.path("status").asText().equals("FAILED") && !tm.path("status").asText().equals("CANCELED")) {
                    used.add(tm.path("taskmanager-id").asText());
                }
            }
        }
        for (int i = 1; Files.exists(taskManagerLog(i)); i++) {
            String log = Files.readString(taskManagerLog(i));
            for (String id : used) {
                if (!id.isEmpty() && log.contains(id)) {
                    System.err.println("job " + jobId + " runs on " + used + "; taskmanager-" + i + " is " + id);
                    return i;
                }
            }
        }
        throw new AssertionError("none of the job's TaskManagers " + used + " found in " + workDir.resolve("log"));
    }

    /** The resource id of TaskManager {@code index} (1-based), which it logs as it starts. */
    public String taskManagerId(int index) throws IOException, InterruptedException {
        String log = Files.readString(taskManagerLog(index));
        for (JsonNode tm : rest("/taskmanagers").path("taskmanagers")) {
            String id = tm.path("id").asText();
            if (!id.isEmpty() && log.contains(id)) {
                return id;
            }
        }
        throw new AssertionError("the resource id of taskmanager-" + index + " is not in its log");
    }

    private Path taskManagerLog(int index) {
        return workDir.resolve("log").resolve("taskmanager-" + index + ".log");
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

    /** Runs {@code deploy/local/cluster command args...}; its progress goes to our stderr, its stdout is returned. */
    private String script(String command, Duration timeout, String... args) throws IOException, InterruptedException {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        try {
            return DeployScripts.run(script, timeout, all);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + (workDir == null ? "" : "; logs in " + workDir.resolve("log")), e);
        }
    }
}
