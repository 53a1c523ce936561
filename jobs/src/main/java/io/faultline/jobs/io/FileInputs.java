package io.faultline.jobs.io;

import io.faultline.common.model.RawRecord;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bounded JSON-lines file inputs for backfills and demos.
 *
 * <p>A path spec is one of: a file; a directory (every file beneath it, recursively); or a directory
 * followed by a glob in the last component, e.g. {@code data/preds-*.jsonl.gz} or
 * {@code s3://bucket/in/2026-10-*}. Names starting with {@code .} or {@code _} are skipped while listing,
 * as Flink, Hive and Spark do: they are in-progress or bookkeeping files. A file named explicitly is read
 * whatever its name. Listing goes through Flink's {@link FileSystem}, so object stores work as soon as
 * their filesystem plugin is installed.
 */
public final class FileInputs {

    private static final String GLOB_CHARACTERS = "*?[{";

    private FileInputs() {}

    /**
     * A bounded source of the lines of every file {@link #resolve(String) resolved} from the spec.
     *
     * @param sourceName value of {@link RawRecord#source} for every record
     * @throws IllegalArgumentException naming the spec if it is malformed or matches no file
     */
    public static FileSource<RawRecord> source(String pathSpec, String sourceName) throws IOException {
        List<Path> files = resolve(pathSpec);
        return FileSource.forBulkFileFormat(new JsonLinesFormat(sourceName), files.toArray(new Path[0]))
                // The list is already filtered; the default filter would silently drop a file the user
                // named explicitly, such as _backfill.jsonl.
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(path -> true))
                .build();
    }

    /**
     * The files a spec stands for, sorted by path, as the job will read them.
     *
     * @throws IllegalArgumentException naming the spec if it is malformed, puts a glob anywhere but the last
     *     component, or matches no file
     * @throws IOException if the filesystem cannot be reached or listed
     */
    public static List<Path> resolve(String pathSpec) throws IOException {
        if (pathSpec == null || pathSpec.isBlank()) {
            throw new IllegalArgumentException("Input path must not be empty, got: '" + pathSpec + "'");
        }
        int lastSlash = pathSpec.lastIndexOf('/');
        String parent = lastSlash < 0 ? "." : pathSpec.substring(0, lastSlash);
        String lastComponent = pathSpec.substring(lastSlash + 1);
        if (containsGlob(parent)) {
            throw new IllegalArgumentException("Input path '" + pathSpec
                    + "' has a glob before its last component; only the last component may be a glob");
        }
        List<Path> files = new ArrayList<>();
        if (containsGlob(lastComponent)) {
            addGlobMatches(StoragePaths.location(lastSlash == 0 ? "/" : parent), lastComponent, files);
        } else {
            addExplicit(StoragePaths.location(pathSpec), pathSpec, files);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Input path '" + pathSpec + "' matches no files"
                    + " (names starting with '.' or '_' are skipped)");
        }
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    private static void addGlobMatches(Path directory, String glob, List<Path> files) throws IOException {
        FileSystem fs = directory.getFileSystem();
        if (!fs.exists(directory)) {
            return;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        for (FileStatus status : list(fs, directory)) {
            String name = status.getPath().getName();
            if (!isHidden(name) && matcher.matches(java.nio.file.Path.of(name))) {
                addVisible(fs, status, files);
            }
        }
    }

    private static void addExplicit(Path path, String pathSpec, List<Path> files) throws IOException {
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) {
            throw new IllegalArgumentException("Input path '" + pathSpec + "' does not exist");
        }
        addVisible(fs, fs.getFileStatus(path), files);
    }

    /** The file itself, or every file beneath the directory whose path has no hidden component. */
    private static void addVisible(FileSystem fs, FileStatus status, List<Path> files) throws IOException {
        if (!status.isDir()) {
            files.add(status.getPath());
            return;
        }
        for (FileStatus child : list(fs, status.getPath())) {
            if (!isHidden(child.getPath().getName())) {
                addVisible(fs, child, files);
            }
        }
    }

    private static FileStatus[] list(FileSystem fs, Path directory) throws IOException {
        FileStatus[] children = fs.listStatus(directory);
        return children == null ? new FileStatus[0] : children;
    }

    private static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    private static boolean containsGlob(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (GLOB_CHARACTERS.indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
