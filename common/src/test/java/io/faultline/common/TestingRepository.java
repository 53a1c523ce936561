package io.faultline.common;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository (docs/, deploy/) for tests that keep documentation and code in step. */
public final class TestingRepository {
    private TestingRepository() {}

    /** The repository root: the nearest ancestor of the working directory holding {@code mvnw} and {@code common/}. */
    public static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("common"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
