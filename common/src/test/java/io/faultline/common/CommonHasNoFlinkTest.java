package io.faultline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code common} is the engine-free domain: no source file may import Flink, and Flink must not even be
 * on its classpath (so a transitive dependency cannot sneak it in).
 */
class CommonHasNoFlinkTest {

    @Test
    void noSourceFileImportsFlink() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("org.apache.flink");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(offenders).as("files in common/ that mention org.apache.flink").isEmpty();
    }

    @Test
    void flinkIsNotOnTheClasspath() {
        assertThatThrownBy(() -> Class.forName("org.apache.flink.api.common.functions.Function"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
