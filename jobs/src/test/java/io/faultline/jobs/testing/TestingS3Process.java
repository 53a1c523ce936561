package io.faultline.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The S3-compatible server {@code deploy/local/s3} runs in its own JVM (S3Proxy over its file-system store), seen
 * from a test: {@link #stop()} and {@link #start()} take the endpoint away and bring it back on the same port with
 * the same objects. Objects are read straight from the store's data directory, where each object is a file at its
 * key below {@code data/<bucket>/}; no S3 client is needed.
 */
public final class TestingS3Process implements TestingObjectStore {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);

    private final Path script = DeployScripts.locate("s3");
    private final Path workDir;
    private final String bucket;

    /** The server whose directory is {@code workDir} (as {@code deploy/local/s3 --workdir} names it). */
    public TestingS3Process(Path workDir, String bucket) {
        this.workDir = workDir.toAbsolutePath();
        this.bucket = bucket;
    }

    /** Starts the server (same port and data as before, if it ran in this directory already); returns its endpoint. */
    public String start() throws IOException, InterruptedException {
        return DeployScripts.lastLine(DeployScripts.run(script, SCRIPT_TIMEOUT, "start", "--workdir", workDir.toString(),
                "--timeout", "90"));
    }

    /** Stops the server (SIGTERM; returns once its JVM has exited): clients get connection refused. */
    public void stop() throws IOException, InterruptedException {
        DeployScripts.run(script, SCRIPT_TIMEOUT, "stop", "--workdir", workDir.toString());
    }

    @Override
    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path root = bucketDir();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix)).sorted().toList();
        }
    }

    @Override
    public void downloadCommitted(String prefix, Path target) throws IOException {
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        for (String key : list(base)) {
            if (TestingObjectStore.committedParquet(key)) {
                Path file = target.resolve(key.substring(base.length()));
                Files.createDirectories(file.getParent());
                Files.copy(bucketDir().resolve(key), file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Path bucketDir() {
        return workDir.resolve("data").resolve(bucket);
    }
}
