package io.faultline.jobs.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An S3-compatible store a test writes to through Flink's S3 plugin and reads back directly: {@link TestingS3Server}
 * (S3Proxy in the test JVM) or {@link TestingS3Process} (S3Proxy in its own JVM, run by {@code deploy/local/s3}).
 */
public interface TestingObjectStore {
    /** {@code s3://<bucket>/<key>}. */
    String uri(String key);

    /** Every object key under {@code prefix}, sorted, including hidden and temporary ones. */
    List<String> list(String prefix) throws IOException;

    /**
     * Downloads what a reader of a table under {@code prefix} sees — the objects {@link #committedParquet} accepts —
     * into {@code target}, keeping each key's path below {@code prefix} (e.g. {@code dt=.../model=.../part-0-0.parquet}).
     */
    void downloadCommitted(String prefix, Path target) throws IOException;

    /**
     * True for what a reader of the table sees: a {@code .parquet} object whose name starts with neither {@code _}
     * nor {@code .} (Flink's in-progress and temporary objects do).
     */
    static boolean committedParquet(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.endsWith(".parquet") && !name.startsWith("_") && !name.startsWith(".");
    }
}
