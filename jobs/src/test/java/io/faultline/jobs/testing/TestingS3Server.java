package io.faultline.jobs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible server (S3Proxy 4.1.0 over an in-memory blob store) running in the test JVM on
 * {@code 127.0.0.1} and a random free port, with fixed test credentials and one bucket. Register it as a
 * {@code static} {@code @RegisterExtension} field. Objects are listed and read through S3Proxy's own blob
 * store, so tests need no S3 client of their own; the Flink side is configured by {@link #flinkConfiguration()},
 * which pins every S3 client to this endpoint with explicit credentials (never the AWS default chain, which
 * would probe the cloud metadata address).
 */
public final class TestingS3Server implements TestingObjectStore, BeforeAllCallback, AfterAllCallback {
    public static final String ACCESS_KEY = "faultline-test-access";
    public static final String SECRET_KEY = "faultline-test-secret";
    private static final String HOST = "127.0.0.1";

    private final String bucket;
    private BlobStore store;
    private S3Proxy proxy;
    private int port;

    public TestingS3Server(String bucket) {
        this.bucket = bucket;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        if (store != null) {
            store.close();
            store = null;
        }
    }

    /** Starts the server (first time: a random free port; later: the same port and the same objects). */
    public synchronized void start() throws Exception {
        if (proxy != null) {
            return;
        }
        if (store == null) {
            store = new TransientNio2BlobStore();
            store.createContainer(bucket);
        }
        S3Proxy p = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                // No graceful drain: s3a keeps pooled connections open, and Jetty's graceful stop would wait
                // for them and then fail with a TimeoutException.
                .stopTimeout(0)
                .build();
        p.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(p.getState())) {
            if (System.nanoTime() > deadline) {
                p.stop();
                throw new IllegalStateException("S3Proxy did not start: " + p.getState());
            }
            Thread.sleep(10);
        }
        port = p.getPort();
        proxy = p;
    }

    /** Stops serving (clients get connection refused); {@link #start()} resumes on the same port with the same objects. */
    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    public String endpoint() {
        return "http://" + HOST + ":" + port;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /**
     * The Flink configuration for {@code flink-s3-fs-hadoop} (Hadoop s3a, AWS SDK v1) that reaches this server
     * only: keys starting with {@code s3.} are forwarded by the plugin as {@code fs.s3a.*}.
     */
    public Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("s3.endpoint", endpoint());
        conf.setString("s3.endpoint.region", "us-east-1");
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.connection.ssl.enabled", "false");
        conf.setString("s3.access-key", ACCESS_KEY);
        conf.setString("s3.secret-key", SECRET_KEY);
        conf.setString("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        // Fail fast while the server is down instead of retrying for minutes.
        conf.setString("s3.attempts.maximum", "3");
        conf.setString("s3.retry.limit", "3");
        conf.setString("s3.connection.establish.timeout", "2000");
        conf.setString("s3.connection.timeout", "5000");
        return conf;
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response response = store.list(request.build());
            for (S3Object object : response.contents()) {
                keys.add(object.key());
            }
            token = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
        } while (token != null);
        keys.sort(null);
        return keys;
    }

    /** Keys of multipart uploads that were started and neither completed nor aborted (e.g. after a failover). */
    public List<String> openMultipartUploads() {
        List<String> keys = new ArrayList<>();
        for (var upload : store.listMultipartUploads(bucket)) {
            keys.add(upload.key());
        }
        keys.sort(null);
        return keys;
    }

    /** The content of one object. */
    public byte[] get(String key) throws IOException {
        try (InputStream in = store.getBlob(bucket, key)) {
            return in.readAllBytes();
        }
    }

    /**
     * Downloads the objects under {@code prefix} whose key matches {@code include} into {@code target},
     * keeping the key's path below {@code prefix} (e.g. {@code dt=.../model=.../part-0-0.parquet}).
     *
     * @return the local files by object key
     */
    public Map<String, Path> download(String prefix, Predicate<String> include, Path target) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        for (String key : list(base)) {
            if (!include.test(key)) {
                continue;
            }
            Path file = target.resolve(key.substring(base.length()));
            Files.createDirectories(file.getParent());
            try (InputStream in = store.getBlob(bucket, key)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            files.put(key, file);
        }
        return files;
    }

    @Override
    public void downloadCommitted(String prefix, Path target) throws IOException {
        download(prefix, TestingObjectStore::committedParquet, target);
    }

    /** See {@link TestingObjectStore#committedParquet}. */
    public static boolean committedParquet(String key) {
        return TestingObjectStore.committedParquet(key);
    }
}
