package io.faultline.jobs.io;

import org.apache.flink.core.fs.Path;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.util.regex.Pattern;

/**
 * Turns the locations users type (a relative or absolute local path, {@code file:///...},
 * {@code s3://bucket/prefix}) into absolute Flink paths, and rejects obvious mistakes before a job starts
 * rather than after it has failed on a TaskManager.
 *
 * <p>Local paths become absolute {@code file:} URIs because a relative path would be resolved against the
 * working directory of whichever JVM opens it, which differs between the client, the JobManager and the
 * TaskManagers of a cluster.
 */
public final class StoragePaths {

    /** A URI scheme of two or more characters; a single letter is a Windows drive, not a scheme. */
    private static final Pattern SCHEME_PREFIX = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

    private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private StoragePaths() {}

    /**
     * The directory of one output table under an output root.
     *
     * @param rootLocation local path, {@code file:} URI or object-store URI such as {@code s3://bucket/prefix}
     * @param tableName    lower-case snake_case table name, e.g. {@code failures}
     * @throws IllegalArgumentException naming the offending value when either argument is unusable
     */
    public static Path table(String rootLocation, String tableName) {
        if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException(
                    "Table name must be lower-case snake_case ([a-z][a-z0-9_]*), got: '" + tableName + "'");
        }
        return new Path(location(rootLocation), tableName);
    }

    /**
     * An absolute Flink path for a location given as a local path or a URI.
     *
     * @throws IllegalArgumentException naming the offending value when it is empty, unparsable, a
     *     {@code file:} URI that is not absolute, an object-store URI without a bucket or host, or carries a
     *     query or fragment
     */
    public static Path location(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("Storage location must not be empty, got: '" + location + "'");
        }
        if (!location.equals(location.strip())) {
            throw new IllegalArgumentException(
                    "Storage location has leading or trailing whitespace: '" + location + "'");
        }
        return new Path(SCHEME_PREFIX.matcher(location).find() ? parseUri(location) : localUri(location));
    }

    private static URI parseUri(String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Storage location is not a valid URI: '" + location + "' (" + e.getMessage() + ")", e);
        }
        if (uri.isOpaque()) {
            throw new IllegalArgumentException("Storage location '" + location + "' is not a hierarchical URI;"
                    + " use scheme://bucket/path or file:///absolute/path");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(
                    "Storage location must not have a query or fragment: '" + location + "'");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            // file://tmp/out means host "tmp", path "/out": almost always a missing third slash.
            if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()
                    && !"localhost".equalsIgnoreCase(uri.getAuthority())) {
                throw new IllegalArgumentException("Storage location '" + location + "' names host '"
                        + uri.getAuthority() + "'; a local path needs three slashes: file:///absolute/path");
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(
                        "Storage location '" + location + "' must be an absolute file URI: file:///absolute/path");
            }
            return fileUri(path);
        }
        if (uri.getAuthority() == null || uri.getAuthority().isEmpty()) {
            throw new IllegalArgumentException("Storage location '" + location
                    + "' has no bucket or host; expected e.g. s3://bucket/prefix");
        }
        return uri;
    }

    private static URI localUri(String location) {
        if (location.startsWith("~")) {
            throw new IllegalArgumentException("Storage location '" + location
                    + "' starts with '~', which only a shell expands; give the full path");
        }
        try {
            java.nio.file.Path absolute = java.nio.file.Path.of(location).toAbsolutePath().normalize();
            return fileUri(absolute.toUri().getPath());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    "Storage location is not a valid local path: '" + location + "' (" + e.getMessage() + ")", e);
        }
    }

    /** {@code file:} URI without a trailing slash, so that child paths and partition values join cleanly. */
    private static URI fileUri(String absolutePath) {
        String path = absolutePath.length() > 1 && absolutePath.endsWith("/")
                ? absolutePath.substring(0, absolutePath.length() - 1)
                : absolutePath;
        try {
            return new URI("file", null, path, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Storage location is not a valid path: '" + absolutePath + "'", e);
        }
    }
}
