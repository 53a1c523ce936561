package io.faultline.jobs.io;

import io.faultline.common.stats.ReferenceProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The {@code reference_profiles/} table: one JSON file per model version at
 * {@code <root>/model=M/version=V/profile.json}, written by {@code faultline profile} and read by the
 * streaming and backfill jobs at start (they are small, so the client reads them and ships them with the
 * job). Works on any Flink file system (local, S3).
 */
public final class ReferenceProfiles {
    public static final String FILE_NAME = "profile.json";

    private ReferenceProfiles() {}

    /** Every profile under {@code rootUri}, as JSON by {@code model|version}; empty when the root does not exist. */
    public static Map<String, String> load(String rootUri) throws IOException {
        Map<String, String> profiles = new TreeMap<>();
        Path root = StoragePaths.location(rootUri);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return profiles;
        }
        for (FileStatus model : list(fs, root)) {
            for (FileStatus version : list(fs, model.getPath())) {
                Path file = new Path(version.getPath(), FILE_NAME);
                if (!fs.exists(file)) {
                    continue;
                }
                String json = read(fs, file);
                ReferenceProfile profile;
                try {
                    profile = ReferenceProfile.fromJson(json);
                } catch (RuntimeException e) {
                    throw new IOException("reference profile " + file + " is not readable: " + e.getMessage(), e);
                }
                profiles.put(profile.model() + "|" + profile.modelVersion(), json);
            }
        }
        return profiles;
    }

    /** Writes {@code profile} under {@code rootUri}, replacing an earlier one of the same version. */
    public static Path write(String rootUri, ReferenceProfile profile) throws IOException {
        Path dir = new Path(new Path(StoragePaths.location(rootUri), "model=" + profile.model()),
                "version=" + profile.modelVersion());
        Path file = new Path(dir, FILE_NAME);
        FileSystem fs = file.getFileSystem();
        fs.mkdirs(dir);
        try (OutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
            out.write(profile.toJson().getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] entries = fs.listStatus(dir);
        if (entries == null) {
            return new FileStatus[0];
        }
        java.util.Arrays.sort(entries, java.util.Comparator.comparing(s -> s.getPath().getName()));
        return java.util.Arrays.stream(entries).filter(FileStatus::isDir)
                .filter(s -> !s.getPath().getName().startsWith(".") && !s.getPath().getName().startsWith("_"))
                .toArray(FileStatus[]::new);
    }

    private static String read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
