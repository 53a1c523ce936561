package io.faultline.jobs.io;

import io.faultline.common.scoring.CombinationReference;
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
    /** Feature-combination counts against the profile's bins ({@code CombinationReference}), beside it. */
    public static final String COMBINATIONS_FILE_NAME = "combinations.json";

    private ReferenceProfiles() {}

    /**
     * What the jobs load at start: profiles and combination counts as JSON by {@code model|version}. Small
     * (kilobytes per version), so they travel with the job graph.
     */
    public record Loaded(Map<String, String> profiles, Map<String, String> combinations) implements java.io.Serializable {
        public static final Loaded NONE = new Loaded(Map.of(), Map.of());

        public Loaded {
            profiles = new TreeMap<>(profiles);
            combinations = new TreeMap<>(combinations);
        }
    }

    /** Profiles and combination counts under {@code rootUri}. */
    public static Loaded loadAll(String rootUri) throws IOException {
        return new Loaded(load(rootUri), loadCombinations(rootUri));
    }

    /** Every profile under {@code rootUri}, as JSON by {@code model|version}; empty when the root does not exist. */
    public static Map<String, String> load(String rootUri) throws IOException {
        return load(rootUri, FILE_NAME, json -> {
            ReferenceProfile profile = ReferenceProfile.fromJson(json);
            return profile.model() + "|" + profile.modelVersion();
        });
    }

    /**
     * The combination counts under {@code rootUri}, as JSON by {@code model|version} (the key is read from the
     * directory names, as the counts do not carry it); empty when there are none.
     */
    public static Map<String, String> loadCombinations(String rootUri) throws IOException {
        return load(rootUri, COMBINATIONS_FILE_NAME, json -> {
            CombinationReference.fromJson(json);
            return null;
        });
    }

    /** Writes the combination counts of {@code model|version} beside its profile, replacing earlier ones. */
    public static Path writeCombinations(String rootUri, String modelVersionKey, CombinationReference combinations)
            throws IOException {
        String[] parts = modelVersionKey.split("\\|", 2);
        return writeFile(rootUri, parts[0], parts[1], COMBINATIONS_FILE_NAME, combinations.toJson());
    }

    /** A key for a parsed file, or null to key it by its directory names. */
    private interface Keyer {
        String keyOf(String json);
    }

    private static Map<String, String> load(String rootUri, String fileName, Keyer keyer) throws IOException {
        Map<String, String> profiles = new TreeMap<>();
        Path root = StoragePaths.location(rootUri);
        FileSystem fs = root.getFileSystem();
        if (!fs.exists(root)) {
            return profiles;
        }
        for (FileStatus model : list(fs, root)) {
            for (FileStatus version : list(fs, model.getPath())) {
                Path file = new Path(version.getPath(), fileName);
                if (!fs.exists(file)) {
                    continue;
                }
                String json = read(fs, file);
                String key;
                try {
                    key = keyer.keyOf(json);
                } catch (RuntimeException e) {
                    throw new IOException("reference file " + file + " is not readable: " + e.getMessage(), e);
                }
                if (key == null) {
                    key = valueOf(model.getPath().getName(), "model=") + "|" + valueOf(version.getPath().getName(), "version=");
                }
                profiles.put(key, json);
            }
        }
        return profiles;
    }

    /** Writes {@code profile} under {@code rootUri}, replacing an earlier one of the same version. */
    public static Path write(String rootUri, ReferenceProfile profile) throws IOException {
        return writeFile(rootUri, profile.model(), profile.modelVersion(), FILE_NAME, profile.toJson());
    }

    private static Path writeFile(String rootUri, String model, String version, String fileName, String content)
            throws IOException {
        Path dir = new Path(new Path(StoragePaths.location(rootUri), "model=" + model), "version=" + version);
        Path file = new Path(dir, fileName);
        FileSystem fs = file.getFileSystem();
        fs.mkdirs(dir);
        try (OutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static String valueOf(String directoryName, String prefix) {
        return directoryName.startsWith(prefix) ? directoryName.substring(prefix.length()) : directoryName;
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
